"""The auditor's sign-off (issue 10.4, API and service): only for a closed year, by the
kontroltal the package carries; a reopening or changed figures void it, and the audit trail
says why; the auditor reads its plans and writes nothing but sign-offs."""

import os
import re
import subprocess
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models import AuditLog, Role, SignOff
from tests.security.users import client_for, csrf_token
from tests.yearend.conftest import EIGHTY, book, close_year
from tests.yearend.test_checks import LEDGER

URL = f"/api/plans/{EIGHTY}/years/2021/sign-offs"
CODE = re.compile(r"^[0-9A-F]{5}-[0-9A-F]{5}$")


def _year(client: FlaskClient) -> dict[str, Any]:
    answer = client.get(URL)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _sign(client: FlaskClient, code: str, **body: Any) -> Any:
    return client.post(URL, json={"kontroltal": code, **body})


def test_an_open_year_is_not_signed_off(client: FlaskClient, auditor: FlaskClient) -> None:
    assert _year(auditor) == {"year": 2021, "closed": False, "kontroltal": None, "sign_offs": []}
    refused = _sign(auditor, "ABCDE-12345")
    assert refused.status_code == 409
    assert "Året 2021 er ikke lukket" in refused.get_json()["errors"]["path"]["year"][0]
    outside = auditor.get(f"/api/plans/{EIGHTY}/years/2031/sign-offs")
    assert outside.status_code == 422


def test_the_auditor_signs_off_the_closed_years_kontroltal(
    closed_eighty: dict[str, Any], auditor: FlaskClient, db: Session
) -> None:
    year = _year(auditor)
    code = year["kontroltal"]
    assert year["closed"] is True and CODE.match(code) and year["sign_offs"] == []
    wrong = "00000-00000" if code != "00000-00000" else "11111-11111"
    stale = _sign(auditor, wrong)
    assert stale.status_code == 409
    message = stale.get_json()["errors"]["json"]["kontroltal"][0]
    assert f"er nu {code}, ikke {wrong}" in message
    assert _sign(auditor, "ikke et tal").status_code == 422
    # Typed without the dash and in small letters, it is the same code.
    signed = _sign(auditor, code.replace("-", "").lower(), remark="Uden forbehold")
    assert signed.status_code == 201, signed.get_json()
    answer = signed.get_json()
    assert answer["kontroltal"] == code and answer["valid"] is True
    assert answer["auditor"] == "revisor" and answer["remark"] == "Uden forbehold"
    assert answer["signed_at"].endswith("+00:00") and answer["invalid_reason"] is None
    assert answer["text"].startswith("Godkendt af revisor revisor, ")
    assert answer["text"].endswith(f", kontroltal {code}.")
    assert [s["id"] for s in _year(auditor)["sign_offs"]] == [answer["id"]]
    row = db.scalar(
        select(AuditLog).where(AuditLog.object_type == "sign_offs", AuditLog.action == "create")
    )
    assert row is not None and row.actor == "revisor"
    assert row.reason == f"Revisorgodkendelse af 2021, kontroltal {code}"


def test_reopening_voids_the_sign_off_and_the_audit_trail_says_why(
    client: FlaskClient, closed_eighty: dict[str, Any], auditor: FlaskClient, db: Session
) -> None:
    code = _year(auditor)["kontroltal"]
    assert _sign(auditor, code).status_code == 201
    reopened = client.post(
        f"/api/plans/{EIGHTY}/years/2021/reopen", json={"reason": "Fejl i regnskabet"}
    )
    assert reopened.status_code == 200, reopened.get_json()
    year = _year(auditor)
    assert year["closed"] is False and year["kontroltal"] is None
    (signed,) = year["sign_offs"]
    assert signed["valid"] is False and "genåbnet" in signed["invalid_reason"]
    assert "ikke længere gyldig" in signed["text"]
    void = db.scalar(
        select(AuditLog).where(AuditLog.object_type == "sign_offs", AuditLog.action == "void")
    )
    assert void is not None and void.actor == client.username  # type: ignore[attr-defined]
    assert void.reason == (
        "Året 2021 er genåbnet (Fejl i regnskabet); revisorgodkendelsen med kontroltal "
        f"{code} er ikke længere gyldig."
    )
    # New figures, closed again: still void, and the reason names both codes.
    book(client, EIGHTY, year=2021, kind="actual", partner_id=closed_eighty["town"],
         amount="5.000", activity_id=closed_eighty["activity"])  # fmt: skip
    close_year(client, EIGHTY, 2021)
    year = _year(auditor)
    new = year["kontroltal"]
    assert CODE.match(new) and new != code
    reason = year["sign_offs"][0]["invalid_reason"]
    assert "lukket igen" in reason and f"kontroltallet er nu {new}, godkendt var {code}" in reason
    # The auditor signs the new figures; that sign-off holds, the old one stays void.
    assert _sign(auditor, new).status_code == 201
    assert [s["valid"] for s in _year(auditor)["sign_offs"]] == [True, False]


def test_sign_offs_are_append_only(
    closed_eighty: dict[str, Any], auditor: FlaskClient, db: Session
) -> None:
    assert _sign(auditor, _year(auditor)["kontroltal"]).status_code == 201
    for statement in ("UPDATE sign_offs SET kontroltal = 'X'", "DELETE FROM sign_offs"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement))
        db.rollback()
    assert db.scalar(select(SignOff.kontroltal)) == _year(auditor)["kontroltal"]


def test_the_auditor_reads_its_plans_and_writes_only_sign_offs(
    app: Flask, client: FlaskClient, closed_eighty: dict[str, Any], auditor: FlaskClient
) -> None:
    assert auditor.get(f"/api/plans/{EIGHTY}").status_code == 200
    assert auditor.get(f"/api/plans/{EIGHTY}/reports/lbf-package?year=2021").status_code == 200
    assert [p["slug"] for p in auditor.get("/api/plans").get_json()] == [EIGHTY]
    writes = [
        (f"/api/plans/{EIGHTY}/entries", {"year": 2022, "kind": "budget", "category": "cash",
                                          "partner_id": closed_eighty["town"], "amount": "1"}),
        (f"/api/plans/{EIGHTY}/years/2021/reopen", {"reason": "forsøg"}),
        (f"/api/plans/{EIGHTY}/years/2020/close", {"reason": "forsøg"}),
        (f"/api/plans/{EIGHTY}/years/2021/carry-over", {}),
        (f"/api/plans/{EIGHTY}/budget-revisions", {"reason": "forsøg", "lines": []}),
        (f"/api/plans/{EIGHTY}/years/2022/explanations", {"text": "forsøg"}),
    ]  # fmt: skip
    for url, body in writes:
        assert auditor.post(url, json=body).status_code == 403, url
    upload = auditor.post("/api/imports", data={"format": "csv"})
    assert upload.status_code == 403
    # Another plan is not found; nobody but the plan's auditor signs off, not even an admin.
    other = client.post(
        "/api/plans",
        json={"slug": "anden", "name": "Anden plan", "municipality_id": closed_eighty["town"],
              "first_year": 2020, "last_year": 2022, "partner_ids": []},
    )  # fmt: skip
    assert other.status_code == 201, other.get_json()
    assert auditor.get("/api/plans/anden/years/2021/sign-offs").status_code == 404
    code = _year(auditor)["kontroltal"]
    secretariat = client_for(app, Role.SECRETARIAT, username="sekr", plans=(EIGHTY,))
    for refused in (client, secretariat, client_for(app, Role.FUND, username="fond")):
        answer = _sign(refused, code)
        assert answer.status_code == 403, answer.get_json()
        assert "Kun planens revisor" in str(answer.get_json()["errors"])


def test_an_admin_makes_an_auditor_of_a_plan(client: FlaskClient, eighty: dict[str, Any]) -> None:
    made = client.post(
        "/api/users",
        json={"username": "ny.revisor", "password": "gul-lampe-sover-2026", "role": "auditor",
              "plans": [EIGHTY]},
    )  # fmt: skip
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["role"] == "auditor" and made.get_json()["plans"] == [EIGHTY]
    with_partner = client.post(
        "/api/users",
        json={"username": "r2", "password": "gul-lampe-sover-2026", "role": "auditor",
              "partner_id": eighty["town"]},
    )  # fmt: skip
    assert with_partner.status_code == 422
    page = client.get(f"/brugere/{made.get_json()['id']}").get_data(as_text=True)
    assert "Revisor" in page


def test_the_year_end_page_signs_off_for_the_auditor_alone(
    client: FlaskClient, closed_eighty: dict[str, Any], auditor: FlaskClient
) -> None:
    page_url = f"/planer/{EIGHTY}/aar/2021"
    html = auditor.get(page_url).get_data(as_text=True)
    code = _year(auditor)["kontroltal"]
    assert f'id="kontroltal">{code}<' in html and "Ikke godkendt af revisor." in html
    assert f"Godkend 2021 med kontroltal {code}" in html
    # The auditor sees no button it may not use, the admin no sign-off form.
    for other in ("Overfør til", "Genåbn 2021", "Luk 2021"):
        assert other not in html
    assert "Godkend 2021" not in client.get(page_url).get_data(as_text=True)
    post = f"{page_url}/godkend"
    assert auditor.post(post, data={"kontroltal": code}).status_code == 400  # no CSRF token
    stale = auditor.post(post, data={"kontroltal": "00000-00000", "remark": "",
                                     "csrf_token": csrf_token(auditor)})  # fmt: skip
    assert stale.status_code == 409 or stale.status_code == 422
    assert f"Kontroltallet for 2021 er nu {code}" in stale.get_data(as_text=True)
    refused = client.post(post, data={"kontroltal": code, "csrf_token": csrf_token(client)})
    assert refused.status_code == 403
    done = auditor.post(post, data={"kontroltal": code, "remark": "Uden forbehold",
                                    "csrf_token": csrf_token(auditor)})  # fmt: skip
    assert done.status_code == 302
    html = auditor.get(page_url).get_data(as_text=True)
    assert "sign-off-valid" in html and f"kontroltal {code}." in html
    assert "Bemærkning: Uden forbehold" in html and "Godkend 2021" not in html
    client.post(f"/api/plans/{EIGHTY}/years/2021/reopen", json={"reason": "Rettelse"})
    html = auditor.get(page_url).get_data(as_text=True)
    assert "sign-off-void" in html and "Ikke længere gyldig" in html
    assert "ikke længere gyldig: året 2021 er genåbnet efter godkendelsen." in html


def test_read_only_users_see_no_write_form_on_the_plan_pages(
    app: Flask, client: FlaskClient, eighty: dict[str, Any], auditor: FlaskClient
) -> None:
    """The plan's pages offer forms, buttons and edit links only to those who may change the
    plan: the auditor and the fund read every page of the plan menu without a button whose
    POST would be 403 (the only POST form left is the menu's own log-out)."""
    writes = (f'action="/planer/{EIGHTY}', "Gem tilsagn", ">omdøb<", ">ret<", "Tilføj")
    page = client.get(f"/planer/{EIGHTY}").get_data(as_text=True)
    assert all(w in page for w in writes)
    menu = re.findall(r'<a href="(/planer/[^"]+)"', page[page.index('class="plannav"') :])
    years = [f"/planer/{EIGHTY}/aar/2021", f"/planer/{EIGHTY}/gitter?year=2021"]
    pages = [*dict.fromkeys(menu[: menu.index(f"/planer/{EIGHTY}/rapport") + 1]), *years]
    assert len(pages) >= 10, pages
    admin_forms = {url: client.get(url).get_data(as_text=True).count('method="post"')
                   for url in pages}  # fmt: skip
    fund = client_for(app, Role.FUND, username="fond")
    for reader in (auditor, fund):
        page = reader.get(f"/planer/{EIGHTY}").get_data(as_text=True)
        assert "Stamdata" in page and "Min. lokal medfinansiering: 25 %" in page
        assert "Tilsagn fra Testfonden: intet angivet" in page
        assert [w for w in writes if w in page] == []
        for url in pages:
            html = reader.get(url).get_data(as_text=True)
            assert html.count('method="post"') == 1, url  # log ud
            assert ">Ret<" not in html and 'id="save"' not in html, url
    # The admin has a form on every page but the history (its Ret links) and the report.
    assert {url for url, forms in admin_forms.items() if forms < 2} == {
        f"/planer/{EIGHTY}/posteringer",
        f"/planer/{EIGHTY}/rapport",
    }
    assert ">Ret<" in client.get(f"/planer/{EIGHTY}/posteringer").get_data(as_text=True)


def test_ledger_user_create_makes_an_auditor_of_a_plan(
    db_url: str, client: FlaskClient, eighty: dict[str, Any]
) -> None:
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url, "LEDGER_PASSWORD": "gul-lampe-sover-2026"}
    made = subprocess.run(
        [LEDGER, "user", "create", "cli.revisor", "--role", "auditor", "--plan", EIGHTY],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    users = {u["username"]: u for u in client.get("/api/users").get_json()}
    assert users["cli.revisor"]["role"] == "auditor"
    assert users["cli.revisor"]["plans"] == [EIGHTY]
