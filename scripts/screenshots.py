"""Screenshots of every page type: phone and desktop, light and dark, with and without JavaScript.

Run through scripts/screenshots (or python run.py screenshots). Writes PNG files named
page-width-scheme.png. It asserts nothing: the pictures are for people to look at.

    --engines chromium,firefox,webkit   instead, these engines at phone size (375x812, light,
                               what is on screen), driven as tests/other_browsers.py drives
                               them: files named page-phone-ENGINE.png
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_and_serve, launch_browser, ready  # noqa: E402

SIZES = {"phone": (375, 812), "desktop": (1280, 800)}
SCHEMES = ("light", "dark")


def fill_template(page):
    """thank-you-email, half filled in: the message shows typed text and the rest as placeholders."""
    for name, value in (("interviewer_name", "Ms Patel"), ("interview_date-day", "18"), ("interview_date-month", "11"),
                        ("interview_date-year", "2026"), ("role", "Junior Data Analyst"), ("organisation", "Northfield Housing Trust")):
        page.fill(f"#ati-thank-you-email-{name}", value)
    page.locator("#ati-thank-you-email-role").focus()


def template_errors(page):
    """An impossible date, then Copy: the error summary and the fields in error."""
    for part, value in (("day", "31"), ("month", "2"), ("year", "2026")):
        page.fill(f"#ati-thank-you-email-interview_date-{part}", value)
    page.get_by_role("button", name="Copy message").click()
    page.wait_for_timeout(300)


def plan(page):
    page.fill("#planner-employer", "Northfield Housing Trust")
    page.fill("#planner-interview-date-day", "14")
    page.fill("#planner-interview-date-month", "12")
    page.fill("#planner-interview-date-year", "2026")
    page.fill("#planner-interview-time", "11:00")
    page.check("#planner-decision-no")
    page.check("#planner-route-direct")
    page.click(".ati-planner__submit")
    page.wait_for_timeout(300)


def open_menu(page):
    """The menu: on a phone it is behind the header's menu button; on a desktop it is the sidebar."""
    if page.viewport_size["width"] < 1220:
        page.click('.md-header label[for="__drawer"]')
        page.wait_for_timeout(400)


def scroll_up_a_little(page):
    """Scrolled into the form, then up a little: Material's "Back to top" shows."""
    page.locator("#ati-thank-you-email-specific_point").scroll_into_view_if_needed()
    size = page.viewport_size
    page.mouse.move(size["width"] / 2, size["height"] / 2)  # a wheel turns nothing until the pointer is on the page
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(400)


def errors(page):
    page.click(".ati-planner__submit")
    page.wait_for_timeout(300)


# name, path, action (None: just the page), JavaScript on
SHOTS = [
    ("home", "", None, True),
    ("guide", "guide/timing/", None, True),
    ("gallery", "templates/", None, True),
    ("template", "templates/thank-you-email/", None, True),
    ("template-filled", "templates/thank-you-email/", fill_template, True),
    ("template-errors", "templates/thank-you-email/", template_errors, True),
    ("template-panel", "templates/panel-thank-you/", None, True),
    ("template-back-to-top", "templates/thank-you-email/", scroll_up_a_little, True),
    ("template-nojs", "templates/thank-you-email/", None, False),
    ("gallery-nojs", "templates/", None, False),
    ("planner", "planner/", None, True),
    ("planner-plan", "planner/", plan, True),
    ("planner-errors", "planner/", errors, True),
    ("checker", "check/", None, True),
    ("worksheet", "worksheet/", None, True),
    ("hosts", "hosts/", None, True),
    ("hosts-menu", "hosts/branding/", open_menu, True),
    ("not-found", "404.html", None, True),
]


VIEWPORT_ONLY = {"hosts-menu", "template-back-to-top"}


# Other engines, phone size: name, path, element scrolled to the middle (None: the top of the page)
ENGINE_SHOTS = [
    ("home", "", None),
    ("guide", "guide/timing/", None),
    ("gallery", "templates/", None),
    ("template", "templates/thank-you-email/", None),
    ("template-form", "templates/thank-you-email/", "#ati-thank-you-email-specific_point"),
    ("template-actions", "templates/thank-you-email/", ".ati-fill__preview [data-action=copy]"),
    ("planner", "planner/", None),
    ("planner-form", "planner/", "#planner-interview-time"),
    ("planner-plan", "planner/", ".ati-plan__calendar"),
    ("checker", "check/", None),
    ("checker-form", "check/", "#ck-specific"),
    ("checker-marks", "check/", "#ck-copy"),
    ("worksheet", "worksheet/", None),
    ("hosts", "hosts/", None),
    ("not-found", "404.html", None),
]
DRAFT = ("Dear Ms Patel,\n\nAs per my last email, I am waiting to hear about the Junior Data Analyst role. "
         "If you need anything else from me, please ask.\n\nKind regards,\nAlex Morgan")


def engine_shots(engine, url: str, out: pathlib.Path):
    """Phone-size shots in one engine (the Engine interface of tests/other_browsers.py)."""
    engine.size(375, 812)
    for name, path, target in ENGINE_SHOTS:
        try:
            engine.goto(url + path)
            engine.wait_for("return document.readyState === 'complete' && typeof window.document$ !== 'undefined';")
            if name == "planner-plan":
                for box, value in (("#planner-employer", "Northfield Housing Trust"), ("#planner-interview-date-day", "14"),
                                   ("#planner-interview-date-month", "12"), ("#planner-interview-date-year", "2026")):
                    engine.fill(box, value)
                engine.js("document.getElementById('planner-interview-time').value = '11:00';")
                engine.click("#planner-decision-no")
                engine.click("#planner-route-direct")
                engine.click(".ati-planner__submit")
            if name == "checker-marks":
                engine.click("#ck-kind-check-in")
                engine.fill("#ck-body", DRAFT)
                engine.click("#ck-check")
            if target:
                engine.wait_for("return !!document.querySelector(args[0]);", target)
                engine.js("document.querySelector(args[0]).scrollIntoView({block: 'center'});", target)
            engine.js("return new Promise((done) => setTimeout(done, 400));")
            file = out / f"{name}-phone-{engine.name}.png"
            engine.screenshot(file)
            print(file)
        except Exception as exc:  # a page that changed shape: say so, carry on
            print(f"skipped {name} ({engine.name}): {exc.__class__.__name__}: {str(exc).splitlines()[0]}")


def other_engines(names: list[str], url: str, out: pathlib.Path, tmp: pathlib.Path):
    import contextlib

    from other_browsers import missing, open_engine

    for name in names:
        why = missing(name)
        if why:
            print(f"skipped {name}: {why}")
            continue
        home = tmp / f"{name}-home"
        home.mkdir()
        with contextlib.ExitStack() as stack:
            chromium = stack.enter_context(launch_browser()) if name == "chromium" else None
            engine_shots(stack.enter_context(open_engine(name, home, chromium)), url, out)


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page type.")
    parser.add_argument("folder", nargs="?", default=str(ROOT / "bench-output" / "screenshots"))
    parser.add_argument("--engines", default="", help="only these engines, at phone size: chromium,firefox,webkit")
    args = parser.parse_args()
    out = pathlib.Path(args.folder)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, build_and_serve(ROOT / "mkdocs.yml", pathlib.Path(tmp) / "site") as url:
        if args.engines:
            other_engines([e for e in args.engines.split(",") if e], url, out, pathlib.Path(tmp))
            return 0
        with launch_browser() as browser:
            for size, (w, h) in SIZES.items():
                for scheme in SCHEMES:
                    for js in (True, False):
                        ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme,
                                                  java_script_enabled=js, locale="en-GB")
                        page = ctx.new_page()
                        for name, path, action, wants_js in SHOTS:
                            if wants_js != js:
                                continue
                            try:
                                if js:
                                    ready(page, url + path)
                                else:
                                    page.goto(url + path)
                                if action:
                                    action(page)
                                file = out / f"{name}-{size}-{scheme}.png"
                                # What is on screen for states that depend on the scroll position.
                                page.screenshot(path=str(file), full_page=name not in VIEWPORT_ONLY)
                                print(file.relative_to(out.parent) if out.parent in file.parents else file)
                            except Exception as exc:  # a page that changed shape: say so, carry on
                                print(f"skipped {name} ({size}, {scheme}): {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
                        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
