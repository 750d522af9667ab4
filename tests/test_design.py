"""The site-wide design in a real Chromium (issue 9): button contrast in every
state and both schemes, focus after instant navigation, focus clear of the
sticky header, tables on phones, target sizes, one error style, and the
candidates' navigation without the careers-service pages.

Contrast is computed here from getComputedStyle (WCAG 2.2 formula), walking up
the tree for a transparent background; axe-core does not see hover or focus.
"""

from __future__ import annotations

import datetime

import pytest

from macros.templates import load_templates
from support import (GUIDE_PAGES, HOST_PAGES, ROOT, assert_no_axe_violations, built_pages, built_path,
                     fill_fields, follow, one_tab, pin_clock, read_page, ready, typed_examples)


# The planner works out dates from "today": its pages get this clock, never the real one (issue 19).
PLANNER_CLOCK = "2026-12-12T10:00:00"  # a Saturday

TEMPLATE = "templates/thank-you-email/"
BUTTONS = ".md-typeset .md-button, .md-typeset button, .md-top"

# In the page: WCAG contrast of an element's text against what is behind it.
CONTRAST_JS = """
(el) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const background = (node) => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    if (layers.length && layers[layers.length - 1][3] >= 1) bg = layers.pop();
    while (layers.length) bg = over(layers.pop(), bg);
    return bg;
  };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const bg = background(el);
  let fg = parse(getComputedStyle(el).color);
  if (fg[3] < 1) fg = over(fg, bg);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return { ratio: (a + 0.05) / (b + 0.05), fg: getComputedStyle(el).color, bg: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')',
           text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) };
}
"""


def _url(site_url: str, src: str) -> str:
    return site_url + built_path(src).removesuffix("index.html")


def _open(browser, site_url, path, scheme="light", width=1280, height=800):
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    page = ctx.new_page()
    if path.startswith("planner"):
        pin_clock(page, PLANNER_CLOCK)
    ready(page, site_url + path)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    return ctx, page


def _plan(page):
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    soon = datetime.date.fromisoformat(PLANNER_CLOCK[:10]) + datetime.timedelta(days=7)
    page.fill("#planner-interview-date-day", str(soon.day))
    page.fill("#planner-interview-date-month", str(soon.month))
    page.fill("#planner-interview-date-year", str(soon.year))
    page.fill("#planner-interview-time", "11:00")
    page.fill("#planner-employer", "Northfield Housing Trust")
    page.check("#planner-decision-no")
    page.check("#planner-route-direct")
    page.click(".ati-planner__submit")
    page.wait_for_selector(".ati-plan__calendar")


def _planner_errors(page):
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    page.click(".ati-planner__submit")
    page.wait_for_selector(".ati-pl-error-summary:not([hidden])")


def _template_errors(page):
    page.wait_for_selector(".ati-fill__form")
    page.locator(".ati-fill button", has_text="Copy").first.click()
    page.wait_for_selector(".ati-fill__summary:not([hidden])")


STATES = {
    "home": ("", None),
    "gallery": ("templates/", None),
    "template": (TEMPLATE, lambda p: p.wait_for_selector(".ati-fill__form")),
    "template-errors": (TEMPLATE, _template_errors),
    "planner-plan": ("planner/", _plan),
    "planner-errors": ("planner/", _planner_errors),
}


# In the page, at rest or focused: each visible button's contrast (CONTRAST_JS), in one call. Visible as
# Playwright means it: a box of some size, not visibility: hidden.
EACH_BUTTON_JS = f"""([selector, focus]) => {{
  const contrast = {CONTRAST_JS.strip()};
  const out = [];
  for (const el of document.querySelectorAll(selector)) {{
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (focus) el.focus();
    out.push({{...contrast(el), focusVisible: el.matches(':focus-visible')}});
    if (focus) el.blur();
  }}
  return out;
}}"""


def _measure(page, state: str) -> list[str]:
    """Every visible button's contrast in one state; returns the failures."""
    if state == "hover":  # a real pointer over each button in turn
        results = []
        for i in range(page.locator(BUTTONS).count()):
            button = page.locator(BUTTONS).nth(i)
            if button.is_visible():
                button.hover()
                results.append(button.evaluate(CONTRAST_JS))
        page.mouse.move(0, 0)
    else:
        if state == "focus":
            page.keyboard.press("Shift")  # the last input was a key: focus shows as keyboard focus
        results = page.evaluate(EACH_BUTTON_JS, [BUTTONS, state == "focus"])
    failures = []
    for result in results:
        if state == "focus":
            assert result["focusVisible"], f"{result['text']!r}: programmatic focus should look like keyboard focus"
        # Icon-only buttons (Material's copy icon) are graphics: 3:1 (WCAG 1.4.11); text 4.5:1.
        if result["ratio"] < (4.5 if result["text"] else 3):
            failures.append(f"{result['text']!r} {state}: {result['ratio']:.2f}:1 ({result['fg']} on {result['bg']})")
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", [pytest.param(w, marks=pytest.mark.dates) if w == "planner-plan" else w for w in STATES])
def test_every_button_reads_at_rest_on_hover_and_on_focus(browser, site_url, where, scheme):
    path, setup = STATES[where]
    ctx, page = _open(browser, site_url, path, scheme)
    try:
        if setup:
            setup(page)
        assert page.locator(BUTTONS).count() > 0
        failures = []
        for state in ("rest", "hover", "focus"):
            failures += _measure(page, state)
        assert failures == [], f"{where} ({scheme}): buttons under 4.5:1:\n" + "\n".join(failures)
        assert_no_axe_violations(page, f"on {where} ({scheme})")
    finally:
        ctx.close()


def test_focus_moves_into_the_new_page_after_instant_navigation(browser, site_url):
    ctx, page = _open(browser, site_url, "")
    try:
        page.evaluate("() => { window.__same_document = true; }")
        follow(page, page.locator('.md-content a[href$="planner/"]').first)
        page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
        assert page.evaluate("() => window.__same_document === true"), "instant navigation is off"
        page.wait_for_function("() => document.activeElement && document.activeElement !== document.body")
        inside = page.evaluate("() => !!document.activeElement.closest('.md-content') && document.activeElement.tagName")
        assert inside == "H1", f"focus is on {inside!r}, not the new page's h1"
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('.md-content')"), "the next Tab left the content"
    finally:
        ctx.close()


def _header_overlaps(page) -> str | None:
    return page.evaluate("""() => {
      const el = document.activeElement, header = document.querySelector('.md-header');
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect(), h = header.getBoundingClientRect();
      return r.top < h.bottom - 0.5 && r.bottom > h.top ? (el.id || el.tagName) + ' top ' + r.top + ' under header bottom ' + h.bottom : null;
    }""")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path,selector", [(TEMPLATE, ".ati-fill__form"), ("planner/", ".ati-planner[data-mounted] .ati-planner__form")])
def test_tabbing_both_ways_never_hides_focus_under_the_header(browser, site_url, path, selector, width):
    ctx, page = _open(browser, site_url, path, width=width, height=812 if width == 375 else 800)
    try:
        page.wait_for_selector(selector)
        form = selector.split(":")[0]
        count = page.evaluate("(s) => document.querySelectorAll(s + ' input, ' + s + ' button, ' + s + ' textarea, ' + s + ' select, ' + s + ' a').length", form)
        assert count > 3
        page.locator(form).locator("input, textarea, select, button").first.focus()
        problems, seen = [], 0
        for key in ["Tab"] * (count + 2) + ["Shift+Tab"] * (count + 2):
            page.keyboard.press(key)
            if not page.evaluate("(s) => !!document.activeElement.closest(s)", form):
                continue
            seen += 1
            problem = _header_overlaps(page)
            if problem:
                problems.append(f"{key}: {problem}")
        assert seen > count, "the keyboard did not move through the form"
        assert problems == []
    finally:
        ctx.close()


PAGES = [""] + [built_path(p).removesuffix("index.html") for p in GUIDE_PAGES[1:]] + ["templates/", TEMPLATE, "planner/"]


@pytest.fixture(scope="module")
def phone_tab(browser):
    """One 375 px tab for the read-only table checks (support.one_tab)."""
    with one_tab(browser, viewport={"width": 375, "height": 812}) as page:
        pin_clock(page, PLANNER_CLOCK)  # for the planner page; the other pages show no date from the clock
        yield page


@pytest.mark.parametrize("path", PAGES)
def test_no_table_is_wider_than_a_phone(phone_tab, site_url, path):
    page = phone_tab
    ready(page, site_url + path)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    wide = page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(t => t.getBoundingClientRect().width > 0)
        .map(t => [t.getBoundingClientRect().right, t.scrollWidth, t.getBoundingClientRect().width])
        .filter(([right, scroll, width]) => right > innerWidth + 0.5 || scroll > width + 1)""")
    assert wide == [], f"{path}: tables wider than 375 px: {wide}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    if page.locator("table[data-ati-stack]").count():
        labels = page.evaluate("() => [...document.querySelectorAll('table[data-ati-stack] td')].filter(td => !td.dataset.label).length")
        assert labels == 0, "a stacked cell has no column label"
        edges = page.evaluate("""() => [document.querySelector('.md-content table[data-ati-stack]').getBoundingClientRect().left,
            document.querySelector('.md-content article p, .md-content p').getBoundingClientRect().left]""")
        assert abs(edges[0] - edges[1]) <= 1, f"{path}: the stacked table is indented from the text: {edges}"


@pytest.mark.parametrize("path", ["guide/timing/", "hosts/"])
def test_tables_keep_materials_table_style_on_a_desktop(browser, site_url, path):
    """Marking a table for phones must not strip its borders and header row on a desktop."""
    ctx, page = _open(browser, site_url, path, width=1280, height=800)
    try:
        page.wait_for_selector("table[data-ati-stack]")
        style = page.evaluate("""() => { const t = document.querySelector('.md-content table');
            const th = t.querySelector('th'), td = t.querySelector('tbody td');
            return {display: getComputedStyle(t).display, thAlign: getComputedStyle(th).textAlign,
                    tdBorder: getComputedStyle(td).borderTopWidth, thWeight: getComputedStyle(th).fontWeight}; }""")
        assert style["display"] == "inline-block", f"{path}: {style}"
        assert style["thAlign"] in ("left", "start") and int(style["thWeight"]) >= 700, f"{path}: {style}"
        assert float(style["tdBorder"].removesuffix("px")) > 0, f"{path}: body cells lost their rules: {style}"
    finally:
        ctx.close()


@pytest.mark.parametrize("path,setup", [(TEMPLATE, lambda p: p.wait_for_selector(".ati-fill__form")),
                                        ("planner/", lambda p: p.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")),
                                        ("check/", lambda p: p.wait_for_selector(".ati-checker[data-mounted] #ck-form"))])
def test_checkboxes_and_radios_are_big_enough(browser, site_url, path, setup):
    ctx, page = _open(browser, site_url, path, width=375, height=812)
    try:
        setup(page)
        sizes = page.evaluate("""() => [...document.querySelectorAll('.md-content input[type=checkbox], .md-content input[type=radio]')]
            .filter(i => i.getBoundingClientRect().width > 0)
            .map(i => [i.id, i.getBoundingClientRect().width, i.getBoundingClientRect().height])""")
        assert sizes, "no checkbox or radio found"
        small = [s for s in sizes if s[1] < 24 or s[2] < 24]
        assert small == [], f"under 24x24: {small}"
    finally:
        ctx.close()


def _checker_errors(page):
    page.wait_for_selector(".ati-checker[data-mounted] #ck-form")
    page.click("#ck-check")
    page.wait_for_selector("#ck-errors:not([hidden])")


def _date_part_error(page):
    """The planner's date with its month left out: only that box is at fault (GOV.UK's date input)."""
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    page.fill("#planner-interview-date-day", "12")
    page.fill("#planner-interview-date-year", "2026")
    page.click(".ati-planner__submit")
    page.wait_for_selector(".ati-pl-error-summary:not([hidden])")


def _colour_of(page, variable: str) -> str:
    """A colour variable as getComputedStyle gives colours (rgb(...)), read inside the page's content."""
    return page.evaluate("""v => { const d = document.createElement('i'); d.style.color = 'var(' + v + ')';
      document.querySelector('.md-typeset').append(d); const c = getComputedStyle(d).color; d.remove(); return c; }""", variable)


# The look of a text box, read from getComputedStyle: one set of values on every form. (Not line-height:
# Chromium computes "normal" for a select whatever the style says.)
LOOK_JS = """() => [...document.querySelectorAll('.md-content input:not([type=checkbox]):not([type=radio]):not([type=hidden]), .md-content textarea, .md-content select')]
  .filter(i => i.getBoundingClientRect().width > 0)
  .map(i => { const c = getComputedStyle(i); return {id: i.id || i.className, cls: i.classList.contains('ati-input'),
    invalid: i.getAttribute('aria-invalid') === 'true', border: c.borderTopColor,
    look: [c.borderTopWidth, c.borderTopStyle, c.borderRightWidth, c.borderTopLeftRadius, c.fontSize, c.fontFamily,
           c.paddingTop, c.paddingLeft, c.color, c.backgroundColor].join(' | ')}; })"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path,setup", [(TEMPLATE, _template_errors), ("planner/", _planner_errors),
                                        ("planner/", _date_part_error), ("check/", _checker_errors)],
                         ids=["template", "planner", "planner-one-date-box", "checker"])
def test_every_box_at_fault_and_only_those_has_the_red_border(browser, site_url, path, setup, scheme):
    """Every form marks a box at fault with aria-invalid, and site.css's one rule makes exactly those red."""
    ctx, page = _open(browser, site_url, path, scheme)
    try:
        setup(page)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # a focused box shows its focus style
        boxes = page.evaluate(LOOK_JS)
        error, text = (_colour_of(page, "--ati-error"), _colour_of(page, "--md-default-fg-color"))
        at_fault = [b for b in boxes if b["invalid"]]
        assert at_fault, f"no box marked aria-invalid: {boxes}"
        assert [b["id"] for b in at_fault if b["border"] != error] == [], f"boxes at fault without the error colour {error}"
        assert [b["id"] for b in boxes if not b["invalid"] and b["border"] == error] == [], "a box not at fault shows red"
        assert all(b["border"] == text for b in boxes if not b["invalid"]), "a box not at fault lost its border colour"
        if setup is _date_part_error:
            date = [b["id"] for b in at_fault if b["id"].startswith("planner-interview-date-")]
            assert date == ["planner-interview-date-month"], at_fault
        summary = {"check/": ".ati-ck-error-summary", "planner/": ".ati-pl-error-summary"}.get(path, ".ati-fill__summary")
        heading = page.evaluate("(s) => getComputedStyle(document.querySelector(s + ' h2, ' + s + ' h3')).fontWeight", summary)
        assert int(heading) >= 700
        if path != "check/":
            assert page.evaluate("(s) => getComputedStyle(document.querySelector(s + ' ul')).listStyleType", summary) == "none"
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_form_has_one_text_box_look(browser, site_url, scheme):
    """The template form (and its copy box), the planner, the checker and the gallery filter: every visible
    text box, text area and select is site.css's .ati-input, and they all compute to the same look."""
    looks = {}
    for path, setup in ((TEMPLATE, _copy_box), ("planner/", lambda p: p.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")),
                        ("check/", lambda p: p.wait_for_selector(".ati-checker[data-mounted] #ck-form")),
                        ("templates/", lambda p: p.wait_for_selector("[data-module=ati-gallery-filter][data-mounted]"))):
        ctx, page = _open(browser, site_url, path, scheme, width=375, height=812)
        try:
            setup(page)
            boxes = page.evaluate(LOOK_JS)
            assert boxes, f"no text box on {path}"
            assert [b["id"] for b in boxes if not b["cls"]] == [], f"{path}: boxes without .ati-input"
            for b in boxes:
                looks.setdefault(b["look"], []).append(f"{path}#{b['id']}")
        finally:
            ctx.close()
    assert len(looks) == 1, "more than one text-box look:\n" + "\n".join(f"{k}: {v[:4]}" for k, v in looks.items())


def _copy_box(page):
    """The template page with its "select the message" box showing: fill-in.js makes it when copying fails."""
    page.add_init_script("""Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
                            document.execCommand = () => false;""")
    page.reload()
    page.wait_for_selector("[data-module=ati-fill][data-mounted]")
    [t] = [t for t in load_templates(ROOT / "templates") if t.id == TEMPLATE.split("/")[1]]
    fill_fields(page, t.id, typed_examples(t))
    for _ in range(2):  # a length warning blocks once
        if page.locator(".ati-fill__spare:not([hidden])").count():
            break
        page.get_by_role("button", name="Copy message").first.click()
    page.wait_for_selector(".ati-fill__spare:not([hidden])")


def test_every_built_pages_text_boxes_carry_the_one_class(site_dir):
    """Every built page, read as HTML: each text input, text area and select in the content has .ati-input."""
    from html.parser import HTMLParser

    class Boxes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("textarea", "select") or (tag == "input" and a.get("type", "text") not in ("checkbox", "radio", "hidden", "submit", "button")):
                self.found.append((a.get("id") or a.get("name") or tag, "ati-input" in (a.get("class") or "").split()))

    missing, total = [], 0
    for rel in built_pages(site_dir):
        html = (site_dir / rel).read_text(encoding="utf-8")
        if 'class="md-content"' not in html:
            continue
        parser = Boxes()
        parser.feed(html.split('class="md-content"', 1)[1])
        total += len(parser.found)
        missing += [f"{rel}: {name}" for name, ok in parser.found if not ok]
    assert total >= 10, f"only {total} text boxes found in the built pages"
    assert missing == [], missing


def test_candidates_navigation_leaves_out_the_careers_service_pages(site_dir):
    host_urls = ["hosts/" if p == "hosts/index.md" else built_path(p).removesuffix("index.html") for p in HOST_PAGES]
    for src in GUIDE_PAGES + ["templates/index.md", "planner.md"]:
        html = read_page(site_dir, src)
        sidebar = html.split('class="md-sidebar md-sidebar--primary"', 1)[1].split('class="md-sidebar md-sidebar--secondary"', 1)[0]
        linked = [u for u in host_urls if f'{u}"' in sidebar]
        assert linked == [], f"{src}: the sidebar links to careers-service pages {linked}"
        footer = html.split('class="md-copyright"', 1)[1]
        assert 'hosts/"' in footer and 'hosts/privacy/"' in footer, f"{src}: the footer lacks the careers-service or privacy link"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_first_phone_screen_holds_the_two_main_actions(browser, site_url, scheme):
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page = ctx.new_page()
    try:
        ready(page, site_url)
        for name, href in (("Write your message", "templates/"), ("Plan your follow-ups", "planner/")):
            link = page.get_by_role("link", name=name, exact=True)
            box = link.bounding_box()
            assert link.get_attribute("href").endswith(href), name
            assert box["y"] + box["height"] <= 812, f"{name} is below the first phone screen"
            assert box["height"] >= 44 and box["width"] >= 200, f"{name} is not button-sized: {box}"
        assert_no_axe_violations(page, f"home ({scheme})")
    finally:
        ctx.close()
