"""The floor of the load test: a minimal WSGI app (no Flask, no database) that answers a
small JSON body, served by the same gunicorn and hit by the same load client.

    python -m bench.hello [--workers N] [--worker-class sync|gthread] [--threads N]
                          [--load-generator auto|wrk|httpx] [--wrk-seconds S]

Whatever latency this shows is the cost of gunicorn + the load generator on this machine;
no change in the ledger's code can go below it. `with_ledger()` serves the same answer beside
the ledger in one app, so `python -m bench` measures both on the same server and workers.
"""

import argparse
import json
import sys

from bench import loadtest

BODY = b'{"slug": "plan-001", "name": "hello"}'


def app(_environ, start_response):  # type: ignore[no-untyped-def]
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=loadtest.default_workers())
    parser.add_argument("--worker-class", default=loadtest.WORKER_CLASS)
    parser.add_argument("--threads", type=int, default=loadtest.THREADS)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load-generator", choices=loadtest.GENERATORS, default="auto")
    parser.add_argument("--wrk-seconds", type=float, default=loadtest.WRK_SECONDS)
    args = parser.parse_args()
    measured = loadtest.run(
        None,
        [f"plan-{i:03d}" for i in range(150)],
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        clients=args.clients,
        requests=args.requests,
        seconds=30,
        paths={"hello": "/{slug}"},
        rounds=args.rounds,
        app_spec="bench.hello:app",
        generator=loadtest.load_generator(args.load_generator),
        wrk_seconds=args.wrk_seconds,
    )
    json.dump(measured, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()


HELLO_PATH = "/bench/hello"
FLASK_HELLO_PATH = "/bench/flask-hello"


def with_ledger():  # type: ignore[no-untyped-def]
    """The ledger's WSGI app with `app` above at HELLO_PATH, in the same process: the minimal
    JSON endpoint measured on the same gunicorn server and workers as the report. The same body
    at FLASK_HELLO_PATH goes through the ledger's Flask app (its request context, logging and
    header hooks) but answers before the token gate and the database: what Flask alone costs."""
    from flask import Response, request

    from app import create_app

    ledger = create_app()

    def flask_hello() -> Response | None:
        if request.path == FLASK_HELLO_PATH:
            return Response(BODY, mimetype="application/json")
        return None

    ledger.before_request_funcs.setdefault(None, []).insert(0, flask_hello)

    def dispatch(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == HELLO_PATH:
            return app(environ, start_response)
        return ledger(environ, start_response)

    return dispatch
