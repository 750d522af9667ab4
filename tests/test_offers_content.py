"""Issue 21, item 3: the offer stage, completed. Reads the built "You have an offer" page.

Each situation a student meets after an offer has its own section under a
front-loaded heading, says what it says in the UK and the US where they differ,
links the official pages and its template; the UK-only advice that read as
general is gone; and the visa links say what they link to.
"""

from __future__ import annotations

import re

import pytest

from macros import templates as T
from readability import article_blocks
from support import ROOT, built_path

PAGE = "guide/offers.md"

# heading -> (words the section must contain, template it links, or None)
SECTIONS = {
    "Extension to your offer deadline: ask early, with a reason":
        ([r"before the deadline", r"reason", r"does not have to agree"], "ask-for-an-extension"),
    "Offer needs a 2:1 and you don't get it? Tell them early":
        ([r"as soon as you know", r"\b2:1\b", r"GPA", r"Times Higher Education.{0,40}2023"], "missed-required-grade"),
    "Provisional offer or subject to checks: what happens next":
        ([r"provisional", r"subject to checks", r"do not resign", r"NHS Jobs or Trac", r"occupational health",
          r"DBS", r"background report", r"tentative offer"], "accept-an-offer"),
    "Withdrawn offer: what you can do":
        ([r"In the UK", r"In the US", r"notice pay", r"at will"], None),
    "Deferring your start date: ask before you accept":
        ([r"reason and a date", r"Expect a no"], "ask-to-defer-start-date"),
    "Negotiating pay: the UK and the US differ":
        ([r"In the UK.{0,200}graduate schemes pay everyone", r"In the US.{0,120}coach students to negotiate",
          r"Our advice.{0,300}reason"], "negotiate-pay"),
    "Counter-offers: if your current employer asks you to stay":
        ([r"no study behind that claim", r"Robert Half.{0,80}2018|2018 Robert Half", r"Our advice"], None),
    "Warning: going back on an accepted offer is serious":
        ([r"do not accept a second one", r"In the UK.{0,300}notice", r"In the US.{0,400}NACE", r"college's policy"], None),
    "Thanking the panel after an offer: short and optional":
        ([r"do not have to thank", r"Our advice"], "thank-you-after-an-offer"),
}
NEW_TEMPLATES = ["ask-for-an-extension", "missed-required-grade", "ask-to-defer-start-date",
                 "negotiate-pay", "thank-you-after-an-offer"]

# UK-only advice that the page used to give as if it held everywhere.
UK_ONLY_AS_GENERAL = [r"it is usually wiser to accept", r"hold you to your notice period"]

OFFICIAL = ["https://www.gov.uk/", "https://www.acas.org.uk/", "https://www.naceweb.org/", "https://www.uscis.gov/"]
OPT_PAGE = "optional-practical-training-opt-for-f-1-students"
CAP_GAP_PAGE = "h-1b-cap-gap-regulations"


def _article(site_dir) -> str:
    html = (site_dir / built_path(PAGE)).read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def _plain(html: str) -> str:
    return " ".join(article_blocks(f"<article>{html}</article>"))


def _sections(article: str) -> dict[str, str]:
    """Each h2's heading text -> the HTML up to the next h2."""
    parts = re.split(r"(<h2[^>]*>.*?</h2>)", article, flags=re.S)
    out = {}
    for head, body in zip(parts[1::2], parts[2::2]):
        out[re.sub(r"<[^>]+>|¶|&para;", "", head).strip().replace("&#39;", "'").replace("’", "'")] = body
    return out


def _links(html: str) -> list[tuple[str, str]]:
    """(href, link text) for every link."""
    return [(href, re.sub(r"<[^>]+>", "", text).strip())
            for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)]


@pytest.mark.parametrize("heading", SECTIONS)
def test_each_offer_situation_has_its_section(site_dir, heading):
    sections = _sections(_article(site_dir))
    assert heading in sections, f"no h2 {heading!r}; the h2s are {list(sections)}"
    must, template = SECTIONS[heading]
    text = _plain(sections[heading])
    missing = [m for m in must if not re.search(m, text, re.S)]
    assert not missing, f"{heading!r} does not say {missing}"
    if template:
        assert f"templates/{template}/" in sections[heading], f"{heading!r} does not link the {template} template"


def test_headings_put_the_readers_words_first(site_dir):
    """Search and a scanning reader both meet the key word at the start of each heading."""
    sections = _sections(_article(site_dir))
    for heading, first in (("Extension", "extension"), ("Offer needs a 2:1", "2:1"), ("Provisional offer", "provisional"),
                           ("Negotiating pay", "negotiat"), ("Deferring", "deferring")):
        found = [h for h in sections if h.startswith(heading)]
        assert found and first in found[0].lower()[:25], f"no heading starts with {heading!r}"


def test_uk_only_advice_is_no_longer_given_as_general(site_dir):
    text = _plain(_article(site_dir))
    found = [p for p in UK_ONLY_AS_GENERAL if re.search(p, text, re.I)]
    assert not found, f"UK-only advice still given as general: {found}"
    pay = _plain(_sections(_article(site_dir))["Negotiating pay: the UK and the US differ"])
    assert pay.index("In the UK") < pay.index("graduate schemes") < pay.index("In the US")


def test_the_checks_catch_the_old_wording():
    old = ("If it does not, it is usually wiser to accept. "
           "If you then pull out, the employer could hold you to your notice period.")
    assert all(re.search(p, old, re.I) for p in UK_ONLY_AS_GENERAL)


def test_visa_links_say_what_they_link_to(site_dir):
    links = _links(_article(site_dir))
    cap_gap = [(h, t) for h, t in links if "cap-gap" in t.lower()]
    assert cap_gap, "no link to USCIS on the H-1B cap-gap"
    for href, text in cap_gap:
        assert href.startswith("https://www.uscis.gov/") and CAP_GAP_PAGE in href, f"{text!r} links to {href}"
    for href, text in links:
        if OPT_PAGE in href:
            assert "cap-gap" not in text.lower() and "OPT" in text, f"the OPT page is labelled {text!r}"
    assert any(OPT_PAGE in h for h, _ in links), "the OPT page is no longer linked"


def test_official_pages_are_linked_and_rules_are_said_to_change(site_dir):
    article = _article(site_dir)
    hrefs = [h for h, _ in _links(article)]
    for site in OFFICIAL:
        assert any(h.startswith(site) for h in hrefs), f"no link to {site}"
    text = _plain(article)
    assert "not legal advice" in text
    assert re.search(r"Rules on pay, visas, checks and contracts change", text)


def test_every_new_offer_template_is_linked_from_the_page(site_dir):
    article = _article(site_dir)
    ids = {t.id for t in T.load_templates(ROOT / "templates")}
    for tid in NEW_TEMPLATES:
        assert tid in ids, f"templates/{tid}.yml is missing"
        assert f"templates/{tid}/" in article, f"the offers page does not link {tid}"


def test_new_templates_start_with_the_schema_line():
    for tid in NEW_TEMPLATES:
        first = (ROOT / "templates" / f"{tid}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./schema.json", tid


def test_accept_template_has_an_optional_subject_to_checks_line():
    from macros.site import Site

    t = next(t for t in T.load_templates(ROOT / "templates") if t.id == "accept-an-offer")
    assert not t.field_map["checks"].required
    site = Site({"locale": "en-GB"}, ROOT)
    values = t.example_values("en-GB")
    full = T.compose(site.parts(t), values)["text"]
    assert "subject to references and pre-employment checks" in full
    values["checks"] = ""
    assert "subject to" not in T.compose(site.parts(t), values)["text"]


def test_pay_template_gives_the_uk_and_us_difference():
    t = next(t for t in T.load_templates(ROOT / "templates") if t.id == "negotiate-pay")
    assert "In the UK" in t.when_to_use and "In the US" in t.when_to_use
    assert "before you accept" in t.timing
