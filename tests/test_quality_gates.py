"""Site-wide quality gates (issue 12), over whatever pages the build produced.

- first-load bytes per page, gzipped (HTML, its stylesheets and scripts, the
  search worker and index): the aim is 100 KB; each page type has a ceiling;
- each page loads only its own components' scripts;
- no layout shift on a throttled phone;
- the Nu HTML Checker finds no errors;
- axe-core finds no violations on any page, light and dark;
- the page components start after Material's instant navigation swaps pages in place.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from support import (ROOT, assert_no_axe_violations, built_pages, first_load, layout_shift, page_kind, ready)

AIM = 100 * 1024
# The aim (issue 12) is at most 100 KB on every page; it is not met yet. About
# 72 KB of every page is Material's own CSS and JavaScript, and the search index
# (loaded by every page) is about 20 KB gzipped with 28 templates and 14 guide
# pages. Until that changes, each page type has a ceiling a little above what it
# weighs now, so any growth fails here; lower a ceiling whenever a page gets lighter.
CEILING_KB = {"404": 100, "home": 102, "guide": 105, "gallery": 105, "template": 109.5,
              "planner": 115, "hosts": 109, "other": 116}


def test_every_page_first_load_stays_under_its_ceiling(site_dir):
    pages = built_pages(site_dir)
    kinds = {page_kind(p) for p in pages}
    assert {"home", "guide", "gallery", "template", "planner", "hosts", "404"} <= kinds, kinds
    over = []
    for rel in pages:
        load = first_load(site_dir, rel)
        assert load["missing"] == [], f"{rel} links files that are not in the build: {load['missing']}"
        ceiling = CEILING_KB[page_kind(rel)]
        assert ceiling <= 116, "ceilings only come down"
        if load["gzip"] > ceiling * 1024:
            over.append(f"{rel}: {load['gzip'] / 1024:.1f} KB gzipped (ceiling {ceiling} KB)")
    assert not over, "first load over its ceiling:\n" + "\n".join(over)
    # The 404 page (no component, no long text) must meet the aim outright.
    assert first_load(site_dir, "404.html")["gzip"] <= AIM


def test_each_page_links_only_the_scripts_it_uses(site_dir):
    from support import linked_assets

    home = linked_assets(site_dir, "index.html")
    for name in ("fill-in", "planner", "gallery-filter"):
        assert not [u for u in home if name in u], f"the home page links {name}: {home}"
    for rel in built_pages(site_dir):
        assets = " ".join(linked_assets(site_dir, rel))
        kind = page_kind(rel)
        assert ("fill-in.js" in assets) == (kind == "template"), (rel, assets)
        assert ("planner.js" in assets) == (kind == "planner"), (rel, assets)
        assert ("gallery-filter.js" in assets) == (kind == "gallery"), (rel, assets)


def test_own_assets_are_minified_and_versioned(site_dir):
    from support import linked_assets

    own = [u for u in linked_assets(site_dir, "planner/index.html") if "/javascripts/" in u or "/stylesheets/" in u]
    ours = [u for u in own if not u.split("/")[-1].split("?")[0].startswith(("bundle.", "main.", "palette.", "search."))]
    assert ours and all("?v=" in u for u in ours), ours
    source = (ROOT / "docs/assets/javascripts/planner.js").read_text(encoding="utf-8")
    built = (site_dir / "assets/javascripts/planner.js").read_text(encoding="utf-8")
    assert len(built) < 0.8 * len(source), "planner.js is not minified in the build"


def test_careers_service_pages_are_not_in_the_search_index(site_dir):
    import json

    docs = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = [d["location"] for d in docs]
    assert not [loc for loc in locations if loc.startswith("hosts/")], "host pages are in the candidates' search"
    assert any(loc.startswith("guide/") for loc in locations)
    # Nothing indexed twice: each page and section appears once.
    assert len(locations) == len(set(locations)), sorted({loc for loc in locations if locations.count(loc) > 1})


def test_nu_html_checker_finds_no_errors(site_dir):
    jar = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
    if not jar.exists() or not shutil.which("java"):
        pytest.fail("vnu.jar or java missing: run scripts/test, which installs both")
    proc = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(site_dir)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, f"Nu HTML Checker errors:\n{proc.stderr[-6000:]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_built_page(browser, site_dir, site_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    try:
        for rel in built_pages(site_dir):
            url = site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            ready(page, url)
            wanted = "slate" if scheme == "dark" else "default"
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == wanted, rel
            assert_no_axe_violations(page, f"on {rel} ({scheme})")
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["templates/", "planner/", "templates/thank-you-email/"])
def test_no_layout_shift_on_a_throttled_phone(browser, site_dir, site_url, path):
    if path == "templates/thank-you-email/" and not (site_dir / path / "index.html").exists():
        path = next(p for p in built_pages(site_dir) if page_kind(p) == "template")[: -len("index.html")]
    shift = layout_shift(browser, site_url + path)
    assert shift <= 0.01, f"{path}: layout shift {shift:.3f} on a throttled phone"


def test_components_start_after_instant_navigation(browser, site_url):
    """home -> gallery -> a template page -> planner, by clicking links: no full page loads."""
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        ready(page, site_url)
        page.evaluate("() => { window.__sameDocument = true; }")

        def go(href_part):
            page.locator(f'a[href*="{href_part}"]').first.click()
            page.wait_for_load_state("networkidle")
            assert page.evaluate("() => window.__sameDocument === true"), f"a full page load for {href_part}"

        page.evaluate("() => { const a = document.createElement('a'); a.href = 'templates/'; a.textContent = 'x';"
                      " a.id = 'ati-test-link'; document.querySelector('.md-content').append(a); }")
        page.locator("#ati-test-link").click()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__sameDocument === true")
        page.wait_for_selector('[data-module="ati-gallery-filter"][data-mounted]', state="visible")

        card = page.locator(".ati-card a[href]").first
        card.click()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__sameDocument === true")
        page.wait_for_selector('[data-module="ati-fill"][data-mounted] input, [data-module="ati-fill"][data-mounted] textarea')

        go("planner/")
        page.wait_for_selector('[data-module="ati-planner"][data-ready="1"] .ati-planner__form', state="visible")
        assert errors == [], errors
    finally:
        ctx.close()
