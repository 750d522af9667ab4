"""The guide in a real Chromium: no other host contacted, no console error, no axe violation."""

from __future__ import annotations

import pytest

from support import Watcher, assert_no_axe_violations, ready

pytestmark = pytest.mark.browser

PAGES = ["", "guide/timing/", "guide/what-to-say/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_guide_pages_are_local_quiet_and_accessible(browser, site_url, path, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    watcher = Watcher(page)
    try:
        ready(page, site_url + path)
        assert page.locator("h1").count() == 1
        # The palette follows the system setting: check the scheme really applied.
        applied = page.evaluate("() => getComputedStyle(document.body).getPropertyValue('--md-default-bg-color').trim()")
        assert applied, "Material's palette did not load"
        assert_no_axe_violations(page, f"on /{path} ({scheme})")
        watcher.assert_clean()
    finally:
        ctx.close()


def test_search_dialog_has_a_name_and_finds_pages(page, site_url):
    ready(page, site_url)
    page.keyboard.press("/")  # Material's shortcut opens search
    box = page.get_by_role("dialog", name="Search")
    assert box.count() == 1
    page.keyboard.type("thank")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0
    assert_no_axe_violations(page, "with search open")
    page.watcher.assert_clean()


def test_keyboard_focus_is_visible(page, site_url):
    ready(page, site_url + "guide/timing/")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")
    assert outline[0] != "none" and outline[1] != "0px", f"focused element has no visible outline: {outline}"


def test_instant_navigation_keeps_page_scripts_running(page, site_url):
    """Material swaps pages without reloading; our scripts must re-run from document$."""
    ready(page, site_url)
    page.evaluate("() => { window.__same_document = true; }")
    page.locator('a[href$="templates/"]').first.click()
    page.wait_for_selector('[data-module="ati-gallery-filter"]:not([hidden])')
    assert page.evaluate("() => window.__same_document === true"), "navigation reloaded the page: instant navigation is off"
    page.watcher.assert_clean()
