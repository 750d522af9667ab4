"""Issue 21, item 4: one follow-up sequence everywhere.

The planner's rules (rules/timing.yml), the Timing page, What to avoid and the
home page must give the same number of follow-ups after the thank-you, and an
agency candidate's plan must never send a message to the employer.

The rules half is plain Python; the pages half reads the built site.
"""

from __future__ import annotations

import re

import pytest

from macros import planner as P
from macros import templates as T
from readability import article_blocks
from support import ROOT, built_path

RULES = P.load_rules(ROOT / "rules" / "timing.yml", ROOT)
TEMPLATES = {t.id: t for t in T.load_templates(ROOT / "templates", ROOT)}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "once": 1, "twice": 2}
# How each page states the count: "no more than two follow-ups after your thank-you".
COUNT_RE = re.compile(r"\bno more than (\w+) follow-ups? after (?:your|the) thank-you", re.IGNORECASE)
# Older wordings that gave a different sequence; none may come back.
STALE = [
    r"stop after one or two reminders",
    r"We count the check-in email and the call",
    r"A few weeks after that, send one last note",
    r"phone a few days later, or send a second short email",
    r"three chases",
]
PAGES = ["guide/timing.md", "guide/what-to-avoid.md", "index.md"]


def _chases(route: str, decision: str) -> list[P.Step]:
    """The messages in a plan after the thank-you: every step with a message that
    does not count from the interview itself."""
    return [s for s in RULES.plan(route, decision) if s.template and s.trigger != "interview"]


def rules_count() -> int:
    counts = {(r, d): len(_chases(r, d)) for r, d in P.SITUATIONS}
    assert len(set(counts.values())) == 1, f"the plans chase a different number of times: {counts}"
    return next(iter(counts.values()))


def _text(site_dir, src: str) -> str:
    html = (site_dir / built_path(src)).read_text(encoding="utf-8")
    return " ".join(" ".join(article_blocks(html)).split())


def test_every_plan_has_a_thank_you_then_at_most_two_follow_ups_then_stop():
    assert rules_count() == 2
    for route, decision in P.SITUATIONS:
        plan = RULES.plan(route, decision)
        assert plan[0].trigger == "interview" and plan[0].template, f"{route}/{decision}: no thank-you first"
        assert plan[-1].template is None, f"{route}/{decision}: the plan should end by stopping, with no message"


@pytest.mark.parametrize("decision", ["given", "none"])
def test_no_agency_step_is_addressed_to_the_employer(decision):
    """Every message in an agency plan goes to the recruiter: its template is an agency one."""
    for step in RULES.plan("agency", decision):
        if step.template is None:
            continue
        template = TEMPLATES[step.template]
        assert template.route == "agency", (
            f"agency plan ({decision}): step '{step.id}' uses '{template.id}', a {template.route} "
            f"template addressed to the employer, not the recruiter")
        assert "[recruiter_name]" in (template.greeting or "") + template.body, (
            f"'{template.id}' should be addressed to the recruiter by name")


@pytest.mark.parametrize("decision", ["given", "none"])
def test_direct_plans_never_use_a_recruiter_template(decision):
    for step in RULES.plan("direct", decision):
        if step.template:
            assert TEMPLATES[step.template].route in ("direct", "either"), step.id


def test_the_last_note_for_the_interviewer_is_not_offered_to_agency_candidates():
    assert TEMPLATES["anything-more-you-need"].route == "direct"


@pytest.mark.parametrize("src", PAGES)
def test_each_page_gives_the_rules_number_of_follow_ups(site_dir, src):
    text = _text(site_dir, src)
    found = COUNT_RE.findall(text)
    assert found, f"{src} does not say how many follow-ups to send after the thank-you"
    counts = {NUMBERS.get(word.lower()) for word in found}
    assert counts == {rules_count()}, f"{src} says {found}; rules/timing.yml has {rules_count()}"


@pytest.mark.parametrize("src", PAGES)
def test_no_page_keeps_an_older_sequence(site_dir, src):
    text = _text(site_dir, src)
    for pattern in STALE:
        assert not re.search(pattern, text, re.IGNORECASE), f"{src} still says: {pattern}"


def test_timing_page_gives_the_rules_wait_before_the_last_note(site_dir):
    """The Timing page's words for the wait match the offset in the rules."""
    text = _text(site_dir, "guide/timing.md")
    wait = RULES.get("phone-call").offset
    assert wait.unit == "working_days" and RULES.get("phone-recruiter").offset == wait
    words = {v: k for k, v in NUMBERS.items() if k not in ("once", "twice")}
    assert f"({words[wait.amount]} working days)" in text
