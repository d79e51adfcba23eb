"""After login only same-origin paths are followed (the usual open-redirect bypasses)."""

import pytest

from app.security.views import _safe_next

BYPASSES = [
    "//evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%0d%0a/evil.example",
]


@pytest.mark.parametrize("target", BYPASSES)
def test_off_site_targets_go_home(app, target: str) -> None:
    with app.test_request_context("/login"):
        assert _safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/planer", "/planer/slagelse-2017-2021/rapport?x=1"])
def test_own_paths_are_kept(app, target: str) -> None:
    with app.test_request_context("/login"):
        assert _safe_next(target) == target
