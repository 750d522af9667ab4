"""axe-core on every HTML page the build produced, light and dark (issues 12 and 22).

The pages come from walking the built site (404.html included), never from a
list: a page added tomorrow is checked with no edit here. On each page, in each
scheme: no axe violation (WCAG 2.0 to 2.2, A and AA, and best practice), the
scheme really applied, one <h1>, no console error, no failed request and no
request to another host. A file of its own, apart from tests/test_quality_gates.py,
so that pytest-xdist (--dist loadfile) runs the two side by side.
"""

from __future__ import annotations

import pytest

from support import Watcher, assert_no_axe_violations, built_pages, page_url, ready


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_axe_clean_quiet_and_has_one_heading(browser, site_dir, site_url, scheme):
    """axe-core, in the scheme asked for; one <h1>; no console error; nothing from another host."""
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    watcher = Watcher(page)
    wanted = "slate" if scheme == "dark" else "default"
    try:
        for rel in built_pages(site_dir):
            ready(page, page_url(site_url, rel))
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == wanted, rel
            assert page.locator("h1").count() == 1, f"{rel}: {page.locator('h1').count()} <h1> elements"
            assert_no_axe_violations(page, f"on {rel} ({scheme})")
            assert watcher.failed == [], f"{rel}: failed requests {watcher.failed}"
            watcher.assert_clean()
    finally:
        ctx.close()
