"""Profile the report with pyinstrument on a database the benchmark built.

    python -m bench.profile URL [--plan SLUG] [--all] [--repeat N]

Prints pyinstrument's call tree (text) for building the co-financing report `repeat` times
for one plan (default: the largest) or for all plans.
"""

import argparse

from pyinstrument import Profiler

from app.db import make_engine, make_session_factory
from bench import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--plan")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--form", default="slagelse")
    parser.add_argument("--by-focus-area", action="store_true")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    engine = make_engine(args.url)
    sessions = make_session_factory(engine)
    slug = args.plan
    if slug is None:
        with sessions() as db:
            slug = measure.largest_plan(db)[0]
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            if args.all:
                measure.project_all(sessions, "budget")
            else:
                measure.project_one(
                    sessions, slug, form=args.form, by_focus_area=args.by_focus_area
                )
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
