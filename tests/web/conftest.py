"""Page-test helpers: a CSRF token from a rendered page, like a browser would send it."""

import re

import pytest


def csrf_token(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


@pytest.fixture
def post(client):  # type: ignore[no-untyped-def]
    """POST a page form with a valid CSRF token."""

    def send(path: str, data: dict, **kwargs):  # type: ignore[no-untyped-def]
        return client.post(path, data={**data, "csrf_token": csrf_token(client)}, **kwargs)

    return send
