"""Parsing wrk's `--latency` report, its time units, and picking the load generator."""

import pytest

from bench import loadtest, wrkclient

REPORT = """Running 10s test @ http://127.0.0.1:41234/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.21ms   95.87ms   1.02s    95.10%
    Req/Sec   647.72    574.38     2.08k    72.50%
  Latency Distribution
     50%  812.00us
     75%    8.99ms
     90%   19.85ms
     99%  599.59ms
  12580 requests in 10.01s, 1.28MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   1256.70
Transfer/sec:    653.40KB
"""


def test_parse_reads_rate_percentiles_and_failures() -> None:
    figures = wrkclient.parse(REPORT)
    assert figures["generator"] == "wrk"
    assert figures["requests"] == 12580
    assert figures["seconds"] == pytest.approx(10.01)
    assert figures["requests_per_second"] == pytest.approx(1256.70)
    assert figures["p50_ms"] == pytest.approx(0.812)
    assert figures["p99_ms"] == pytest.approx(599.59)
    assert figures["max_ms"] == pytest.approx(1020.0)
    assert figures["failures"] == 4 + 3


def test_parse_without_errors_and_in_seconds() -> None:
    clean = REPORT.replace("  Socket errors: connect 0, read 1, write 0, timeout 2\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "").replace("599.59ms", "1.50s")
    figures = wrkclient.parse(clean)
    assert figures["failures"] == 0
    assert figures["p99_ms"] == pytest.approx(1500.0)


@pytest.mark.parametrize(
    ("value", "unit", "ms"),
    [("1.23", "ms", 1.23), ("45.67", "ms", 45.67), ("1.02", "s", 1020.0), ("250", "us", 0.25)],
)
def test_units(value: str, unit: str, ms: float) -> None:
    assert wrkclient.to_ms(value, unit) == pytest.approx(ms)


def test_parse_refuses_output_without_percentiles() -> None:
    with pytest.raises(ValueError, match="wrk output without"):
        wrkclient.parse("Running 10s test @ http://127.0.0.1:1/\nunable to connect\n")


def test_auto_falls_back_to_httpx_without_wrk(monkeypatch) -> None:
    monkeypatch.setattr(wrkclient, "available", lambda: False)
    assert loadtest.load_generator("auto") == "httpx"
    assert loadtest.load_generator("httpx") == "httpx"
    with pytest.raises(RuntimeError, match="wrk is not installed"):
        loadtest.load_generator("wrk")
    monkeypatch.setattr(wrkclient, "available", lambda: True)
    assert loadtest.load_generator("auto") == "wrk"
