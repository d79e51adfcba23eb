"""axe-core (bundled by axe-playwright-python, nothing downloaded) over a page: WCAG 2.1 AA."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_wcag_aa(page: Page) -> None:
    """No axe violation of WCAG 2.0/2.1 level A or AA on the page as it stands."""
    results = Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()
