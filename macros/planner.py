"""The follow-up timing rules: load and check rules/timing.yml, and render them.

Plain Python with no MkDocs import. The rules file is the one place the site's
timing advice lives (its header comment documents every key). This module
only *describes* the rules: the table on the "When to write" guide page, the
same table on the planner page for readers without JavaScript, and a JSON
block for the planner script. It never works out a date: the browser does
that (docs/assets/components/planner/planner.js), so the schedule logic exists once,
and tests/test_planner.py runs it in Chromium against tests/planner_cases.yml.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import json
import pathlib
import posixpath
import re
from typing import Any

import yaml

from . import locale as L
from . import render as R
from . import templates as T
from .components import date_example, date_input

DEFAULT_RULES_FILE = "rules/timing.yml"

TRIGGERS = {
    "interview": "the interview",
    "decision_date": "the decision date",
    "step": "another step (named in 'after')",
}
ROUTES = {"direct": "Direct application", "agency": "Through an agency", "either": "Either"}
DECISION = {"given": "given a decision date", "none": "no decision date", "either": "with or without a decision date"}
UNITS = {"working_days": "working days (Monday to Friday)", "calendar_days": "calendar days"}
SOURCES = ("S1", "S2", "S3", "S4", "S5", "own-recommendation", "careers-centre consensus")
# Public holidays: the calendars a reader can pick, from the `holidays` package
# (pinned in requirements.txt), written into the page at build time. Each has its
# name, as the plan and the rules say it, and its place, as the form's list offers
# it (under "Which public holidays should the plan skip?": short enough for a 320px phone).
CALENDARS = {
    "england-wales": ("England and Wales bank holidays", "England and Wales", {"country": "GB", "subdiv": "ENG"}),
    "scotland": ("Scotland bank holidays", "Scotland", {"country": "GB", "subdiv": "SCT"}),
    "northern-ireland": ("Northern Ireland bank holidays", "Northern Ireland", {"country": "GB", "subdiv": "NIR"}),
    "us": ("US federal holidays", "United States", {"country": "US"}),
}
DEFAULT_CALENDAR = {"en-GB": "england-wales", "en-US": "us"}
# The holiday window: whole calendar years, from the year before the build
# (an interview up to max_days_since_interview ago) to two years after it
# (an interview up to a year ahead, a decision date after that, and the steps
# that follow). The page says the last date it covers; steps past it are flagged.
HOLIDAY_YEARS_BEFORE = 1
HOLIDAY_YEARS_AFTER = 2
MD_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
MAX_OFFSET = 120
SITUATIONS = tuple((route, decision) for route in ("direct", "agency") for decision in ("given", "none"))

STEP_KEYS = {
    "id": "a stable id of lower-case words joined by hyphens, such as 'thank-you'",
    "title": f"the step's name in the plan, {T.TITLE_MAX} characters or fewer, such as 'Send your thank-you'",
    "short": "how other steps refer to it, such as 'your thank-you'",
    "what": "what to do, in one or two plain sentences",
    "routes": "one of: " + ", ".join(ROUTES),
    "decision_date": "one of: " + ", ".join(DECISION),
    "trigger": "one of: " + ", ".join(TRIGGERS),
    "after": "for trigger 'step': a step id, or a list of step ids",
    "offset": "how long after the trigger, such as {working_days: 2} or {calendar_days: 14}",
    "late": "for trigger 'interview': {ends_after: \"15:00\", offset: {working_days: 1}}",
    "template": "a template id from templates/, such as thank-you-email",
    "source": "a list of sources: " + ", ".join(SOURCES),
}
STEP_REQUIRED = ("id", "title", "what", "routes", "trigger", "offset", "source")
SETTINGS_KEYS = {
    "reminder_time": "the time calendar reminders go off, such as \"09:00\"",
    "thank_you_delay_minutes": "how many minutes after the interview ends a same-day thank-you reminder goes off, such as 30",
    "max_days_since_interview": "a whole number of days, such as 90",
    "max_days_until_interview": "a whole number of days, such as 365",
}
SETTINGS_DEFAULTS = {"reminder_time": "09:00", "thank_you_delay_minutes": 30, "max_days_since_interview": 90, "max_days_until_interview": 365}
SHUTDOWN_KEYS = {
    "from": "the first day, as MM-DD in quotes, such as \"12-24\"",
    "to": "the last day, as MM-DD in quotes, such as \"01-01\"",
    "steps": "the ids of the chasing steps that move, such as [check-in, phone-call]",
    "what": "the rule in one plain sentence",
    "source": "a list of sources: " + ", ".join(SOURCES),
}
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class RulesError(T.ProblemsError):
    """One or more problems in the timing rules, each naming the file, the field and the fix."""

    about = "the timing rules"


@dataclasses.dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # a key of UNITS

    def as_data(self) -> dict:
        return {"amount": self.amount, "unit": self.unit}


@dataclasses.dataclass(frozen=True)
class Late:
    time: str  # "HH:MM"
    offset: Offset


@dataclasses.dataclass
class Step:
    id: str
    title: str
    short: str
    what: str
    routes: str
    decision_date: str
    trigger: str
    after: list[str]
    offset: Offset
    late: Late | None
    template: str | None
    source: list[str]

    def applies(self, route: str, decision: str) -> bool:
        return self.routes in (route, "either") and self.decision_date in (decision, "either")


@dataclasses.dataclass(frozen=True)
class Shutdown:
    start: str  # "MM-DD"
    end: str  # "MM-DD", may be in the next year
    steps: tuple[str, ...]
    what: str
    source: tuple[str, ...]

    def as_data(self) -> dict:
        return {"from": self.start, "to": self.end, "steps": list(self.steps)}


@dataclasses.dataclass
class Rules:
    steps: list[Step]
    settings: dict[str, Any]
    file: str
    shutdown: Shutdown | None = None

    def plan(self, route: str, decision: str) -> list[Step]:
        """The steps for one situation, in file order (no dates: those are the browser's job)."""
        return [s for s in self.steps if s.applies(route, decision)]

    def get(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


# ---------------------------------------------------------------------------
# Loading and checking


def load_rules(path: str | pathlib.Path, root: str | pathlib.Path | None = None) -> Rules:
    """Read and check a rules file; raise RulesError listing every problem."""
    path = pathlib.Path(path)
    shown = _shown(path, root)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError([T.Problem(shown, "(file)", "the timing rules file is missing; restore it, or set extra.rules_file in mkdocs.yml to where it is")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or "it could not be read"
        raise RulesError([T.Problem(shown, where, f"this is not valid YAML ({reason}); check the indentation and quote any text that contains a colon")]) from None
    except UnicodeDecodeError:
        raise RulesError([T.Problem(shown, "(file)", "the file is not UTF-8 text; save it as UTF-8")]) from None
    problems: list[T.Problem] = []
    rules = parse_rules(data, shown, problems)
    if problems or rules is None:
        raise RulesError(problems or [T.Problem(shown, "(file)", "no rules could be read")])
    return rules


def _shown(path: pathlib.Path, root) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(pathlib.Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def parse_rules(data: Any, shown: str, problems: list[T.Problem]) -> Rules | None:
    """Check rules data (already parsed from YAML); append problems; return Rules if it is sound."""
    if not isinstance(data, dict):
        problems.append(T.Problem(shown, "(file)", "the file must have a 'steps:' list (and optional 'settings:'); see the comment at the top of rules/timing.yml"))
        return None
    for key in data:
        if key not in ("settings", "steps", "shutdown"):
            problems.append(T.Problem(shown, str(key), "is not a rules key; use 'settings', 'shutdown' or 'steps'"))
    settings = _check_settings(data.get("settings"), shown, problems)
    raw = data.get("steps")
    if not isinstance(raw, list) or not raw:
        problems.append(T.Problem(shown, "steps", "must be a list of steps, each starting with '- id:'"))
        return None
    steps: list[Step] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw, 1):
        where = f"steps[{i}]"
        if isinstance(item, dict) and isinstance(item.get("id"), str) and T.ID_RE.match(item["id"]):
            where = f"steps.{item['id']}"
        step = _check_step(item, where, shown, problems)
        if step is None:
            continue
        if step.id in seen:
            problems.append(T.Problem(shown, where, f"the id '{step.id}' is used twice ({seen[step.id]} too); give each step its own id"))
            continue
        seen[step.id] = where
        steps.append(step)
    if problems:
        return None
    shutdown = _check_shutdown(data.get("shutdown"), {s.id for s in steps}, shown, problems)
    rules = Rules(steps=steps, settings=settings, file=shown, shutdown=shutdown)
    _check_links(rules, shown, problems)
    return None if problems else rules


def _check_settings(raw: Any, shown: str, problems: list[T.Problem]) -> dict[str, Any]:
    settings = dict(SETTINGS_DEFAULTS)
    if raw is None:
        return settings
    if not isinstance(raw, dict):
        problems.append(T.Problem(shown, "settings", "must be a set of 'key: value' lines: " + ", ".join(SETTINGS_KEYS)))
        return settings
    for key, value in raw.items():
        if key not in SETTINGS_KEYS:
            problems.append(T.Problem(shown, f"settings.{key}", f"is not a setting; use one of: {', '.join(SETTINGS_KEYS)}"))
        elif key == "reminder_time":
            if not isinstance(value, str) or not TIME_RE.match(value):
                problems.append(T.Problem(shown, f"settings.{key}", f"{value!r} is not a time; write it in quotes as HH:MM, like \"09:00\""))
            else:
                settings[key] = value
        elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(T.Problem(shown, f"settings.{key}", f"must be {SETTINGS_KEYS[key]}"))
        else:
            settings[key] = value
    return settings


def _check_shutdown(raw: Any, ids: set[str], shown: str, problems: list[T.Problem]) -> Shutdown | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(T.Problem(shown, "shutdown", "must be a set of keys: " + ", ".join(SHUTDOWN_KEYS)))
        return None
    before = len(problems)
    for key in raw:
        if key not in SHUTDOWN_KEYS:
            problems.append(T.Problem(shown, f"shutdown.{key}", f"is not a shutdown key; use one of: {', '.join(SHUTDOWN_KEYS)}"))
    for key in SHUTDOWN_KEYS:
        if raw.get(key) is None:
            problems.append(T.Problem(shown, f"shutdown.{key}", f"is missing; add {SHUTDOWN_KEYS[key]}"))
    for key in ("from", "to"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and MD_RE.match(value)):
            problems.append(T.Problem(shown, f"shutdown.{key}", f"{value!r} is not a day of the year; write it in quotes as MM-DD, like \"12-24\""))
    steps = raw.get("steps")
    steps = [steps] if isinstance(steps, str) else steps
    if steps is not None:
        if not isinstance(steps, list) or not all(isinstance(x, str) for x in steps):
            problems.append(T.Problem(shown, "shutdown.steps", f"must be {SHUTDOWN_KEYS['steps']}"))
        else:
            for x in steps:
                if x not in ids:
                    close = T._closest(x, ids)
                    hint = f"; did you mean '{close}'?" if close else ""
                    problems.append(T.Problem(shown, "shutdown.steps", f"names '{x}', which is not a step id{hint}"))
    source = raw.get("source")
    sources = [source] if isinstance(source, str) else (source or [])
    for x in sources:
        if x not in SOURCES:
            problems.append(T.Problem(shown, "shutdown.source", f"{x!r} is not a known source; use {', '.join(SOURCES)}"))
    if len(problems) > before:
        return None
    return Shutdown(raw["from"], raw["to"], tuple(steps), " ".join(str(raw["what"]).split()), tuple(sources))


def _check_offset(raw: Any, where: str, shown: str, problems: list[T.Problem]) -> Offset | None:
    if not isinstance(raw, dict) or len(raw) != 1:
        problems.append(T.Problem(shown, where, "must name one unit and a number, such as {working_days: 2} or {calendar_days: 14}"))
        return None
    (unit, amount), = raw.items()
    if unit not in UNITS:
        problems.append(T.Problem(shown, f"{where}.{unit}", f"is not a unit; use working_days or calendar_days"))
        return None
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= MAX_OFFSET:
        problems.append(T.Problem(shown, f"{where}.{unit}", f"{amount!r} is not allowed; use a whole number from 0 to {MAX_OFFSET}"))
        return None
    return Offset(amount, unit)


def _check_step(item: Any, where: str, shown: str, problems: list[T.Problem]) -> Step | None:
    if not isinstance(item, dict):
        problems.append(T.Problem(shown, where, "must be a set of keys such as 'id:', 'title:' and 'offset:'"))
        return None
    before = len(problems)
    for key in item:
        if key not in STEP_KEYS:
            close = T._closest(str(key), STEP_KEYS)
            fix = f"did you mean '{close}'?" if close else "remove it"
            problems.append(T.Problem(shown, f"{where}.{key}", f"is not a step key; {fix} (allowed: {', '.join(STEP_KEYS)})"))
    for key in STEP_REQUIRED:
        if key not in item or item[key] is None:
            problems.append(T.Problem(shown, f"{where}.{key}", f"is missing; add {STEP_KEYS[key]}"))
    sid = item.get("id")
    if "id" in item and not (isinstance(sid, str) and T.ID_RE.match(sid)):
        problems.append(T.Problem(shown, f"{where}.id", f"{sid!r} is not a valid id; use lower-case words joined by hyphens, like 'check-in'"))
    for key in ("title", "short", "what"):
        if key in item and (not isinstance(item[key], str) or not item[key].strip()):
            problems.append(T.Problem(shown, f"{where}.{key}", f"must be text; write {STEP_KEYS[key]}"))
    title = item.get("title")
    if isinstance(title, str) and len(title.strip()) > T.TITLE_MAX:
        problems.append(T.Problem(shown, f"{where}.title", f"is {len(title.strip())} characters long; shorten it to {T.TITLE_MAX} or fewer"))
    for key, allowed in (("routes", ROUTES), ("decision_date", DECISION), ("trigger", TRIGGERS)):
        if key in item and item[key] not in allowed:
            problems.append(T.Problem(shown, f"{where}.{key}", f"{item[key]!r} is not allowed; use one of: {', '.join(allowed)}"))
    trigger = item.get("trigger")
    after = item.get("after")
    after_ids: list[str] = []
    if trigger == "step":
        ids = [after] if isinstance(after, str) else after
        if not isinstance(ids, list) or not ids or not all(isinstance(a, str) and a for a in ids):
            problems.append(T.Problem(shown, f"{where}.after", "is missing; a step with trigger 'step' needs 'after:' naming the step it counts from"))
        else:
            after_ids = list(ids)
    elif after is not None:
        problems.append(T.Problem(shown, f"{where}.after", f"only a step with trigger 'step' has 'after'; remove it or set trigger: step"))
    if trigger == "decision_date" and item.get("decision_date", "either") != "given":
        problems.append(T.Problem(shown, f"{where}.decision_date", "must be 'given': a step that counts from the decision date only applies when there is one"))
    offset = _check_offset(item["offset"], f"{where}.offset", shown, problems) if item.get("offset") is not None else None
    late = None
    if item.get("late") is not None:
        raw = item["late"]
        if trigger != "interview":
            problems.append(T.Problem(shown, f"{where}.late", "only a step with trigger 'interview' can have 'late'; remove it"))
        elif not isinstance(raw, dict) or set(raw) != {"ends_after", "offset"}:
            problems.append(T.Problem(shown, f"{where}.late", f"must be {STEP_KEYS['late']}"))
        else:
            time = raw["ends_after"]
            if not isinstance(time, str) or not TIME_RE.match(time):
                problems.append(T.Problem(shown, f"{where}.late.ends_after", f"{time!r} is not a time; write it in quotes as HH:MM, like \"15:00\""))
            late_offset = _check_offset(raw["offset"], f"{where}.late.offset", shown, problems)
            if late_offset and isinstance(time, str) and TIME_RE.match(time):
                late = Late(time, late_offset)
    template = item.get("template")
    if template is not None and not (isinstance(template, str) and T.ID_RE.match(template)):
        problems.append(T.Problem(shown, f"{where}.template", f"{template!r} is not a template id; use an id from templates/, like thank-you-email, or leave the key out"))
    source = item.get("source")
    if source is not None:
        sources = [source] if isinstance(source, str) else source
        if not isinstance(sources, list) or not sources:
            problems.append(T.Problem(shown, f"{where}.source", f"must be {STEP_KEYS['source']}"))
            sources = []
        for s in sources:
            if s not in SOURCES:
                problems.append(T.Problem(shown, f"{where}.source", f"{s!r} is not a known source; use {', '.join(SOURCES)}"))
    if len(problems) > before:
        return None
    return Step(
        id=sid, title=title.strip(), short=(item.get("short") or title).strip(), what=" ".join(item["what"].split()),
        routes=item["routes"], decision_date=item.get("decision_date", "either"), trigger=trigger,
        after=after_ids, offset=offset, late=late, template=template,
        source=[source] if isinstance(source, str) else list(source),
    )


def _check_links(rules: Rules, shown: str, problems: list[T.Problem]) -> None:
    """Every 'after' names a step, and in each situation resolves to exactly one earlier step."""
    ids = {s.id for s in rules.steps}
    for step in rules.steps:
        for a in step.after:
            if a not in ids:
                close = T._closest(a, ids)
                hint = f" Did you mean '{close}'?" if close else ""
                problems.append(T.Problem(shown, f"steps.{step.id}.after", f"names '{a}', which is not a step id.{hint}"))
    if problems:
        return
    for route, decision in SITUATIONS:
        plan = rules.plan(route, decision)
        if not plan:
            problems.append(T.Problem(shown, "steps", f"no step applies to a {route} application with {DECISION[decision]}; add one with routes: either"))
            continue
        for index, step in enumerate(plan):
            if step.trigger != "step":
                continue
            found = [s for s in plan[:index] if s.id in step.after]
            later = [s for s in plan[index + 1:] if s.id in step.after]
            situation = f"a {route} application with {DECISION[decision]}"
            if later:
                problems.append(T.Problem(shown, f"steps.{step.id}.after", f"names '{later[0].id}', which comes after this step in the file; move this step below it"))
            elif len(found) != 1:
                what = "none" if not found else "more than one (" + ", ".join(s.id for s in found) + ")"
                problems.append(T.Problem(shown, f"steps.{step.id}.after", f"for {situation}, {what} of {', '.join(step.after)} is in the plan; name exactly one step that applies then"))


def check_templates(rules: Rules, site) -> None:
    """Every template a step names must exist and be shown (hidden templates have no page)."""
    problems = []
    shown_ids = {t.id for t in site.templates}
    every = {t.id for t in site.load_all()}
    for step in rules.steps:
        if step.template is None or step.template in shown_ids:
            continue
        if step.template in every:
            msg = f"names '{step.template}', which extra.gallery.hide in mkdocs.yml hides, so it has no page; show it again or pick another template"
        else:
            close = T._closest(step.template, every)
            hint = f"did you mean '{close}'?" if close else f"known: {', '.join(sorted(every))}"
            msg = f"names '{step.template}', which is not a template in {site.templates_dir.name}/; {hint}"
        problems.append(T.Problem(rules.file, f"steps.{step.id}.template", msg))
    if problems:
        raise RulesError(problems)


# ---------------------------------------------------------------------------
# Public holidays, from the `holidays` package at build time.


def calendar_setting(extra: dict, locale: str) -> str:
    """The default holiday calendar: extra.public_holidays, or the locale's own.

    (Not extra.planner: mkdocs-macros makes each extra key a page variable,
    which would hide the planner() macro.)
    """
    value = extra.get("public_holidays")
    if value is None or value == "":
        return DEFAULT_CALENDAR.get(locale, "england-wales")
    if value not in CALENDARS:
        raise RulesError([T.Problem("mkdocs.yml", "extra.public_holidays", f"{value!r} is not a holiday calendar; use one of: {', '.join(CALENDARS)}")])
    return value


def build_date() -> datetime.date:
    """Today, or the date in SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def holiday_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return (datetime.date(today.year - HOLIDAY_YEARS_BEFORE, 1, 1), datetime.date(today.year + HOLIDAY_YEARS_AFTER, 12, 31))


def holiday_data(default: str, today: datetime.date | None = None) -> dict:
    """Every calendar's public holidays in the window, observed (substitute) days included.

    A holiday at a weekend that the calendar moves to a weekday (a "substitute
    day", or a US "observed" day) appears under that weekday as well: offices
    close on it, so the planner skips it.
    """
    import holidays as H  # the maintained library; pinned in requirements.txt

    start, end = holiday_window(today or build_date())
    years = list(range(start.year, end.year + 1))
    calendars = {}
    for cid, (name, _place, args) in CALENDARS.items():
        found = H.country_holidays(args["country"], subdiv=args.get("subdiv"), years=years, observed=True)
        days = {d.isoformat(): n for d, n in sorted(found.items()) if start <= d <= end}
        calendars[cid] = {"name": name, "days": days}
    return {"default": default, "from": start.isoformat(), "until": end.isoformat(), "calendars": calendars,
            "library": f"holidays {H.__version__}"}


# ---------------------------------------------------------------------------
# Words: how a rule reads in the table. (Offsets in words, never dates.)


def format_time(hhmm: str, locale: str) -> str:
    """'15:00' -> '3pm' (en-GB) or '3 p.m.' (en-US); '12:00' -> 'midday' / 'noon'."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    if (hour, minute) == (12, 0):
        return "noon" if locale == "en-US" else "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    h12 = hour % 12 or 12
    clock = f"{h12}" if minute == 0 else f"{h12}:{minute:02d}"
    return f"{clock} {suffix[0]}.{suffix[1]}." if locale == "en-US" else f"{clock}{suffix}"


def _amount(offset: Offset, locale: str = "en-GB") -> str:
    n = offset.amount
    if offset.unit == "working_days":
        words = L.terms(locale)
        text = f"{n} {words['working_days'] if n != 1 else words['working_day']}"
        if n >= 10 and n % 5 == 0:
            text += f" ({n // 5} weeks)"
        return text
    text = f"{n} day{'s' if n != 1 else ''}"
    if n >= 14 and n % 7 == 0:
        text += f" ({n // 7} weeks)"
    return text


def _after(offset: Offset, anchor: str, locale: str = "en-GB") -> str:
    if offset.amount == 0:
        text = f"the day of {anchor}"
        if offset.unit == "working_days":
            text += f" (the next {L.terms(locale)['working_day']} if that is a weekend or holiday)"
        return text
    return f"{_amount(offset, locale)} after {anchor}"


def _anchor(step: Step, rules: Rules) -> str:
    if step.trigger != "step":
        return TRIGGERS[step.trigger]
    names = []
    for a in step.after:
        short = rules.get(a).short
        if short not in names:
            names.append(short)
    return " or ".join(names)


def when_text(step: Step, rules: Rules, locale: str) -> str:
    """The rule in words, such as '2 working days after the decision date'."""
    anchor = _anchor(step, rules)
    if step.late is None:
        text = _after(step.offset, anchor, locale)
        return text[0].upper() + text[1:] + "."
    base = step.offset
    late = step.late.offset
    time = format_time(step.late.time, locale)
    if base.amount == 0:
        first = f"The same day, if {anchor} ends by {time} (our own cut-off)."
    else:
        amount = _amount(base, locale)
        first = f"{amount[0].upper() + amount[1:]} after {anchor}, if it ends by {time}."
    if late.amount == 1 and late.unit == "working_days" and base.amount == 0:
        second = f"If it ends later, first thing the next {L.terms(locale)['working_day']}."
    else:
        second = f"If it ends later, {_amount(late, locale)} after {anchor}."
    text = f"{first} {second}"
    if base.unit == late.unit == "working_days":
        text += (f" Never at the weekend or on a {L.terms(locale)['bank_holidays'][:-1]}: after a Friday afternoon"
                 " interview, Monday morning is fine.") if (
            base.amount == 0 and late.amount == 1) else " Weekends are skipped."
    return text


def applies_text(step: Step) -> str:
    if step.routes == "either" and step.decision_date == "either":
        return "Everyone"
    parts = []
    if step.routes != "either":
        parts.append(ROUTES[step.routes])
    if step.decision_date != "either":
        text = DECISION[step.decision_date]
        parts.append(text[0].upper() + text[1:] if not parts else text)
    return "; ".join(parts)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return R._md_text(text).replace("|", "\\|")


# ---------------------------------------------------------------------------
# URLs: where the template pages end up, relative to the page that links to them.


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The built URL of a Markdown page, as MkDocs makes it ('planner.md' -> 'planner/')."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_url: str, to_url: str) -> str:
    base = from_url.rsplit("/", 1)[0] if "/" in from_url else ""
    rel = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


# ---------------------------------------------------------------------------
# The planner: rules, site and rendering together.


class Planner:
    """The timing rules of one site, checked against its templates."""

    def __init__(self, site, rules_file: str | None = None):
        self.site = site
        name = rules_file or site.extra.get("rules_file") or DEFAULT_RULES_FILE
        self.path = site.root / name
        self._rules: Rules | None = None
        self._holidays: dict | None = None

    @property
    def calendar(self) -> str:
        """The default holiday calendar (extra.public_holidays); a bad value fails the build."""
        return calendar_setting(self.site.extra, self.locale)

    @property
    def holidays(self) -> dict:
        if self._holidays is None:
            self._holidays = holiday_data(self.calendar)
        return self._holidays

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            rules = load_rules(self.path, self.site.root)
            check_templates(rules, self.site)
            self._rules = rules
        return self._rules

    @property
    def locale(self) -> str:
        return self.site.locale

    @property
    def words(self) -> dict[str, str]:
        """The site's UK/US glossary (with its overrides), as the pages use it."""
        return self.site.terms

    def _template_title(self, template_id: str) -> str:
        return self.site.get(template_id).title

    def timing_table(self, page_src: str) -> str:
        """Markdown: one row per step, with links MkDocs resolves (and checks) for this page."""
        rows = [
            '<div class="ati-rules-table" markdown="1">',
            "",
            "| Step | When | Applies to | Message to use | Source |",
            "| --- | --- | --- | --- | --- |",
        ]
        for step in self.rules.steps:
            if step.template:
                link = R.relative_link(page_src, R.template_url(step.template))
                message = f"[{_cell(self._template_title(step.template))}]({link})"
            else:
                message = "None needed"
            rows.append("| " + " | ".join([
                f"**{_cell(step.title)}**<br>{_cell(step.what)}",
                _cell(when_text(step, self.rules, self.locale)),
                _cell(applies_text(step)),
                message,
                _cell(", ".join(self._source_label(x) for x in step.source)),
            ]) + " |")
        sources = R.relative_link(page_src, "sources.md")
        rows += [
            "",
            "</div>",
            "",
            self.shutdown_note(),
            f'<p class="ati-rules-note" markdown="span">{self.words["Working_days"]} are Monday to Friday, '
            f"not counting {self.words['bank_holidays']}. The planner uses "
            f"{CALENDARS[self.calendar][0]} unless you pick another calendar, and knows them up to "
            f"{L.format_date(self.holidays['until'], self.locale)}. "
            f"S1 to S5 are the articles on the [Sources]({sources}) page; {self._source_label(SOURCES[-1])} "
            f"is the advice most university {self._source_label('services')} agree on; "
            f"{self._source_label('own-recommendation')} is advice this site gives without a study behind it.</p>",
        ]
        return "\n".join(rows) + "\n"

    def _source_label(self, source: str) -> str:
        """Source tags as readers see them: "careers-centre consensus" in the reader's spelling."""
        service = self.words["careers_service"]
        if source == "services":
            return service.replace("service", "services").replace("center", "centers")
        if source == "own-recommendation":
            return "our own recommendation"
        return f"{service} consensus" if source == SOURCES[-1] else source

    def shutdown_note(self) -> str:
        """The holiday shutdown rule, under the table (it moves steps rather than being one)."""
        shut = self.rules.shutdown
        if shut is None:
            return ""
        titles = []
        for sid in shut.steps:
            title = self.rules.get(sid).title
            if title not in titles:
                titles.append(title)
        source = ", ".join(self._source_label(x) for x in shut.source)
        return (f'<p class="ati-rules-note ati-rules-shutdown" id="holiday-shutdown" markdown="span">'
                f"**The holiday shutdown.** {_cell(shut.what)} "
                f"Steps it moves: {_cell('; '.join(titles))}. Source: {_cell(source)}.</p>")

    def data(self, page_src: str, use_directory_urls: bool = True) -> dict:
        """What the planner script needs: the rules, the locale and template URLs relative to the page."""
        here = page_url(page_src, use_directory_urls)
        steps = []
        for s in self.rules.steps:
            url = relative_url(here, page_url(R.template_url(s.template), use_directory_urls)) if s.template else None
            steps.append({
                "id": s.id, "title": s.title, "short": s.short, "what": s.what,
                "routes": s.routes, "decision_date": s.decision_date,
                "trigger": s.trigger, "after": s.after, "offset": s.offset.as_data(),
                "late": {"time": s.late.time, "offset": s.late.offset.as_data()} if s.late else None,
                "template": s.template, "template_title": self._template_title(s.template) if s.template else None,
                "url": url, "when": when_text(s, self.rules, self.locale), "source": s.source,
            })
        words = {k: self.words[k] for k in ("working_day", "Working_days", "bank_holidays")}
        shut = self.rules.shutdown.as_data() if self.rules.shutdown else None
        return {"locale": self.locale, "settings": self.rules.settings, "steps": steps, "words": words,
                "holidays": self.holidays, "shutdown": shut}

    def data_block(self, page_src: str, use_directory_urls: bool = True) -> str:
        """The JSON in an attribute, not a <script> element: Material's instant navigation
        re-creates every <script> in the page body without its type, then runs it as code."""
        text = json.dumps(self.data(page_src, use_directory_urls), ensure_ascii=False, separators=(",", ":"))
        return f'<div class="ati-planner-data" hidden data-rules="{html.escape(text, quote=True)}"></div>'

    def planner_page(self, page_src: str, use_directory_urls: bool = True) -> str:
        """The planner: a form the script brings to life, the rules table, and the data block."""
        settings = self.rules.settings
        return "\n".join([
            '<div class="ati-planner" data-module="ati-planner">',
            '<p class="ati-planner__nojs ati-js-hidden">The planner needs JavaScript to work out your dates. '
            "Without it, use the table of rules below: find your situation and count the days on a calendar.</p>",
            '<div class="ati-planner__saved" hidden></div>',
            form_html(self.locale, settings["max_days_since_interview"], self.holidays),
            '<div class="ati-planner__result" tabindex="-1" hidden></div>',
            self.data_block(page_src, use_directory_urls),
            "</div>",
            "",
            "## The rules the plan uses {#rules data-search-exclude}",  # indexed on the Timing page
            "",
            "Each step counts from the interview, from the decision date, or from an earlier step. "
            "The [When to write](" + R.relative_link(page_src, "guide/timing.md") + ") guide explains why.",
            "",
            self.timing_table(page_src),
        ])


# ---------------------------------------------------------------------------
# The form. Rendered here so every label is in the page; the script only
# shows it and reads it. GOV.UK patterns: date in three boxes, radios in a
# fieldset, errors tied to each field.

ESC = html.escape


def _date_input(prefix: str, legend: str, hint: str, locale: str, extra_class: str = "") -> str:
    example = date_example("2026-03-27", locale)
    return (
        f'<div class="ati-pl-field{extra_class}" id="{prefix}-field" data-field="{prefix}">'
        f'<fieldset class="ati-pl-fieldset" role="group" aria-describedby="{prefix}-hint">'
        f'<legend class="ati-pl-legend">{ESC(legend)}</legend>'
        f'<p class="ati-pl-hint" id="{prefix}-hint">{ESC(hint)} For example, {example}</p>'
        f'<p class="ati-pl-error-message" id="{prefix}-error" hidden></p>'
        f'{date_input(prefix, locale, "ati-pl-input")}'
        "</fieldset></div>"
    )


def _radios(name: str, legend: str, hint: str, options: list[tuple[str, str, str]], after: dict[str, str] | None = None) -> str:
    items = []
    for value, label, item_hint in options:
        rid = f"{name}-{value}"
        hint_html = f'<p class="ati-pl-radios__hint" id="{rid}-hint">{ESC(item_hint)}</p>' if item_hint else ""
        described = f' aria-describedby="{rid}-hint"' if item_hint else ""
        items.append(
            f'<div class="ati-pl-radios__item"><input class="ati-pl-radios__input" type="radio" id="{rid}" name="{name}" value="{value}"{described}>'
            f'<label class="ati-pl-radios__label" for="{rid}">{ESC(label)}</label>{hint_html}</div>'
        )
        if after and value in after:
            items.append(after[value])
    hint_html = f'<p class="ati-pl-hint" id="{name}-hint">{ESC(hint)}</p>' if hint else ""
    described = f' aria-describedby="{name}-hint"' if hint else ""
    return (
        f'<div class="ati-pl-field" id="{name}-field" data-field="{name}">'
        f'<fieldset class="ati-pl-fieldset"{described}>'
        f'<legend class="ati-pl-legend">{ESC(legend)}</legend>{hint_html}'
        f'<p class="ati-pl-error-message" id="{name}-error" hidden></p>'
        f'<div class="ati-pl-radios">{"".join(items)}</div>'
        "</fieldset></div>"
    )


def _text_input(name: str, label: str, hint: str, autocomplete: str = "off", width: str = "text") -> str:
    """A labelled text box; width "time" is the short box for a time (planner.js parseTime reads it)."""
    return (
        f'<div class="ati-pl-field" id="{name}-field" data-field="{name}">'
        f'<label class="ati-pl-label" for="{name}">{ESC(label)}</label>'
        f'<p class="ati-pl-hint" id="{name}-hint">{ESC(hint)}</p>'
        f'<p class="ati-pl-error-message" id="{name}-error" hidden></p>'
        f'<input class="ati-input ati-pl-input ati-pl-input--{width}" type="text" inputmode="text" id="{name}" name="{name}" '
        f'autocomplete="{autocomplete}" spellcheck="false" aria-describedby="{name}-hint"></div>'
    )


def _calendar_select(holidays: dict, locale: str) -> str:
    options = "".join(
        f'<option value="{ESC(cid)}"{" selected" if cid == holidays["default"] else ""}>{ESC(CALENDARS[cid][1])}</option>'
        for cid in holidays["calendars"]
    )
    until = L.format_date(holidays["until"], locale)
    return (
        '<div class="ati-pl-field" id="planner-calendar-field" data-field="planner-calendar">'
        '<label class="ati-pl-label" for="planner-calendar">Which public holidays should the plan skip?</label>'
        f'<p class="ati-pl-hint" id="planner-calendar-hint-holidays">Where the employer works. The planner knows these holidays up to {ESC(until)}.</p>'
        '<select class="ati-input ati-pl-select" id="planner-calendar" name="planner-calendar" aria-describedby="planner-calendar-hint-holidays">'
        f"{options}</select></div>"
    )


def form_html(locale: str, max_days: int, holidays: dict | None = None) -> str:
    decision_date = _date_input(
        "planner-decision-date", "What date did they give?",
        "The day they said they would decide or get back to you.", locale, " ati-pl-conditional")
    decision_date = decision_date.replace('data-field="planner-decision-date"', 'data-field="planner-decision-date" data-show-when="planner-decision-yes"', 1)
    return "".join([
        '<form data-search-exclude class="ati-planner__form ati-js-only" novalidate>',
        '<div class="ati-pl-error-summary" role="region" tabindex="-1" hidden aria-labelledby="planner-error-title">'
        '<h2 class="ati-pl-error-summary__title" id="planner-error-title">There is a problem</h2>'
        '<ul class="ati-pl-error-summary__list"></ul></div>',
        _text_input("planner-employer", "Which employer is the interview with?",
                    "So the plan and your calendar say which application each step is for.", "organization"),
        _text_input("planner-role", "Which role? (optional)", "For example, Housing Officer."),
        _date_input("planner-interview-date", "When is or was your interview?",
                    f"It can be in the last {max_days} days or still to come.", locale),
        # A text box, not type="time": WebKit leaves a time box empty when "14:30" is typed (issue 19).
        _text_input("planner-interview-time", "What time does it end?",
                    "A rough time is fine. It decides whether your thank-you goes the same day. For example, 2pm or 14:30.",
                    width="time"),
        _radios("planner-decision", "Did they tell you when they would decide?", "", [
            ("yes", "Yes, they gave a date", ""),
            ("no", "No, or they were not sure", ""),
        ], after={"yes": decision_date}),
        _radios("planner-route", "How did you apply?", "", [
            ("direct", "Directly to the employer", "You deal with the employer yourself."),
            ("agency", "Through a recruitment agency", "A recruiter arranged the interview. Your messages go to them."),
        ]),
        _calendar_select(holidays, locale) if holidays else "",
        '<button class="md-button md-button--primary ati-planner__submit" type="submit">Make my plan</button>',
        "</form>",
    ])
