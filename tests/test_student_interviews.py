"""Issue 21, items 1 and 2: the interviews students have most (part-time jobs, placements,
apprenticeships, public-sector panels, one-way video interviews) and their templates.

Reads the strictly built site (session fixture ``site_dir``) and the template files.
Each guide section must exist under its front-loaded heading, read easily, link the
templates that fit it, and, where rules change, point to the official page.
"""

from __future__ import annotations

import re

import pytest

from readability import article_blocks, score_text
from support import ROOT, built_path

PAGE = "guide/student-interviews.md"
READING_EASE_MIN = 60

# h2 id -> (heading text, templates the section must link, official hosts it must link)
SECTIONS = {
    "part-time-jobs-in-shops-cafes-and-on-campus-expect-a-quick-answer": (
        "Part-time jobs in shops, cafés and on campus: expect a quick answer",
        ["part-time-job-thank-you", "part-time-phone-script"],
        ["https://www.gov.uk/"],
    ),
    "internships-placements-and-spring-weeks-deadlines-differ": (
        "Internships, placements and spring weeks: deadlines differ",
        ["after-internship-interview", "withdraw-application"],
        [],
    ),
    "apprenticeships-your-contact-may-be-the-training-provider": (
        "Apprenticeships: your contact may be the training provider",
        ["check-in-no-date"],
        ["https://www.gov.uk/", "https://www.apprenticeship.gov/"],
    ),
    "nhs-jobs-a-phone-call-then-a-conditional-offer-and-checks": (
        "NHS jobs: a phone call, then a conditional offer and checks",
        ["public-sector-next-step"],
        ["https://www.jobs.nhs.uk/", "https://www.nhsemployers.org/"],
    ),
    "civil-service-jobs-check-your-scores-before-you-ask": (
        "Civil Service jobs: check your scores before you ask",
        ["public-sector-next-step"],
        ["https://www.civil-service-careers.gov.uk/", "https://www.gov.uk/"],
    ),
    "school-teaching-jobs-offers-on-the-day": (
        "School teaching jobs: offers on the day",
        ["withdraw-application", "thank-you-letter"],
        [],
    ),
    "us-federal-jobs-track-your-application-on-usajobs": (
        "US federal jobs: track your application on USAJOBS",
        ["public-sector-next-step"],
        ["https://www.usajobs.gov/"],
    ),
    "one-way-video-interviews-and-online-tests-nobody-to-thank": (
        "One-way video interviews and online tests: nobody to thank",
        ["check-in-date-passed"],
        [],
    ),
}

NEW_TEMPLATES = ["part-time-job-thank-you", "part-time-phone-script", "after-internship-interview",
                 "public-sector-next-step"]
SCHEMA_LINE = "# yaml-language-server: $schema=./schema.json"


def _article(site_dir) -> str:
    html = (site_dir / built_path(PAGE)).read_text(encoding="utf-8")
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def _sections(site_dir) -> dict[str, tuple[str, str]]:
    """h2 id -> (heading text, the section's HTML up to the next h2)."""
    out = {}
    for chunk in re.split(r"(?=<h2[\s>])", _article(site_dir))[1:]:
        head = re.match(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', chunk, re.S)
        assert head, chunk[:200]
        text = re.sub(r"<a [^>]*class=\"headerlink\"[^>]*>.*?</a>|<[^>]+>", "", head.group(2)).strip()
        out[head.group(1)] = (text.replace("&amp;", "&"), chunk)
    return out


def _guide_nav() -> list[str]:
    """The pages listed under 'Guide' in mkdocs.yml's nav, in order."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    guide = nav.split("  - Guide:\n", 1)[1]
    pages = []
    for line in guide.splitlines():
        if not line.startswith("      - "):
            break
        pages.append(line.rsplit(":", 1)[1].strip())
    return pages


def test_page_is_in_the_guide_navigation():
    pages = _guide_nav()
    assert PAGE in pages, f"{PAGE} is not under Guide in mkdocs.yml nav: {pages}"
    assert pages.index(PAGE) > pages.index("guide/graduate-schemes.md"), "it belongs with the other student routes"


@pytest.mark.parametrize("anchor", SECTIONS)
def test_section_exists_under_its_heading(site_dir, anchor):
    found = _sections(site_dir)
    assert anchor in found, f"no h2 #{anchor}; the page has {list(found)}"
    assert found[anchor][0] == SECTIONS[anchor][0]


@pytest.mark.parametrize("anchor", SECTIONS)
def test_section_reads_easily(site_dir, anchor):
    score = score_text(article_blocks("<article>" + _sections(site_dir)[anchor][1] + "</article>"))
    print(f"#{anchor}: reading ease {score.reading_ease:.1f}, {score.words} words")
    assert score.words >= 100, f"#{anchor} is too thin to help: {score.words} words"
    assert score.reading_ease >= READING_EASE_MIN, f"#{anchor}: reading ease {score.reading_ease:.1f}"


@pytest.mark.parametrize("anchor", SECTIONS)
def test_section_links_its_templates_and_official_pages(site_dir, anchor):
    _, templates, hosts = SECTIONS[anchor]
    hrefs = re.findall(r'href="([^"]+)"', _sections(site_dir)[anchor][1])
    for tid in templates:
        assert any(re.search(rf"(^|/)templates/{tid}/$", h) for h in hrefs), f"#{anchor} does not link {tid}: {hrefs}"
    for host in hosts:
        assert any(h.startswith(host) for h in hrefs), f"#{anchor} does not link {host}"


def test_page_says_rules_change_and_is_not_legal_advice(site_dir):
    text = " ".join(article_blocks("<article>" + _article(site_dir) + "</article>"))
    assert "not legal advice" in text
    assert len(re.findall(r"\bchange\b", text)) >= 2, "pay and visa rules change: the page should say so"
    # The site's follow-up rule: after the thank-you, two follow-ups at most.
    assert re.search(r"follow up twice at most: a check-in, then one last note", text)


def test_every_new_template_is_linked_from_the_page_and_has_the_schema_line(site_dir):
    hrefs = re.findall(r'href="([^"]+)"', _article(site_dir))
    for tid in NEW_TEMPLATES:
        path = ROOT / "templates" / f"{tid}.yml"
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, f"{tid}: first line"
        assert any(h.endswith(f"templates/{tid}/") for h in hrefs), f"{tid} is not linked from {PAGE}"
        assert (site_dir / "templates" / tid / "index.html").is_file(), f"{tid} has no page in the built site"


def test_sources_page_lists_the_new_sources_with_dates(site_dir):
    html = (site_dir / "sources" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="sources-for-student-interviews"', 1)[1].split("</article>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) >= 30
    date = re.compile(r"\b(19|20)\d\d\b|[Uu]ndated")
    for item in items:
        assert 'href="http' in item, f"a source with no link: {item[:120]}"
        assert date.search(re.sub(r"<[^>]+>", "", item)), f"a source with no date: {item[:120]}"
