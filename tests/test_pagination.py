"""List endpoints answer page by page; X-Pagination tells the total."""

import json

from sqlalchemy import func, select

from app.models import Entry


def test_entries_come_page_by_page(client, db, slagelse) -> None:
    total = db.scalar(select(func.count()).where(Entry.plan_id == slagelse.id))
    url = f"/api/plans/{slagelse.slug}/entries"
    whole = client.get(url)
    assert whole.status_code == 200 and len(whole.json) == total  # the default page holds it
    seen = []
    for page in range(1, total // 50 + 2):
        answer = client.get(f"{url}?page={page}&page_size=50")
        assert answer.status_code == 200
        paging = json.loads(answer.headers["X-Pagination"])
        assert paging["total"] == total and paging["page"] == page
        assert len(answer.json) == min(50, total - (page - 1) * 50)
        seen += [e["id"] for e in answer.json]
    assert seen == [e["id"] for e in whole.json]  # every entry once, in the same order


def test_a_page_size_over_the_limit_is_refused(client, slagelse) -> None:
    answer = client.get(f"/api/plans/{slagelse.slug}/entries?page_size=100000")
    assert answer.status_code == 422
    assert "page_size" in json.dumps(answer.json["errors"])
