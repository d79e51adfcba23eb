"""A client generated from /api/openapi.json (openapi-python-client) runs the whole flow.

No hand-written HTTP: partners, a plan, an indsatsområde and an activity, budget and regnskab,
a frikøb, a correction, a CSV import (multipart) and the memo-form report, against a live
server on each database. Proves the document is one that real clients can be built from.
"""

import importlib
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.security.users import make_user

PACKAGE = "ledger_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client package, generated once from the document the app serves."""
    from app import create_app

    work = tmp_path_factory.mktemp("client")
    app = create_app({"DATABASE_URL": f"sqlite:///{work / 'doc.sqlite'}", "TESTING": True})
    (work / "openapi.json").write_text(json.dumps(app.test_client().get("/api/openapi.json").json))
    app.extensions["ledger.engine"].dispose()
    (work / "config.yml").write_text(
        f"post_hooks: []\nproject_name_override: ledger-client\npackage_name_override: {PACKAGE}\n"
    )
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [str(generator), "generate", "--path", "openapi.json", "--config", "config.yml"]
        + ["--output-path", "out", "--fail-on-warning"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(work / "out"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(work / "out"))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def live(app) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(base URL, admin token) of the app served on a free local port."""
    _, token = make_user(app, "admin", username="klient")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", token
    server.shutdown()
    thread.join(timeout=10)


def _operation(name: str) -> Any:
    """One generated operation module, e.g. ""partners.post_api_partners""."""
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def test_the_generated_client_runs_the_whole_flow(generated, live) -> None:
    base_url, token = live
    models = importlib.import_module(f"{PACKAGE}.models")
    types = importlib.import_module(f"{PACKAGE}.types")
    client = generated.AuthenticatedClient(
        base_url=base_url, token=token, raise_on_unexpected_status=True
    )

    def ok(operation: str, **kwargs: Any) -> Any:
        """Call an operation; an error answer fails the test with its message."""
        response = _operation(operation).sync_detailed(client=client, **kwargs)
        assert response.status_code < 400, response.content.decode()
        return response.parsed

    city = ok(
        "partners.post_api_partners",
        body=models.PartnerIn(name="Testby Kommune", kind=models.PartnerInKind.MUNICIPALITY),
    )
    fund = ok(
        "partners.post_api_partners",
        body=models.PartnerIn(name="Landsbyggefonden", kind=models.PartnerInKind.FUND),
    )
    housing = ok(
        "partners.post_api_partners",
        body=models.PartnerIn(name="Boligselskabet Test", kind=models.PartnerInKind.HOUSING_ORG),
    )
    plan = ok(
        "plans.post_api_plans",
        body=models.PlanIn(
            slug="testby-2024-2025",
            name="Helhedsplan Testby",
            municipality_id=city.id,
            first_year=2024,
            last_year=2025,
            frame="2.000.000",
            partner_ids=[fund.id, housing.id],
        ),
    )
    area = ok(
        "plans.post_api_plans_plan_ref_focus_areas",
        plan_ref=plan.slug,
        body=models.FocusAreaIn(name="Uddannelse og beskæftigelse"),
    )
    activity = ok(
        "plans.post_api_plans_plan_ref_focus_areas_focus_area_id_activities",
        plan_ref=plan.slug,
        focus_area_id=area.id,
        body=models.ActivityIn(code="UDD-1", name="Fremskudt vejledning"),
    )

    def book(partner: int, kind: str, amount: str) -> Any:
        return ok(
            "entries.post_api_plans_plan_ref_entries",
            plan_ref=plan.slug,
            body=models.EntryIn(
                year=2024,
                partner_id=partner,
                activity_id=activity.id,
                kind=models.EntryInKind(kind),
                category=models.EntryInCategory.CASH,
                amount=amount,
            ),
        )

    book(fund.id, "budget", "100.000")
    city_budget = book(city.id, "budget", "50.000")
    book(fund.id, "actual", "90.000,50")
    ok(
        "staff.post_api_plans_plan_ref_staff_purchases",
        plan_ref=plan.slug,
        body=models.StaffPurchaseIn(
            year=2024,
            activity_id=activity.id,
            supplier_id=city.id,
            payer_id=fund.id,
            hours="100",
            rate="500",
        ),
    )
    correction = ok(
        "entries.post_api_entries_entry_id_corrections",
        entry_id=city_budget.id,
        body=models.CorrectionIn(reason="Byrådets beslutning", new_amount="60.000"),
    )
    assert correction.reversal.amount_ore == -5_000_000
    assert correction.replacement.amount_ore == 6_000_000

    csv = (
        "plan;year;activity;partner;kind;category;amount;text\n"
        f"{plan.slug};2025;UDD-1;Landsbyggefonden;budget;cash;200.000;Import\n"
        f"{plan.slug};2025;UDD-1;Testby Kommune;budget;cash;100.000;Import\n"
    ).encode()
    imported = ok(
        "imports.post_api_imports",
        body=models.ImportUpload(
            file=types.File(payload=io.BytesIO(csv), file_name="budget.csv"),
            commit=True,
        ),
    )
    assert imported.rows_booked == 2 and imported.committed

    report = ok(
        "reports.get_api_plans_plan_ref_reports_cofinancing",
        plan_ref=plan.slug,
        form=models.GetApiPlansPlanRefReportsCofinancingForm.SLAGELSE,
        kind=models.GetApiPlansPlanRefReportsCofinancingKind.BUDGET,
    )
    table = report.tables[0]
    assert table.columns == ["Budget", "Landsbyggefonden", "Testby Kommune"]
    # 2024: the fund bought 100 h × 500 kr.; the municipality's own budget is the corrected
    # 60.000 kr. 2025: the import's 100.000 kr. (the fund's cash is not a purchase).
    assert [row.values_ore for row in table.rows] == [
        [11_000_000, 5_000_000, 6_000_000],
        [10_000_000, 0, 10_000_000],
    ]
    assert table.total.values_ore == [21_000_000, 5_000_000, 16_000_000]
