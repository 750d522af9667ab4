"""The template gallery and the template pages, as built and in Chromium."""

from __future__ import annotations

import json

import pytest

from macros import templates as T
from macros.site import Site
from support import ROOT, Elements, assert_no_axe_violations, cut_off_choices, ready

SITE = Site({}, ROOT)
TEMPLATES = SITE.templates


def unfilled(t: T.Template) -> dict[str, str]:
    return T.compose(SITE.parts(t), {}, T.unfilled_marker(t))


def test_there_are_enough_templates():
    assert len(TEMPLATES) >= 16


def test_gallery_lists_every_template_once_with_channel_and_route(site_dir):
    html = (site_dir / "templates" / "index.html").read_text(encoding="utf-8")
    page = Elements(html)
    cards = page.find("li")
    cards = [c for c in cards if c.get("class") == "ati-card"]
    assert len(cards) == len(TEMPLATES)
    hrefs = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").endswith("/") and not a["href"].startswith(("http", "#", ".."))]
    for t in TEMPLATES:
        assert hrefs.count(f"{t.id}/") == 1, f"gallery should link {t.id}/ once"
        assert t.title in page.text
        assert T.CHANNELS[t.channel] in page.text and T.ROUTES[t.route] in page.text
    # Grouped by stage, in the schema's order.
    order = [html.index(f'id="{stage}"') for stage in T.STAGES if any(t.stage == stage for t in TEMPLATES)]
    assert order == sorted(order)


def test_template_pages_are_not_in_the_navigation(site_dir):
    nav = (site_dir / "index.html").read_text(encoding="utf-8").split('class="md-content"')[0]
    assert TEMPLATES[-1].title not in nav


@pytest.mark.parametrize("t", TEMPLATES, ids=lambda t: t.id)
def test_template_page_shows_timing_subject_body_and_data(site_dir, t):
    html = (site_dir / "templates" / t.id / "index.html").read_text(encoding="utf-8")
    page = Elements(html)
    assert t.timing.split()[0] in page.text
    assert "When to use it" in page.text and "Timing" in page.text
    expected = unfilled(t)
    if t.subjects:
        assert "Subject" in page.text
        assert expected["subject"] in page.text
    # The message as text, placeholders shown as [Label]: readable with no JavaScript.
    assert expected["text"] in page.text
    blocks = [b for b in html.split('<script type="application/json" class="ati-template-data"')[1:]]
    assert len(blocks) == 1, "one machine-readable block per template page"
    data = json.loads(blocks[0].split(">", 1)[1].split("</script>", 1)[0])
    assert data["id"] == t.id and data["parts"] == SITE.parts(t)
    assert [f["name"] for f in data["fields"]] == [f.name for f in t.fields]


def test_data_block_cannot_break_out_of_its_script_element():
    from macros import render as R

    t = SITE.get("thank-you-email")
    evil = T.Template(**{**t.__dict__, "title": "</script><script>alert(1)</script>"})
    block = R.data_block(evil, SITE.parts(evil), "en-GB", T.SHARED_FIELDS)
    assert block.count("</script>") == 1 and "<script>alert" not in block
    assert json.loads(block.split(">", 1)[1].rsplit("</script>", 1)[0])["title"] == evil.title


@pytest.mark.browser
def test_every_template_reads_in_full_without_javascript(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        for t in TEMPLATES:
            page.goto(site_url + f"templates/{t.id}/")
            text = page.locator(".ati-message").inner_text()
            assert text.strip() == unfilled(t)["text"].strip(), t.id
    finally:
        ctx.close()


@pytest.mark.browser
def test_the_message_has_one_copy_action(page, site_url):
    """One way to copy: the form's "Copy message" (Material's code-copy icon is not on the message)."""
    for tid in ("thank-you-email", TEMPLATES[-1].id):
        ready(page, site_url + f"templates/{tid}/")
        fill = page.locator(".ati-fill")
        assert fill.locator('button[data-md-type="copy"], .md-clipboard').count() == 0
        copy = [b for b in fill.get_by_role("button").all() if "copy" in b.inner_text().lower()]
        assert [b.inner_text() for b in copy] == ["Copy message"], tid


@pytest.mark.browser
def test_gallery_filter_narrows_the_list_and_says_so(page, site_url):
    ready(page, site_url + "templates/")
    total = page.locator(".ati-card").count()
    assert total == len(TEMPLATES)
    page.select_option("#ati-filter-channel", "letter")
    letters = [t for t in TEMPLATES if t.channel == "letter"]
    assert page.locator(".ati-card:visible").count() == len(letters)
    assert page.locator(".ati-filter__status").inner_text() == f"Showing {len(letters)} of {total} templates."
    # Empty stage groups and their headings disappear.
    for stage in T.STAGES:
        if not any(t.stage == stage for t in letters) and page.locator(f"#{stage}").count():
            assert not page.locator(f"#{stage}").is_visible()
    page.select_option("#ati-filter-channel", "")
    page.select_option("#ati-filter-route", "agency")
    agency = [t for t in TEMPLATES if t.route in ("agency", "either")]
    assert page.locator(".ati-card:visible").count() == len(agency)
    page.select_option("#ati-filter-route", "")
    assert page.locator(".ati-card:visible").count() == total
    # Where you are: only that group shows, under its own heading.
    page.select_option("#ati-filter-stage", "heard-nothing")
    nothing = [t for t in TEMPLATES if t.stage == "heard-nothing"]
    assert nothing and page.locator(".ati-card:visible").count() == len(nothing)
    assert page.locator("#heard-nothing").is_visible() and not page.locator("#straight-after").is_visible()
    assert_no_axe_violations(page, "on the gallery narrowed to one situation")
    page.select_option("#ati-filter-stage", "")
    assert page.locator(".ati-card:visible").count() == total
    assert_no_axe_violations(page, "on the gallery with the filter used")
    page.watcher.assert_clean()


@pytest.mark.browser
def test_gallery_is_two_columns_on_a_desktop_and_has_no_contents_list(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        ready(page, site_url + "templates/")
        cards = page.locator(".ati-card")
        a, b = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert abs(a["y"] - b["y"]) < 1 and b["x"] > a["x"] + a["width"], "the first two cards are not side by side"
        assert page.locator(".md-sidebar--secondary .md-nav__link").count() == 0 or \
            not page.locator(".md-sidebar--secondary").is_visible(), "a contents list repeats the gallery"
    finally:
        ctx.close()
    ctx = browser.new_context(viewport={"width": 375, "height": 812})
    page = ctx.new_page()
    try:
        ready(page, site_url + "templates/")
        a, b = page.locator(".ati-card").nth(0).bounding_box(), page.locator(".ati-card").nth(1).bounding_box()
        assert b["y"] > a["y"] + a["height"] - 1, "on a phone the cards stack"
    finally:
        ctx.close()


@pytest.mark.browser
def test_gallery_without_javascript_is_a_plain_full_list(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "templates/")
        assert page.locator(".ati-card:visible").count() == len(TEMPLATES)
        assert not page.locator(".ati-filter").is_visible(), "the filter needs JavaScript, so it stays hidden without it"
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_gallery_and_a_template_page_pass_axe(browser, site_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    try:
        for path in ("templates/", "templates/thank-you-email/"):
            ready(page, site_url + path)
            assert_no_axe_violations(page, f"on /{path} ({scheme})")
    finally:
        ctx.close()


@pytest.mark.browser
def test_no_jump_link_without_javascript(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_url + "templates/thank-you-email/")
        assert page.get_by_role("link", name="Fill in this template").count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [320, 375, 430, 1280])
def test_gallery_filter_shows_each_choice_in_full_and_the_heading_stays_short(browser, site_url, width):
    """A closed select cuts off a choice wider than itself: at 375px two a row showed "Heard nothing back"
    as "Heard nothir". Each select is wide enough for its longest choice at every width; a phone gives each
    a row of its own. At 375px the h1 is one line (no empty line from its hidden permalink)."""
    ctx = browser.new_context(viewport={"width": width, "height": 812})
    page = ctx.new_page()
    try:
        ready(page, site_url + "templates/")
        page.wait_for_selector('[data-module="ati-gallery-filter"][data-mounted]')
        assert page.locator(".ati-filter select").count() == 3
        assert cut_off_choices(page, ".ati-filter select") == []
        rows = page.evaluate("() => new Set([...document.querySelectorAll('.ati-filter select')].map(s => Math.round(s.getBoundingClientRect().top))).size")
        assert rows == (3 if width < 600 else 1), f"at {width}px the filter's selects take {rows} rows"
        if width == 375:
            h1 = page.evaluate("() => { const h = document.querySelector('.md-content h1'); return [h.getBoundingClientRect().height, parseFloat(getComputedStyle(h).lineHeight)]; }")
            assert h1[0] < 1.5 * h1[1], f"the gallery's h1 takes {h1[0] / h1[1]:.1f} lines"
    finally:
        ctx.close()
