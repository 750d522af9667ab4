"""The template page as a candidate uses it (issue 9): one live message, the form
near the top on a phone, the message in view beside the form on a desktop,
placeholders that lead to their fields, and a way back to the gallery."""

from __future__ import annotations

import re

import pytest

from support import ROOT, Watcher, cut_off_choices, one_tab, ready

# An email with two subject lines, a panel template, a letter, and the longest text.
TEMPLATES = ["thank-you-email", "panel-thank-you", "thank-you-letter", "senior-follow-up"]
ALL = sorted(p.stem for p in (ROOT / "templates").glob("*.yml"))
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def _open(browser, site_url, tid, viewport, **kw):
    ctx = browser.new_context(viewport=viewport, **kw)
    page = ctx.new_page()
    page.watcher = Watcher(page)
    ready(page, f"{site_url}templates/{tid}/")
    page.wait_for_selector('[data-module="ati-fill"][data-mounted]')
    return ctx, page


def _top(page, locator) -> float:
    """A box's top, from the top of the page."""
    return locator.evaluate("e => e.getBoundingClientRect().top + scrollY")


@pytest.fixture(scope="module")
def phone_tab(browser):
    """One phone-sized tab for the read-only check of every template page (support.one_tab); each check
    types nothing, so nothing is kept from one page to the next (the check asserts it)."""
    with one_tab(browser, viewport=PHONE) as page:
        yield page


@pytest.mark.parametrize("tid", ALL)
def test_phone_one_message_form_first_and_copy_close(phone_tab, site_url, tid):
    page = phone_tab
    page.watcher.reset()
    ready(page, f"{site_url}templates/{tid}/")
    page.wait_for_selector('[data-module="ati-fill"][data-mounted]')
    assert page.evaluate("() => sessionStorage.length + localStorage.length") == 0, "a page before this one left something"
    first_words = page.locator(".ati-message").first.inner_text().split("\n")[0][:30]
    boxes = page.evaluate("""(words) => [...document.querySelectorAll('.md-content pre, .md-content .ati-message, .md-content code')]
        .filter(e => e.offsetParent !== null && e.textContent.includes(words)).length""", first_words)
    assert boxes == 1, f"{tid}: the message shows in {boxes} boxes"
    assert cut_off_choices(page, ".ati-fill select") == [], f"{tid}: a choice is cut off in its closed list"
    first_field = page.locator(".ati-fill__form .ati-field").first
    assert _top(page, first_field) <= 1.5 * PHONE["height"], f"{tid}: the first field starts {_top(page, first_field):.0f}px down"
    last_field = page.locator(".ati-fill__form .ati-field").last
    last_bottom = last_field.evaluate("e => e.getBoundingClientRect().bottom + scrollY")
    copy = page.get_by_role("button", name="Copy message").first
    gap = _top(page, copy) - last_bottom
    print(f"{tid}: first field at {_top(page, first_field):.0f}px, copy {gap:.0f}px below the last field")
    assert 0 < gap <= PHONE["height"], f"{tid}: Copy message is {gap:.0f}px below the last field"
    # Each label's text starts where its box does, the date's legend included (browsers pad a legend by 2px).
    askew = page.evaluate("""() => [...document.querySelectorAll('.ati-fill__form .ati-fill__label')].filter(l => l.offsetParent)
        .map(l => { const r = document.createRange(); r.selectNodeContents(l);
                    const box = l.closest('fieldset, .ati-field').querySelector('input, textarea, select');
                    return [l.textContent.trim(), r.getClientRects()[0].left, box.getBoundingClientRect().left]; })
        .filter(([, text, box]) => Math.abs(text - box) > 0.5)""")
    assert not askew, f"{tid}: labels that do not line up with their boxes (label, text left, box left): {askew}"
    page.watcher.assert_clean()


@pytest.mark.parametrize("tid", TEMPLATES)
def test_desktop_message_in_view_while_typing(browser, site_url, tid):
    ctx, page = _open(browser, site_url, tid, DESKTOP)
    try:
        fields = page.locator(".ati-fill__form input:not([type=radio]), .ati-fill__form textarea, .ati-fill__form select")
        for which, box in (("first", fields.first), ("last", fields.last)):
            box.focus()
            box.press("End")
            page.wait_for_timeout(100)
            rect = page.locator(".ati-message").first.evaluate("""e => { const r = e.getBoundingClientRect();
                const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                return {top: r.top, bottom: r.bottom, shown: Math.min(r.bottom, innerHeight) - Math.max(r.top, header)}; }""")
            print(f"{tid}, {which} field focused: message at {rect}")
            assert rect["shown"] >= 120, f"{tid}: with the {which} field focused, only {rect['shown']:.0f}px of the message shows"
        # Side by side: the message column is to the right of the form.
        form = page.locator(".ati-fill__inputs").bounding_box()
        message = page.locator(".ati-fill__previews").bounding_box()
        assert message["x"] >= form["x"] + form["width"] - 1
    finally:
        ctx.close()


def test_desktop_sticky_column_shows_the_actions_and_clears_back_to_top(browser, site_url):
    """At 1280x800 the short email's whole column fits beside the form (the four
    actions on two rows), and Material's "Back to top" pill, once shown, sits
    below the column, never over the word count."""
    ctx, page = _open(browser, site_url, "thank-you-email", DESKTOP)
    try:
        page.locator(".ati-fill__form textarea").first.focus()
        page.wait_for_timeout(100)
        fit = page.evaluate("""() => { const c = document.querySelector('.ati-fill__previews');
            const tops = [...c.querySelectorAll('.ati-fill__actions .md-button')].map(b => Math.round(b.getBoundingClientRect().top));
            return {scroll: c.scrollHeight, client: c.clientHeight, rows: new Set(tops).size}; }""")
        assert fit["scroll"] <= fit["client"] + 1, f"the message column is cut off: {fit}"
        assert fit["rows"] <= 2, f"the actions take {fit['rows']} rows"
        overlap = page.evaluate("""() => { const top = document.querySelector('.md-top');
            top.hidden = false; top.removeAttribute('inert');
            const a = top.getBoundingClientRect(), b = document.querySelector('.ati-fill__previews').getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }""")
        assert not overlap, "Back to top sits over the message column"
    finally:
        ctx.close()


def test_clicking_an_empty_placeholder_focuses_its_field(browser, site_url):
    ctx, page = _open(browser, site_url, "thank-you-email", PHONE)
    try:
        page.locator(".ati-message a.ati-ph", has_text="[Employer]").first.click()
        assert page.evaluate("() => document.activeElement.id") == "ati-thank-you-email-organisation"
        page.keyboard.type("Acme")
        assert "[Employer]" not in page.locator(".ati-message").inner_text()
        assert "Acme" in page.locator(".ati-message").inner_text()
        # A date placeholder goes to its first box.
        page.locator(".ati-message a.ati-ph", has_text="[Interview date]").first.click()
        assert page.evaluate("() => document.activeElement.id") == "ati-thank-you-email-interview_date-day"
        page.watcher.assert_clean()
    finally:
        ctx.close()


def test_several_subject_lines_the_reader_picks_one(browser, site_url):
    ctx, page = _open(browser, site_url, "thank-you-email", DESKTOP)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        radios = page.locator(".ati-fill__subjects input[type=radio]")
        assert radios.count() >= 2
        page.locator("#ati-thank-you-email-role").fill("Analyst")
        labels = page.locator(".ati-fill__subjects label").all_inner_texts()
        assert "Analyst" in labels[0], labels
        subject = page.locator(".ati-fill__subject span").first
        assert subject.inner_text() == labels[0]
        radios.nth(1).check()
        assert subject.inner_text() == page.locator(".ati-fill__subjects label").nth(1).inner_text()
        href = page.get_by_role("link", name="Open in your email app").get_attribute("href")
        from urllib.parse import unquote
        assert unquote(href.split("subject=")[1].split("&")[0]) == subject.inner_text()
    finally:
        ctx.close()


def test_template_page_links_back_to_the_gallery_and_to_related_templates(site_dir):
    html = (site_dir / "templates/thank-you-email/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="ati-back"><a href="\.\./">All templates</a></p>', html), "no link back to the gallery"
    section = html.split('id="related-templates"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="\.\./([a-z0-9-]+)/"', section)
    assert 2 <= len(links) <= 3 and "thank-you-email" not in links, links
    for tid in links:
        assert (site_dir / "templates" / tid / "index.html").exists()


def test_without_javascript_the_legend_matches_the_page(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(f"{site_url}templates/thank-you-email/")
        legend = [e.inner_text() for e in page.locator(".ati-legend").all() if e.is_visible()]
        assert len(legend) == 1 and "copy button" not in legend[0].lower() and "[square brackets]" in legend[0]
        assert page.get_by_text("needs JavaScript").is_visible()
        # The subject lines are listed as text to choose from.
        assert page.locator(".ati-fill__subjects li").count() >= 2
    finally:
        ctx.close()
