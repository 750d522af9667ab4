"""What the "For careers services" pages promise: the docs cover every setting and
command, the analytics hook is empty by default, and the privacy statement is
true (no cookies, nothing stored until the reader asks).
"""

from __future__ import annotations

import re

import pytest

from macros import branding as B
from support import ROOT, Watcher, build_site, copy_project, ready

HOSTS = ROOT / "docs" / "hosts"


def doc(name: str) -> str:
    return (HOSTS / name).read_text(encoding="utf-8")


def test_branding_page_explains_every_setting_with_an_example():
    text = doc("branding.md")
    missing = [key for key in B.KEYS if f"\n`{key}`\n:   " not in text]
    assert missing == [], f"docs/hosts/branding.md does not explain: {missing}"
    example = re.search(r"```yaml\n(extra:.*?)```", text, re.S).group(1)
    import yaml

    extra = yaml.safe_load(example)["extra"]
    assert set(extra["brand"]) == set(B.KEYS), "the example does not set every key"
    brand = B.load(extra)  # no docs_dir: the example's image files need not exist
    assert brand.warnings == [], f"the documented example colours fail contrast: {brand.warnings}"


def test_branding_page_shows_the_real_contrast_warning():
    warning = B.load({"brand": {"primary": "#ffcc00"}}).warnings[0]
    shown = re.sub(r"\s+", " ", re.search(r"```text\nWARNING - (.*?)```", doc("branding.md"), re.S).group(1)).strip()
    assert shown == warning


def test_mkdocs_yml_branding_block_lists_every_setting_empty():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key in B.KEYS:
        assert re.search(rf'^    {key}: ""', text, re.M), f"mkdocs.yml: extra.brand.{key} should ship empty"


def test_hosting_page_covers_every_way_to_publish():
    text = doc("hosting.md")
    for needle in (".github/workflows/deploy.yml", "SITE_URL=", "scripts/build-offline", "index.html",
                   "dist/after-the-interview-offline.zip", "Cache-Control", "gzip", "overrides/partials/analytics-hook.html",
                   "privacy.md"):
        assert needle in text, f"docs/hosts/hosting.md does not mention {needle}"


def test_template_commands_are_documented():
    text = doc("add-a-template.md")
    for needle in ("scripts/new-template", "scripts/new-template --like", "scripts/validate-templates", "exit code 1"):
        assert needle in text


def test_hosts_pages_are_reached_from_every_footer_not_the_candidates_navigation(site_dir):
    """Careers-service pages sit outside the candidates' navigation: the footer of
    every page links their overview, and the overview links each of them."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):]
    assert "hosts/" not in nav, "careers-service pages should not be in the candidates' navigation"
    for html in (site_dir / "index.html", site_dir / "guide" / "timing" / "index.html"):
        footer = html.read_text(encoding="utf-8").split('<footer', 1)[1]
        assert re.search(r'href="[^"]*hosts/"', footer), f"{html} has no footer link to the careers-service pages"
    overview = (site_dir / "hosts" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1]
    for page in ("branding", "add-a-template", "hosting", "privacy"):
        assert re.search(rf'href="{page}/"', overview), f"hosts overview does not link {page}"


@pytest.mark.parametrize("page", ["index", "branding", "add-a-template", "hosting", "privacy"])
def test_careers_service_pages_have_their_own_menu(site_dir, page):
    """hooks/hosts_nav.py: on a host page the menu is Home plus every host page, and no guide page."""
    rel = "hosts/index.html" if page == "index" else f"hosts/{page}/index.html"
    html = (site_dir / rel).read_text(encoding="utf-8")
    primary = html.split('md-nav--primary', 1)[1].split('<div class="md-sidebar md-sidebar--secondary"', 1)[0]
    assert "For careers services" in primary
    hrefs = re.findall(r'href="([^"]*)"', primary)
    candidates = [h for h in hrefs if any(part in h for part in ("guide/", "templates/", "planner/", "check/"))]
    assert candidates == [], f"{rel}: the host menu links candidates' pages: {candidates}"
    titles = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', primary, re.S)]
    for want in ("Home", "Publish the guide", "Brand the guide", "Add your own template"):
        assert want in titles, f"{rel}: the host menu lacks {want!r}: {titles}"
    assert any("rivacy" in t for t in titles), f"{rel}: the host menu lacks the privacy statement: {titles}"


# ---------------------------------------------------------------------------
# The analytics hook


def test_analytics_hook_is_empty_by_default(site_dir):
    hook = (ROOT / "overrides" / "partials" / "analytics-hook.html").read_text(encoding="utf-8")
    assert re.fullmatch(r"\s*\{#-.*?-#\}\s*", hook, re.S), "the shipped analytics hook must hold only a comment"
    head = (site_dir / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    # Scripts in the head: Material's own inline ones, none with a src elsewhere.
    assert not re.search(r"<script[^>]+src=\"(https?:)?//", head)


def test_a_filled_hook_reaches_every_online_page_but_never_the_offline_edition(tmp_path):
    root = copy_project(tmp_path / "project")
    hook = root / "overrides" / "partials" / "analytics-hook.html"
    hook.write_text(hook.read_text(encoding="utf-8") + '<meta name="ati-analytics-probe" content="1">\n', encoding="utf-8")
    online, offline_site = tmp_path / "online", tmp_path / "offline"
    build_site(root / "mkdocs.yml", online)
    build_site(root / "mkdocs.offline.yml", offline_site)
    for page in ("index.html", "guide/timing/index.html", "templates/thank-you-email/index.html"):
        head = (online / page).read_text(encoding="utf-8").split("</head>")[0]
        assert '<meta name="ati-analytics-probe" content="1">' in head, page
    assert not [p for p in offline_site.rglob("*.html") if "ati-analytics-probe" in p.read_text(encoding="utf-8")]


# ---------------------------------------------------------------------------
# The privacy statement is true


@pytest.mark.browser
def test_a_visit_stores_nothing_until_the_reader_asks(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    watcher = Watcher(page)
    try:
        for path in ("", "guide/what-to-say/", "templates/", "templates/thank-you-email/", "planner/"):
            ready(page, site_url + path)
        assert ctx.cookies() == []
        assert page.evaluate("() => Object.keys(localStorage)") == []
        assert page.evaluate("() => Object.keys(sessionStorage)") == []
        # Typing in the form keeps details in this tab only.
        ready(page, site_url + "templates/thank-you-email/")
        page.wait_for_selector(".ati-fill__form")
        page.locator("#ati-thank-you-email-role").fill("Analyst")
        page.wait_for_function("() => sessionStorage.length > 0")
        assert page.evaluate("() => Object.keys(localStorage)") == []
        # Choosing light or dark is the reader's request: then, and only then, it is kept.
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        page.wait_for_function("() => Object.keys(localStorage).some(k => k.endsWith('.__palette'))")
        assert [k for k in page.evaluate("() => Object.keys(localStorage)") if not k.endswith(".__palette")] == []
        assert ctx.cookies() == []
        watcher.assert_clean()
    finally:
        ctx.close()
