"""The offline / intranet edition: one command makes a zip that works from file://.

The zip is built once with the command scripts/build-offline runs
(``python -m macros build-offline``), unzipped into a temporary folder and
opened from file:// in Chromium, as on a student PC: navigation, search, the
fill-in form and copy, the planner and its calendar file, and no request to
any other host.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import subprocess
import zipfile

import pytest
import yaml

from macros import offline
from support import BUILD_EPOCH, PYTHON, ROOT, Watcher, not_found_links, pin_clock

HAS_PLANNER = (ROOT / "docs" / "planner.md").exists() and (ROOT / "docs" / "assets" / "components" / "planner" / "planner.js").exists()


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_config(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    """Build the zip once with the real command, then unzip it as a reader would."""
    tmp = tmp_path_factory.mktemp("offline")
    zip_path = tmp / "after-the-interview-offline.zip"
    proc = subprocess.run([PYTHON, "-m", "macros", "build-offline", "--out", str(zip_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={"SOURCE_DATE_EPOCH": BUILD_EPOCH, **os.environ})  # the holiday window, not the real clock
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Unzip it, then open after-the-interview/index.html" in proc.stdout
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert all(n.startswith("after-the-interview/") for n in names), "the zip must hold one folder"
        zf.extractall(tmp / "unzipped")
    return tmp / "unzipped" / "after-the-interview"


@pytest.fixture
def fpage(browser):
    ctx = browser.new_context(accept_downloads=True)
    page = ctx.new_page()
    page.watcher = Watcher(page)
    yield page
    ctx.close()


def open_file(page, path: pathlib.Path):
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")


# ---------------------------------------------------------------------------
# The configuration and the zip, without a browser


def test_offline_config_repeats_the_main_lists():
    """INHERIT replaces lists wholesale, so these lists must be kept in step by hand."""
    main, off = load_config("mkdocs.yml"), load_config("mkdocs.offline.yml")
    assert off["INHERIT"] == "mkdocs.yml"
    assert off["use_directory_urls"] is False
    assert off["theme"]["features"] == [f for f in main["theme"]["features"] if f != "navigation.instant"]
    assert "navigation.instant" not in off["theme"]["features"]
    assert off["plugins"] == main["plugins"] + ["offline"]
    assert [p for p in off["extra"]["polyfills"] if "iframe-worker" in p], "no local iframe-worker shim"
    for key in ("hooks", "extra_javascript", "extra_css", "markdown_extensions", "nav"):
        assert key not in off, f"mkdocs.offline.yml overrides {key}; inherit it instead"


def test_zip_holds_a_readme_and_pages_with_html_names(unzipped):
    readme = (unzipped / "READ-ME-FIRST.txt").read_text(encoding="utf-8")
    assert "open index.html" in readme
    for page in ("index.html", "guide/what-to-say.html", "templates/index.html", "templates/thank-you-email.html",
                 "search/search_index.js"):
        assert (unzipped / page).is_file(), page
    assert not list(unzipped.rglob("*.map"))


def test_the_404_page_names_the_html_files(unzipped):
    """The offline edition's 404 page links to page.html, not page/ (overrides/404.html follows
    use_directory_urls). From the site's root, as Material's own links on that page are: a reader on
    file:// never sees it, but a host that serves the folder does."""
    html = (unzipped / "404.html").read_text(encoding="utf-8")
    hrefs = [href for href, _ in not_found_links(html)]
    assert hrefs == ["/index.html", "/templates/index.html", "/planner.html", "/check.html"], hrefs
    assert all((unzipped / h.lstrip("/")).is_file() for h in hrefs)


def test_no_page_loads_anything_from_another_host(unzipped):
    assert offline.foreign_references(unzipped) == []
    pages = list(unzipped.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and 'type="module"' not in text, page
        assert "navigation.instant" not in text, page


def test_the_reference_check_can_fail(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://unpkg.com/iframe-worker/shim"></script>'
                                     '<link rel="stylesheet" href="//fonts.example.com/x.css">'
                                     '<script type="module" src="x.js"></script>'
                                     '<a href="https://example.com/">a link is fine</a>', encoding="utf-8")
    (tmp_path / "b.css").write_text("body { background: url('https://cdn.example.com/bg.png') }", encoding="utf-8")
    found = offline.foreign_references(tmp_path)
    assert len(found) == 4, found
    starts = sorted(f.split(": ", 1)[1].lstrip("'\"")[:5] for f in found)
    assert starts == ["<link", "<scri", "modul", "url('"], starts  # the <a> link is not reported


# ---------------------------------------------------------------------------
# In Chromium, from file://


def test_navigation_works_from_file(fpage, unzipped):
    open_file(fpage, unzipped / "index.html")
    assert fpage.evaluate("() => location.protocol") == "file:"
    fpage.locator(".md-nav__link", has_text="What to say").first.click()
    fpage.wait_for_url("**/guide/what-to-say.html")
    assert fpage.locator("h1").first.text_content().startswith("What to say")
    fpage.locator(".md-nav__link", has_text="Templates").first.click()
    fpage.wait_for_url("**/templates/index.html")
    fpage.locator(".ati-card__title a[href='thank-you-email.html']").click()
    fpage.wait_for_url("**/templates/thank-you-email.html")
    # The page scripts started: Material's document$ fired and the form exists.
    fpage.wait_for_selector(".ati-fill__form")
    fpage.watcher.assert_clean()


def test_search_returns_results_from_file(fpage, unzipped):
    open_file(fpage, unzipped / "guide" / "timing.html")
    fpage.keyboard.press("/")
    fpage.keyboard.type("recruiter")
    fpage.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert fpage.locator(".md-search-result__item").count() > 0
    href = fpage.locator(".md-search-result__item a").first.get_attribute("href")
    assert href.startswith("file://") or href.endswith(".html") or ".html#" in href, href
    fpage.watcher.assert_clean()


def test_form_fills_and_copies_from_file(fpage, unzipped):
    open_file(fpage, unzipped / "templates" / "thank-you-email.html")
    fpage.wait_for_selector(".ati-fill__form")
    values = {"interviewer_name": "Ms Patel", "interview_date-day": "18", "interview_date-month": "11",
              "interview_date-year": "2026", "role": "Junior Data Analyst",
              "organisation": "Northfield Housing Trust", "specific_point": "the new tenant survey", "your_name": "Alex Morgan"}
    for name, value in values.items():
        box = fpage.locator(f"#ati-thank-you-email-{name}")
        if box.count():
            box.fill(value)
    body = fpage.locator(".ati-fill__preview .ati-fill__body").first.text_content()
    assert "Dear Ms Patel," in body and "18 November 2026" in body and "Alex Morgan" in body
    assert "[" not in body, body
    # Copy: the Clipboard API, or the fallback that selects the text and copies it.
    fpage.evaluate("""() => { window.__copied = null;
        document.addEventListener('copy', e => { window.__copied = document.getSelection().toString() || 'event'; });
        if (navigator.clipboard) navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; }""")
    preview = fpage.locator(".ati-fill__preview").first
    preview.get_by_role("button", name="Copy message").click()
    if fpage.locator(".ati-fill__summary").is_visible():  # a length warning blocks once
        preview.get_by_role("button", name="Copy message").click()
    preview.locator(".ati-fill__status", has_text="copied").wait_for()
    copied = fpage.evaluate("() => window.__copied")
    assert copied and body.strip() in copied, copied
    fpage.watcher.assert_clean()


def test_material_copy_button_works_from_file(fpage, unzipped):
    fpage.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # The code examples on the careers-service pages (template messages have the form's own Copy button).
    open_file(fpage, unzipped / "hosts" / "add-a-template.html")
    block = fpage.locator("pre").first
    block.hover()
    block.locator("button.md-clipboard, button.md-code__button").first.click()
    copied = fpage.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() and copied.strip() == block.locator("code").text_content().strip()
    fpage.watcher.assert_clean()


@pytest.mark.dates
@pytest.mark.skipif(not HAS_PLANNER, reason="the planner (docs/planner.md, planner.js) is not in the project yet")
def test_planner_makes_a_plan_and_a_calendar_file_from_file(fpage, unzipped):
    import icalendar

    today = pin_clock(fpage, "2026-12-24T16:00:00")  # Christmas Eve, in the break
    open_file(fpage, unzipped / "planner.html")
    fpage.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    day = dt.date.fromisoformat(today) + dt.timedelta(days=3)
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        fpage.locator(f"#planner-interview-date-{part}").fill(str(value))
    fpage.locator("#planner-employer").fill("Northfield Housing Trust")  # the planner asks which employer (issue 11)
    fpage.locator("#planner-interview-time").fill("11:00")
    fpage.locator("#planner-decision-no").check()
    fpage.locator("#planner-route-direct").check()
    fpage.get_by_role("button", name="Make my plan").click()
    fpage.wait_for_selector(".ati-planner__result:not([hidden])")
    steps = fpage.locator(".ati-plan__step")
    assert steps.count() >= 3
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
                     steps.first.text_content())
    with fpage.expect_download() as info:
        fpage.get_by_role("button", name="Add to calendar").click()
    raw = pathlib.Path(info.value.path()).read_bytes()
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert len(events) == steps.count()
    assert all(e.walk("VALARM") for e in events)
    first = fpage.locator(".ati-plan__step a").first
    assert first.get_attribute("href").endswith(".html")
    fpage.watcher.assert_clean()
