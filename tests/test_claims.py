"""Issue 21, items 5 and 6: the wrong or unsourced claims and stock phrases are gone,
the checker leaves plain facts alone, and every source has a date and (beyond the
five founding articles) a link.

Reads the built site (pages and template pages) and the templates themselves, in
both UK and US English.
"""

from __future__ import annotations

import html as H
import re

import pytest
import yaml

from macros import templates as T
from macros.site import Site
from readability import article_blocks
from support import ROOT, built_path, built_pages

GB = Site({"locale": "en-GB"}, ROOT)
US = Site({"locale": "en-US"}, ROOT)

# Claims the careers adviser found wrong or unsourced, and the contradictions in timing.
# Each pattern is searched in the text of every built page.
WRONG_CLAIMS = {
    r"only earn a fee if a candidate is hired": "false for retained (executive) search",
    r"a dozen people may have sat in that chair": "an invented figure",
    r"\bUK'?s Equality Act": "the Equality Act covers Great Britain; Northern Ireland has its own law",
    r"Equality Act(?: 2010)? (?:covers|applies (?:in|to)) the UK": "the Equality Act covers Great Britain, not the UK",
    r"Caan[^.]*harder to miss": "James Caan gives no reason for phoning",
    r"Milkround found": "an undated Milkround study, about feedback, not silence",
    r"heard nothing after four weeks": "contradicts the check-in rule (two working days after the date)",
    r"thank-you email that evening": "contradicts the 3pm rule",
    r"A day or two after the date your recruiter gave you": "contradicts the rules' timing for the recruiter",
    r"I emailed last week": "not true a few working days after the email",
    r"Who decides\?": "blunt",
    r"This is my last note on it": "curt",
    r"help me plan, and thank you": "a comma splice",
    r"Thank you for letting me know about the": "reads as thanks for describing the job",
    r"your time at the final": "wrong after round two of three",
    r"We count the check-in email and the call": "an older, longer sequence",
}
STOCK_OPENERS = [r"\bI hope you are well\b", r"\bI hope this (?:email|message) finds you well\b", r"\bI hope you're well\b"]
REPEATED_PHRASE = "has stayed with me"


def _page_text(site_dir, rel: str) -> str:
    return " ".join(" ".join(article_blocks((site_dir / rel).read_text(encoding="utf-8"))).split())


@pytest.fixture(scope="module")
def site_texts(site_dir) -> dict[str, str]:
    return {rel: _page_text(site_dir, rel) for rel in built_pages(site_dir)}


def test_the_pages_are_read(site_texts):
    """The search below is only as good as what it reads: guide, template and sources pages."""
    assert any(rel.startswith("guide/timing") for rel in site_texts)
    assert any(rel.startswith("templates/thank-you-email") for rel in site_texts)
    assert any(rel.startswith("sources") for rel in site_texts)


@pytest.mark.parametrize("pattern", WRONG_CLAIMS)
def test_no_wrong_claim_on_any_page(site_texts, pattern):
    found = [rel for rel, text in site_texts.items() if re.search(pattern, text, re.IGNORECASE)]
    assert not found, f"{WRONG_CLAIMS[pattern]}: '{pattern}' is still on {found}"


def test_milkround_figures_carry_a_year(site_texts):
    """A Milkround figure may be cited only with its year (the undated one is gone)."""
    for rel, text in site_texts.items():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if "Milkround" in sentence and re.search(r"\d+%|over half", sentence):
                assert re.search(r"\b20\d\d\b", sentence), f"{rel}: {sentence}"


def test_hourly_pay_rates_carry_their_source_and_year(site_texts):
    """A rate changes every April, so a reader must see whose rate it is and from when."""
    rates = 0
    for rel, text in site_texts.items():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if re.search(r"[£$]\d[\d.,]* an hour", sentence):
                rates += 1
                assert re.search(r"\([^()]*\b20\d\d\)", sentence), f"{rel}: a pay rate without (source, year): {sentence}"
    assert rates, "no hourly rate found: the apprentice rate on the student-interviews guide is gone or reworded"


def test_laws_are_stated_with_their_limits(site_texts):
    text = site_texts[built_path("guide/channel-and-recipient.md")]
    law = next(block for block in re.split(r"(?<=\.)\s+(?=The law)", text) if block.startswith("The law"))
    assert "Great Britain" in law and "Northern Ireland" in law
    assert re.search(r"ADA covers[^.]*15 or more", law)


def test_agency_fees_are_not_said_to_depend_only_on_a_hire(site_texts):
    text = site_texts[built_path("guide/agency-or-direct.md")]
    assert "whether or not it hires" in text and "never you" in text


# ---------------------------------------------------------------------------
# Templates: openers, repeated phrases, the reader's words.


def _messages(site: Site) -> dict[str, str]:
    return {t.id: site.example_message(t)["text"] for t in site.templates}


@pytest.mark.parametrize("site", [GB, US], ids=["en-GB", "en-US"])
def test_no_template_opens_with_filler(site):
    for tid, text in _messages(site).items():
        for pattern in STOCK_OPENERS:
            assert not re.search(pattern, text, re.IGNORECASE), f"{tid}: {pattern}"


def test_a_stock_phrase_appears_in_one_template_at_most():
    using = [t.id for t in T.load_templates(ROOT / "templates", ROOT)
             if REPEATED_PHRASE in (t.greeting or "") + t.body]
    assert len(using) <= 1, f"'{REPEATED_PHRASE}' is in {using}"


def test_us_readers_get_reference_not_referee():
    for t in US.templates:
        message = US.example_message(t)
        texts = [message["text"], message["subject"] or "", t.title, t.description, t.when_to_use,
                 t.when_not_to_use, t.timing] + [f.label for f in t.fields] + [f.hint or "" for f in t.fields]
        for text in texts:
            assert not re.search(r"\breferees?\b", text, re.IGNORECASE), f"{t.id}: {text}"
    gb = GB.example_message(GB.get("brief-a-referee"))["text"]
    us = US.example_message(US.get("brief-a-referee"))["text"]
    assert "my referee" in gb and "my reference" in us


def test_one_point_only_in_something_i_meant_to_say():
    t = GB.get("something-i-meant-to-say")
    assert "one point only" in t.when_to_use.lower()
    assert len([f for f in t.fields if f.kind == "long-text"]) == 1, "a second point would need a second long answer"


def test_text_reply_can_leave_out_keenness_for_bad_news():
    t = GB.get("text-reply-to-recruiter")
    values = t.example_values("en-GB")
    values["keen_on"] = ""
    text = T.compose(GB.parts(t), values)["text"]
    assert "keen" not in text and "Happy to talk" in text


def test_after_careers_fair_says_who_you_are_and_asks():
    text = GB.example_message(GB.get("after-careers-fair"))["text"]
    for field in ("course", "year_of_study", "university"):
        assert GB.get("after-careers-fair").field_map[field].example in text
    assert "?" in text.split("Dear", 1)[1], "the message should ask something"


# ---------------------------------------------------------------------------
# The checker: a plain fact is not pressure. (tests/test_checker.py runs the real
# checker in Chromium on tests/draft_cases.yml; this catches a phrase list that
# would flag the examples before any browser starts.)

PLAIN_FACTS = ["I expect to graduate in July.", "I could start as soon as possible after that.",
               "I can send them as soon as possible."]
PRESSURE = ["Please reply as soon as possible.", "Please let me know ASAP.", "I expect an answer this week."]


def _pressure_phrases() -> list[str]:
    rules = yaml.safe_load((ROOT / "rules" / "draft-checks.yml").read_text(encoding="utf-8"))
    return next(c for c in rules["checks"] if c["id"] == "pressure")["phrases"]


def _hits(sentence: str) -> list[str]:
    low = sentence.lower()
    return [p for p in _pressure_phrases() if re.search(r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b", low)]


@pytest.mark.parametrize("sentence", PLAIN_FACTS)
def test_plain_facts_are_not_pressure(sentence):
    assert _hits(sentence) == []


@pytest.mark.parametrize("sentence", PRESSURE)
def test_demands_are_still_pressure(sentence):
    assert _hits(sentence)


# ---------------------------------------------------------------------------
# Sources: a date for every source, a link for every one beyond the founding five.

FOUNDING = "The five founding articles"
NOT_SOURCES = {"How we used the sources", "Where each topic is covered"}
DATED = re.compile(r"\b(?:19|20)\d\d\b|\bundated\b", re.IGNORECASE)


HEADERLINK = re.compile(r'<a [^>]*class="headerlink"[^>]*>.*?</a>', re.S)


def _article(page_html: str) -> str:
    """The page's own content, without the permalink anchors Material adds to headings."""
    return HEADERLINK.sub("", page_html.split("<article", 1)[1].split("</article>", 1)[0])


def _sections(page_html: str) -> dict[str, str]:
    article = _article(page_html)
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", article, flags=re.S)
    return {re.sub(r"<[^>]+>", "", parts[i]).strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def _items(section_html: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", section_html, flags=re.S)


def _plain(fragment: str) -> str:
    return " ".join(H.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture(scope="module")
def sources(site_dir) -> dict[str, str]:
    return _sections((site_dir / built_path("sources.md")).read_text(encoding="utf-8"))


def test_the_founding_articles_are_five_and_each_is_dated(sources):
    items = _items(sources[FOUNDING])
    assert len(items) == 5
    for item in items:
        assert DATED.search(_plain(item)), f"no date or 'undated': {_plain(item)[:80]}"


def test_every_other_source_has_a_link_and_a_date(sources):
    checked = 0
    for heading, body in sources.items():
        if heading == FOUNDING or heading in NOT_SOURCES:
            continue
        for item in _items(body):
            text = _plain(item)
            assert re.search(r'href="https?://', item), f"{heading}: no link: {text[:100]}"
            assert DATED.search(text), f"{heading}: no date or 'undated': {text[:100]}"
            checked += 1
    assert checked >= 40, f"only {checked} source entries found; has the page's structure changed?"


def test_link_text_on_the_sources_page_names_one_destination(site_dir):
    """Two links with the same words must go to the same place (WCAG 2.4.4, link purpose)."""
    article = _article((site_dir / built_path("sources.md")).read_text(encoding="utf-8"))
    seen: dict[str, set[str]] = {}
    for href, inner in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', article, flags=re.S):
        text = _plain(inner)
        if text:
            seen.setdefault(text.lower(), set()).add(href)
    clashes = {text: hrefs for text, hrefs in seen.items() if len(hrefs) > 1}
    assert not clashes, f"the same link text goes to different places: {clashes}"
