"""A property test for the planner (issue 19), independent of planner.js's own code.

For every interview date over two years, each route, a decision date given or
not, a morning and a late-afternoon end time, and every holiday calendar, the
page's ATIPlanner.schedule() makes a plan. Python then checks each plan
against working days worked out here from the `holidays` package (the version
the build uses) and the rules read straight from rules/timing.yml:

- every step falls on a working day of the plan's region;
- no chasing step falls in the holiday shutdown (the rules' `shutdown`);
- the thank-you falls on the interview day, or on the next working day;
- the steps are in date order;
- a step that counts N working days lands exactly N working days after the
  date it counts from, unless the shutdown moves it (then it lands on the
  first working day after the shutdown).

Nothing here reads the real clock: each plan's "today" is its interview day.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

import holidays
import pytest
import yaml

from support import ROOT, ready

pytestmark = [pytest.mark.browser, pytest.mark.dates]

RULES = yaml.safe_load((ROOT / "rules" / "timing.yml").read_text(encoding="utf-8"))
STEPS = {s["id"]: s for s in RULES["steps"]}
SHUTDOWN = RULES.get("shutdown")

# The regions, as the `holidays` package names them (country, subdivision).
REGIONS = {"england-wales": ("GB", "ENG"), "scotland": ("GB", "SCT"), "northern-ireland": ("GB", "NIR"), "us": ("US", None)}
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2027, 12, 31)  # inside the test build's holiday window (2025 to 2028)
TIMES = ("10:00", "16:30")  # a morning and a late-afternoon end
CHUNK = 4000  # plans per page.evaluate


@functools.cache
def days_off(region: str) -> frozenset[dt.date]:
    country, subdiv = REGIONS[region]
    found = holidays.country_holidays(country, subdiv=subdiv, years=range(FIRST.year - 1, LAST.year + 3), observed=True)
    return frozenset(found)


@functools.cache
def working(day: dt.date, region: str) -> bool:
    return day.weekday() < 5 and day not in days_off(region)


@functools.cache
def next_working(day: dt.date, region: str, n: int) -> dt.date:
    """n working days after day; with n = 0, day itself or the first working day after it."""
    if n == 0:
        while not working(day, region):
            day += dt.timedelta(days=1)
        return day
    for _ in range(n):
        day += dt.timedelta(days=1)
        while not working(day, region):
            day += dt.timedelta(days=1)
    return day


def in_shutdown(day: dt.date) -> bool:
    md = day.strftime("%m-%d")
    start, end = SHUTDOWN["from"], SHUTDOWN["to"]
    return (md >= start or md <= end) if start > end else start <= md <= end


def after_shutdown(day: dt.date, region: str) -> dt.date:
    """The first working day after the shutdown that day falls in."""
    start, end = SHUTDOWN["from"], SHUTDOWN["to"]
    year = day.year + (1 if start > end and day.strftime("%m-%d") >= start else 0)
    return next_working(dt.date.fromisoformat(f"{year}-{end}"), region, 1)


def offset_of(offset: dict) -> tuple[str, int]:
    (unit, amount), = offset.items()
    return unit, amount


@functools.cache
def expected_ids(route: str, decision: str) -> list[str]:
    situation = "given" if decision == "yes" else "none"
    return [s["id"] for s in RULES["steps"]
            if s["routes"] in (route, "either") and s.get("decision_date", "either") in (situation, "either")]


def plans() -> list[dict]:
    out = []
    day, i = FIRST, 0
    while day <= LAST:
        for region in REGIONS:
            for route in ("direct", "agency"):
                for decision in ("yes", "no"):
                    for time in TIMES:
                        plan = {"interview_date": day.isoformat(), "interview_time": time, "decision": decision,
                                "route": route, "calendar": region, "today": day.isoformat()}
                        if decision == "yes":  # 0 to 20 days later, so it lands on every kind of day
                            plan["decision_date"] = (day + dt.timedelta(days=i % 21)).isoformat()
                        out.append(plan)
                        i += 1
        day += dt.timedelta(days=1)
    return out


def check(plan: dict, steps: list[list]) -> list[str]:
    """Every way this plan breaks the properties (empty if it keeps them all)."""
    region = plan["calendar"]
    interview = dt.date.fromisoformat(plan["interview_date"])
    name = f"{plan['interview_date']} {plan['interview_time']} {plan['route']} decision={plan.get('decision_date', 'none')} {region}"
    ids = [s[0] for s in steps]
    if ids != expected_ids(plan["route"], plan["decision"]):
        return [f"{name}: steps {ids}, expected {expected_ids(plan['route'], plan['decision'])}"]
    dates = {sid: dt.date.fromisoformat(date) for sid, date, *_ in steps}
    problems = []
    for sid, date, moved, past in steps:
        day, rule = dates[sid], STEPS[sid]
        if moved or past:
            problems.append(f"{name}: {sid} is moved or past, but today is the interview day")
        if not working(day, region):
            problems.append(f"{name}: {sid} on {day} ({day:%A}), not a working day in {region}")
        if SHUTDOWN and sid in SHUTDOWN["steps"] and in_shutdown(day):
            problems.append(f"{name}: {sid} on {day}, in the holiday shutdown")
        # Where the step counts from, and how far.
        if rule["trigger"] == "interview":
            late = rule.get("late")
            offset = late["offset"] if late and plan["interview_time"] > late["ends_after"] else rule["offset"]
            base = interview
            if day != interview and day != next_working(interview, region, 1):
                problems.append(f"{name}: {sid} on {day}, neither the interview day nor the next working day")
            if (day == interview) != (working(interview, region) and offset_of(offset)[1] == 0):
                problems.append(f"{name}: {sid} on {day}, but the interview ends at {plan['interview_time']}")
        elif rule["trigger"] == "decision_date":
            offset, base = rule["offset"], dt.date.fromisoformat(plan["decision_date"])
        else:
            after = [rule["after"]] if isinstance(rule["after"], str) else rule["after"]
            offset, base = rule["offset"], dates[next(a for a in after if a in dates)]
        unit, n = offset_of(offset)
        want = next_working(base, region, n) if unit == "working_days" else base + dt.timedelta(days=n)
        if SHUTDOWN and sid in SHUTDOWN["steps"] and in_shutdown(want):
            want = after_shutdown(want, region)
        if day != want:
            problems.append(f"{name}: {sid} on {day}, expected {want} ({n} {unit} after {base})")
    order = [dates[i] for i in ids]
    if order != sorted(order):
        problems.append(f"{name}: steps out of date order: {[d.isoformat() for d in order]}")
    return problems


# In and out as one JSON string each: Playwright's own serialiser is slow for big nested values.
SCHEDULE_JS = """([json, change]) => {
  const inputs = JSON.parse(json);
  const rules = ATIPlanner.readRules(document);
  if (change) {  // a mutation, to show the test can fail
    const days = rules.holidays.calendars[change.calendar].days;
    delete days[change.remove];
    if (change.add) days[change.add] = "Not a holiday";
  }
  return JSON.stringify(inputs.map((input) => {
    const result = ATIPlanner.schedule(input, rules);
    if (result.errors.length) return {errors: result.errors.map((e) => e.field + ": " + e.message)};
    return {steps: result.steps.map((s) => [s.id, s.date, s.moved, s.past])};
  }));
}"""


def run(page, inputs: list[dict], change: dict | None = None) -> tuple[int, int, list[str]]:
    """Schedule every plan in the page, in chunks; returns (plans, steps, problems)."""
    steps, problems = 0, []
    for start in range(0, len(inputs), CHUNK):
        chunk = inputs[start:start + CHUNK]
        for plan, result in zip(chunk, json.loads(page.evaluate(SCHEDULE_JS, [json.dumps(chunk), change]))):
            if "errors" in result:
                problems.append(f"{plan}: errors {result['errors']}")
                continue
            steps += len(result["steps"])
            problems += check(plan, result["steps"])
    return len(inputs), steps, problems


@pytest.fixture(scope="module")
def planner_page(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    ready(page, site_url + "planner/")
    page.wait_for_selector(".ati-planner[data-mounted] .ati-planner__form")
    yield page
    ctx.close()


def test_the_page_uses_the_same_holidays_and_regions(planner_page):
    data = planner_page.evaluate("() => ATIPlanner.readRules(document).holidays")
    assert data["library"] == f"holidays {holidays.__version__}", "the test and the build use different versions of holidays"
    assert set(data["calendars"]) == set(REGIONS), "a holiday calendar was added or removed: add it to REGIONS here"
    assert data["from"] <= FIRST.isoformat() and data["until"] >= (LAST + dt.timedelta(days=120)).isoformat()


def test_every_plan_keeps_the_properties(planner_page, record_property):
    inputs = plans()
    count, steps, problems = run(planner_page, inputs)
    record_property("plans", count)
    record_property("steps", steps)
    print(f"\nplanner property test: {count} plans, {steps} steps checked, {len(problems)} problems")
    assert count >= 20000
    assert not problems, f"{len(problems)} problems, the first 20:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("change", [
    {"calendar": "england-wales", "remove": "2027-03-29"},  # Easter Monday 2027 forgotten
    {"calendar": "us", "remove": "2026-11-26", "add": "2026-11-27"},  # Thanksgiving a day late
    {"calendar": "scotland", "remove": "2027-01-04"},  # Scotland's 2 January holiday, observed on Monday 4 January
])
def test_one_wrong_holiday_makes_the_check_fail(planner_page, change):
    """The check is not vacuous: the page's plans with one holiday changed break the properties."""
    day = dt.date.fromisoformat(change["remove"])
    assert day in days_off(change["calendar"]), f"{day} is not a holiday in {change['calendar']}"
    inputs = [p for p in plans() if p["calendar"] == change["calendar"]
              and day - dt.timedelta(days=40) <= dt.date.fromisoformat(p["interview_date"]) <= day]
    count, steps, problems = run(planner_page, inputs, change)
    print(f"\nwith {change}: {count} plans, {len(problems)} problems, such as: {problems[:1]}")
    assert problems, f"changing {change} went unnoticed"
