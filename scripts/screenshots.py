"""Screenshots of every page type: phone and desktop, light and dark, with and without JavaScript.

Run through scripts/screenshots. Writes PNG files named page-width-scheme.png.
It asserts nothing: the pictures are for people to look at.
"""

from __future__ import annotations

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


def main() -> int:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench-output" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, build_and_serve(ROOT / "mkdocs.yml", pathlib.Path(tmp) / "site") as url:
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
