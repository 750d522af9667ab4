"""Site-wide quality gates (issue 12), over whatever pages the build produced.

- first-load bytes per page, gzipped (HTML, its stylesheets and scripts; the
  search worker and index wait until search opens, tests/test_search.py): at
  most 100 KB, and Chromium fetches nothing the count leaves out;
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


def test_every_page_first_load_is_at_most_100_kb(site_dir):
    pages = built_pages(site_dir)
    kinds = {page_kind(p) for p in pages}
    assert {"home", "guide", "gallery", "template", "planner", "hosts", "404"} <= kinds, kinds
    over = []
    for rel in pages:
        load = first_load(site_dir, rel)
        assert load["missing"] == [], f"{rel} links files that are not in the build: {load['missing']}"
        if load["gzip"] > AIM:
            over.append(f"{rel}: {load['gzip'] / 1024:.1f} KB gzipped")
    assert not over, "first load over 100 KB:\n" + "\n".join(over)


@pytest.mark.parametrize("path", ["", "templates/thank-you-email/", "planner/"])
def test_a_first_load_fetches_only_what_first_load_counts(browser, site_url, site_dir, path):
    """The static count is honest: Chromium requests nothing else before the reader does anything."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, service_workers="block")
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    try:
        ready(page, site_url + path)
        page.wait_for_timeout(500)
        rel = (path or "") + "index.html"
        counted = set(first_load(site_dir, rel)["files"])
        fetched = {u.split("?")[0].split("#")[0][len(site_url):] or "index.html" for u in seen if u.startswith(site_url)}
        fetched = {f + "index.html" if f.endswith("/") else f for f in fetched}
        fetched -= {"assets/images/favicon.png"} | {f for f in fetched if f.endswith((".woff2", ".svg", ".png"))}
        assert fetched <= counted, f"fetched on first load but not counted: {sorted(fetched - counted)}"
    finally:
        context.close()


def test_each_page_links_only_the_scripts_it_uses(site_dir):
    from support import linked_assets

    home = linked_assets(site_dir, "index.html")
    for name in ("fill-in", "planner", "gallery-filter"):
        assert not [u for u in home if name in u], f"the home page links {name}: {home}"
    for rel in built_pages(site_dir):
        assets = " ".join(linked_assets(site_dir, rel)).replace(".min.", ".")  # x.js is served as x.min.js
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
    [served] = {u.split("?")[0] for u in ours if "/planner." in u and ".js" in u}
    built = (site_dir / served).read_text(encoding="utf-8")
    assert len(built) < 0.8 * len(source), "planner.js is not minified in the build"
    # Material's own files are served as Material ships them (tests/test_search.py checks the bytes).
    assert not list(site_dir.rglob("*.min.min.*")), "a minified file was minified again"


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
