"""Issue 18.12: a slug that a route uses as a word (/planer/ny) can never name a plan."""

import pytest

from app.services.errors import DomainError
from app.services.plans import RESERVED_SLUGS, create_plan, update_plan

SLUG_ARGS = {"slug", "plan_ref"}


def _route_words_beside_slugs(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Static path words that stand where another route of the same shape takes a slug."""
    shapes = [rule.rule.strip("/").split("/") for rule in app.url_map.iter_rules()]
    words = set()
    for parts in shapes:
        for index, part in enumerate(parts):
            if part.strip("<>").split(":")[-1] not in SLUG_ARGS:
                continue
            for other in shapes:
                beside = len(other) > index and other[:index] == parts[:index]
                if beside and not other[index].startswith("<"):
                    words.add(other[index])
    return words


def test_every_route_word_beside_a_slug_is_reserved(app) -> None:  # type: ignore[no-untyped-def]
    words = _route_words_beside_slugs(app)
    assert "ny" in words  # /planer/ny beside /planer/<slug>
    assert words <= RESERVED_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_word_refused_as_new_and_changed_slug(db, slagelse, slug) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        update_plan(db, slagelse, slug=slug)
    assert refused.value.field == "slug" and "reserveret" in refused.value.message
    with pytest.raises(DomainError):
        create_plan(
            db,
            slug=slug,
            name="Ny plan",
            municipality_id=slagelse.municipality_id,
            first_year=2022,
            last_year=2025,
        )


def test_api_refuses_slug_ny_and_new_plan_page_still_answers(client, slagelse) -> None:  # type: ignore[no-untyped-def]
    response = client.patch(f"/api/plans/{slagelse.slug}", json={"slug": "ny"})
    assert response.status_code == 422, response.get_json()
    assert "reserveret" in str(response.get_json()["errors"])
    assert client.get("/planer/ny").status_code == 200
    assert client.get(f"/planer/{slagelse.slug}").status_code == 200
