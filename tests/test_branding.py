"""Branding (extra.brand in mkdocs.yml) and UK/US conventions.

A fixture copy of the project gets a full branding and locale en-US, edited
into its mkdocs.yml exactly as a careers service would. The built site must
show the brand on every page type and the unbranded defaults nowhere; the
real (unbranded) build must show none of it. A colour that fails WCAG AA
contrast must stop the strict build with a message naming the colour.
"""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import pathlib
import re

import pytest

from macros import branding as B
from support import ROOT, assert_no_axe_violations, build_and_serve, build_site, copy_project, pin_clock, ready, Watcher

BRAND = {
    "name": "Northfield University Career Center",
    "logo": "assets/images/northfield-logo.svg",
    "favicon": "assets/images/northfield-favicon.svg",
    "primary": "#6b1d5e",
    "accent": "#00607a",
    "email": "careers@northfield.example.edu",
    "phone": "+1 555 0100 200",
    "booking_url": "https://book.northfield.example.edu/careers",
    "callout": "Our advisers will read your follow-up with you before you send it.",
    "footer": "Northfield University Career Center, Room 12, Main Hall",
    "sign_off": "With best wishes,",
}
LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" fill="#fff"/></svg>'
FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="12" fill="#6b1d5e"/></svg>'

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
US_DATE = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}\b")
UK_DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")

# One page of each type: (source, built path with directory URLs).
PAGE_TYPES = {
    "home": "index.html",
    "guide": "guide/what-to-say/index.html",
    "gallery": "templates/index.html",
    "template": "templates/thank-you-email/index.html",
}
if (ROOT / "docs" / "planner.md").exists():
    PAGE_TYPES["planner"] = "planner/index.html"
HAS_PLANNER = (ROOT / "docs" / "assets" / "components" / "planner" / "planner.js").exists() and "planner" in PAGE_TYPES


def brand_project(dest: pathlib.Path, brand: dict[str, str], locale: str | None = None) -> pathlib.Path:
    """Copy the project and fill in its mkdocs.yml branding block, as a careers service would."""
    root = copy_project(dest)
    images = root / "docs" / "assets" / "images"
    (images / "northfield-logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    (images / "northfield-favicon.svg").write_text(FAVICON_SVG, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key, value in brand.items():
        text, n = re.subn(rf'^(    {key}: )""', lambda m: m.group(1) + '"' + value + '"', text, count=1, flags=re.M)
        assert n == 1, f"mkdocs.yml has no empty extra.brand.{key} line to fill in"
    if locale:
        text, n = re.subn(r"^  locale: en-GB\b", f"  locale: {locale}", text, count=1, flags=re.M)
        assert n == 1, "mkdocs.yml has no extra.locale line"
    config.write_text(text, encoding="utf-8")
    return root


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------------------
# macros/branding.py on its own


def test_contrast_matches_wcag_reference_values():
    assert B.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert B.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert B.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert B.contrast("#fff", "#ffffff") == pytest.approx(1.0)


def test_unbranded_settings_give_nothing():
    brand = B.load({"brand": {k: "" for k in B.KEYS}}, ROOT / "docs")
    assert not brand.is_branded
    assert brand.warnings == []
    assert brand.css() == "" and brand.header_html() == "" and brand.footer_html() == "" and brand.callout_html() == ""
    assert B.load({}, ROOT / "docs").theme() == {"name": "", "css": "", "header": "", "footer": ""}


def test_bad_settings_name_the_key_and_the_fix():
    with pytest.raises(B.BrandError) as err:
        B.load({"brand": {"primry": "#123456", "accent": "teal", "email": "careers at example",
                          "booking_url": "www.example.edu/book", "logo": "assets/images/missing.svg",
                          "favicon": "https://example.edu/favicon.ico", "name": 42}}, ROOT / "docs")
    text = str(err.value)
    for expected in (
        "extra.brand.primry: is not a branding setting; did you mean 'primary'?",
        "extra.brand.accent: 'teal' is not a hex colour",
        "extra.brand.email: 'careers at example' is not an email address",
        "extra.brand.booking_url: 'www.example.edu/book' is not a web address; write the full address starting https://",
        "extra.brand.logo: there is no file docs/assets/images/missing.svg",
        "extra.brand.favicon: 'https://example.edu/favicon.ico' must be a path inside docs/",
        "extra.brand.name: must be text in quotes",
    ):
        assert expected in text
    assert len(err.value.problems) == 7


def test_sign_off_lives_only_in_the_brand():
    with pytest.raises(B.BrandError, match=r"extra.words.sign_off: .*move it to extra.brand.sign_off"):
        B.load({"words": {"sign_off": "Cheers,"}})
    assert B.word_overrides({"brand": {"sign_off": " Warm wishes, "}}) == {"sign_off": "Warm wishes,"}
    assert B.word_overrides({"brand": {"sign_off": ""}}) == {}


def test_low_contrast_colour_is_a_warning_naming_it():
    brand = B.load({"brand": {"primary": "#FC0", "accent": "#a4337a"}})
    assert len(brand.warnings) == 1, brand.warnings
    warning = brand.warnings[0]
    assert warning.startswith("extra.brand.primary: the colour #ffcc00 has a contrast of only 1.")
    assert "WCAG AA needs 4.5:1" in warning
    better = re.search(r'for example "(#[0-9a-f]{6})"', warning).group(1)
    assert B.contrast(better, "#ffffff") >= 4.5


def test_dark_scheme_link_colours_are_lightened_to_pass():
    brand = B.load({"brand": {"primary": "#1d4f7a", "accent": "#6b1d5e"}})
    assert brand.warnings == []
    css = brand.css()
    light, dark = css.split("\n")
    assert "--md-typeset-a-color: #1d4f7a;" in light
    dark_link = re.search(r"--md-typeset-a-color: (#[0-9a-f]{6});", dark).group(1)
    assert dark_link != "#1d4f7a"
    assert B.contrast(dark_link, B.SLATE_BG) >= 4.5
    for key, colour, against, what, ratio in brand.contrast_checks():
        assert ratio >= 4.5, (key, colour, against, what, ratio)


# ---------------------------------------------------------------------------
# The branded build (en-US) and the real, unbranded one


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    """The branded en-US fixture site, served; yields (site folder, base URL)."""
    base = tmp_path_factory.mktemp("branded")
    root = brand_project(base / "project", BRAND, locale="en-US")
    out = base / "site"
    with build_and_serve(root / "mkdocs.yml", out) as url:
        yield out, url


@pytest.fixture(scope="module")
def branded_dir(branded):
    return branded[0]


def read(site: pathlib.Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_brand_shows_on_every_page_type(branded_dir, kind):
    html = read(branded_dir, PAGE_TYPES[kind])
    depth = PAGE_TYPES[kind].count("/")
    up = "../" * depth
    assert '<html lang="en-US"' in html
    # Institution name in the strip above the header, with the booking link.
    banner = re.search(r'<aside class="md-banner">(.*?)</aside>', html, re.S)
    assert banner, "no brand strip above the header"
    assert BRAND["name"] in banner.group(1)
    assert f'href="{BRAND["booking_url"]}"' in banner.group(1)
    # Logo in the header and the favicon, from the brand's files.
    assert f'<img src="{up}{BRAND["logo"]}"' in html
    assert f'<link rel="icon" href="{up}{BRAND["favicon"]}">' in html
    # Colours as custom properties.
    style = re.search(r'<style id="ati-brand-colours">(.*?)</style>', html, re.S)
    assert style and f"--md-primary-fg-color: {BRAND['primary']};" in style.group(1)
    assert f"--md-accent-fg-color: {BRAND['accent']};" in style.group(1)
    # Footer: text and contact details.
    footer = html[html.index('<footer class="md-footer">'):]
    assert BRAND["footer"] in footer
    assert f'href="mailto:{BRAND["email"]}"' in footer
    assert 'href="tel:+15550100200"' in footer and BRAND["phone"] in footer
    assert f'href="{BRAND["booking_url"]}"' in footer


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_unbranded_defaults_appear_nowhere_in_the_branded_build(branded_dir, kind):
    html = read(branded_dir, PAGE_TYPES[kind])
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert len(icons) == 1 and not icons[0].endswith("assets/images/favicon.svg"), icons
    header = re.search(r'<header class="md-header[^"]*".*?</header>', html, re.S).group(0)
    logo = re.search(r'class="md-header__button md-logo".*?</a>', header, re.S).group(0)
    assert "<svg" not in logo, "the default logo icon is still in the header"
    text = visible_text(html)
    if kind in ("template", "gallery"):
        assert "Kind regards," not in text and "Best regards," not in text
    assert '<html lang="en-GB"' not in html


def test_templates_sign_off_with_the_brands_words(branded_dir):
    from macros.site import Site

    signed = [t.id for t in Site({}, ROOT).templates if "{sign_off}" in t.closing_text + t.body]
    assert signed, "no template uses {sign_off}"
    for tid in signed:
        html = read(branded_dir, f"templates/{tid}/index.html")
        assert BRAND["sign_off"] in visible_text(html), f"{tid}: no brand sign-off"
        assert "Kind regards," not in html and "Best regards," not in html, tid


def test_adviser_callout_on_the_key_pages(branded_dir):
    pages = ["guide/what-to-say/index.html", "guide/not-offered/index.html"]
    if "planner" in PAGE_TYPES:
        pages.append("planner/index.html")
    for path in pages:
        html = read(branded_dir, path)
        box = re.search(r'<div class="admonition note ati-adviser".*?</div>', html, re.S)
        assert box, f"{path}: no 'Talk to an adviser' box"
        box = box.group(0)
        assert f"Talk to an adviser at {BRAND['name']}" in box
        assert BRAND["callout"] in box
        assert f'href="{BRAND["booking_url"]}"' in box and f'href="mailto:{BRAND["email"]}"' in box


def test_unbranded_build_shows_no_brand(site_dir):
    paths = [PAGE_TYPES[k] for k in PAGE_TYPES] + ["guide/not-offered/index.html"]
    for path in paths:
        html = read(site_dir, path)
        assert '<html lang="en-GB"' in html, path
        assert 'class="md-banner"' not in html, path
        assert "ati-brand-colours" not in html, path
        assert "ati-adviser" not in html, path
        assert "ati-footer__brand" not in html, path
        assert re.findall(r'<link rel="icon" href="([^"]+)"', html)[0].endswith("assets/images/favicon.svg"), path


# ---------------------------------------------------------------------------
# US conventions in the build


def test_us_guide_says_resume(branded_dir):
    for path in ("guide/agency-or-direct/index.html", "guide/why-follow-up/index.html"):
        text = visible_text(read(branded_dir, path))
        assert "résumé" in text, path
        assert not re.search(r"\bCVs?\b", text), path


GUIDE_DATES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "guide").glob("*.md")
                     if "format_date(" in p.read_text(encoding="utf-8"))


@pytest.mark.skipif(not GUIDE_DATES, reason="no guide page writes a date through {{ format_date(...) }} yet")
@pytest.mark.parametrize("src", GUIDE_DATES or ["none"])
def test_us_guide_writes_dates_the_us_way(branded_dir, src):
    text = visible_text(read(branded_dir, src.removesuffix(".md") + "/index.html"))
    assert US_DATE.search(text), f"{src}: no US date such as November 18, 2026"


def test_us_template_page_says_resume(branded_dir):
    html = read(branded_dir, "templates/anything-more-you-need/index.html")
    text = visible_text(html)
    assert "résumé" in text and not re.search(r"\bCV\b", text)
    assert '"locale":"en-US"' in html


def test_us_gallery_uses_us_words(branded_dir):
    text = visible_text(read(branded_dir, "templates/index.html"))
    for uk in ("CV", "CVs", "organisation", "organisations", "centre"):
        assert not re.search(rf"\b{uk}\b", text), f"'{uk}' in the US gallery"
    assert not UK_DATE.search(text)


def test_gb_build_is_the_default(site_dir):
    for path in ("guide/agency-or-direct/index.html", "guide/why-follow-up/index.html"):
        text = visible_text(read(site_dir, path))
        assert "résumé" not in text and re.search(r"\bCVs?\b", text), path
    assert '"locale":"en-GB"' in read(site_dir, "templates/thank-you-email/index.html")


# ---------------------------------------------------------------------------
# The contrast check stops a strict build


def test_low_contrast_colour_fails_the_strict_build(tmp_path):
    root = brand_project(tmp_path / "project", {"name": "Pale College", "primary": "#ffcc00"})
    proc = build_site(root / "mkdocs.yml", tmp_path / "site", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, "a primary colour of #ffcc00 (1.5:1 on white) did not stop the strict build"
    assert re.search(r"WARNING\s+-\s+extra\.brand\.primary: the colour #ffcc00 has a contrast of only 1\.\d\d:1", output), output
    assert "Aborted with 1 warnings in strict mode" in output or "strict mode" in output


def test_bad_brand_setting_fails_the_build_with_its_fix(tmp_path):
    root = brand_project(tmp_path / "project", {"email": "careers.example.edu"})
    proc = build_site(root / "mkdocs.yml", tmp_path / "site", check=False, strict=False)
    assert proc.returncode != 0
    assert "extra.brand.email: 'careers.example.edu' is not an email address; write it like careers@example.ac.uk" in proc.stdout + proc.stderr


# ---------------------------------------------------------------------------
# In Chromium: colours applied, a filled form and a planned date in US style, axe


@pytest.fixture(scope="module")
def branded_url(branded):
    return branded[1]


@pytest.fixture
def bpage(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.watcher = Watcher(page)
    yield page
    ctx.close()


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_brand_colours_apply_in_the_browser(bpage, branded_url, kind):
    ready(bpage, branded_url + PAGE_TYPES[kind].removesuffix("index.html"))
    header_bg = bpage.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header_bg == _rgb(BRAND["primary"])
    link = bpage.evaluate("() => getComputedStyle(document.body).getPropertyValue('--md-typeset-a-color').trim()")
    assert link == BRAND["primary"]
    assert bpage.locator(".md-banner").get_by_text(BRAND["name"]).is_visible()
    bpage.watcher.assert_clean()


@pytest.mark.browser
def test_us_filled_form_writes_us_dates_and_brand_sign_off(bpage, branded_url):
    ready(bpage, branded_url + "templates/thank-you-email/")
    bpage.wait_for_selector(".ati-fill__form")
    for part, value in (("day", "18"), ("month", "11"), ("year", "2026")):
        bpage.locator(f"#ati-thank-you-email-interview_date-{part}").fill(value)
    bpage.locator("#ati-thank-you-email-your_name").fill("Alex Morgan")
    body = bpage.locator(".ati-fill__preview .ati-fill__body").first
    bpage.wait_for_function("() => document.querySelector('.ati-fill__body').textContent.includes('November 18, 2026')")
    text = body.text_content()
    assert "November 18, 2026" in text and "18 November 2026" not in text
    assert BRAND["sign_off"] + "\nAlex Morgan" in text
    bpage.watcher.assert_clean()


@pytest.mark.browser
@pytest.mark.dates
@pytest.mark.skipif(not HAS_PLANNER, reason="the planner (docs/planner.md, planner.js) is not in the project yet")
def test_us_planner_writes_us_dates(bpage, branded_url):
    today = pin_clock(bpage, "2026-11-26T10:00:00")  # Thanksgiving, a US holiday
    ready(bpage, branded_url + "planner/")
    bpage.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    day = dt.date.fromisoformat(today) + dt.timedelta(days=7)
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        bpage.locator(f"#planner-interview-date-{part}").fill(str(value))
    bpage.locator("#planner-employer").fill("Northfield Housing Trust")  # the planner asks which employer (issue 11)
    bpage.locator("#planner-interview-time").fill("11:00")
    bpage.locator("#planner-decision-no").check()
    bpage.locator("#planner-route-direct").check()
    bpage.get_by_role("button", name="Make my plan").click()
    result = bpage.locator(".ati-planner__result")
    result.wait_for(state="visible")
    text = result.text_content()
    assert US_DATE.search(text), f"no US date in the plan: {text[:300]}"
    assert not UK_DATE.search(text), f"a UK date in a US plan: {UK_DATE.search(text).group(0)}"
    assert "ending at 11 a.m.," in text
    bpage.watcher.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("kind", [k for k in ("home", "template", "planner") if k in PAGE_TYPES])
def test_branded_pages_pass_axe(bpage, branded_url, kind):
    ready(bpage, branded_url + PAGE_TYPES[kind].removesuffix("index.html"))
    if kind == "template":
        bpage.wait_for_selector(".ati-fill__form")
    assert_no_axe_violations(bpage, f"on the branded {kind} page")
