"""Fuzz every API operation from /api/openapi.json with schemathesis: never a 500, and every
answer as the document declares it (status code, content type, body schema).

A bounded run per backend in the suite (LEDGER_FUZZ_EXAMPLES examples per operation,
default 8); `make fuzz` runs the same with many more.
"""

import os

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.users import make_user

EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "8"))
CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_answers_as_documented_and_never_500(app, slagelse) -> None:
    _, secret = make_user(app, "admin", username="fuzzer")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures: list[str] = []
    seen: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            seen.append(response.status_code)
            called = f"{case.method} {case.formatted_path} {case.query} {case.body!r}"
            if response.status_code >= 500:
                failures.append(f"{called} -> {response.status_code}")
                return
            try:
                case.validate_response(response, checks=CONFORMANCE)
            except Exception as error:  # schemathesis's failure group says what differs
                failures.append(f"{called} -> {response.status_code}: {str(error)[:300]}")

        call()
    assert len(seen) >= operations and {200, 201} & set(seen)  # really called, not all refused
    assert operations >= 25
    assert failures == []
