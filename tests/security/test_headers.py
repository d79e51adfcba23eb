"""Security headers on every kind of answer, and templates that work under the strict CSP
(issue 12.3). The browser tests (tests/e2e) run with the same headers and fail on any CSP
violation the browser reports."""

import re
from pathlib import Path

import pytest
from werkzeug.test import TestResponse

APP = Path(__file__).resolve().parents[2] / "app"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _assert_secure(response: TestResponse) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives.get("default-src") == "'self'", csp
    assert directives.get("script-src") == "'self'" and directives.get("style-src") == "'self'"
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("object-src") == "'none'"
    assert "unsafe" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_api_and_downloads_carry_the_headers(client, anon_client, slagelse) -> None:
    urls = [
        "/",
        f"/planer/{slagelse.slug}",
        f"/planer/{slagelse.slug}/frikoeb?year=2019",
        f"/planer/{slagelse.slug}/rapport/hent?form=slagelse&format=pdf",
        f"/api/plans/{slagelse.slug}",
        f"/api/plans/{slagelse.slug}/reports/cofinancing?format=xlsx",
        "/api/openapi.json",
        "/static/web/app.css",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_secure(response)
    for answer in (anon_client.get("/login"), anon_client.get("/"), anon_client.get("/api/plans")):
        _assert_secure(answer)  # also on the login page, redirects and refusals


def test_https_answers_get_hsts(client) -> None:
    response = client.get("/", base_url="https://ledger.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_session_cookie_follows_cookie_secure(db_url: str) -> None:
    from app import create_app
    from tests.security.users import login, make_user

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "COOKIE_SECURE": 0})
    make_user(app, "fund", username="fond")
    response = login(app.test_client(), "fond")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "ledger_session=" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.mark.parametrize(
    "template", sorted(APP.rglob("templates/**/*.html")), ids=lambda p: p.name
)
def test_templates_have_no_inline_script_or_style(template: Path) -> None:
    """The CSP forbids inline script and style: put them in app/web/static/."""
    text = template.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        match = pattern.search(text)
        assert match is None, f"{template.relative_to(APP)}: {what}: {match.group(0)!r}"
