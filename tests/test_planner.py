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

from support import ROOT, assert_no_axe_violations, build_and_serve, build_site, copy_project, ready, Watcher

STEP_COUNT = len(yaml.safe_load((ROOT / "rules" / "timing.yml").read_text(encoding="utf-8"))["steps"])

CASES = yaml.safe_load((ROOT / "tests" / "planner_cases.yml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def planner_url(site_url):
    return site_url + "planner/"


def open_planner(page, url):
    ready(page, url)
    page.wait_for_selector(".ati-planner__form:not([hidden])")
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


def browser_today(page) -> str:
    return page.evaluate("() => { const d = new Date(); return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())).toISOString().slice(0, 10); }")


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
    steps["anything-more"]["template"] = "anything-more-you-ned"
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    assert "steps.phone-call.after: names 'chek-in-no-date', which is not a step id. Did you mean 'check-in-no-date'?" in str(err.value)
    steps["phone-call"]["after"] = ["check-in", "check-in-no-date", "recruiter-check-in", "recruiter-check-in-no-date"]
    (project / "rules" / "timing.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        Planner(Site({}, project)).rules
    assert "steps.anything-more.template: names 'anything-more-you-ned', which is not a template in templates/; did you mean 'anything-more-you-need'?" in str(err.value)
    # A step that counts from a step missing in some situations is caught too.
    steps["anything-more"]["template"] = "anything-more-you-need"
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


def test_planner_starts_after_instant_navigation(page, site_url):
    """Material swaps the page in place when a reader follows the nav link; the planner must still start."""
    ready(page, site_url)
    page.click("nav.md-nav--primary a[href$='planner/']")
    page.wait_for_url("**/planner/")
    page.wait_for_selector(".ati-planner__form:not([hidden])")
    assert page.evaluate("() => ATIPlanner.readRules(document).steps.length") == STEP_COUNT
    page.watcher.assert_clean()


def test_plan_in_the_page_matches_the_schedule(page, planner_url):
    open_planner(page, planner_url)
    today = browser_today(page)
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
    open_planner(page, planner_url)
    page.click(".ati-planner__submit")
    summary = page.locator(".ati-pl-error-summary")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('ati-pl-error-summary')")
    assert page.title().startswith("Error: ")
    assert summary.locator("li").all_inner_texts() == [
        "Enter the date of your interview", "Enter the time your interview ends",
        "Select yes if they told you when they would decide",
        "Select whether you applied directly or through an agency"]

    # A decision date before the interview, and an impossible one.
    today = dt.date.fromisoformat(browser_today(page))
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
    open_planner(page, planner_url)
    today = browser_today(page)
    decision = (dt.date.fromisoformat(today) + dt.timedelta(days=7)).isoformat()
    fill_planner(page, today, time="10:00", decision=decision, route="direct")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    steps = run_schedule(page, [{"interview_date": today, "interview_time": "10:00", "decision": "yes",
                                 "decision_date": decision, "route": "direct", "today": today}])[0]["steps"]
    raw = download_ics(page)

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
    assert len(events) == len(steps) == 5
    for event, step in zip(events, steps):
        assert event["DTSTART"].dt == dt.date.fromisoformat(step["date"])
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert str(event["SUMMARY"]) == step["title"]
        assert str(event["UID"]) == f"{step['id']}-{today.replace('-', '')}@after-the-interview"
        stamp = event["DTSTAMP"].dt
        assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
        description = str(event["DESCRIPTION"])
        assert description.startswith(step["what"])
        if step["template"]:
            assert f"{planner_url.rsplit('/planner/', 1)[0]}/templates/{step['template']}/" in description
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0]["TRIGGER"].dt == dt.timedelta(hours=9)
    assert [str(e["SUMMARY"]) for e in events][:2] == ["Send your thank-you", "Check in after the decision date"]
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
    open_planner(page, planner_url)
    today = browser_today(page)
    fill_planner(page, today, time="12:00", decision=None, route="direct")
    page.wait_for_selector(".ati-planner__result:not([hidden])")
    assert page.evaluate("() => ATI.details.load()") == {"interview_date": today, "route": "direct"}
    link = page.locator(".ati-plan__step[data-step='check-in-no-date'] a")
    assert link.inner_text().startswith("Use the template: ")
    link.click()
    page.wait_for_url("**/templates/check-in-no-date/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => ATI.details.load().interview_date") == today
    date_input = page.locator("[data-module='ati-fill'] [name='interview_date']")
    if date_input.count():
        assert date_input.first.input_value() == today
    # Back on the planner, the form starts from what the reader typed.
    page.goto(planner_url)
    page.wait_for_selector(".ati-planner__form:not([hidden])")
    y, m, d = today.split("-")
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
    text = text.replace("offset: {working_days: 3}", "offset: {working_days: 1}")
    assert text.count('ends_after: "12:00"') == 2
    rules.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    conf = config.read_text(encoding="utf-8")
    assert "  locale: en-GB" in conf
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
    assert "3 working days after your check-in" in original
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
        open_planner(page, url + "planner/")
        # US order: month first.
        assert page.eval_on_selector_all(".ati-pl-date__label", "ls => ls.slice(0, 3).map(l => l.textContent)") == ["Month", "Day", "Year"]
        input_ = {"interview_date": "2026-03-06", "interview_time": "13:00", "decision": "no", "route": "direct", "today": "2026-03-06"}
        got = [[s["id"], s["date"]] for s in run_schedule(page, [input_])[0]["steps"]]
        assert got == [
            ["thank-you", "2026-03-09"],         # 1pm is after the new noon cut-off: Monday
            ["check-in-no-date", "2026-03-13"],  # 4 working days, not 10
            ["phone-call", "2026-03-16"],        # 1 working day, not 3
            ["anything-more", "2026-04-03"],
            ["stop", "2026-04-10"],
        ]
        # And in the form, with US dates.
        today = browser_today(page)
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
        page.goto((offline_site / "planner.html").as_uri())
        page.wait_for_selector(".ati-planner__form:not([hidden])")
        today = browser_today(page)
        fill_planner(page, today, time="10:00", decision=None, route="direct")
        page.wait_for_selector(".ati-planner__result:not([hidden])")
        assert len(shown_plan(page)) == 5
        raw = download_ics(page)
        events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
        assert len(events) == 5
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
