"""The follow-up planner (issue 5): timing rules as data, the dated plan, the calendar file.

Dates are worked out in one place only, planner.js, so every schedule check
runs that code in Chromium: the shared cases in tests/planner_cases.yml go
through window.ATIPlanner.schedule() with the rules the built page carries.
Python here only checks how the rules are read and described.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import shutil

import icalendar
import pytest
import yaml

from support import (ROOT, Watcher, assert_no_axe_violations, build_and_serve, build_site, copy_project, cut_off_choices, follow,
                     pin_clock, ready)

STEP_COUNT = len(yaml.safe_load((ROOT / "rules" / "timing.yml").read_text(encoding="utf-8"))["steps"])

CASES = yaml.safe_load((ROOT / "tests" / "planner_cases.yml").read_text(encoding="utf-8"))

# The page clocks the browser tests pin (issue 19: no test reads the real clock), local time.
WEDNESDAY = "2026-03-04T10:00:00"   # an ordinary working day
SATURDAY = "2026-12-12T10:00:00"    # a weekend: a thank-you for "today" moves to Monday 14 December

pytestmark = pytest.mark.dates


# ---------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def planner_url(site_url):
    return site_url + "planner/"


@pytest.fixture(autouse=True)
def _page_clock(request):
    """Every test's `page` starts on an ordinary Wednesday; a test may pin another day before it opens a page."""
    if "page" in request.fixturenames:
        pin_clock(request.getfixturevalue("page"), WEDNESDAY)


def open_planner(page, url):
    ready(page, url)
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    return page


def fill_date(page, prefix: str, iso: str):
    year, month, day = iso.split("-")
    page.fill(f"#{prefix}-day", str(int(day)))
    page.fill(f"#{prefix}-month", str(int(month)))
    page.fill(f"#{prefix}-year", year)


def fill_planner(page, interview: str, time: str = "11:00", decision: str | None = None, route: str = "direct",
                 employer: str = "Northfield Housing Trust", role: str = "", calendar: str | None = None):
    """Fill the form as a reader would and press the button."""
    page.fill("#planner-employer", employer)
    page.fill("#planner-role", role)
    if calendar:
        page.select_option("#planner-calendar", calendar)
    fill_date(page, "planner-interview-date", interview)
    page.fill("#planner-interview-time", time)
    if decision:
        page.check("#planner-decision-yes")
        fill_date(page, "planner-decision-date", decision)
    else:
        page.check("#planner-decision-no")
    page.check(f"#planner-route-{route}")
    page.click(".ati-planner__submit")


def run_schedule(page, inputs: list[dict], holidays_until: list | None = None) -> list[dict]:
    """Run schedule() in the page; holidays_until[i], if set, pretends the page's holiday data ends then."""
    return page.evaluate(
        """([inputs, untils]) => { const rules = ATIPlanner.readRules(document);
          return inputs.map((input, i) => {
            let r = rules;
            if (untils && untils[i]) {
              r = JSON.parse(JSON.stringify(rules));
              r.holidays.until = untils[i];
              Object.values(r.holidays.calendars).forEach((c) => {
                Object.keys(c.days).forEach((d) => { if (d > untils[i]) delete c.days[d]; });
              });
            }
            return ATIPlanner.schedule(input, r);
          }); }""", [inputs, holidays_until])


def shown_plan(page) -> list[tuple[str, str]]:
    """(step id, ISO date) for each step the page shows."""
    return [tuple(pair) for pair in page.eval_on_selector_all(
        ".ati-plan__step", "items => items.map(li => [li.dataset.step, li.querySelector('time').getAttribute('datetime')])")]


def download_ics(page) -> bytes:
    with page.expect_download() as info:
        page.click(".ati-plan__calendar")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return pathlib.Path(download.path()).read_bytes()


# ---------------------------------------------------------------------------
# The rules file, read in Python (no dates here)


def test_rules_load_and_every_template_exists():
    from macros.planner import Planner
    from macros.site import Site

    site = Site({"locale": "en-GB"}, ROOT)
    rules = Planner(site).rules
    ids = [s.id for s in rules.steps]
    assert ids[0] == "thank-you" and ids[-1] == "stop"
    for step in rules.steps:
        if step.template:
            assert site.get(step.template)
    # Every situation gets a plan that ends with stopping.
    for route in ("direct", "agency"):
        for decision in ("given", "none"):
            assert rules.plan(route, decision)[-1].id == "stop"
    # Agency check-ins go to the recruiter.
    agency = [s.template for s in rules.plan("agency", "given") + rules.plan("agency", "none")]
    assert "recruiter-check-in" in agency and "check-in-date-passed" not in agency and "check-in-no-date" not in agency


def test_broken_rules_name_the_file_field_and_fix(tmp_path):
    from macros.planner import Planner, RulesError
    from macros.site import Site

    project = tmp_path / "p"
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "rules").mkdir()
    data = yaml.safe_load((ROOT / "rules" / "timing.yml").read_text(encoding="utf-8"))
    steps = {s["id"]: s for s in data["steps"]}
    steps["check-in"]["offset"] = {"working_dayz": 2}
    steps["phone-call"]["after"] = ["check-in", "chek-in-no-date"]
    steps["thank-you"]["ofset"] = 1
    steps["stop"]["source"] = ["S9"]
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    text = str(err.value)
    assert "rules/timing.yml: steps.check-in.offset.working_dayz: is not a unit" in text
    assert "rules/timing.yml: steps.thank-you.ofset: is not a step key; did you mean 'offset'?" in text
    assert "rules/timing.yml: steps.stop.source: 'S9' is not a known source" in text
    # A bad reference is reported once the keys are sound.
    steps["check-in"]["offset"] = {"working_days": 2}
    del steps["thank-you"]["ofset"]
    steps["stop"]["source"] = ["S2"]
    steps["phone-call"]["template"] = "anything-more-you-ned"
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    assert "steps.phone-call.after: names 'chek-in-no-date', which is not a step id. Did you mean 'check-in-no-date'?" in str(err.value)
    steps["phone-call"]["after"] = ["check-in", "check-in-no-date", "recruiter-check-in", "recruiter-check-in-no-date"]
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    assert "steps.phone-call.template: names 'anything-more-you-ned', which is not a template in templates/; did you mean 'anything-more-you-need'?" in str(err.value)
    # A step that counts from a step missing in some situations is caught too.
    steps["phone-call"]["template"] = "anything-more-you-need"
    steps["phone-call"]["after"] = "check-in"
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    assert "steps.phone-call.after: for a direct application with no decision date, none of check-in is in the plan" in str(err.value)


def test_rules_in_words():
    from macros.planner import Planner, format_time, when_text
    from macros.site import Site

    rules = Planner(Site({}, ROOT)).rules
    assert when_text(rules.get("check-in"), rules, "en-GB") == "2 working days after the decision date."
    assert when_text(rules.get("check-in-no-date"), rules, "en-GB") == "10 working days (2 weeks) after your thank-you."
    thanks = when_text(rules.get("thank-you"), rules, "en-GB")
    assert "by 3pm" in thanks and "Monday morning" in thanks
    assert format_time("15:00", "en-US") == "3 p.m." and format_time("09:30", "en-GB") == "9:30am"


def alarm_times(raw: bytes) -> list[tuple[str, dt.datetime]]:
    """(summary, when the alarm fires, as a floating local time) for every event."""
    out = []
    for event in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        start = event["DTSTART"].dt
        assert not isinstance(start, dt.datetime), "events are all-day"
        alarms = event.walk("VALARM")
        assert alarms, f"{event['SUMMARY']} has no reminder"
        for alarm in alarms:
            assert alarm["TRIGGER"].params.get("RELATED", "START") == "START"
            out.append((str(event["SUMMARY"]), dt.datetime.combine(start, dt.time()) + alarm["TRIGGER"].dt))
    return out


def assert_no_reminder_before_the_interview_ends(raw: bytes, interview: str, ends: str):
    end = dt.datetime.combine(dt.date.fromisoformat(interview), dt.time.fromisoformat(ends))
    for summary, when in alarm_times(raw):
        assert when > end, f"the reminder for {summary!r} fires at {when}, before the interview ends at {end}"
        assert dt.time(8, 0) <= when.time() <= dt.time(18, 0), f"{summary!r} fires at {when.time()}, outside working hours"


ICAL_JS = ROOT / "node_modules" / "ical.js" / "dist" / "ical.es5.cjs"
ICAL_JS_SCRIPT = r"""
const ICAL = require(process.argv[1]);
const text = require("fs").readFileSync(0, "utf8");
const comp = new ICAL.Component(ICAL.parse(text));
console.log(JSON.stringify(comp.getAllSubcomponents("vevent").map((v) => {
  const e = new ICAL.Event(v);
  return { uid: e.uid, summary: e.summary, description: e.description, start: e.startDate.toString(),
           allDay: e.startDate.isDate,
           alarms: v.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toSeconds()) };
})));
"""


def ical_js_events(raw: bytes) -> list[dict]:
    """The events as Mozilla's ical.js (a second, independent parser) reads them, run with Node."""
    import json
    import subprocess

    assert ICAL_JS.exists(), "node_modules/ical.js is missing: scripts/test installs it (package.json pins it)"
    done = subprocess.run(["node", "-e", ICAL_JS_SCRIPT, str(ICAL_JS)], input=raw, capture_output=True, check=True, timeout=60)
    return json.loads(done.stdout)


def assert_same_events_in_ical_js(raw: bytes, events) -> None:
    other = ical_js_events(raw)
    assert len(other) == len(events)
    for mine, theirs in zip(events, other):
        assert theirs["uid"] == str(mine["UID"])
        assert theirs["summary"] == str(mine["SUMMARY"])
        assert theirs["description"] == str(mine["DESCRIPTION"])
        assert theirs["allDay"] is True and theirs["start"] == mine["DTSTART"].dt.isoformat()
        assert theirs["alarms"] == [int(a["TRIGGER"].dt.total_seconds()) for a in mine.walk("VALARM")]


# ---------------------------------------------------------------------------
# The schedule: shared cases, run in the browser


def test_shared_schedule_cases(page, planner_url):
    open_planner(page, planner_url)
    results = run_schedule(page, [case["input"] for case in CASES], [case.get("holidays_until") for case in CASES])
    holidays = page.evaluate("() => ATIPlanner.readRules(document).holidays")
    failures = []
    for case, result in zip(CASES, results):
        name = case["name"]
        if "errors" in case:
            got = [e["field"] for e in result["errors"]]
            if got != case["errors"] or result["steps"]:
                failures.append(f"{name}: errors {got}, expected {case['errors']}")
            continue
        if result["errors"]:
            failures.append(f"{name}: unexpected errors {result['errors']}")
            continue
        got = [[s["id"], s["date"]] for s in result["steps"]]
        if got != case["plan"]:
            failures.append(f"{name}: plan {got}, expected {case['plan']}")
        for key in ("moved", "past", "beyond"):
            if key in case and [s["id"] for s in result["steps"] if s[key]] != case[key]:
                failures.append(f"{name}: {key} {[s['id'] for s in result['steps'] if s[key]]}, expected {case[key]}")
        if "templates" in case and [s["template"] for s in result["steps"]] != case["templates"]:
            failures.append(f"{name}: templates {[s['template'] for s in result['steps']]}, expected {case['templates']}")
        for step in result["steps"]:
            weekday = dt.date.fromisoformat(step["date"]).weekday()
            if weekday >= 5:
                failures.append(f"{name}: {step['id']} falls on a weekend ({step['date']})")
            calendar = case["input"].get("calendar", holidays["default"])
            if step["date"] in holidays["calendars"][calendar]["days"] and not step["past"]:
                failures.append(f"{name}: {step['id']} falls on a public holiday ({step['date']})")
            md = step["date"][5:]
            if step["id"] not in ("thank-you", "thank-you-recruiter", "stop") and (md >= "12-24" or md <= "01-01"):
                failures.append(f"{name}: {step['id']} falls in the holiday shutdown ({step['date']})")
    assert not failures, "\n".join(failures)
    page.watcher.assert_clean()


def test_error_messages_name_the_problem(page, planner_url):
    open_planner(page, planner_url)
    base = {"interview_time": "11:00", "decision": "no", "route": "direct", "today": "2026-03-02"}
    results = run_schedule(page, [
        {**base, "interview_date": "2026-03-09", "decision": "yes", "decision_date": "2026-03-06"},
        {**base, "interview_date": "2026-02-29"},
        {**base, "interview_date": "2025-11-01"},
    ])
    assert results[0]["errors"] == [{"field": "decision-date", "message": "Decision date must be the same as or after the interview date"}]
    assert results[1]["errors"] == [{"field": "interview-date", "message": "Interview date must be a real date"}]
    assert results[2]["errors"] == [{"field": "interview-date", "message": "Interview date must be in the last 90 days"}]
    parts = page.evaluate("""() => [
        ATIPlanner.parseDateParts('31', '2', '2026', 'Interview date', 'Enter the date of your interview'),
        ATIPlanner.parseDateParts('', '3', '', 'Interview date', 'Enter the date of your interview'),
        ATIPlanner.parseDateParts('', '', '', 'Interview date', 'Enter the date of your interview'),
        ATIPlanner.parseDateParts('2', 'March', '2026', 'Interview date', 'Enter the date of your interview'),
        ATIPlanner.parseDateParts('2', '3', '26', 'Interview date', 'Enter the date of your interview'),
        ATIPlanner.parseDateParts('02', '3', '2026', 'Interview date', 'Enter the date of your interview')]""")
    assert parts[0]["error"] == "Interview date must be a real date"
    assert parts[1] == {"error": "Interview date must include a day and a year", "parts": ["day", "year"]}
    assert parts[2]["error"] == "Enter the date of your interview"
    assert parts[3] == {"error": "Interview date must be a real date", "parts": ["month"]}
    assert parts[4] == {"error": "Year must include 4 numbers", "parts": ["year"]}
    assert parts[5] == {"iso": "2026-03-02"}


TIMES_TYPED = {
    # What a reader types -> the 24-hour time, or the error.
    "2pm": "14:00", "2 pm": "14:00", "2PM": "14:00", "2 p.m.": "14:00", "14:30": "14:30", "2:30pm": "14:30",
    "2.30pm": "14:30", "14.30": "14:30", "9am": "09:00", " 9:05 am ": "09:05", "09:30": "09:30", "11:00": "11:00",
    "12pm": "12:00", "12am": "00:00", "12:45": "12:45", "0:15": "00:15", "23:59": "23:59", "midday": "12:00", "noon": "12:00",
    "": "Enter the time your interview ends",
    "   ": "Enter the time your interview ends",
    "25:00": "Interview end time must be a real time: the hour must be 0 to 23",
    "24:00": "Interview end time must be a real time: the hour must be 0 to 23",
    "2:75pm": "Interview end time must be a real time: the minutes must be 00 to 59",
    "14:60": "Interview end time must be a real time: the minutes must be 00 to 59",
    "13pm": "Interview end time must be a real time: with am or pm, the hour must be 1 to 12",
    "0am": "Interview end time must be a real time: with am or pm, the hour must be 1 to 12",
    "4:30": "Add am or pm to the time your interview ends, like 4:30pm",
    "2": "Add am or pm to the time your interview ends, like 2pm",
    "soon": "Enter the time your interview ends, like 2pm or 14:30",
    "2-3pm": "Enter the time your interview ends, like 2pm or 14:30",
    "2:5pm": "Enter the time your interview ends, like 2pm or 14:30",
    "1430": "Enter the time your interview ends, like 2pm or 14:30",
}


def test_time_box_reads_times_like_the_date_boxes(page, planner_url):
    """GOV.UK style: a text box, read leniently and checked strictly (WebKit empties type=time boxes)."""
    open_planner(page, planner_url)
    got = page.evaluate("(typed) => typed.map((t) => ATIPlanner.parseTime(t))", list(TIMES_TYPED))
    for (typed, want), result in zip(TIMES_TYPED.items(), got):
        assert result == ({"hhmm": want} if re.fullmatch(r"\d\d:\d\d", want) else {"error": want}), typed
    box = page.locator("#planner-interview-time")
    assert box.get_attribute("type") == "text" and box.get_attribute("autocomplete") == "off"
    assert box.get_attribute("inputmode") == "text" and box.get_attribute("name") == "planner-interview-time"
    assert "For example, 2pm or 14:30." in page.locator("#planner-interview-time-hint").inner_text()
    assert "planner-interview-time-hint" in box.get_attribute("aria-describedby")


def test_time_box_errors_link_to_it_and_keep_every_answer(page, planner_url):
    today = pin_clock(page, WEDNESDAY)
    open_planner(page, planner_url)
    fill_planner(page, today, time="25:00", role="Housing Officer")
    summary = page.locator(".ati-pl-error-summary")
    assert summary.locator("li").all_inner_texts() == ["Interview end time must be a real time: the hour must be 0 to 23"]
    assert page.locator("#planner-interview-time-error").text_content() == \
        "Error: Interview end time must be a real time: the hour must be 0 to 23"
    assert page.get_attribute("#planner-interview-time", "aria-invalid") == "true"
    assert "planner-interview-time-error" in page.get_attribute("#planner-interview-time", "aria-describedby")
    assert page.is_hidden(".ati-planner__result")
    assert_no_axe_violations(page, "on the planner with a time error")
    summary.locator("a").first.click()
    assert page.evaluate("() => document.activeElement.id") == "planner-interview-time"
    # A mistake in one field never clears the others, nor itself.
    assert page.input_value("#planner-interview-time") == "25:00"
    assert page.input_value("#planner-employer") == "Northfield Housing Trust"
    assert page.input_value("#planner-role") == "Housing Officer"
    assert page.input_value("#planner-interview-date-day") == str(int(today[8:]))
    assert page.is_checked("#planner-decision-no") and page.is_checked("#planner-route-direct")

    # A bad date and a bad time: both named, in the order of the form; fixing one leaves the other.
    page.fill("#planner-interview-date-month", "13")
    page.fill("#planner-interview-time", "2:75pm")
    page.click(".ati-planner__submit")
    assert summary.locator("li").all_inner_texts() == [
        "Interview date must be a real date", "Interview end time must be a real time: the minutes must be 00 to 59"]
    page.fill("#planner-interview-date-month", today[5:7].lstrip("0"))
    page.click(".ati-planner__submit")
    assert summary.locator("li").all_inner_texts() == ["Interview end time must be a real time: the minutes must be 00 to 59"]
    assert page.input_value("#planner-interview-time") == "2:75pm"

    # Typed as readers write it: a plan, with the time in the site's style.
    page.fill("#planner-interview-time", "2.30 pm")
    page.click(".ati-planner__submit")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    assert summary.is_hidden() and page.get_attribute("#planner-interview-time", "aria-invalid") is None
    assert "ending at 2:30pm," in page.locator(".ati-plan__summary").inner_text()
    assert shown_plan(page)[0] == ("thank-you", today)  # before the 3pm cut-off: the same day
    page.fill("#planner-interview-time", "4pm")
    page.click(".ati-planner__submit")
    assert "ending at 4pm," in page.locator(".ati-plan__summary").inner_text()
    assert shown_plan(page)[0] == ("thank-you", "2026-03-05")  # after it: the next working day
    page.watcher.assert_clean()


# ---------------------------------------------------------------------------
# The page in Chromium


def test_without_javascript_the_rules_table_shows(browser, planner_url):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(planner_url)
        assert page.is_hidden(".ati-planner__form")
        assert page.is_visible(".ati-planner__nojs")
        rows = page.locator(".ati-rules-table tbody tr")
        assert rows.count() == STEP_COUNT
        assert "2 working days after the decision date" in rows.nth(2).inner_text()
        assert page.locator(".ati-rules-table a[href*='templates/check-in-no-date/']").count() == 1
    finally:
        ctx.close()


@pytest.mark.parametrize("width,height", [(320, 640), (375, 667)])
def test_the_first_question_is_in_full_view_on_a_small_phone(page, planner_url, width, height):
    """The form is the page's main action: its first box shows without scrolling; the details come after it."""
    page.set_viewport_size({"width": width, "height": height})
    open_planner(page, planner_url)
    box = page.locator(".ati-planner__form input").first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, \
        f"{width}x{height}: the first box is at {box['y']:.0f}-{box['y'] + box['height']:.0f}px, below the first screen"
    headings = [h.rstrip("¶") for h in page.locator(".md-content h2").all_inner_texts()]
    assert headings[-2:] == ["Several interviews at once", "What the planner keeps"], headings


def test_each_holiday_calendar_shows_in_full_in_its_closed_list_on_a_320px_phone(page, planner_url):
    """A closed <select> cuts off what does not fit, so the list offers places ("Scotland"); the plan and the
    rules keep the calendars' names ("Scotland bank holidays")."""
    page.set_viewport_size({"width": 320, "height": 640})
    open_planner(page, planner_url)
    assert page.locator("#planner-calendar option").count() >= 2
    assert cut_off_choices(page, "#planner-calendar") == []
    fill_planner(page, "2026-12-02", calendar="scotland")
    assert "skipping Scotland bank holidays" in page.locator(".ati-planner__result").inner_text()


def test_planner_starts_after_instant_navigation(page, site_url):
    """Material swaps the page in place when a reader follows the nav link; the planner must still start."""
    ready(page, site_url)
    page.click("nav.md-nav--primary a[href$='planner/']")
    page.wait_for_url("**/planner/")
    # The form shows as soon as the page is swapped in (.ati-js-only is CSS);
    # the planner has started only once ATI.mount marks its element.
    page.wait_for_selector("[data-module='ati-planner'][data-mounted]", state="attached")
    assert page.evaluate("() => ATIPlanner.readRules(document).steps.length") == STEP_COUNT
    page.watcher.assert_clean()


def test_plan_in_the_page_matches_the_schedule(page, planner_url):
    today = pin_clock(page, WEDNESDAY)
    open_planner(page, planner_url)
    fill_planner(page, today, time="16:45", decision=None, route="agency")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    expected = run_schedule(page, [{"interview_date": today, "interview_time": "16:45", "decision": "no",
                                    "route": "agency", "today": today}])[0]["steps"]
    assert shown_plan(page) == [(s["id"], s["date"]) for s in expected]
    first = page.locator(".ati-plan__step").first
    date_words = page.evaluate("(iso) => ATI.formatDate(iso, 'en-GB', true)", expected[0]["date"])
    assert first.locator(".ati-plan__date").inner_text() == date_words
    assert re.match(r"^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4}$", date_words)
    assert first.locator("a").get_attribute("href") == "../templates/thank-you-via-recruiter/"
    assert page.evaluate("() => document.activeElement.id") == "your-plan"
    assert "ending at 4:45pm," in page.locator(".ati-plan__summary").inner_text()
    assert_no_axe_violations(page, "on the planner with a plan shown")
    page.watcher.assert_clean()


def test_errors_are_tied_to_their_fields(page, planner_url):
    today = dt.date.fromisoformat(pin_clock(page, WEDNESDAY))
    open_planner(page, planner_url)
    page.fill("#planner-employer", "")
    page.click(".ati-planner__submit")
    summary = page.locator(".ati-pl-error-summary")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('ati-pl-error-summary')")
    assert page.title().startswith("Error: ")
    assert summary.locator("li").all_inner_texts() == [
        "Enter the name of the employer", "Enter the date of your interview", "Enter the time your interview ends",
        "Select yes if they told you when they would decide",
        "Select whether you applied directly or through an agency"]

    # A decision date before the interview, and an impossible one.
    interview = today.isoformat()
    fill_planner(page, interview, decision=(today - dt.timedelta(days=3)).isoformat())
    assert summary.locator("li").all_inner_texts() == ["Decision date must be the same as or after the interview date"]
    message = page.locator("#planner-decision-date-error")
    assert message.text_content() == "Error: Decision date must be the same as or after the interview date"
    assert "planner-decision-date-error" in page.get_attribute("#planner-decision-date-field fieldset", "aria-describedby")
    assert page.get_attribute("#planner-decision-date-day", "aria-invalid") == "true"
    assert page.is_hidden(".ati-planner__result")
    assert_no_axe_violations(page, "on the planner with an error shown")

    # The summary link moves focus to the field.
    summary.locator("a").first.click()
    assert page.evaluate("() => document.activeElement.id") == "planner-decision-date-day"

    page.fill("#planner-decision-date-day", "31")
    page.fill("#planner-decision-date-month", "2")
    page.click(".ati-planner__submit")
    assert summary.locator("li").all_inner_texts() == ["Decision date must be a real date"]

    long_ago = (today - dt.timedelta(days=120)).isoformat()
    fill_planner(page, long_ago, decision=None)
    assert summary.locator("li").all_inner_texts() == ["Interview date must be in the last 90 days"]

    # Fixing the answers clears every error.
    fill_planner(page, interview, decision=None)
    assert summary.is_hidden()
    assert page.locator(".ati-pl-field--error").count() == 0
    assert page.locator("[aria-invalid]").count() == 0
    assert not page.title().startswith("Error: ")
    page.watcher.assert_clean()


def test_calendar_file(page, planner_url):
    today = pin_clock(page, WEDNESDAY)
    open_planner(page, planner_url)
    decision = (dt.date.fromisoformat(today) + dt.timedelta(days=7)).isoformat()
    fill_planner(page, today, time="10:00", decision=decision, route="direct", role="Housing Officer")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    steps = run_schedule(page, [{"interview_date": today, "interview_time": "10:00", "decision": "yes",
                                 "decision_date": decision, "route": "direct", "today": today}])[0]["steps"]
    raw = download_ics(page)
    assert_no_reminder_before_the_interview_ends(raw, today, "10:00")

    # CRLF everywhere, and every physical line at most 75 octets.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "no line was folded"
    unfolded = raw.replace(b"\r\n ", b"")
    assert max(len(line) for line in unfolded.split(b"\r\n")) > 75, "expected a long line to have needed folding"

    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and "After the Interview" in str(cal["PRODID"]) and str(cal["CALSCALE"]) == "GREGORIAN"
    events = cal.walk("VEVENT")
    assert len(events) == len(steps) == 4
    for event, step in zip(events, steps):
        assert event["DTSTART"].dt == dt.date.fromisoformat(step["date"])
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert str(event["SUMMARY"]) == step["title"] + ": Northfield Housing Trust"
        assert re.fullmatch(rf"{step['id']}-{today.replace('-', '')}-[0-9a-f]{{16}}@after-the-interview", str(event["UID"]))
        stamp = event["DTSTAMP"].dt
        assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
        description = str(event["DESCRIPTION"])
        assert description.startswith("For your application to Northfield Housing Trust (Housing Officer). " + step["what"])
        if step["template"]:
            assert f"{planner_url.rsplit('/planner/', 1)[0]}/templates/{step['template']}/" in description
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        # The same-day thank-you: half an hour after the 10am end; every other step at 9am.
        expected = dt.timedelta(hours=10, minutes=30) if step["id"] == "thank-you" else dt.timedelta(hours=9)
        assert alarms[0]["TRIGGER"].dt == expected, step["id"]
    assert [str(e["SUMMARY"]) for e in events][:2] == [
        "Send your thank-you: Northfield Housing Trust", "Check in after the decision date: Northfield Housing Trust"]
    assert page.locator(".ati-plan__heading").inner_text() == "Your follow-up plan for Northfield Housing Trust"
    assert page.locator(".ati-plan__title").first.inner_text() == "Send your thank-you: Northfield Housing Trust"
    assert "the Housing Officer interview with Northfield Housing Trust" in page.locator(".ati-plan__summary").inner_text()
    assert_same_events_in_ical_js(raw, events)
    page.watcher.assert_clean()


def test_calendar_text_escaping_and_folding(page, planner_url):
    """Escaping round-trips; folding never splits a multi-byte character."""
    open_planner(page, planner_url)
    tricky = ("Back\\slash; semi, comma\nnew line. " + "Résumé – café ✓ 🎉 " * 12).strip()
    raw = page.evaluate("""(what) => ATIPlanner.ics([
        {id: 'x', title: 'Title; with, commas', what: what, date: '2026-03-02', due: '2026-03-02',
         moved: false, past: false, url: null, template: null},
        {id: 'y', title: 'Skipped', what: 'past', date: '2026-03-01', due: '2026-03-01', past: true, url: null}],
        {interview_date: '2026-03-02', now: new Date(Date.UTC(2026, 2, 2, 8, 5, 0)), base: location.href, reminder_time: '09:30'})""", tricky)
    data = raw.encode("utf-8")
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a character was split across lines
    assert sum(1 for line in lines if line.startswith(b" ")) >= 3
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 1, "a step that has passed gets no event"
    assert str(events[0]["DESCRIPTION"]) == tricky
    assert str(events[0]["SUMMARY"]) == "Title; with, commas"
    assert b"SUMMARY:Title\\; with\\, commas" in data
    assert events[0]["DTSTAMP"].dt == dt.datetime(2026, 3, 2, 8, 5, tzinfo=dt.timezone.utc)
    assert events[0].walk("VALARM")[0]["TRIGGER"].dt == dt.timedelta(hours=9, minutes=30)


def test_details_carry_over_to_the_template_page(page, planner_url):
    today = pin_clock(page, WEDNESDAY)
    open_planner(page, planner_url)
    fill_planner(page, today, time="12:00", decision=None, route="direct")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    assert page.evaluate("() => ATI.details.load()") == {"interview_date": today, "route": "direct",
                                                        "organisation": "Northfield Housing Trust"}
    link = page.locator(".ati-plan__step[data-step='check-in-no-date'] a")
    assert link.inner_text().startswith("Use the template: ")
    follow(page, link)
    assert page.url.endswith("/templates/check-in-no-date/"), page.url
    page.wait_for_selector("[data-module='ati-fill'][data-mounted]")
    assert page.evaluate("() => ATI.details.load().interview_date") == today
    # The template's form starts from them: its date boxes and its organisation.
    y, m, d = today.split("-")
    box = "#ati-check-in-no-date-interview_date-"
    assert [page.input_value(box + part) for part in ("day", "month", "year")] == [str(int(d)), str(int(m)), y]
    assert page.input_value("#ati-check-in-no-date-organisation") == "Northfield Housing Trust"
    # Back on the planner, the form starts from what the reader typed.
    page.goto(planner_url)
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    assert page.input_value("#planner-interview-date-day") == str(int(d))
    assert page.input_value("#planner-interview-date-month") == str(int(m))
    assert page.input_value("#planner-interview-date-year") == y
    assert page.is_checked("#planner-route-direct")
    page.watcher.assert_clean()


# ---------------------------------------------------------------------------
# One rules file drives both pages: change it, and both change.


@pytest.fixture(scope="module")
def altered_site(tmp_path_factory):
    """A copy of the project with different offsets and US conventions, built and served."""
    project = copy_project(tmp_path_factory.mktemp("planner-project"))
    rules = project / "rules" / "timing.yml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace('ends_after: "15:00"', 'ends_after: "12:00"')
    assert text.count("offset: {working_days: 10}") == 2  # the two check-ins with no decision date
    text = text.replace("offset: {working_days: 10}", "offset: {working_days: 4}")
    last_note = "after: [check-in, check-in-no-date]\n    offset: {working_days: 5}"
    assert text.count(last_note) == 1  # the last note, after a direct check-in
    text = text.replace(last_note, last_note.replace("5", "1"))
    assert text.count('ends_after: "12:00"') == 2
    rules.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    conf = config.read_text(encoding="utf-8")
    assert "  locale: en-GB" in conf
    # ... and a region setting: the careers service picks Scotland's holidays.
    assert '  public_holidays: ""' in conf
    conf = conf.replace('  public_holidays: ""', "  public_holidays: scotland", 1)
    config.write_text(conf.replace("  locale: en-GB", "  locale: en-US", 1), encoding="utf-8")
    out = tmp_path_factory.mktemp("planner-altered-site")
    with build_and_serve(config, out) as url:
        yield out, url


def rules_table_text(html: str) -> str:
    """The text of the rules table on a built page ('' if the page has none)."""
    match = re.search(r'<div class="ati-rules-table">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


@pytest.mark.parametrize("page_path", ["guide/timing/index.html", "planner/index.html"])
def test_altered_rules_change_the_rules_table(altered_site, site_dir, page_path):
    """The Timing guide page and the planner page both draw the table from the rules file."""
    original = rules_table_text((site_dir / page_path).read_text(encoding="utf-8"))
    altered = rules_table_text((altered_site[0] / page_path).read_text(encoding="utf-8"))
    assert original, f"{page_path} has no rules table: it should call {{{{ timing_table() }}}}"
    assert "10 working days (2 weeks) after your thank-you" in original and "by 3pm" in original
    assert "5 working days after your check-in" in original
    # The altered site is also an en-US build: US readers count business days.
    assert "4 business days after your thank-you" in altered and "10 business days" not in altered
    assert "by noon" in altered and "by 3pm" not in altered
    assert "1 business day after your check-in" in altered and "working day" not in altered


def test_altered_rules_change_the_planner_dates(browser, altered_site):
    out, url = altered_site
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        watcher = Watcher(page)
        today = pin_clock(page, WEDNESDAY)
        open_planner(page, url + "planner/")
        # US order: month first.
        assert page.eval_on_selector_all(".ati-date-input__label", "ls => ls.slice(0, 3).map(l => l.textContent)") == ["Month", "Day", "Year"]
        input_ = {"interview_date": "2026-03-06", "interview_time": "13:00", "decision": "no", "route": "direct", "today": "2026-03-06"}
        got = [[s["id"], s["date"]] for s in run_schedule(page, [input_])[0]["steps"]]
        assert got == [
            ["thank-you", "2026-03-09"],         # 1pm is after the new noon cut-off: Monday
            ["check-in-no-date", "2026-03-13"],  # 4 working days, not 10
            ["phone-call", "2026-03-16"],        # the last note: 1 working day, not 5
            ["stop", "2026-03-23"],
        ]
        # And in the form, with US dates.
        fill_planner(page, today, time="13:00", decision=None, route="direct")
        page.wait_for_selector(".ati-planner__result:not([hidden])")
        expected = run_schedule(page, [{**input_, "interview_date": today, "today": today}])[0]["steps"]
        assert shown_plan(page) == [(s["id"], s["date"]) for s in expected]
        first = page.locator(".ati-plan__date").first.inner_text()
        assert re.match(r"^(Monday|Tuesday|Wednesday|Thursday|Friday), [A-Z][a-z]+ \d{1,2}, \d{4}$", first)
        watcher.assert_clean()
    finally:
        ctx.close()


# ---------------------------------------------------------------------------
# The offline edition (issue 6): opened from file://, with page.html addresses.


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("planner-offline")
    build_site(ROOT / "mkdocs.offline.yml", out)
    return out


def test_planner_works_from_file_urls(browser, offline_site):
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        watcher = Watcher(page)
        today = pin_clock(page, WEDNESDAY)
        page.goto((offline_site / "planner.html").as_uri())
        page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
        fill_planner(page, today, time="10:00", decision=None, route="direct")
        page.wait_for_selector(".ati-planner__result:not([hidden])")
        assert len(shown_plan(page)) == 4
        raw = download_ics(page)
        events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        assert len(events) == 4
        assert (offline_site / "templates" / "thank-you-email.html").as_uri() in str(events[0]["DESCRIPTION"])
        link = page.locator(".ati-plan__step[data-step='thank-you'] a")
        assert link.get_attribute("href") == "templates/thank-you-email.html"
        link.click()
        page.wait_for_url("**/templates/thank-you-email.html")
        page.wait_for_load_state("load")
        assert page.evaluate("() => ATI.details.load().interview_date") == today
        watcher.assert_clean()
    finally:
        ctx.close()


# ---------------------------------------------------------------------------
# Issue 11: named applications, reminders at the right time, UIDs, several plans


def ics_for(page, apps: list[dict]) -> bytes:
    """One calendar file for several applications, made by the page's own code."""
    text = page.evaluate(
        """(apps) => { const rules = ATIPlanner.readRules(document);
          return ATIPlanner.icsFile(apps.map((input) => ({input, steps: ATIPlanner.schedule(input, rules).steps})),
            {now: new Date(Date.UTC(2026, 2, 2, 8, 0, 0)), base: location.href, settings: rules.settings}); }""", apps)
    return text.encode("utf-8")


BASE_APP = {"interview_date": "2026-03-06", "interview_time": "11:00", "decision": "no", "route": "direct",
            "today": "2026-03-02"}


def test_reminders_never_fire_before_the_interview_ends(page, planner_url):
    open_planner(page, planner_url)
    cases = [("11:00", "2026-03-06"), ("14:45", "2026-03-06"), ("15:00", "2026-03-06"),
             ("16:30", "2026-03-06"), ("21:00", "2026-03-06"), ("07:30", "2026-03-06")]
    for ends, day in cases:
        app = {**BASE_APP, "employer": "Acme", "interview_time": ends, "interview_date": day}
        raw = ics_for(page, [app])
        assert_no_reminder_before_the_interview_ends(raw, day, ends)
        first = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
        trigger = first.walk("VALARM")[0]["TRIGGER"].dt
        if ends <= "15:00":  # same day: half an hour after the end (never before 9am)
            end = dt.datetime.combine(dt.date(2026, 3, 6), dt.time.fromisoformat(ends))
            assert first["DTSTART"].dt == dt.date(2026, 3, 6)
            assert trigger == max(dt.timedelta(hours=end.hour, minutes=end.minute + 30), dt.timedelta(hours=9))
        else:  # a late Friday: Monday morning, at the start of the working day
            assert first["DTSTART"].dt == dt.date(2026, 3, 9)
            assert trigger == dt.timedelta(hours=9)


def test_uids_identify_the_application_and_the_step(page, planner_url):
    open_planner(page, planner_url)
    north = {**BASE_APP, "employer": "Northfield Housing Trust"}
    south = {**BASE_APP, "employer": "Southgate Council"}
    uids = lambda raw: [str(e["UID"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    a, b = uids(ics_for(page, [north])), uids(ics_for(page, [south]))
    assert len(a) == len(set(a)) == 4 and not set(a) & set(b), "two employers on the same day share a UID"
    # The same plan again (even typed with other spacing and capitals): the same UIDs.
    again = {**north, "employer": "  northfield  housing trust "}
    assert uids(ics_for(page, [north])) == a == uids(ics_for(page, [again]))
    # Another role at the same employer on the same day is another application.
    assert not set(uids(ics_for(page, [{**north, "role": "Surveyor"}]))) & set(a)
    # One file with both: both applications, every event named.
    raw = ics_for(page, [north, south])
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert len(events) == 8
    assert sum("Northfield Housing Trust" in str(e["SUMMARY"]) for e in events) == 4
    assert sum("Southgate Council" in str(e["SUMMARY"]) for e in events) == 4
    assert set(uids(raw)) == set(a) | set(b)
    assert_same_events_in_ical_js(raw, events)


def save_plan(page, employer: str, interview: str, **kw):
    fill_planner(page, interview, employer=employer, **kw)
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    page.click(".ati-plan__save-button")
    page.wait_for_selector(".ati-plan__saved-note")


@pytest.mark.parametrize("scheme,clock", [("light", SATURDAY), ("dark", SATURDAY), ("light", WEDNESDAY)])
def test_several_plans_in_one_list(browser, planner_url, scheme, clock, tmp_path):
    ctx = browser.new_context(color_scheme=scheme, accept_downloads=True)
    try:
        page = ctx.new_page()
        watcher = Watcher(page)
        today = dt.date.fromisoformat(pin_clock(page, clock))
        open_planner(page, planner_url)
        assert page.is_hidden(".ati-planner__saved")
        save_plan(page, "Northfield Housing Trust", today.isoformat(), role="Housing Officer")
        save_plan(page, "Southgate Council", (today + dt.timedelta(days=7)).isoformat(), time="16:30")
        save_plan(page, "Eastbrook Hospital", (today + dt.timedelta(days=2)).isoformat(), route="agency")
        saved = page.locator(".ati-saved__item")
        assert saved.count() == 3
        titles = saved.locator("h3").all_inner_texts()
        assert set(titles) == {"Northfield Housing Trust, Housing Officer", "Southgate Council", "Eastbrook Hospital"}
        # What is due next across all of them: the earliest step still to come, for every
        # application with a step that day (on a Saturday, two thank-yous fall on Monday).
        apps = page.evaluate("() => ATI.plans.load()")
        firsts = sorted((r["steps"][0]["date"], a["employer"], r["steps"][0]["title"]) for a, r in zip(apps, run_schedule(
            page, [{**a, "today": today.isoformat()} for a in apps])))
        due = [(title, employer) for day, employer, title in firsts if day == firsts[0][0]]
        words = page.evaluate("(iso) => ATI.formatDate(iso, 'en-GB', true)", firsts[0][0])
        nxt = page.locator(".ati-saved__next")
        if len(due) == 1:
            assert nxt.inner_text() == f"Due next: {due[0][0]} ({due[0][1]}), {words}."
        else:
            assert nxt.locator("p").inner_text() == f"Due next, {words}, for {len(due)} applications:"
            assert sorted(nxt.locator("li").all_inner_texts()) == sorted(f"{t} ({e})" for t, e in due)
        if clock == SATURDAY:
            assert firsts[0][0] == "2026-12-14" and {e for _, e in due} == {"Northfield Housing Trust", "Eastbrook Hospital"}
        # Each saved plan's steps, one click away.
        north = page.locator(".ati-saved__item:has-text('Northfield Housing Trust')")
        toggle = north.locator(".ati-saved__toggle")
        assert toggle.get_attribute("aria-expanded") == "false" and north.locator(".ati-saved__list").is_hidden()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert north.locator(".ati-saved__list li").count() == 4
        assert north.locator(".ati-saved__list li").first.inner_text().endswith(": Send your thank-you")
        assert_no_axe_violations(page, f"on the planner with several plans ({scheme})")
        page.screenshot(path=str(tmp_path / f"several-{scheme}.png"), full_page=True)

        # The same employer and date again: the planner says so and updates only when asked.
        fill_planner(page, today.isoformat(), employer="Northfield Housing Trust", role="Housing Officer", time="12:00")
        page.wait_for_selector(".ati-planner__result:not([hidden])")
        button = page.locator(".ati-plan__save-button")
        assert button.inner_text() == "Update the saved plan for Northfield Housing Trust"
        assert "replaces that plan" in page.locator(".ati-plan__save").inner_text()
        assert page.evaluate("() => ATI.plans.load().length") == 3  # nothing changed yet
        button.click()
        kept = page.evaluate("() => ATI.plans.load()")
        assert len(kept) == 3 and [a["interview_time"] for a in kept if a["employer"].startswith("Northfield")] == ["12:00"]

        # One calendar file with all of them.
        with page.expect_download() as info:
            page.click(".ati-saved__download")
        raw = pathlib.Path(info.value.path()).read_bytes()
        events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        for name in ("Northfield Housing Trust", "Southgate Council", "Eastbrook Hospital"):
            assert any(name in str(e["SUMMARY"]) for e in events), name
        assert all(any(n in str(e["SUMMARY"]) for n in ("Northfield", "Southgate", "Eastbrook")) for e in events)
        assert len({str(e["UID"]) for e in events}) == len(events)
        for app in kept:
            mine = [e for e in events if app["employer"] in str(e["SUMMARY"])]
            assert_no_reminder_before_the_interview_ends(
                _only(raw, mine), app["interview_date"], app["interview_time"])
        assert_same_events_in_ical_js(raw, events)

        # Remove one: the others stay.
        page.click(".ati-saved__item:has-text('Southgate Council') .ati-saved__remove")
        assert page.locator(".ati-saved__item").count() == 2
        assert "Removed the plan for Southgate Council." in page.locator(".ati-saved__status").inner_text()
        # Stored for this tab only (sessionStorage), unless the reader chose to remember.
        assert page.evaluate("() => localStorage.getItem('ati:plans:v1')") is None
        assert page.evaluate("() => JSON.parse(sessionStorage.getItem('ati:plans:v1')).length") == 2
        # "Clear my details" removes the plans too.
        page.evaluate("() => ATI.details.clear()")
        page.reload()
        page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
        assert page.is_hidden(".ati-planner__saved")
        watcher.assert_clean()
    finally:
        ctx.close()


def _only(raw: bytes, events) -> bytes:
    """A calendar file with only some of raw's events (to check one application's reminders)."""
    cal = icalendar.Calendar.from_ical(raw)
    keep = {str(e["UID"]) for e in events}
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VEVENT" or str(c["UID"]) in keep]
    return cal.to_ical()


def test_remembered_plans_stay_on_the_device(page, planner_url):
    open_planner(page, planner_url)
    page.evaluate("() => { ATI.details.setRemember(true); ATI.plans.save([{employer: 'Acme', interview_date: '2026-03-02'}]); }")
    assert page.evaluate("() => JSON.parse(localStorage.getItem('ati:plans:v1'))[0].employer") == "Acme"
    page.evaluate("() => ATI.details.setRemember(false)")
    assert page.evaluate("() => localStorage.getItem('ati:plans:v1')") is None
    assert page.evaluate("() => ATI.plans.load().length") == 1  # still in this tab
    page.evaluate("() => ATI.details.clear()")
    assert page.evaluate("() => ATI.plans.load()") == []


def test_employer_is_prefilled_from_shared_details(page, planner_url):
    open_planner(page, planner_url)
    page.evaluate("() => ATI.details.save({organisation: 'Northfield Housing Trust', role: 'Housing Officer'})")
    page.reload()
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    assert page.input_value("#planner-employer") == "Northfield Housing Trust"
    assert page.input_value("#planner-role") == "Housing Officer"
    # The page says which holidays it uses, and until when.
    assert page.input_value("#planner-calendar") == "england-wales"
    until = page.evaluate("() => ATIPlanner.readRules(document).holidays.until")
    assert page.evaluate("(iso) => ATI.formatDate(iso, 'en-GB')", until) in page.locator("#planner-calendar-hint-holidays").inner_text()
    page.watcher.assert_clean()


def test_holiday_data_covers_the_window():
    """Built from the library: every calendar, whole years around the build, each with its own holidays."""
    from macros.planner import holiday_data

    data = holiday_data("england-wales", dt.date(2026, 12, 2))
    assert (data["from"], data["until"]) == ("2025-01-01", "2028-12-31")
    cal = data["calendars"]
    for cid in ("england-wales", "scotland", "northern-ireland", "us"):
        assert "2028-12-25" in cal[cid]["days"], f"{cid} has no holidays in the window's last year"
    assert "2026-11-30" in cal["scotland"]["days"] and "2026-11-30" not in cal["england-wales"]["days"]
    assert "2026-03-17" in cal["northern-ireland"]["days"] and "2026-03-17" not in cal["england-wales"]["days"]
    assert "2026-11-26" in cal["us"]["days"] and "2026-04-06" in cal["england-wales"]["days"]
    # Observed days: Boxing Day 2026 is a Saturday, so Monday 28th is the bank holiday;
    # US Independence Day 2026 is a Saturday, so Friday 3 July is the federal holiday.
    assert "2026-12-28" in cal["england-wales"]["days"] and "2026-07-03" in cal["us"]["days"]


def test_bad_holiday_setting_fails_the_build_with_a_clear_message():
    from macros.planner import Planner, RulesError
    from macros.site import Site

    with pytest.raises(RulesError) as err:
        Planner(Site({"public_holidays": "wales"}, ROOT)).holidays
    assert str(err.value).endswith(
        "mkdocs.yml: extra.public_holidays: 'wales' is not a holiday calendar; use one of: england-wales, scotland, northern-ireland, us")
    assert Planner(Site({"locale": "en-US"}, ROOT)).calendar == "us"
    assert Planner(Site({"locale": "en-GB"}, ROOT)).calendar == "england-wales"
    assert Planner(Site({"public_holidays": "scotland"}, ROOT)).calendar == "scotland"


def test_region_setting_changes_the_plan_dates(browser, altered_site, page, planner_url):
    """extra.public_holidays: scotland in a fixture site: the holidays come from the library at build time."""
    _, url = altered_site
    case = {"interview_date": "2026-11-17", "interview_time": "10:00", "decision": "no", "route": "direct",
            "today": "2026-11-17"}  # no calendar: the site's default
    ctx = browser.new_context()
    try:
        scot = ctx.new_page()
        watcher = Watcher(scot)
        open_planner(scot, url + "planner/")
        assert scot.input_value("#planner-calendar") == "scotland"
        assert "Scotland bank holidays" in scot.locator(".ati-rules-note").last.inner_text()
        data = scot.evaluate("() => ATIPlanner.readRules(document).holidays")
        assert data["default"] == "scotland" and "2026-11-30" in data["calendars"]["scotland"]["days"]
        default, english = [[s["date"] for s in r["steps"]] for r in run_schedule(
            scot, [case, {**case, "calendar": "england-wales"}])]
        watcher.assert_clean()
    finally:
        ctx.close()
    # The altered rules (4 and 1 business days): St Andrew's Day (Mon 30 Nov) pushes the Scottish plan on a day.
    # The stop, 5 business days after the last note, falls after it.
    assert default == ["2026-11-17", "2026-11-23", "2026-11-24", "2026-12-02"]
    assert english == ["2026-11-17", "2026-11-23", "2026-11-24", "2026-12-01"]
    # The main site has no setting, so an en-GB build defaults to England and Wales.
    open_planner(page, planner_url)
    assert page.input_value("#planner-calendar") == "england-wales"
    assert page.evaluate("() => ATIPlanner.readRules(document).holidays.default") == "england-wales"


def test_a_saved_plan_the_planner_cannot_date_stays_listed(page, planner_url):
    """Nothing is lost without being asked: an old plan, or one for a calendar this build lacks, stays in the list."""
    today = dt.date.fromisoformat(pin_clock(page, WEDNESDAY))
    open_planner(page, planner_url)
    page.evaluate("""([old, soon]) => ATI.plans.save([
        {employer: 'Old Co', interview_date: old, interview_time: '10:00', decision: 'no', route: 'direct'},
        {employer: 'Moon Ltd', interview_date: soon, interview_time: '10:00', decision: 'no', route: 'direct', calendar: 'mars'}])""",
                  [(today - dt.timedelta(days=200)).isoformat(), (today + dt.timedelta(days=3)).isoformat()])
    page.reload()
    page.wait_for_selector(".ati-planner__saved:not([hidden])")
    items = page.locator(".ati-saved__item")
    assert items.count() == 2
    old = page.locator(".ati-saved__item:has-text('Old Co')").inner_text()
    assert "cannot date this plan any more: interview date must be in the last 90 days" in old
    assert "Next: Send your thank-you" in page.locator(".ati-saved__item:has-text('Moon Ltd')").inner_text()
    assert page.evaluate("() => ATI.plans.load().length") == 2
    page.watcher.assert_clean()


@pytest.mark.parametrize("page_path", ["guide/timing/index.html", "planner/index.html"])
def test_the_holiday_shutdown_rule_is_shown_with_its_source(site_dir, page_path):
    """The Timing page and the planner page render the shutdown from rules/timing.yml, labelled as our own advice."""
    text = re.sub(r"<[^>]+>", "", (site_dir / page_path).read_text(encoding="utf-8"))
    assert "The holiday shutdown." in text
    assert "from 24 December to 1 January moves to the first working day after 1 January" in text
    assert "Source: our own recommendation." in text
    assert "not counting bank holidays" in text and "knows them up to 31 December" in text
    assert "are not counted, so move a step on" not in text  # the old note, from before the planner knew holidays


def test_axe_dark_scheme_empty_and_with_errors(browser, planner_url):
    ctx = browser.new_context(color_scheme="dark")
    try:
        page = ctx.new_page()
        watcher = Watcher(page)
        open_planner(page, planner_url)
        assert_no_axe_violations(page, "on the empty planner (dark)")
        page.click(".ati-planner__submit")
        assert page.locator(".ati-pl-error-summary li").count() == 5
        assert_no_axe_violations(page, "on the planner with errors (dark)")
        watcher.assert_clean()
    finally:
        ctx.close()


def test_holiday_window_follows_source_date_epoch(monkeypatch):
    """A reproducible build (SOURCE_DATE_EPOCH) fixes the holiday window, whatever today is."""
    from macros.planner import holiday_data

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2031, 6, 1, tzinfo=dt.timezone.utc).timestamp())))
    data = holiday_data("us")
    assert (data["from"], data["until"]) == ("2030-01-01", "2033-12-31")
    assert "2033-11-24" in data["calendars"]["us"]["days"]  # Thanksgiving 2033
