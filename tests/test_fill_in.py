"""The fill-in form (docs/assets/components/fill-in/fill-in.js) in a real Chromium.

The site is a copy of the project plus two fixture templates (written below),
so the checks, the panel and the limits are tested on templates that do not
change while the shipped ones are rewritten. Expected messages are computed in
Python from the YAML with macros.site.Site and macros.templates.compose, so the
browser and the build must agree exactly.
"""

from __future__ import annotations

import gzip
import pathlib
import re
import urllib.parse

import pytest
import yaml

from support import (ROOT, Watcher, assert_no_axe_violations, build_and_serve, copy_project, fid, follow,
                     fill_fields, ready, typed_examples)

JS = ROOT / "docs" / "assets" / "components" / "fill-in" / "fill-in.js"

CHECKS_YML = """\
id: zz-form-checks
title: Form check fixture
description: A fixture template for the fill-in form tests.
stage: special
channel: recruiter
route: either
order: 999
when_to_use: Fixture.
when_not_to_use: Fixture.
timing: Fixture.
subjects:
  - "[role] at [organisation]"
greeting: "Hello [recruiter_name],"
body: |
  Thanks for arranging my [role] interview.[[ I met [team].]][[ I liked [specific_point].]][[ The [mode] format suited me.]]

  I spoke to them on [interview_date].
max_words: 40
fields:
  - {name: recruiter_name, label: Recruiter's name, example: Jo, required: true, kind: short-text}
  - {name: role, label: Job title, example: Analyst, required: true, kind: short-text}
  - {name: organisation, label: Organisation, example: Acme, required: true, kind: short-text}
  - {name: team, label: Team, hint: The team you would join., example: the data team, kind: short-text}
  - {name: specific_point, label: One thing you discussed, example: the new survey, kind: long-text, specific: true}
  - {name: mode, label: Interview format, example: video, kind: choice, options: [video, phone, in-person]}
  - {name: interview_date, label: Interview date, example: "2026-11-18", required: true, kind: date}
  - {name: your_name, label: Your name, example: Alex Morgan, required: true, kind: short-text}
"""

PANEL_YML = """\
id: zz-form-panel
title: Panel fixture
description: A fixture panel template for the fill-in form tests.
stage: special
channel: email
route: either
order: 999
tags: [panel, thank-you]
when_to_use: Fixture.
when_not_to_use: Fixture.
timing: Fixture.
subjects:
  - Thank you – [role] interview
greeting: "Dear [interviewer_name],"
body: |
  Thank you for meeting me about the [role] role at [organisation] on [interview_date].

  I enjoyed hearing about [specific_point].
fields:
  - {name: interviewer_name, label: Interviewer's name, example: Ms Patel, required: true, kind: short-text}
  - {name: role, label: Job title, example: Analyst, required: true, kind: short-text}
  - {name: organisation, label: Organisation, example: Acme, required: true, kind: short-text}
  - {name: interview_date, label: Interview date, example: "2026-11-18", required: true, kind: date}
  - {name: specific_point, label: One thing you discussed, example: the new survey, required: true, kind: long-text, specific: true}
  - {name: your_name, label: Your name, example: Alex Morgan, required: true, kind: short-text}
"""

HOSTILE = (
    '<b>bold</b> <script>window.__pwned=1</script> "><img src=x onerror=window.__pwned=1> '
    "& ? # % + = ; 100% a+b\nsecond line\tafter a tab 😀👩🏽‍💻 مرحبا بكم שלום "
    + "x" * 5000 + " end"
)


# ---------------------------------------------------------------------------
# Fixtures: one project copy, built en-GB (and en-US for one test)


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("fill-in") / "project")
    (root / "templates" / "zz-form-checks.yml").write_text(CHECKS_YML, encoding="utf-8")
    (root / "templates" / "zz-form-panel.yml").write_text(PANEL_YML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def _served(project):
    """Serve first, then build with that address as site_url (instant navigation needs it)."""
    out = project.parent / "site"
    with build_and_serve(project / "mkdocs.yml", out) as url:
        yield out, url


@pytest.fixture(scope="module")
def form_site(_served):
    return _served[0]


@pytest.fixture(scope="module")
def base(_served):
    return _served[1]


@pytest.fixture
def ctx(browser, base):
    c = browser.new_context(viewport={"width": 1200, "height": 900})
    c.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    yield c
    c.close()


@pytest.fixture
def pg(ctx):
    p = ctx.new_page()
    p.watcher = Watcher(p)
    return p


class Expect:
    """The site as the build sees it, to compute expected messages in Python."""

    def __init__(self, project: pathlib.Path):
        from macros.site import Site

        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
        self.site = Site(config.get("extra"), project)

    def template(self, tid):
        return self.site.get(tid)

    def message(self, tid: str, raw: dict[str, str]) -> dict[str, str]:
        """compose() with the values as typed (dates as YYYY-MM-DD), trimmed as the form trims them."""
        from macros import locale as L
        from macros.templates import compose

        t = self.template(tid)
        kinds = {f.name: f.kind for f in t.fields}
        values = {}
        for name, value in raw.items():
            value = value.strip()
            values[name] = L.format_date(value, self.site.locale) if value and kinds[name] == "date" else value
        return compose(self.site.parts(t), values)


@pytest.fixture(scope="module")
def expect(project):
    import sys

    sys.path.insert(0, str(project))
    try:
        yield Expect(project)
    finally:
        sys.path.remove(str(project))


# ---------------------------------------------------------------------------
# Helpers


def open_form(page, base, tid):
    ready(page, f"{base}templates/{tid}/")
    page.wait_for_selector(".ati-fill__form")
    return page


def value_of(page, tid: str, name: str, person: int = 1) -> str:
    """What a field holds: its value, or a date's three boxes as YYYY-MM-DD ("" if all are empty)."""
    box = page.locator(fid(tid, name, person))
    if box.evaluate("e => e.tagName") != "FIELDSET":
        return box.input_value()
    day, month, year = (page.locator(fid(tid, name, person) + "-" + k).input_value() for k in ("day", "month", "year"))
    if not (day or month or year):
        return ""
    return f"{year}-{int(month):02d}-{int(day):02d}"


def preview(page, index: int = 0) -> dict[str, str]:
    view = page.locator(".ati-fill__preview").nth(index)
    subject = view.locator(".ati-fill__subject > span")
    return {
        "subject": subject.text_content() if subject.count() else "",
        "text": view.locator(".ati-fill__body").text_content(),
    }


def full(message: dict[str, str]) -> str:
    return message["subject"] + "\n\n" + message["text"] if message["subject"] else message["text"]


def decode_mailto(href: str) -> dict[str, str]:
    assert href.startswith("mailto:?"), href
    query = href[len("mailto:?"):]
    # encodeURIComponent leaves no raw space, '+', '&' or '#' inside a value.
    assert not re.search(r"[ +#\n]", query), "mailto: query is not fully encoded"
    out = {"subject": ""}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        out[key] = urllib.parse.unquote(value, errors="strict")
    assert set(out) <= {"subject", "body"}, out
    return {"subject": out["subject"], "text": out["body"]}


def action(page, name: str, index: int = 0):
    return page.locator(".ati-fill__preview").nth(index).get_by_role("button", name=name)


def mail_link(page, index: int = 0):
    return page.locator(".ati-fill__preview").nth(index).get_by_role("link", name="Open in your email app")


def read_clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def set_clipboard(page, text: str):
    page.evaluate("t => navigator.clipboard.writeText(t)", text)


def copy_through_warning(page, expect_warning: bool, index: int = 0):
    """Select Copy; a length warning blocks once, then the same button goes ahead."""
    action(page, "Copy message", index).click()
    summary = page.locator(".ati-fill__summary")
    if expect_warning:
        summary.wait_for(state="visible")
        assert "Check your message" in summary.text_content()
        action(page, "Copy message", index).click()
    page.locator(".ati-fill__preview").nth(index).locator(".ati-fill__status", has_text="copied").wait_for()
    assert summary.is_hidden()


def download_text(page, button) -> tuple[str, str]:
    with page.expect_download() as info:
        button.click()
    d = info.value
    return d.suggested_filename, pathlib.Path(d.path()).read_text(encoding="utf-8")


def second_template(expect):
    """A shipped template on another channel than email (a letter if there is one)."""
    shipped = [t for t in expect.site.templates if not t.id.startswith("zz-")]
    for channel in ("letter", "recruiter", "phone"):
        for t in shipped:
            if t.channel == channel:
                return t
    pytest.fail("no shipped template on a channel other than email")


def over_limits(t, text_body: str) -> bool:
    from macros.templates import count_lines, count_words

    return count_words(text_body) > t.word_limit or count_lines(text_body) > t.line_limit


def body_only(expect, tid, raw):
    """The filled body part alone (what the word and line counts measure)."""
    from macros import locale as L
    from macros.templates import fill

    t = expect.template(tid)
    kinds = {f.name: f.kind for f in t.fields}
    values = {k: (L.format_date(v.strip(), expect.site.locale) if kinds[k] == "date" and v.strip() else v.strip()) for k, v in raw.items()}
    return fill(expect.site.parts(t)["body"], values)


# ---------------------------------------------------------------------------
# Filling in: preview, copy, email link, download, print


def test_fill_every_field_of_two_templates(pg, base, expect):
    second = second_template(expect)
    for tid in ("thank-you-email", second.id):
        t = expect.template(tid)
        open_form(pg, base, tid)
        held = fill_fields(pg, tid, typed_examples(t))
        want = expect.message(tid, held)
        assert preview(pg) == want
        copy_through_warning(pg, over_limits(t, body_only(expect, tid, held)))
        assert read_clipboard(pg) == full(want)
        assert decode_mailto(mail_link(pg).get_attribute("href")) == want
        name, text = download_text(pg, action(pg, "Download as a text file"))
        assert (name, text) == (f"{tid}.txt", full(want))
    pg.watcher.assert_clean()


def test_every_shipped_template_fills_to_its_example(pg, base, expect):
    """Each template page's form: one labelled control per field, and the examples give the expected message."""
    shipped = [t for t in expect.site.templates if not t.id.startswith("zz-")]
    assert len(shipped) >= 2
    # Each field's control as the page has it, read in one call a template: {id: [controls, legends,
    # its labels' texts]}. A date is a fieldset with one legend and a label for each of its three boxes.
    read = """ids => Object.fromEntries(ids.map(id => {
        const boxes = document.querySelectorAll('#' + CSS.escape(id)), box = boxes[0];
        const labels = !box ? [] : box.tagName === 'FIELDSET' ? [...box.querySelectorAll('label')]
                                                              : [...document.querySelectorAll('label[for="' + id + '"]')];
        return [id, [boxes.length, box ? box.querySelectorAll('legend').length : 0,
                     labels.map(l => l.innerText.trim()).sort()]];
    }))"""
    for t in shipped:
        open_form(pg, base, t.id)
        ids = {f.name: fid(t.id, f.name)[1:] for f in t.fields}
        found = pg.evaluate(read, list(ids.values()))
        for f in t.fields:
            count, legends, labels = found[ids[f.name]]
            assert count == 1, f"{t.id}: {count} controls for {f.name}"
            if f.kind == "date":
                assert (legends, labels) == (1, ["Day", "Month", "Year"]), (t.id, f.name, legends, labels)
            else:
                assert len(labels) == 1, f"{t.id}: {len(labels)} labels for {f.name}"
        held = fill_fields(pg, t.id, typed_examples(t))
        assert preview(pg) == expect.message(t.id, held), t.id
        assert (action(pg, "Print as a letter").count() == 1) == (t.channel == "letter"), t.id
        assert (pg.get_by_role("button", name="Add another interviewer").count() == 1) == ("panel" in t.tags), t.id
    pg.watcher.assert_clean()


def test_preview_updates_per_keystroke_and_marks_gaps(pg, base, expect):
    tid = "thank-you-email"
    t = expect.template(tid)
    open_form(pg, base, tid)
    labels = {f.name: f.label for f in t.fields}
    body = pg.locator(".ati-fill__body")
    # Nothing typed: every required placeholder shows as [Label], marked.
    for f in t.fields:
        if f.required and f.kind != "date":
            assert f"[{labels[f.name]}]" in full(preview(pg))
    assert body.locator(".ati-ph").count() > 0
    pg.locator(fid(tid, "interviewer_name")).press_sequentially("Sam")
    assert "Dear Sam," in body.text_content()
    assert f"[{labels['interviewer_name']}]" not in body.text_content()
    # Hints carry the example as a hint, never as a value.
    box = pg.locator(fid(tid, "role"))
    assert box.input_value() == ""
    hint = pg.locator("#" + box.get_attribute("aria-describedby").split()[0])
    assert f"For example: {t.field_map['role'].example}" in hint.text_content()
    pg.watcher.assert_clean()


def test_hostile_input_is_only_ever_text(pg, base, expect):
    tid = "thank-you-email"
    t = expect.template(tid)
    open_form(pg, base, tid)
    images = pg.evaluate("() => document.images.length")
    raw = {f.name: (HOSTILE if f.kind in ("short-text", "long-text") else str(f.example)) for f in t.fields}
    held = fill_fields(pg, tid, raw)
    long_text = [f.name for f in t.fields if f.kind == "long-text"]
    assert long_text and all("\n" in held[n] for n in long_text), "line breaks did not reach a text area"
    want = expect.message(tid, held)
    got = preview(pg)
    assert got == want
    assert "<script>window.__pwned=1</script>" in got["text"] and "😀👩🏽‍💻 مرحبا" in got["text"]
    copy_through_warning(pg, over_limits(t, body_only(expect, tid, held)))
    assert read_clipboard(pg) == full(want)
    assert decode_mailto(mail_link(pg).get_attribute("href")) == want
    _, text = download_text(pg, action(pg, "Download as a text file"))
    assert text == full(want)
    pg.wait_for_timeout(300)
    assert pg.evaluate("() => window.__pwned") is None
    assert pg.evaluate("() => document.images.length") == images
    assert pg.locator(".ati-fill script, .ati-fill img, .ati-fill b").count() == 0
    pg.watcher.assert_clean()


def test_letter_prints_as_a_letter(pg, base, expect):
    letters = [t for t in expect.site.templates if t.channel == "letter" and not t.id.startswith("zz-")]
    if not letters:
        pytest.skip("no letter template shipped")
    t = letters[0]
    open_form(pg, base, t.id)
    held = fill_fields(pg, t.id, typed_examples(t))
    want = expect.message(t.id, held)
    pg.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    button = action(pg, "Print as a letter")
    button.click()
    if not pg.evaluate("() => window.__printed"):  # a length warning first: select again
        button.click()
    assert pg.evaluate("() => window.__printed") == 1
    pg.emulate_media(media="print")
    try:
        letter = pg.locator("body > .ati-letter")
        assert letter.is_visible()
        assert letter.text_content() == want["text"]
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".ati-fill__form"):
            assert pg.locator(chrome).first.is_hidden(), f"{chrome} shows in the printed letter"
    finally:
        pg.emulate_media(media="screen")
    assert pg.locator("body > .ati-letter").is_hidden()
    # Only letters offer it.
    open_form(pg, base, "thank-you-email")
    assert action(pg, "Print as a letter").count() == 0


def test_copy_falls_back_without_the_clipboard_api(ctx, base, expect):
    page = ctx.new_page()
    page.add_init_script("""
        window.__clip = navigator.clipboard;
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    """)
    tid = "thank-you-email"
    t = expect.template(tid)
    open_form(page, base, tid)
    held = fill_fields(page, tid, typed_examples(t))
    want = expect.message(tid, held)
    copy_through_warning(page, over_limits(t, body_only(expect, tid, held)))
    assert page.evaluate("() => window.__clip.readText()") == full(want)


# ---------------------------------------------------------------------------
# Checks before the message leaves the page


def test_checks_block_copy_and_keep_what_was_typed(pg, base, expect):
    tid = "zz-form-checks"
    open_form(pg, base, tid)
    set_clipboard(pg, "sentinel")
    typed = fill_fields(pg, tid, {"recruiter_name": "Jo <b>", "organisation": "Acme & Co", "interview_date": "2026-11-18",
                                  "your_name": "Alex", "mode": "video"})
    action(pg, "Copy message").click()
    summary = pg.locator(".ati-fill__summary")
    summary.wait_for(state="visible")
    assert summary.get_attribute("role") == "alert"
    assert pg.evaluate("() => document.activeElement.classList.contains('ati-fill__summary')")
    links = {a.get_attribute("href"): a.text_content() for a in summary.locator("a").all()}
    assert links == {
        fid(tid, "role"): "Enter the job title",
        fid(tid, "specific_point"): "Enter one thing you discussed: one detail from the interview makes the message yours",
    }
    for name, message in (("role", "Enter the job title"), ("specific_point", "Enter one thing you discussed")):
        box = pg.locator(fid(tid, name))
        assert box.get_attribute("aria-invalid") == "true"
        error = pg.locator("#" + box.get_attribute("aria-describedby").split()[-1])
        assert error.is_visible() and message in error.text_content()
    for name in ("organisation", "team"):  # filled, or optional and inside an optional part
        assert pg.locator(fid(tid, name)).get_attribute("aria-invalid") is None
    # Nothing left the page, and nothing typed changed.
    assert read_clipboard(pg) == "sentinel"
    assert {n: value_of(pg, tid, n) for n in typed} == typed
    # Email and download are blocked too.
    url = pg.url
    mail_link(pg).click()
    assert pg.url == url and summary.is_visible()
    downloads = []
    pg.on("download", lambda d: downloads.append(d))
    action(pg, "Download as a text file").click()
    pg.wait_for_timeout(400)
    assert downloads == []
    # The summary link takes you to the field; fixing it clears that error only.
    summary.get_by_role("link", name="Enter the job title").click()
    assert pg.evaluate("() => document.activeElement.id") == fid(tid, "role")[1:]
    pg.keyboard.type("Analyst")
    role = pg.locator(fid(tid, "role"))
    assert role.get_attribute("aria-invalid") is None
    assert role.get_attribute("aria-describedby") == fid(tid, "role")[1:] + "-hint"
    assert summary.locator("a").count() == 1
    assert pg.locator(fid(tid, "specific_point")).get_attribute("aria-invalid") == "true"
    # Fill the rest: the copy goes through with exactly the preview.
    typed.update(fill_fields(pg, tid, {"specific_point": "the survey"}))
    typed["role"] = "Analyst"
    assert summary.is_hidden()
    want = expect.message(tid, typed)
    assert preview(pg) == want
    copy_through_warning(pg, False)
    assert read_clipboard(pg) == full(want)
    pg.watcher.assert_clean()


def test_a_gap_outside_an_optional_part_blocks_copy(pg, base):
    """The build rejects such templates; the form still checks, in case a data block has one."""
    open_form(pg, base, "zz-form-checks")
    pg.evaluate("""() => {
        const orig = document.querySelector('.ati-fill');
        const block = orig.querySelector('template').content.querySelector('script.ati-template-data');
        const data = JSON.parse(block.textContent);
        // Take the optional part round [team] out of its brackets.
        data.parts.body = data.parts.body.flatMap(t => t.opt && t.opt.some(x => x.f === 'team') ? t.opt : [t]);
        // A fresh copy of the page's form, mounted with the crafted data in place of the original.
        const root = orig.cloneNode(true);
        root.id = 'crafted';
        root.querySelectorAll('.ati-vh[role=status]').forEach(e => e.remove());
        orig.replaceWith(root);
        new ATI.FillIn(root, data);
    }""")
    tid = "zz-form-checks"
    root = pg.locator("#crafted")
    fill_fields(pg, tid, {"recruiter_name": "Jo", "role": "Analyst", "organisation": "Acme", "interview_date": "2026-11-18",
                          "your_name": "Alex", "specific_point": "the survey"})
    assert "I met [Team]." in root.locator(".ati-fill__body").text_content()
    root.get_by_role("button", name="Copy message").click()
    summary = root.locator(".ati-fill__summary")
    summary.wait_for(state="visible")
    assert [a.text_content() for a in summary.locator("a").all()] == ["Enter the team: the message has a gap for it"]
    assert pg.locator(fid(tid, "team")).get_attribute("aria-invalid") == "true"
    pg.locator(fid(tid, "team")).fill("the data team")
    assert summary.is_hidden()
    assert "I met the data team." in root.locator(".ati-fill__body").text_content()


def test_length_is_counted_live_and_warns_once(pg, base, expect):
    tid = "zz-form-checks"
    t = expect.template(tid)
    pg.clock.install()  # time runs as usual until paused below; then only when the test moves it on
    open_form(pg, base, tid)
    set_clipboard(pg, "sentinel")
    values = typed_examples(t)
    values["specific_point"] = " ".join(["word"] * 60) + "\nand\nmore\nlines\nhere\nstill\nmore"
    held = fill_fields(pg, tid, values)
    body = body_only(expect, tid, held)
    from macros.templates import count_lines, count_words

    count = pg.locator(".ati-fill__count")
    words, lines = count_words(body), count_lines(body)
    assert count.text_content().startswith(f"{words} words and {lines} lines in the body. Aim for {t.word_limit} words")
    assert "longer than we suggest" in count.text_content()
    # The count is announced politely, once typing pauses (1.2 s), not on every keystroke. The page's clock
    # stops here (the filling's own announcement falls due as it jumps 2 s on), so a slow machine cannot
    # pause the typing by itself: in CI, 1.2 s once passed between the filling and the check.
    live = pg.locator(".ati-fill > [role=status]")
    pg.clock.pause_at(pg.evaluate("Date.now()") + 2000)
    before = live.text_content()
    assert before == count.text_content()
    team = pg.locator(fid(tid, "team"))
    team.press("End")
    team.press_sequentially(" too")
    assert count.text_content().startswith(f"{words + 1} words"), "the visible count did not follow the typing"
    pg.clock.run_for(1100)
    assert live.text_content() == before, "announced before the reader paused"
    pg.clock.run_for(200)
    assert live.text_content() == count.text_content()
    # A warning, not an error: it blocks once, then the reader may go ahead.
    action(pg, "Copy message").click()
    summary = pg.locator(".ati-fill__summary")
    summary.wait_for(state="visible")
    assert "Check your message" in summary.text_content() and "select the same button again" in summary.text_content()
    assert f"{t.word_limit} words" in summary.text_content()
    assert read_clipboard(pg) == "sentinel"
    assert pg.locator("[aria-invalid=true]").count() == 0
    action(pg, "Copy message").click()
    pg.locator(".ati-fill__status", has_text="copied").wait_for()
    assert read_clipboard(pg) == full(preview(pg))


# ---------------------------------------------------------------------------
# Details that carry across templates


SHARED = {"your_name": "Alex Morgan", "role": "Junior Data Analyst", "organisation": "Northfield & Co", "interview_date": "2026-11-18"}


def test_details_carry_across_templates_in_the_tab_only(browser, base, expect):
    first = browser.new_context()
    page = first.new_page()
    open_form(page, base, "thank-you-email")
    fill_fields(page, "thank-you-email", SHARED)
    open_form(page, base, "zz-form-checks")
    for name, value in SHARED.items():
        assert value_of(page, "zz-form-checks", name) == value
    assert value_of(page, "zz-form-checks", "recruiter_name") == ""
    assert "Northfield & Co" in preview(page)["subject"]
    # Reopening the browser on this device: localStorage survives, sessionStorage does not.
    state = first.storage_state()
    first.close()
    second = browser.new_context(storage_state=state)
    page = second.new_page()
    open_form(page, base, "zz-form-checks")
    assert all(value_of(page, "zz-form-checks", n) == "" for n in SHARED)
    second.close()


def test_remember_keeps_details_until_cleared(browser, base):
    first = browser.new_context()
    page = first.new_page()
    open_form(page, base, "thank-you-email")
    fill_fields(page, "thank-you-email", SHARED)
    page.get_by_label("Remember my details on this device").check()
    state = first.storage_state()
    first.close()
    second = browser.new_context(storage_state=state)
    page = second.new_page()
    open_form(page, base, "zz-form-checks")
    for name, value in SHARED.items():
        assert value_of(page, "zz-form-checks", name) == value
    assert page.get_by_label("Remember my details on this device").is_checked()
    # Clear: the shared fields empty, the preview follows, and storage holds nothing.
    page.locator(fid("zz-form-checks", "team")).fill("the data team")
    page.get_by_role("button", name="Clear my details").click()
    assert all(value_of(page, "zz-form-checks", n) == "" for n in SHARED)
    assert value_of(page, "zz-form-checks", "team") == "the data team"
    assert "[Job title]" in preview(page)["subject"]
    assert not page.get_by_label("Remember my details on this device").is_checked()
    stored = page.evaluate("() => JSON.stringify([Object.keys(localStorage), Object.keys(sessionStorage)])")
    assert "ati:" not in stored, stored
    open_form(page, base, "thank-you-email")
    assert all(value_of(page, "thank-you-email", n) == "" for n in SHARED)
    second.close()


# ---------------------------------------------------------------------------
# Panels


def test_panel_gives_one_message_per_interviewer(pg, base, expect):
    tid = "zz-form-panel"
    open_form(pg, base, tid)
    common = fill_fields(pg, tid, {"role": "Analyst", "organisation": "Acme", "interview_date": "2026-11-18", "your_name": "Alex"})
    one = fill_fields(pg, tid, {"interviewer_name": "Ms Patel", "specific_point": "the survey"})
    pg.get_by_role("button", name="Add another interviewer").click()
    assert pg.evaluate("() => document.activeElement.id") == fid(tid, "interviewer_name", 2)[1:]
    assert pg.locator(".ati-fill__person > legend").all_text_contents() == ["Interviewer 1", "Interviewer 2"]
    two = fill_fields(pg, tid, {"interviewer_name": "Mr Jones", "specific_point": "the survey"}, person=2)
    assert pg.locator(".ati-fill__preview").count() == 2
    want1, want2 = expect.message(tid, {**common, **one}), expect.message(tid, {**common, **two})
    assert preview(pg, 0) == want1 and preview(pg, 1) == want2
    # Same point for both: warned on both.
    warnings = pg.locator(".ati-fill__warning")
    assert warnings.nth(1).is_visible() and "same point as the one for interviewer 1" in warnings.nth(1).text_content()
    # Identical messages: warned as identical, and copying needs a second press.
    pg.locator(fid(tid, "interviewer_name", 2)).fill("Ms Patel")
    assert "is the same as the one for interviewer 1" in warnings.nth(1).text_content()
    set_clipboard(pg, "sentinel")
    action(pg, "Copy message", 1).click()
    assert "same as the one for interviewer 1" in pg.locator(".ati-fill__summary").text_content()
    assert read_clipboard(pg) == "sentinel"
    # A different point clears the warning; each message has its own actions.
    two = fill_fields(pg, tid, {"interviewer_name": "Mr Jones", "specific_point": "the new office"}, person=2)
    want2 = expect.message(tid, {**common, **two})
    assert warnings.nth(0).is_hidden() and warnings.nth(1).is_hidden()
    copy_through_warning(pg, False, index=1)
    assert read_clipboard(pg) == full(want2)
    assert decode_mailto(mail_link(pg, 1).get_attribute("href")) == want2
    assert decode_mailto(mail_link(pg, 0).get_attribute("href")) == want1
    assert download_text(pg, action(pg, "Download as a text file", 1)) == (f"{tid}-2.txt", full(want2))
    # Shared fields are shared: one edit changes both messages.
    pg.locator(fid(tid, "role")).fill("Lead")
    assert all("Lead" in preview(pg, i)["subject"] for i in (0, 1))
    # Remove the second interviewer.
    pg.get_by_role("button", name="Remove this interviewer").click()
    assert pg.locator(".ati-fill__preview").count() == 1
    assert pg.locator(".ati-fill__person").count() == 1
    pg.watcher.assert_clean()


# ---------------------------------------------------------------------------
# Progressive enhancement, instant navigation, file://, en-US


def test_without_javascript_the_text_stays_and_no_form(browser, base, expect):
    c = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    try:
        page = c.new_page()
        page.goto(base + "templates/thank-you-email/")
        t = expect.template("thank-you-email")
        message = page.locator(".ati-message")
        assert message.count() == 1 and message.is_visible()
        first_words = " ".join(t.body.split()[:3])
        assert first_words in message.text_content()
        assert page.locator(".ati-fill").count() == 1
        # The form and the buttons are in the HTML for the script, but nothing of them shows.
        for sel in (".ati-fill input", ".ati-fill textarea", ".ati-fill button", ".ati-fill__actions a", ".ati-fill__inputs h2"):
            assert all(not e.is_visible() for e in page.locator(sel).all()), f"{sel} shows without JavaScript"
        # What shows says what is there: no copy button to point to, and that the form needs JavaScript.
        shown = page.locator(".ati-fill").inner_text()
        assert "needs JavaScript" in shown
        assert "button" not in shown.lower()
        assert "[square brackets]" in shown
    finally:
        c.close()


def _instant_go(page, href):
    page.evaluate("""href => {
        const a = document.createElement('a');
        a.href = href; a.id = 'ati-test-link'; a.textContent = 'go';
        document.querySelector('.md-content').append(a);
    }""", href)
    follow(page, page.locator("#ati-test-link"))  # a click before Material can swap pages would load the page afresh


def test_instant_navigation_there_and_back(pg, base, expect):
    a, b = "thank-you-email", "zz-form-checks"
    open_form(pg, base, a)
    pg.evaluate("() => { window.__same_document = true; }")
    _instant_go(pg, f"../{b}/")
    # The form is in the page's HTML; wait until the swapped-in page's script has started it.
    pg.wait_for_selector(f"[data-module='ati-fill'][data-template-id='{b}'][data-mounted] {fid(b, 'role')}")
    pg.locator(fid(b, "role")).fill("Analyst")
    assert "Analyst at" in preview(pg)["subject"]
    pg.go_back()
    pg.wait_for_selector(f"[data-module='ati-fill'][data-template-id='{a}'][data-mounted] {fid(a, 'interviewer_name')}")
    assert pg.evaluate("() => window.__same_document === true"), "instant navigation reloaded the page"
    assert pg.locator(".ati-fill__form").count() == 1
    assert pg.locator(".ati-fill__preview").count() == 1
    pg.locator(fid(a, "interviewer_name")).press_sequentially("Sam")
    assert "Dear Sam," in preview(pg)["text"]
    # The role typed on the other template carried over.
    assert value_of(pg, a, "role") == "Analyst"
    pg.watcher.assert_clean()


def test_works_from_file_urls(browser, form_site, expect):
    c = browser.new_context()
    try:
        page = c.new_page()
        watcher = Watcher(page)
        page.goto((form_site / "templates" / "thank-you-email" / "index.html").as_uri())
        page.wait_for_selector(".ati-fill__form")
        t = expect.template("thank-you-email")
        held = fill_fields(page, "thank-you-email", typed_examples(t))
        want = expect.message("thank-you-email", held)
        assert preview(page) == want
        button = action(page, "Download as a text file")
        if over_limits(t, body_only(expect, "thank-you-email", held)):
            button.click()  # the length warning blocks once
            page.locator(".ati-fill__summary").wait_for(state="visible")
        assert download_text(page, button) == ("thank-you-email.txt", full(want))
        assert watcher.foreign == []
    finally:
        c.close()


@pytest.mark.dates
def test_dates_follow_the_site_not_the_browser_language(browser, base):
    """An en-US browser on the en-GB site: day 18, month 11 is 18 November, never 11 December."""
    c = browser.new_context(locale="en-US", timezone_id="America/New_York")
    try:
        page = c.new_page()
        open_form(page, base, "zz-form-checks")
        tid = "zz-form-checks"
        assert page.locator(fid(tid, "interview_date") + " label").all_inner_texts() == ["Day", "Month", "Year"]
        page.get_by_label("Day").fill("18")
        page.get_by_label("Month").fill("11")
        page.get_by_label("Year").fill("2026")
        assert "I spoke to them on 18 November 2026." in preview(page)["text"]
        # 31 February: an error on that field, and every other field keeps its value.
        fill_fields(page, tid, {"recruiter_name": "Jo", "role": "Analyst", "team": "the data team"})
        page.get_by_label("Day").fill("31")
        page.get_by_label("Month").fill("2")
        page.get_by_label("Year").fill("2026")
        page.get_by_label("Year").press("Tab")
        error = page.locator(fid(tid, "interview_date") + "-error")
        assert error.is_visible() and "Interview date must be a real date" in error.inner_text()
        group = page.locator(f'[data-field="{fid(tid, "interview_date")[1:]}"]')
        assert "ati-field--error" in group.get_attribute("class")
        assert page.locator(fid(tid, "interview_date")).get_attribute("aria-describedby").split()[-1] == error.get_attribute("id")
        assert "[Interview date]" in preview(page)["text"], "an impossible date never reaches the message"
        assert {n: value_of(page, tid, n) for n in ("recruiter_name", "role", "team")} == \
            {"recruiter_name": "Jo", "role": "Analyst", "team": "the data team"}
        assert [page.get_by_label(k).input_value() for k in ("Day", "Month", "Year")] == ["31", "2", "2026"]
        # Copy lists it in the summary, linked to the first box.
        action(page, "Copy message").click()
        link = page.locator(".ati-fill__summary a", has_text="real date")
        assert link.get_attribute("href") == fid(tid, "interview_date") + "-day"
        page.get_by_label("Day").fill("28")
        page.get_by_label("Day").press("Tab")
        assert not error.is_visible()
        assert "I spoke to them on 28 February 2026." in preview(page)["text"]
    finally:
        c.close()


@pytest.mark.dates
def test_us_build_formats_dates_the_us_way(browser, project, tmp_path):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(r"^  locale: en-GB", text, re.M), "could not find extra.locale in mkdocs.yml"
    us = project / "mkdocs-us.yml"
    us.write_text(re.sub(r"^  locale: en-GB", "  locale: en-US", text, flags=re.M), encoding="utf-8")
    out = tmp_path / "us-site"
    # A British browser on a US site: the boxes and the message follow the site, not the browser.
    c = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    try:
        page = c.new_page()
        with build_and_serve(us, out) as url:
            open_form(page, url, "zz-form-checks")
            fill_fields(page, "zz-form-checks", {"interview_date": "2026-11-18"})
            assert "I spoke to them on November 18, 2026." in preview(page)["text"]
            assert "Best regards," in preview(page)["text"]
            hint = page.locator(fid("zz-form-checks", "interview_date") + "-hint")
            assert "For example, 11 18 2026" in hint.text_content()
            boxes = page.locator(fid("zz-form-checks", "interview_date") + " label").all_inner_texts()
            assert boxes == ["Month", "Day", "Year"]
    finally:
        c.close()


# ---------------------------------------------------------------------------
# Accessibility, quiet pages, and the code itself


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_empty_with_errors_and_filled(browser, base, expect, scheme):
    c = browser.new_context(color_scheme=scheme)
    try:
        page = c.new_page()
        watcher = Watcher(page)
        tid = "zz-form-checks"
        open_form(page, base, tid)
        assert_no_axe_violations(page, f"with the form empty ({scheme})")
        action(page, "Copy message").click()
        page.locator(".ati-fill__summary").wait_for(state="visible")
        assert_no_axe_violations(page, f"with errors shown ({scheme})")
        fill_fields(page, tid, typed_examples(expect.template(tid)))
        assert_no_axe_violations(page, f"with the form filled ({scheme})")
        open_form(page, base, "zz-form-panel")
        page.get_by_role("button", name="Add another interviewer").click()
        assert_no_axe_violations(page, f"on a panel with two interviewers ({scheme})")
        watcher.assert_clean()
    finally:
        c.close()


def test_keyboard_only_reaches_every_control(pg, base):
    tid = "zz-form-checks"
    open_form(pg, base, tid)
    pg.locator(fid(tid, "recruiter_name")).focus()
    reached = set()
    for _ in range(40):
        reached.add(pg.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        pg.keyboard.press("Tab")
    for name in ("role", "team", "specific_point", "mode", "interview_date-day", "interview_date-month",
                 "interview_date-year", "your_name"):
        assert fid(tid, name)[1:] in reached
    for label in ("Clear my details", "Copy message", "Open in your email app", "Download as a text file"):
        assert label in reached


def test_script_is_small_and_sets_no_html():
    source = JS.read_text(encoding="utf-8")
    assert "innerHTML" not in source and "outerHTML" not in source and "insertAdjacentHTML" not in source
    assert not re.search(r"\beval\(|new Function\(|document\.write", source)
    assert not re.search(r"setAttribute\(\s*['\"]on", source)
    # The commented source; the site serves it minified (mkdocs-minify-plugin, macros/assets.py).
    assert len(gzip.compress(source.encode("utf-8"), 9)) < 9 * 1024
