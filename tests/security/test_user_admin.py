"""User administration without a shell (issue 17.13): admin API and pages create, change,
deactivate and reset users and revoke tokens; every user manages their own tokens and
password. Audited; passwords by the NIST/zxcvbn rule; sessions end by the session version."""

from sqlalchemy import select

from app.models import ApiToken, AuditLog, User, UserPlan
from tests.security.conftest import SLAGELSE
from tests.security.users import client_for, csrf_token, login

GOOD = "gul-lampe-sover-2026"
NEWER = "blå-cykel-synger-om-natten"


def _user(db, name: str) -> User:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(User).where(User.username == name))


def _bearer(app, secret: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _new_user(admin, **body: object) -> dict:  # type: ignore[no-untyped-def]
    answer = admin.post("/api/users", json={"password": GOOD, **body})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_admin_creates_and_changes_users_through_the_api(app, db, role_clients) -> None:
    admin = role_clients["admin"]
    anne = _new_user(admin, username="anne", role="secretariat", plans=[SLAGELSE])
    assert anne["plans"] == [SLAGELSE] and anne["active"] and not anne["must_change_password"]
    assert "+00:00" in anne["created_at"] or anne["created_at"].endswith("Z")

    weak = admin.post("/api/users", json={"username": "bo", "password": "sommer2024",
                                          "role": "fund"})  # fmt: skip
    assert weak.status_code == 422
    assert "for let at gætte" in weak.get_json()["errors"]["json"]["password"][0]
    unknown = admin.post("/api/users", json={"username": "bo", "password": GOOD,
                                             "role": "partner", "partner_id": 99999})  # fmt: skip
    assert unknown.status_code == 422 and "partner_id" in unknown.get_json()["errors"]["json"]
    mixed = admin.post("/api/users", json={"username": "bo", "password": GOOD,
                                           "role": "fund", "plans": [SLAGELSE]})  # fmt: skip
    assert mixed.status_code == 422 and "plans" in mixed.get_json()["errors"]["json"]
    assert _user(db, "bo") is None  # nothing stored by a refusal

    moved = admin.patch(f"/api/users/{anne['id']}", json={"role": "fund"})
    assert moved.status_code == 200 and moved.get_json()["plans"] == []
    assert db.scalars(select(UserPlan).where(UserPlan.user_id == anne["id"])).all() == []
    partner = admin.patch(f"/api/users/{anne['id']}", json={"role": "partner"})
    assert partner.status_code == 422 and "partner_id" in partner.get_json()["errors"]["json"]

    listed = admin.get("/api/users").get_json()
    assert {"anne", "admin", "fond"} <= {u["username"] for u in listed}
    me = _user(db, "admin")
    refused = admin.patch(f"/api/users/{me.id}", json={"active": False})
    assert refused.status_code == 422 and "dig selv" in str(refused.get_json())


def test_deactivation_ends_sessions_and_tokens(app, db, role_clients) -> None:
    admin, fund = role_clients["admin"], role_clients["fund"]
    assert fund.get("/api/me").status_code == 200 and fund.get("/").status_code == 200
    fond = _user(db, "fond")
    answer = admin.patch(f"/api/users/{fond.id}", json={"active": False})
    assert answer.status_code == 200 and answer.get_json()["active"] is False
    assert fund.get("/api/me").status_code == 401  # the token
    del fund.environ_base["HTTP_AUTHORIZATION"]
    assert fund.get("/").status_code == 302  # the session: back to the login page
    assert login(app.test_client(), "fond").status_code == 200  # no new login either


def test_reset_password_forces_a_new_one_at_next_login(app, db, role_clients) -> None:
    admin = role_clients["admin"]
    fond = _user(db, "fond")
    old_session = role_clients["fund"]
    del old_session.environ_base["HTTP_AUTHORIZATION"]
    reset = admin.post(f"/api/users/{fond.id}/password-reset")
    assert reset.status_code == 201
    temporary = reset.get_json()["temporary_password"]
    assert old_session.get("/").status_code == 302  # every session ended

    browser = app.test_client()
    assert login(browser, "fond", temporary).status_code == 302
    for path in ("/", f"/planer/{SLAGELSE}", "/mine-tokens"):
        answer = browser.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/adgangskode")
    page = browser.get("/adgangskode").get_data(as_text=True)
    assert "nulstillet din adgangskode" in page
    weak = browser.post("/adgangskode", data={"current_password": temporary,
                        "new_password": "password", "csrf_token": csrf_token(browser)})  # fmt: skip
    assert weak.status_code == 422 and "for let at gætte" in weak.get_data(as_text=True)
    done = browser.post("/adgangskode", data={"current_password": temporary,
                        "new_password": NEWER, "csrf_token": csrf_token(browser)})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    assert browser.get("/").status_code == 200  # this session goes on
    assert not _user(db, "fond").must_change_password
    assert login(app.test_client(), "fond", temporary).status_code == 200  # refused
    assert login(app.test_client(), "fond", NEWER).status_code == 302


def test_own_tokens_and_the_admins_view_of_them(app, db, role_clients) -> None:
    partner, admin = role_clients["partner"], role_clients["admin"]
    issued = partner.post("/api/me/tokens", json={"name": "Regneark"})
    assert issued.status_code == 201
    token = issued.get_json()
    assert token["secret"].startswith("lgr_") and token["secret"].startswith(token["prefix"])
    own = _bearer(app, token["secret"])
    assert own.get("/api/me").get_json()["username"] == "slagelse"
    mine = partner.get("/api/me/tokens").get_json()
    assert token["id"] in {t["id"] for t in mine} and all("secret" not in t for t in mine)

    others = role_clients["fund"].delete(f"/api/me/tokens/{token['id']}")
    assert others.status_code == 404  # not yours: as if it did not exist
    assert own.get("/api/me").status_code == 200
    revoked = partner.delete(f"/api/me/tokens/{token['id']}")
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert own.get("/api/me").status_code == 401

    slagelse_user = _user(db, "slagelse")
    listed = admin.get(f"/api/users/{slagelse_user.id}/tokens").get_json()
    live = [t for t in listed if t["revoked_at"] is None]
    assert len(live) == 1  # the fixture's token
    assert admin.delete(f"/api/tokens/{live[0]['id']}").status_code == 200
    assert partner.get("/api/me").status_code == 401


def test_every_change_is_in_the_audit_trail_without_secrets(app, db, role_clients) -> None:
    admin = role_clients["admin"]
    anne = _new_user(admin, username="anne", role="secretariat", plans=[SLAGELSE])
    admin.patch(f"/api/users/{anne['id']}", json={"active": False})
    admin.post(f"/api/users/{anne['id']}/password-reset")
    rows = db.scalars(
        select(AuditLog).where(AuditLog.object_type.in_(["users", "user_plans", "api_tokens"]))
    ).all()
    about_anne = [r for r in rows if r.object_type == "users" and r.object_id == str(anne["id"])]
    assert {r.action for r in about_anne} >= {"create", "update"}
    assert all(r.actor == "admin" for r in about_anne)
    assert any((r.after or {}).get("active") is False for r in about_anne)
    assert any((r.after or {}).get("must_change_password") is True for r in about_anne)
    assert any(r.object_type == "user_plans" for r in rows)
    text = str([(r.before, r.after) for r in rows])
    assert "password_hash" not in text and "token_hash" not in text and "scrypt" not in text


def test_admin_pages_create_edit_reset_and_revoke(app, db, role_clients) -> None:
    admin = role_clients["admin"]
    del admin.environ_base["HTTP_AUTHORIZATION"]
    weak = admin.post("/brugere", data={"username": "carl", "password": "12345678", "role": "fund",
                      "partner_id": "", "csrf_token": csrf_token(admin)})  # fmt: skip
    assert weak.status_code == 422
    page = weak.get_data(as_text=True)
    assert "for let at gætte" in page and 'value="carl"' in page  # the input kept
    made = admin.post("/brugere", data={"username": "carl", "password": GOOD,
                      "role": "secretariat", "plans": SLAGELSE, "partner_id": "",
                      "csrf_token": csrf_token(admin)})  # fmt: skip
    assert made.status_code == 302
    carl = _user(db, "carl")
    assert [a.plan_id for a in carl.assignments]
    edit = admin.get(f"/brugere/{carl.id}").get_data(as_text=True)
    assert f'value="{SLAGELSE}" checked' in edit

    cleared = admin.post(f"/brugere/{carl.id}", data={"role": "secretariat", "partner_id": "",
                         "csrf_token": csrf_token(admin)})  # fmt: skip
    assert cleared.status_code == 302
    assert _user(db, "carl").assignments == []  # no plan ticked: none

    reset = admin.post(f"/brugere/{carl.id}/nulstil", data={"csrf_token": csrf_token(admin)})
    assert reset.status_code == 200
    assert 'id="temporary-password"' in reset.get_data(as_text=True)
    assert _user(db, "carl").must_change_password

    fond = _user(db, "fond")
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == fond.id))
    revoked = admin.post(f"/tokens/{token_id}/tilbagekald", data={"csrf_token": csrf_token(admin)})
    assert revoked.status_code == 302
    assert role_clients["fund"].get("/api/me").status_code == 401

    off = admin.post(f"/brugere/{carl.id}", data={"active": "false",
                     "csrf_token": csrf_token(admin)})  # fmt: skip
    assert off.status_code == 302 and not _user(db, "carl").active


def test_my_tokens_page_shows_the_secret_once(app, db, role_clients) -> None:
    fund = role_clients["fund"]
    del fund.environ_base["HTTP_AUTHORIZATION"]
    made = fund.post("/mine-tokens", data={"name": "Rapportudtræk",
                     "csrf_token": csrf_token(fund)})  # fmt: skip
    assert made.status_code == 201
    page = made.get_data(as_text=True)
    secret = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert _bearer(app, secret).get("/api/me").status_code == 200
    assert secret not in fund.get("/mine-tokens").get_data(as_text=True)  # shown once
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.name == "Rapportudtræk"))
    other = role_clients["secretariat"]
    del other.environ_base["HTTP_AUTHORIZATION"]
    stolen = other.post(f"/mine-tokens/{token_id}/tilbagekald",
                        data={"csrf_token": csrf_token(other)})  # fmt: skip
    assert stolen.status_code == 404
    own = fund.post(f"/mine-tokens/{token_id}/tilbagekald", data={"csrf_token": csrf_token(fund)})
    assert own.status_code == 302
    assert _bearer(app, secret).get("/api/me").status_code == 401


def test_changing_my_password_needs_the_current_one(app, db, role_clients) -> None:
    fund = role_clients["fund"]
    wrong = fund.post("/api/me/password", json={"current_password": "forkert-kode",
                      "new_password": NEWER})  # fmt: skip
    assert wrong.status_code == 422
    assert "current_password" in wrong.get_json()["errors"]["json"]
    weak = fund.post("/api/me/password", json={"current_password": "korrekt-hest-batteri",
                     "new_password": "sommer2024"})  # fmt: skip
    assert weak.status_code == 422 and "new_password" in weak.get_json()["errors"]["json"]
    done = fund.post("/api/me/password", json={"current_password": "korrekt-hest-batteri",
                     "new_password": NEWER})  # fmt: skip
    assert done.status_code == 204
    del fund.environ_base["HTTP_AUTHORIZATION"]
    assert fund.get("/").status_code == 302  # the page session ended with the old password
    assert login(app.test_client(), "fond", NEWER).status_code == 302


def test_only_an_admin_administers_users(app, role_clients) -> None:
    for role in ("secretariat", "partner", "fund"):
        client = role_clients[role]
        assert client.get("/api/users").status_code == 403
        assert client.post("/api/users", json={"username": "x", "password": GOOD,
                                               "role": "admin"}).status_code == 403  # fmt: skip
    assert client_for(app, "fund", username="ny-fond").get("/api/me/tokens").status_code == 200
