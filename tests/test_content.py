"""Issue 10: new pages for students' real situations, the offer stage, the
worksheet, and the overclaims the careers adviser found. Reads the built site."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from readability import article_blocks, score_page
from support import ROOT, Elements, built_path, nav_pages

NEW_PAGES = ["guide/graduate-schemes.md", "guide/offers.md", "worksheet.md"]
TEMPLATES_MIN = 28

OVERCLAIMS = [
    r"Most interviewers expect one",
    r"a timeline that most careers advice agrees on",
    r"they are on your side",
    r"your last chance",
    r"employers do come back to good runners-up",
    r"Surveys agree",
    r"Never a shared inbox",                 # the home page, against the allowed fallback elsewhere
    r"Some people call step 5",              # "subtle sell" is James Caan's phrase
    r"In the 2012 survey, only 38%",         # two different surveys read as a trend
    r"Then phone\.",                        # the phone chase as the only way, with no email alternative
]


def _html(site_dir, src):
    return (site_dir / built_path(src)).read_text(encoding="utf-8")


def _hrefs(html):
    body = html.split("<article", 1)[1]
    return re.findall(r'href="([^"]+)"', body)


@pytest.mark.parametrize("src", NEW_PAGES)
def test_new_page_in_nav_with_one_h1_and_description(site_dir, src):
    assert src in {p for _, p in nav_pages()}, f"{src} is not in mkdocs.yml nav"
    html = _html(site_dir, src)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    metas = Elements(html).find("meta", name="description")
    assert len(metas) == 1 and 50 <= len(metas[0]["content"]) <= 160


@pytest.mark.parametrize("src", ["guide/graduate-schemes.md", "guide/offers.md"])
def test_new_guide_page_reads_easily(site_dir, src):
    score = score_page(site_dir / built_path(src))
    print(f"{src}: reading ease {score.reading_ease:.1f}")
    assert score.reading_ease >= 60


def _site_text(site_dir: pathlib.Path) -> str:
    parts = []
    for page in site_dir.rglob("index.html"):
        parts.append(" ".join(article_blocks(page.read_text(encoding="utf-8"))))
    return " ".join(parts)


def test_no_overclaims_on_the_site(site_dir):
    text = _site_text(site_dir)
    found = [p for p in OVERCLAIMS if re.search(p, text, re.I)]
    assert not found, f"overclaims still on the site: {found}"


def test_accepted_offer_warning(site_dir):
    offers = " ".join(article_blocks(_html(site_dir, "guide/offers.md")))
    assert re.search(r"going back on an accepted offer is serious", offers, re.I)
    assert re.search(r"do not accept a second one", offers)
    timing = " ".join(article_blocks(_html(site_dir, "guide/timing.md")))
    assert re.search(r"still say yes, unless you have accepted another offer", timing)


def test_thank_you_timing_agrees_with_the_rule(site_dir):
    timing = " ".join(article_blocks(_html(site_dir, "guide/timing.md")))
    assert re.search(r"same day or the next working morning\. For a Friday interview, Monday morning is fine", timing)


def test_offer_page_is_not_legal_advice_and_points_to_official_sources(site_dir):
    html = _html(site_dir, "guide/offers.md")
    assert "not legal advice" in " ".join(article_blocks(html))
    hrefs = _hrefs(html)
    assert any(h.startswith("https://www.gov.uk/") for h in hrefs)
    assert any(h.startswith("https://www.uscis.gov/") for h in hrefs)


def test_worksheet_linked_from_before_you_leave_and_home(site_dir):
    for src in ("guide/before-you-leave.md", "index.md"):
        assert any("worksheet" in h for h in _hrefs(_html(site_dir, src))), src


def test_worksheet_has_every_section(site_dir):
    html = _html(site_dir, "worksheet.md")
    heads = [re.sub(r"<[^>]+>|¶|&para;", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    for want in ("Who you met", "What went well", "What you would cover better",
                 "Their answers to your questions", "The timeline they gave", "What you promised to send"):
        assert want in heads


def test_worksheet_prints_without_site_chrome(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(site_url.rstrip("/") + "/worksheet/")
        page.emulate_media(media="print")
        for sel in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
            el = page.query_selector(sel)
            assert el is None or not el.is_visible(), f"{sel} shows in print"
        assert page.locator("article h1").is_visible()
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        print(f"worksheet prints on {pages} A4 page(s)")
        assert 1 <= pages <= 2
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_worksheet_blanks_and_table_reach_the_right_edge(site_url, browser, width):
    """Each write-on line runs to the content's right edge, on screen and in print, so they end together;
    the table to write names in spans the content on a desktop (Material sizes it to its headings)."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(site_url.rstrip("/") + "/worksheet/")
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            right = page.evaluate("() => document.querySelector('.ati-worksheet').getBoundingClientRect().right")
            ends = page.evaluate("() => [...document.querySelectorAll('.ati-worksheet .ati-line')]"
                                 ".map(e => e.getBoundingClientRect().right)")
            assert len(ends) >= 5 and all(abs(end - right) < 1 for end in ends), f"{width}px {media}: {ends}, edge {right}"
            if width >= 960:
                table = page.evaluate("() => document.querySelector('.ati-worksheet table').getBoundingClientRect().right")
                assert abs(table - right) < 1, f"{width}px {media}: the table ends at {table}, the content at {right}"
    finally:
        page.close()


# ---------------------------------------------------------------------------
# Stock phrases: three messages to one person should not read as one template.

PHRASE_LEN = 4
PHRASE_MAX_TEMPLATES = 3
_BODY_TOKEN = re.compile(r"\[[a-z][a-z0-9_]*\]|\{[A-Za-z_]+\}|[^\s\[\]{}]+")


def body_tokens(body: str) -> list[str]:
    """Lower-cased words with punctuation stripped; each [field] or {term} is one token."""
    body = body.replace("[[", " ").replace("]]", " ").replace("\u2019", "'")
    out = []
    for m in _BODY_TOKEN.finditer(body):
        word = m.group(0)
        if word[0] in "[{":
            out.append(word.lower())
            continue
        word = re.sub(r"[^\w']", "", word.lower()).strip("'")
        if word:
            out.append(word)
    return out


def shared_phrases(bodies: dict[str, str]) -> list[tuple[str, list[str]]]:
    where: dict[str, set[str]] = {}
    for tid, body in bodies.items():
        words = body_tokens(body)
        for i in range(len(words) - PHRASE_LEN + 1):
            where.setdefault(" ".join(words[i:i + PHRASE_LEN]), set()).add(tid)
    worst = [(phrase, sorted(ids)) for phrase, ids in where.items() if len(ids) > PHRASE_MAX_TEMPLATES]
    return sorted(worst, key=lambda item: (-len(item[1]), item[0]))


def test_phrase_counter_treats_placeholders_as_words_and_ignores_punctuation():
    assert body_tokens("Thank you, [interviewer_name]! I'm keen on the {cv}.") == \
        ["thank", "you", "[interviewer_name]", "i'm", "keen", "on", "the", "{cv}"]
    bodies = {str(i): "I am still very interested." for i in range(PHRASE_MAX_TEMPLATES + 1)}
    assert shared_phrases(bodies)[0] == ("am still very interested", sorted(bodies))
    assert shared_phrases(dict(list(bodies.items())[:PHRASE_MAX_TEMPLATES])) == []


def test_no_four_word_phrase_in_more_than_three_template_bodies():
    import macros.templates as T

    bodies = {t.id: t.body for t in T.load_templates(ROOT / "templates")}
    worst = shared_phrases(bodies)
    report = "\n".join(f"  {len(ids)} templates: {phrase!r} ({', '.join(ids)})" for phrase, ids in worst[:15])
    assert not worst, f"{len(worst)} four-word phrases appear in more than {PHRASE_MAX_TEMPLATES} templates' bodies; reword some:\n{report}"


# ---------------------------------------------------------------------------
# Email length: "five or six lines" is about 100 words, so the guidance says 110 at most.

EMAIL_WORDS_MAX = 110


def test_thank_you_email_guidance_is_110_words_or_fewer(site_dir):
    import macros.templates as T

    assert T.DEFAULT_MAX_WORDS["email"] <= EMAIL_WORDS_MAX
    thank_yous = [t for t in T.load_templates(ROOT / "templates") if "thank-you" in t.tags and t.channel == "email"]
    assert thank_yous
    for t in thank_yous:
        text = " ".join(article_blocks(_html(site_dir, f"templates/{t.id}.md")))
        aims = [int(n) for n in re.findall(r"Aim for (\d+) words or fewer", text)]
        assert aims and max(aims) <= EMAIL_WORDS_MAX, f"{t.id}: the page's word guidance is {aims}"
    advice = " ".join(article_blocks(_html(site_dir, "guide/what-to-say.md")))
    figures = [int(n) for n in re.findall(r"(\d+) words", advice)]
    assert figures and max(figures) <= EMAIL_WORDS_MAX, f"What to say gives {figures} words"


# ---------------------------------------------------------------------------
# Short sections for students' real situations: each under a front-loaded h2.

SECTIONS = {
    "Silence after a final round or a verbal offer": "guide/timing.md",
    "References: brief your referees, then thank them": "guide/offers.md",
    "Texts, WhatsApp and LinkedIn messages from recruiters": "guide/channel-and-recipient.md",
    "International students: time zones, working days and visa dates": "guide/timing.md",
    "Adjustments and accessibility: email instead of phone, feedback in writing": "guide/channel-and-recipient.md",
    "Internal candidates: following up where you already work": "guide/agency-or-direct.md",
    "UK and US: how much a thank-you is expected": "guide/timing.md",
}


def _h2s(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶|&para;", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


def _section(html: str, heading: str) -> str:
    """The text of the h2 section whose heading is ``heading``."""
    parts = re.split(r"(<h2[^>]*>.*?</h2>)", html.split("<article", 1)[1], flags=re.S)
    for i, part in enumerate(parts):
        if part.startswith("<h2") and re.sub(r"<[^>]+>|¶|&para;", "", part).strip() == heading:
            return parts[i + 1] if i + 1 < len(parts) else ""
    return ""


@pytest.mark.parametrize("heading,src", SECTIONS.items())
def test_each_short_section_has_its_heading_on_the_site(site_dir, heading, src):
    assert heading in _h2s(_html(site_dir, src)), f"{src} has no h2 {heading!r}"


def test_sections_say_what_the_issue_asks(site_dir):
    timing = _html(site_dir, "guide/timing.md")
    abroad = _section(timing, "International students: time zones, working days and visa dates")
    assert "https://www.gov.uk/browse/visas-immigration" in abroad and "https://www.uscis.gov/" in abroad
    assert "does not state them" in abroad
    us_uk = _section(timing, "UK and US: how much a thank-you is expected")
    assert re.search(r"24 to 48 hours is expected", us_uk) and "less universal" in us_uk
    silence = _section(timing, "Silence after a final round or a verbal offer")
    assert "closes the loop" in silence and "templates/anything-more-you-need/" in silence
    refs = _section(_html(site_dir, "guide/offers.md"), "References: brief your referees, then thank them")
    assert "templates/brief-a-referee/" in refs
    texts = _section(_html(site_dir, "guide/channel-and-recipient.md"), "Texts, WhatsApp and LinkedIn messages from recruiters")
    assert "reply the same way" in texts and "templates/text-reply-to-recruiter/" in texts


# ---------------------------------------------------------------------------
# Contradictions: phoning, the surveys, the parts of a message.


def test_phone_chase_shows_the_disagreement_and_an_email_alternative(site_dir):
    import macros.templates as T

    heard = _section(_html(site_dir, "guide/timing.md"), "Heard nothing? If your check-in gets no reply")
    text = re.sub(r"<[^>]+>", " ", heard)
    assert "Sources disagree about phoning" in text and "James Caan" in text
    assert re.search(r"Prefer email\?", text) and "templates/phone-chase-script/" in heard
    script = next(t for t in T.load_templates(ROOT / "templates") if t.id == "phone-chase-script")
    assert "disagree" in script.when_to_use and "email" in script.when_to_use.split("disagree", 1)[1]
    phone = re.sub(r"<[^>]+>", " ", _section(_html(site_dir, "guide/channel-and-recipient.md"), "Phone calls"))
    assert "disagree" in phone and "email" in phone


def test_surveys_are_said_once_to_be_american_2005_to_2017(site_dir):
    text = _site_text(site_dir)
    assert len(re.findall(r"All four surveys below are American\. They were run between 2005 and 2017", text)) == 1
    assert "Two American surveys" not in text


def _ol_titles(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", s).strip().rstrip(".") for s in re.findall(r"<li>\s*(?:<p>)?\s*<strong>(.*?)</strong>", html, re.S)]


def test_annotated_example_numbers_are_the_parts_of_a_message(site_dir):
    html = _html(site_dir, "guide/what-to-say.md").split("<article", 1)[1]
    parts = _ol_titles(html.split("<ol>", 1)[1].split("</ol>", 1)[0])
    assert len(parts) == 8, parts
    example, after = html.split("Example: a thank-you email", 1)[1].split("</div>", 1)
    notes = _ol_titles(after.split("<ol>", 1)[1].split("</ol>", 1)[0])
    assert notes == parts[:len(notes)], f"the notes {notes} do not follow the parts {parts}"
    marked = {int(n) for group in re.findall(r"\((\d+(?:, \d+)*)\)", re.sub(r"<[^>]+>", "", example))
              for n in group.split(", ")}
    assert marked == set(range(1, len(notes) + 1)), f"example marks {sorted(marked)}, notes 1-{len(notes)}"
    assert "James Caan" in _section(_html(site_dir, "guide/what-to-say.md"), "The parts of a good message")


# ---------------------------------------------------------------------------
# Jargon: each term is explained at its first use on a guide page, or not used.

JARGON = {
    # term (regex) -> how its explanation reads, or None: use a plain word instead
    r"\bhiring managers?\b": r"hiring managers? \(the (?:person|people) who decides? who gets",
    r"\broutes?\b": r"route is how you applied",
    r"\bexecutive search firms?\b": r"executive search firm, or headhunter, is",
    r"\bchas(?:e|es|ed|ing|er|ers)\b": None,
    r"\bfeedback calls?\b": None,
}
EXPLAINED_WITHIN = 200  # characters: a heading may come first, the explanation just after it


def _guide_sources() -> list[str]:
    return [p for _, p in nav_pages() if p == "index.md" or p.startswith("guide/")]


@pytest.mark.parametrize("term", JARGON)
def test_jargon_is_explained_at_first_use_or_absent(site_dir, term):
    explain = JARGON[term]
    wrong = []
    for src in _guide_sources():
        text = " ".join(article_blocks(_html(site_dir, src)))
        first = re.search(term, text, re.I)
        if not first:
            continue
        if explain is None:
            wrong.append(f"{src}: uses {first.group(0)!r} ({text[max(0, first.start() - 40):first.end() + 40]!r}); use a plain word")
            continue
        m = re.compile(explain, re.I).search(text, first.start())
        if not m or m.start() - first.start() > EXPLAINED_WITHIN:
            wrong.append(f"{src}: first {first.group(0)!r} is not explained: {text[first.start():first.start() + 120]!r}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------
# Every template is linked from a guide page that discusses it.


def test_every_template_is_linked_from_a_guide_page(site_dir):
    import macros.templates as T

    linked: dict[str, list[str]] = {}
    for src in _guide_sources():
        for href in _hrefs(_html(site_dir, src)):
            m = re.search(r"templates/([a-z0-9-]+)/", href)
            if m:
                linked.setdefault(m.group(1), []).append(src)
    ids = [t.id for t in T.load_templates(ROOT / "templates")]
    missing = [tid for tid in ids if tid not in linked]
    assert not missing, f"templates no guide page links to: {missing}"
