"""The shipped message templates: they validate, their examples read as real messages,
shared details carry across templates, and a US build swaps the UK/US words.

Plain Python (no MkDocs build): fast, and each test names the template it fails on.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from macros import locale as L
from macros import templates as T
from macros.site import Site
from support import ROOT

TEMPLATES = T.load_templates(ROOT / "templates", ROOT)
BY_ID = {t.id: t for t in TEMPLATES}
IDS = sorted(BY_ID)
GB = Site({"locale": "en-GB"}, ROOT)
US = Site({"locale": "en-US"}, ROOT)

EXPECTED_IDS = {
    "thank-you-email", "thank-you-via-recruiter", "thank-you-letter", "panel-thank-you",
    "thank-you-phone-or-video", "thank-you-final-round", "something-i-meant-to-say",
    "sending-what-you-promised", "senior-follow-up", "check-in-date-passed", "check-in-no-date",
    "recruiter-check-in", "phone-chase-script", "anything-more-you-need", "competing-offer-update",
    "withdraw-application", "rejection-thank-you", "feedback-request",
    # Issue 10: the offer stage and students' real situations.
    "accept-an-offer", "decline-an-offer", "ask-for-time-or-written-offer",
    "after-assessment-centre", "after-careers-fair", "brief-a-referee", "late-thank-you",
    "recruiter-phone-script", "text-reply-to-recruiter", "rejection-reply",
    # Issue 21: students' own interviews and the rest of the offer stage.
    "part-time-job-thank-you", "part-time-phone-script", "after-internship-interview",
    "public-sector-next-step", "ask-for-an-extension", "missed-required-grade",
    "ask-to-defer-start-date", "negotiate-pay", "thank-you-after-an-offer",
}

# Spellings and words that read as British to a US reader. Message text marks them as
# {terms}; descriptive text, labels, hints and examples must avoid them altogether.
UK_ONLY = re.compile(
    r"\b(organis\w*|realis\w*|recognis\w*|apologis\w*|prioritis\w*|emphasis(e|ed|es|ing)|summaris\w*|"
    r"speciali[sz]ed? in\b|colour\w*|favour\w*|behaviour\w*|centre\w*|programme\w*|analys(e|ed|es|ing)|"
    r"whilst|travelled|cheque|judgement|fulfil|enrol|advert|CVs?|mobile)\b",
    re.IGNORECASE,
)
US_DATE = re.compile(r"\b(?:%s) \d{1,2}, \d{4}" % "|".join(L.MONTHS))
QUOTED = re.compile(r"\"([^\"]+)\"")


def required_only(t: T.Template, locale: str) -> dict[str, str]:
    values = t.example_values(locale)
    return {f.name: values[f.name] for f in t.fields if f.required}


def assert_reads_cleanly(text: str, what: str) -> None:
    assert text.strip(), f"{what}: empty"
    assert "[" not in text and "]" not in text, f"{what}: a placeholder or bracket is left:\n{text}"
    assert "{" not in text and "}" not in text, f"{what}: a UK/US word was not swapped:\n{text}"
    assert "  " not in text, f"{what}: double space:\n{text}"
    assert "\n\n\n" not in text, f"{what}: triple newline:\n{text}"
    assert not re.search(r" [,.;:?!]", text), f"{what}: space before punctuation:\n{text}"
    assert ".." not in text and ",." not in text and ".," not in text, f"{what}: doubled punctuation:\n{text}"
    assert not re.search(r"[ \t]$", text, re.M), f"{what}: trailing space:\n{text}"


def assert_body_lines_are_whole_sentences(body: str, what: str, t: T.Template) -> None:
    for line in filter(str.strip, body.splitlines()):
        if t.channel == "phone" and line.startswith("If ") and line.endswith(":"):
            continue  # a heading in the script
        assert line.rstrip().endswith((".", "?", "!")), f"{what}: a paragraph breaks off: {line!r}"


# ---------------------------------------------------------------------------
# The set of templates


def test_every_planned_template_exists_and_validates():
    assert set(IDS) == EXPECTED_IDS
    assert len(TEMPLATES) >= 16
    stubs = [t.id for t in TEMPLATES if "STUB" in (ROOT / t.source).read_text(encoding="utf-8")]
    assert stubs == [], f"templates still marked as stubs: {stubs}"


def test_most_used_templates_come_first_in_each_stage():
    firsts = {}
    for t in TEMPLATES:
        firsts.setdefault(t.stage, t.id)
    assert firsts == {
        "straight-after": "thank-you-email",
        "waiting": "check-in-no-date",
        "heard-nothing": "check-in-date-passed",
        "after-rejection": "rejection-thank-you",
        "offer": "competing-offer-update",
        "special": "withdraw-application",
    }
    for stage in T.STAGES:
        orders = [t.order for t in TEMPLATES if t.stage == stage]
        assert len(orders) == len(set(orders)), f"two templates in {stage} share an order number: {orders}"


# ---------------------------------------------------------------------------
# Examples fill in to real messages


@pytest.mark.parametrize("locale", ["en-GB", "en-US"])
@pytest.mark.parametrize("tid", IDS)
def test_examples_fill_every_subject_and_the_body(tid, locale):
    site = GB if locale == "en-GB" else US
    t = BY_ID[tid]
    parts = site.parts(t)
    values = t.example_values(locale)
    message = T.compose(parts, values)
    assert_reads_cleanly(message["text"], f"{tid} ({locale}) message")
    assert_body_lines_are_whole_sentences(T.fill(parts["body"], values), f"{tid} ({locale})", t)
    for i, subject in enumerate(parts["subjects"], 1):
        filled = T.fill(subject, values)
        assert_reads_cleanly(filled, f"{tid} ({locale}) subject {i}")
        assert filled[0].isupper() or filled[0].isdigit(), f"{tid}: subject {i} starts in lower case: {filled!r}"
    if t.channel in ("email", "recruiter"):
        assert parts["subjects"], f"{tid}: an email needs a subject"
        assert message["subject"] == T.fill(parts["subjects"][0], values)


@pytest.mark.parametrize("tid", IDS)
def test_minimal_message_with_required_fields_only_still_reads_cleanly(tid):
    t = BY_ID[tid]
    full = T.compose(GB.parts(t), t.example_values("en-GB"))["text"]
    minimal = T.compose(GB.parts(t), required_only(t, "en-GB"))["text"]
    assert_reads_cleanly(minimal, f"{tid} with required fields only")
    assert_body_lines_are_whole_sentences(T.fill(GB.parts(t)["body"], required_only(t, "en-GB")), tid, t)
    optional = [f.name for f in t.fields if not f.required]
    if optional:
        assert len(minimal) < len(full), f"{tid}: leaving the optional fields empty changed nothing"


@pytest.mark.parametrize("tid", IDS)
def test_filled_examples_stay_within_the_limits(tid):
    t = BY_ID[tid]
    body = T.fill(GB.parts(t)["body"], t.example_values("en-GB"))
    words = T.count_words(body)
    assert words <= t.word_limit, f"{tid}: {words} words, over the limit of {t.word_limit}"
    if t.channel in ("email", "recruiter"):
        assert T.count_lines(t.body) <= T.EMAIL_MAX_LINES
        assert words <= 0.85 * t.word_limit, f"{tid}: {words} words; aim well under {t.word_limit}"
    assert t.greeting or t.channel == "phone", f"{tid}: no greeting"


@pytest.mark.parametrize("tid", IDS)
def test_date_examples_are_iso_dates_and_dates_end_a_clause_in_us_english(tid):
    t = BY_ID[tid]
    for f in t.fields:
        if f.kind == "date":
            dt.date.fromisoformat(f.example)
    # "November 18, 2026 to talk" needs a comma in US English; the templates put dates
    # before punctuation or at the end of a line instead.
    text = US.example_message(t)["text"]
    for m in US_DATE.finditer(text):
        following = text[m.end():m.end() + 1]
        assert following in ("", "\n", ".", ",", ":", ";", "?", ")"), \
            f"{tid}: US date {m.group(0)!r} runs into the next words: {text[m.start():m.end() + 20]!r}"


# ---------------------------------------------------------------------------
# Fields


@pytest.mark.parametrize("tid", [t.id for t in TEMPLATES if "thank-you" in t.tags])
def test_thank_you_templates_have_one_specific_field_used_in_the_body(tid):
    t = BY_ID[tid]
    specific = [f for f in t.fields if f.specific]
    assert len(specific) == 1, f"{tid}: needs exactly one field marked specific: true, has {[f.name for f in specific]}"
    assert f"[{specific[0].name}]" in t.body, f"{tid}: the specific field is not in the body"


def test_the_core_thank_you_templates_are_tagged():
    tagged = {t.id for t in TEMPLATES if "thank-you" in t.tags}
    assert {"thank-you-email", "thank-you-via-recruiter", "thank-you-letter", "panel-thank-you",
            "thank-you-phone-or-video", "thank-you-final-round"} <= tagged


def test_shared_fields_have_the_same_label_and_kind_everywhere():
    seen: dict[str, tuple[str, str, str]] = {}
    for t in TEMPLATES:
        for f in t.fields:
            if f.name not in T.SHARED_FIELDS:
                continue
            if f.name in seen:
                label, kind, where = seen[f.name]
                assert (f.label, f.kind) == (label, kind), \
                    f"{t.id}: field {f.name} is {f.label!r}/{f.kind}, but {where} has {label!r}/{kind}"
            else:
                seen[f.name] = (f.label, f.kind, t.id)
    assert set(seen) == set(T.SHARED_FIELDS), "every shared field should be used by some template"
    assert seen["interview_date"][1] == "date"
    everywhere = [t.id for t in TEMPLATES if not {"your_name", "role"} <= set(t.field_map)]
    assert everywhere == [], f"templates without your_name or role: {everywhere}"


def test_a_field_name_means_the_same_kind_of_answer_everywhere():
    kinds: dict[str, set[str]] = {}
    for t in TEMPLATES:
        for f in t.fields:
            kinds.setdefault(f.name, set()).add(f.kind)
    mixed = {name: k for name, k in kinds.items() if len(k) > 1}
    assert mixed == {}


@pytest.mark.parametrize("tid", IDS)
def test_every_field_has_a_clean_label(tid):
    """The form adds "(optional)" itself; in the label it would also show in the copied
    text, as "[Relevant experience (optional)]"."""
    for f in BY_ID[tid].fields:
        assert f.label and f.example
        assert "(optional)" not in f.label and "[" not in f.label and "]" not in f.label, f"{tid}: {f.label!r}"
        if f.kind == "choice":
            assert f.example in f.options


# ---------------------------------------------------------------------------
# Guidance text


def test_when_not_to_use_points_to_templates_that_exist():
    titles = {t.title for t in TEMPLATES}
    for t in TEMPLATES:
        named = QUOTED.findall(t.when_not_to_use)
        assert named, f"{t.id}: when_not_to_use should name the better template in quotes"
        unknown = [n for n in named if n not in titles]
        assert unknown == [], f"{t.id}: when_not_to_use names templates that do not exist: {unknown}"
        assert t.title not in named, f"{t.id}: when_not_to_use points to itself"


@pytest.mark.parametrize("tid, phrase", [
    ("check-in-date-passed", "Two working days after the decision date"),
    ("check-in-no-date", "About 10 working days after you sent your thank-you"),
    ("phone-chase-script", "About a week (five working days) after a check-in email"),
    ("anything-more-you-need", "About a week (five working days) after your check-in"),
    ("recruiter-check-in", "10 working days after your thank-you"),
    ("anything-more-you-need", "stop following up"),
    ("recruiter-check-in", "Two working days after"),
    ("recruiter-phone-script", "about a week (five working days) after a check-in"),
])
def test_timing_matches_the_follow_up_plan(tid, phrase):
    assert phrase in GB.get(tid).timing


def test_advice_text_uses_the_readers_words():
    """Advice around the message swaps UK/US words too: US readers count business days."""
    assert "{working_days}" in BY_ID["check-in-no-date"].timing
    assert "About 10 working days after" in GB.get("check-in-no-date").timing
    assert "About 10 business days after" in US.get("check-in-no-date").timing
    for t in US.templates:
        for key in T.ADVICE_KEYS:
            assert "{" not in getattr(t, key) and "working day" not in getattr(t, key), f"{t.id}.{key}"


def test_every_thank_you_is_sent_the_same_day_or_next_morning():
    for t in TEMPLATES:
        if "thank-you" in t.tags and t.stage == "straight-after":
            timing = t.timing.lower()
            assert "same day" in timing and "next weekday morning" in timing, f"{t.id}: {t.timing}"


# ---------------------------------------------------------------------------
# Channels with a special shape


def test_phone_script_has_a_call_and_a_voicemail_and_no_sign_off():
    t = BY_ID["phone-chase-script"]
    assert t.channel == "phone"
    assert "If they answer:" in t.body and "If you reach voicemail:" in t.body
    assert t.closing_text == ""
    text = GB.example_message(t)["text"]
    assert "regards" not in text.lower()
    voicemail = text.split("If you reach voicemail:")[1]
    assert voicemail.count(t.field_map["your_phone"].example) == 2, "the voicemail should give the number twice"


def test_letter_carries_addresses_and_a_date_line():
    t = BY_ID["thank-you-letter"]
    fields = t.field_map
    for name in ("your_address", "organisation_address", "letter_date"):
        assert f"[{name}]" in t.greeting and fields[name].required
    assert fields["letter_date"].kind == "date"
    text = GB.example_message(t)["text"]
    assert text.index("14 Elm Road") < text.index("18 November 2026") < text.index("Dear Ms Patel,")
    assert text.rstrip().endswith("Yours sincerely,\n\nAlex Morgan")
    assert US.example_message(t)["text"].rstrip().endswith("Sincerely,\n\nAlex Morgan")


def test_panel_note_is_for_one_person_with_their_own_point():
    t = BY_ID["panel-thank-you"]
    assert t.greeting == "Dear [interviewer_name],"
    specific = [f for f in t.fields if f.specific][0]
    assert "this" in specific.label.lower() and "each" in specific.hint.lower()


def test_senior_follow_up_answers_the_challenge_with_evidence():
    t = BY_ID["senior-follow-up"]
    fields = t.field_map
    assert fields["challenge"].specific and fields["how_you_solved_it"].required
    assert t.body.index("[challenge]") < t.body.index("[how_you_solved_it]")


# ---------------------------------------------------------------------------
# UK and US English


def test_us_render_swaps_the_glossary_words():
    gb = GB.example_message(BY_ID["anything-more-you-need"])["text"]
    us = US.example_message(BY_ID["anything-more-you-need"])["text"]
    assert "updated CV" in gb and "updated résumé" in us and "CV" not in us
    assert "Kind regards," in gb and "Best regards," in us
    assert "I realize" in US.example_message(BY_ID["check-in-date-passed"])["text"]
    assert "November 18, 2026" in US.example_message(BY_ID["thank-you-email"])["text"]
    assert "18 November 2026" in GB.example_message(BY_ID["thank-you-email"])["text"]


def test_us_template_page_shows_us_words_in_the_message():
    page = US.template_page("anything-more-you-need")
    assert "résumé" in page and "{cv}" not in page and "Best regards," in page


@pytest.mark.parametrize("tid", IDS)
def test_nothing_reads_as_british_in_a_us_build(tid):
    t = BY_ID[tid]
    message = US.example_message(t)
    unfilled = T.compose(US.parts(t), {}, T.unfilled_marker(t))
    texts = {
        "message": message["text"], "subject": message["subject"], "copy text": unfilled["text"],
        "title": t.title, "description": t.description, "when_to_use": t.when_to_use,
        "when_not_to_use": t.when_not_to_use, "timing": t.timing,
    }
    for f in t.fields:
        texts[f"{f.name} label/hint/example"] = f"{f.label} {f.hint} {f.example}"
    found = {where: UK_ONLY.findall(text) for where, text in texts.items() if UK_ONLY.search(text)}
    assert found == {}, f"{tid}: British words in the US build: {found}"


def test_uk_only_check_would_catch_a_british_word():
    assert UK_ONLY.search("an updated CV") and UK_ONLY.search("Organisation") and UK_ONLY.search("I realised")
    assert not UK_ONLY.search("an updated résumé for the organization")


def test_panel_note_repeats_only_the_per_person_fields():
    """The form repeats interviewer fields and the specific point per panel member;
    every other field is common to all the notes, so it must make sense for each person."""
    t = BY_ID["panel-thank-you"]
    assert "panel" in t.tags
    # fill-in.js gives each panel member their own copy of the specific field and of
    # every field whose name starts with "interviewer".
    own = {f.name for f in t.fields if f.specific or f.name.startswith("interviewer")}
    common = set(t.field_map) - own
    assert common <= set(T.SHARED_FIELDS), f"fields that would be the same in every panel note: {common - set(T.SHARED_FIELDS)}"
    # More than the name and one point must change, or the notes read as near-copies.
    in_body = {name for name in own if f"[{name}]" in t.body}
    assert len(in_body) >= 2, f"only {in_body} change from one panel note to the next in the body"


# ---------------------------------------------------------------------------
# The "Add your own template" page documents the real format


DOC = ROOT / "docs" / "hosts" / "add-a-template.md"


def test_host_page_documents_every_key_value_and_word():
    text = DOC.read_text(encoding="utf-8")
    names = [*T.TEMPLATE_KEYS, *T.FIELD_KEYS, *T.STAGES, *T.CHANNELS, *T.ROUTES, *T.FIELD_KINDS, *T.SHARED_FIELDS]
    missing = [n for n in names if f"`{n}`" not in text]
    assert missing == [], f"docs/hosts/add-a-template.md does not explain: {missing}"
    terms = [k for k in L.TERMS if f"`{{{k}}}`" not in text]
    assert terms == [], f"UK/US words missing from the page's table: {terms}"
    for name in T.SHARED_FIELDS:
        label = next(f.label for t in TEMPLATES for f in t.fields if f.name == name)
        assert f"| `{name}` | {label} |" in text, f"the shared-field table gives the wrong label for {name}"
    assert f"{T.TITLE_MAX} characters or fewer" in text
    for channel, limit in T.DEFAULT_MAX_WORDS.items():
        assert str(limit) in text


def test_host_page_example_is_a_valid_template_that_fills_cleanly(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    example = next(b for b in blocks if b.lstrip().startswith("#") and "\nid: " in b)
    tid = re.search(r"^id: (\S+)$", example, re.M).group(1)
    (tmp_path / f"{tid}.yml").write_text(example, encoding="utf-8")
    [t] = T.load_templates(tmp_path, tmp_path)
    assert any(f.specific for f in t.fields) and "thank-you" in t.tags
    for site, locale in ((GB, "en-GB"), (US, "en-US")):
        parts = site.parts(t)
        assert_reads_cleanly(T.compose(parts, t.example_values(locale))["text"], f"doc example ({locale})")
        assert_reads_cleanly(T.compose(parts, required_only(t, locale))["text"], f"doc example, required only ({locale})")
    assert "résumé" in US.example_message(t)["text"]
    # Its shared fields match the shipped templates, so details carry across.
    shipped = {f.name: (f.label, f.kind) for tt in TEMPLATES for f in tt.fields if f.name in T.SHARED_FIELDS}
    for f in t.fields:
        if f.name in shipped:
            assert (f.label, f.kind) == shipped[f.name]


def test_host_page_shows_the_real_error_format():
    text = DOC.read_text(encoding="utf-8")
    problem = T.Problem("templates/thank-you-informal-chat.yml", "stage",
                        "'after-interview' is not allowed; use one of: " + ", ".join(T.STAGES))
    assert str(T.TemplateError([problem, problem])).splitlines()[0] in text
    assert f"  - {problem}" in text
    # Braces in the page are shown literally, so the Jinja in them is switched off.
    assert text.count("{% raw %}") == text.count("{% endraw %}") >= 1


def test_the_panel_fields_are_listed_once_for_the_form_and_its_script():
    """fill-in.js reads the panel's own fields from the page's JSON, not from a second rule of its own."""
    import json

    from macros import render as R

    site = Site({}, ROOT)
    panels = [t for t in site.templates if "panel" in t.tags]
    assert panels
    for t in site.templates:
        block = R.data_block(t, site.parts(t), site.locale, T.SHARED_FIELDS)
        data = json.loads(block.split(">", 1)[1].rsplit("</script>", 1)[0])
        assert data["panelOwn"] == R.panel_own_fields(t)
        assert bool(data["panelOwn"]) == (t in panels)
    script = (ROOT / "docs/assets/components/fill-in/fill-in.js").read_text(encoding="utf-8")
    assert "data.panelOwn" in script and "/^interviewer/" not in script
