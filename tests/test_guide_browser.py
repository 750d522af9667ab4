"""Every guide page in a real Chromium, light and dark: no axe violation, no other host, no console error.

tests/test_pages_browser.py covers the home, timing and what-to-say pages;
this module covers the rest of the knowledge base, whose tables, admonitions,
tabs and links differ from page to page.
"""

from __future__ import annotations

import pytest

from support import Watcher, assert_no_axe_violations, ready
from test_guide_content import GUIDE_PAGES, built_path

pytestmark = pytest.mark.browser

COVERED_ELSEWHERE = {"index.md", "guide/timing.md", "guide/what-to-say.md"}
PAGES = [p for p in GUIDE_PAGES if p not in COVERED_ELSEWHERE]


def _url(site_url: str, src: str) -> str:
    return site_url + built_path(src).removesuffix("index.html")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("src", PAGES)
def test_guide_page_is_accessible_and_local(browser, site_url, src, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    watcher = Watcher(page)
    try:
        ready(page, _url(site_url, src))
        wanted = "slate" if scheme == "dark" else "default"
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == wanted
        assert_no_axe_violations(page, f"on {src} ({scheme})")
        watcher.assert_clean()
    finally:
        ctx.close()


def test_uk_and_us_tabs_switch(page, site_url):
    """The conventions tabs on What to say work by keyboard and show the other country's rules."""
    ready(page, _url(site_url, "guide/what-to-say.md"))
    us_tab = page.get_by_text("US English", exact=True)
    us_tab.click()
    assert page.get_by_text("November 18, 2026", exact=False).first.is_visible()
    assert not page.get_by_text("18 November 2026", exact=False).first.is_visible()
    page.watcher.assert_clean()
