"""Profile API requests in-process with pyinstrument on a database the benchmark built.

    python -m bench.profile_api URL [--path PATH] [--repeat N] [--cpu]

Makes a token for the bench's admin user, then sends `repeat` GETs (default: the co-financing
report of the largest plan) through Flask's test client and prints the call tree: what one
request costs besides the report itself (gate, token lookup, session, JSON).
"""

import argparse
import time

from pyinstrument import Profiler

from app import create_app
from app.db import get_db
from app.services import users
from bench.measure import largest_plan

REPORT = "/api/plans/{slug}/reports/cofinancing?form=slagelse&kind=budget&format=json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--path", default=REPORT, help="a path; {slug} is the largest plan")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--cpu", action="store_true", help="time, do not profile")
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.url, "SECRET_KEY": "profile-only"})
    with app.app_context():
        db = get_db()
        slug = largest_plan(db)[0]
        secret = users.create_token(db, users.get_user(db, args.user), "profile").secret
        db.commit()
    path = args.path.format(slug=slug)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    for _ in range(20):  # warm-up: imports, pool, caches
        assert client.get(path, headers=headers).status_code == 200
    if args.cpu:
        runs = []
        for _ in range(5):
            began = time.process_time()
            for _ in range(args.repeat):
                client.get(path, headers=headers)
            runs.append((time.process_time() - began) / args.repeat * 1000)
        print(f"{min(runs):.2f} ms CPU per request, best of 5 × {args.repeat} ({path})")
        return
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(args.repeat):
            client.get(path, headers=headers)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{profiler.last_session.duration / args.repeat * 1000:.2f} ms per request ({path})")


if __name__ == "__main__":
    main()
