"""The knowledge base (issue 2, content): every page is there and findable, every
fact in the guidance is taught, survey figures are cited, and the words are plain.

Reads the strictly built site from the session fixture ``site_dir``. The
reading-ease report prints with ``-s``; ``tests/readability.py`` prints it on
its own.
"""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from readability import article_blocks, score_page
from support import GUIDE_PAGES, ROOT, build_site, built_path, copy_project

READING_EASE_MIN = 60
WORDS_PER_SENTENCE_MAX = 20
DESCRIPTION_MAX = 160

# Templates the guide must point readers to (the ones the guidance calls for).
LINKED_TEMPLATES = [
    "thank-you-email", "thank-you-via-recruiter", "thank-you-letter", "panel-thank-you",
    "something-i-meant-to-say", "sending-what-you-promised", "check-in-date-passed",
    "check-in-no-date", "phone-chase-script", "anything-more-you-need", "rejection-thank-you",
    "feedback-request", "senior-follow-up", "recruiter-check-in", "thank-you-final-round",
    "thank-you-phone-or-video", "competing-offer-update", "withdraw-application",
]

SURVEYS = {  # name as cited -> year(s) it must be cited with
    "Accountemps": ("2017", "2012"),
    "TopResume": ("2017",),
    "CareerBuilder": ("2005",),
    "Snagajob": ("2013",),
    "Institute of Student Employers": ("2023", "2018"),
}


def _html(site_dir: pathlib.Path, src: str) -> str:
    return (site_dir / built_path(src)).read_text(encoding="utf-8")


def _text(site_dir: pathlib.Path, src: str) -> str:
    return " ".join(article_blocks(_html(site_dir, src)))


def _front_matter(src: str) -> dict:
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"{src} has no front matter"
    return yaml.safe_load(match.group(1))


# ---------------------------------------------------------------------------
# Pages: described for search results, and not stubs


@pytest.mark.parametrize("src", GUIDE_PAGES)
def test_description_fits_a_search_result(src):
    """tests/test_build.py checks every page has its own meta description; here, that it reads well."""
    wanted = _front_matter(src)["description"]
    assert 50 <= len(wanted) <= DESCRIPTION_MAX, f"{src}: description is {len(wanted)} characters"
    assert "placeholder" not in wanted.lower()


def test_descriptions_are_all_different():
    descriptions = [_front_matter(p)["description"] for p in GUIDE_PAGES]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize("src", GUIDE_PAGES)
def test_no_page_is_still_a_stub(site_dir, src):
    text = _text(site_dir, src)
    assert "to be written" not in text.lower()
    assert len(text.split()) >= 300, f"{src} has only {len(text.split())} words"


# ---------------------------------------------------------------------------
# Plain English


@pytest.mark.parametrize("src", GUIDE_PAGES)
def test_reading_ease(site_dir, src):
    score = score_page(site_dir / built_path(src))
    print(f"{src}: reading ease {score.reading_ease:.1f}, {score.words_per_sentence:.1f} words a sentence")
    assert score.words > 0
    assert score.reading_ease >= READING_EASE_MIN, f"{src}: reading ease {score.reading_ease:.1f}"
    assert score.words_per_sentence <= WORDS_PER_SENTENCE_MAX, f"{src}: {score.words_per_sentence:.1f} words a sentence"


def test_reading_ease_catches_hard_text(tmp_path):
    """The measure itself can fail: long sentences of long words score low."""
    hard = ("<article><p>Notwithstanding considerable organisational variability, "
            "prospective candidates should systematically communicate appreciation "
            "subsequently, demonstrating professionalism, enthusiasm and "
            "comprehensive understanding of institutional requirements.</p></article>")
    page = tmp_path / "hard.html"
    page.write_text(hard)
    assert score_page(page).reading_ease < READING_EASE_MIN
    easy = tmp_path / "easy.html"
    easy.write_text("<article><p>Send a short note. Say thank you. Name the job.</p></article>")
    assert score_page(easy).reading_ease > 80


# ---------------------------------------------------------------------------
# Every fact in the guidance is taught, on the page a reader would look for it

FACTS = [
    # Why follow up
    ("guide/why-follow-up.md", "a tie-breaker between equal candidates", r"equally strong"),
    ("guide/why-follow-up.md", "few candidates follow up", r"few candidates follow up"),
    ("guide/why-follow-up.md", "first opinion in 30 seconds (John Lees)", r"John Lees.{0,80}30 seconds"),
    ("guide/why-follow-up.md", "reinforce or repair an impression", r"back up a strong impression.{0,40}mend a shaky one"),
    ("guide/why-follow-up.md", "employers reread CVs and notes", r"go back over (CVs|résumés) and interview notes"),
    ("guide/why-follow-up.md", "matters most when seen early", r"Early interviews fade fastest"),
    ("guide/why-follow-up.md", "good opinion even if not hired", r"apply next time.{0,40}different role"),
    ("guide/why-follow-up.md", "it costs two minutes", r"two minutes"),
    ("guide/why-follow-up.md", "the honest counterpoint", r"nothing you do after an interview changes the result"),
    ("guide/why-follow-up.md", "fairness: class and culture", r"class and culture"),
    ("guide/why-follow-up.md", "a courtesy, not a hidden test", r"not be a hidden test"),
    ("guide/why-follow-up.md", "reassurance for the missed window", r"not too late"),
    # Before you leave
    ("guide/before-you-leave.md", "plan the follow-up in advance", r"Decide before the interview what you will send"),
    ("guide/before-you-leave.md", "each interviewer's contact details", r"each person who interviewed you.{0,200}email address"),
    ("guide/before-you-leave.md", "ask about the timeline", r"when they expect to decide"),
    ("guide/before-you-leave.md", "ask what needs clarifying", r"anything you said needs clarifying"),
    ("guide/before-you-leave.md", "note the interviewer's answers", r"write down the main points of their answers"),
    ("guide/before-you-leave.md", "notes straight after", r"what went well.{0,40}what you wish you had covered better"),
    # Timing
    ("guide/timing.md", "notes straight after", r"what went well.{0,40}what you wish you had covered better"),
    ("guide/timing.md", "thank-you as soon as possible", r"as soon as possible"),
    ("guide/timing.md", "same day or next, by role and industry", r"same day or the next, depending on the role and the industry"),
    ("guide/timing.md", "the next-morning habit", r"next morning"),
    ("guide/timing.md", "our advice: same day or next working morning", r"same day or the next working morning"),
    ("guide/timing.md", "24-48 hours (US career centres)", r"24 to 48 hours"),
    ("guide/timing.md", "check-in 2 working days after the date", r"give them two more working days"),
    ("guide/timing.md", "what the date-passed email says", r"still appeals to you.{0,60}decisions can run late.{0,60}new date in mind"),
    ("guide/timing.md", "then phone (or write), same question, enthusiasm and fit", r"phone or write.{0,80}same question.{0,120}why you want the job and why you fit it"),
    ("guide/timing.md", "no date: 10-14 days after thank-you", r"10 to 14 days after your thank-you"),
    ("guide/timing.md", "no date: 5-10 working days elsewhere", r"5 to 10 working days"),
    ("guide/timing.md", "a week or two between contacts", r"leaves a week or two between contacts"),
    ("guide/timing.md", "the last follow-up: once more, offer more", r"second and last one.{0,600}Offer anything that would help"),
    ("guide/timing.md", "never chase daily", r"never fine to ask every day"),
    ("guide/timing.md", "one follow-up is not hassling", r"most don't mind being asked. A single, friendly question won't count against you"),
    ("guide/timing.md", "one or two chasers, then move on", r"follow up once or twice.{0,40}move on"),
    ("guide/timing.md", "Friday interviews, both sides and advice", r"Interviews on a Friday.{0,300}Our advice.{0,60}Monday morning"),
    ("guide/timing.md", "weekends", r"Weekends.{0,40}working days"),
    ("guide/timing.md", "a competing offer", r"another employer makes you an offer"),
    ("guide/timing.md", "withdrawing", r"take another job or lose interest, tell them"),
    # Channel and recipient
    ("guide/channel-and-recipient.md", "follow the employer's lead", r"If they have always emailed, email"),
    ("guide/channel-and-recipient.md", "email is fast and free", r"prefer email.{0,20}fast, free"),
    ("guide/channel-and-recipient.md", "a named person, not a shared inbox", r"to a person, not to a shared inbox"),
    ("guide/channel-and-recipient.md", "thank each interviewer individually", r"thank each of them, one by one, and mean it"),
    ("guide/channel-and-recipient.md", "panel: both sides and advice", r"one message to the whole panel.{0,80}Our advice.{0,40}one short note to each person"),
    ("guide/channel-and-recipient.md", "phone: quick thank-you", r"quick thank-you"),
    ("guide/channel-and-recipient.md", "phone: the last follow-up", r"last follow-up.{0,80}takes the place of a last email"),
    ("guide/channel-and-recipient.md", "a letter is acceptable", r"letter or a handwritten card is also acceptable"),
    ("guide/channel-and-recipient.md", "card when the decision is a week away", r"week or more away"),
    ("guide/channel-and-recipient.md", "phone and video interviews", r"After a phone or video interview"),
    # What to say
    ("guide/what-to-say.md", "thank them for their time", r"Thank them for their time"),
    ("guide/what-to-say.md", "name the role and the date", r"Name the job and the date"),
    ("guide/what-to-say.md", "restate interest in role and organisation", r"interested in the role and in the (organisation|organization)"),
    ("guide/what-to-say.md", "a specific point, such as overseas plans", r"opening an office abroad"),
    ("guide/what-to-say.md", "build on their answers", r"build on an answer they gave"),
    ("guide/what-to-say.md", "the subtle sell", r"subtle sell"),
    ("guide/what-to-say.md", "experience, responsibility, culture", r"relevant experience, your readiness to take on responsibility, or how you would fit the team's culture"),
    ("guide/what-to-say.md", "something you meant to say", r"meant to mention"),
    ("guide/what-to-say.md", "correct a poor answer", r"wrong fact or a muddled answer.{0,120}Owning a slip"),
    ("guide/what-to-say.md", "extra material only if linked", r"Only send extra material if it links to the conversation"),
    ("guide/what-to-say.md", "piling on annoys", r"heap of extra files tries the reader's patience"),
    ("guide/what-to-say.md", "offer documents and answers", r"Offer to send any documents or information they need, and to answer more questions"),
    ("guide/what-to-say.md", "welcome feedback", r"welcome feedback"),
    ("guide/what-to-say.md", "five or six lines", r"Five or six lines"),
    ("guide/what-to-say.md", "be genuine", r"can tell a filled-in template from a real note"),
    ("guide/what-to-say.md", "an annotated example", r"Example: a thank-you email"),
    ("guide/what-to-say.md", "sending what you promised", r"promised to send something"),
    ("guide/what-to-say.md", "second and final rounds", r"second or final round"),
    ("guide/what-to-say.md", "UK and US conventions", r"UK and US conventions.{0,600}November 18, 2026"),
    # Agency or direct
    ("guide/agency-or-direct.md", "the recruiter's feedback call", r"call you for feedback"),
    ("guide/agency-or-direct.md", "good recruiters pass it on, but ask", r"Good recruiters pass this on.{0,60}ask"),
    ("guide/agency-or-direct.md", "recruiter throughout, or the hiring manager", r"stay your contact for the whole process"),
    ("guide/agency-or-direct.md", "direct: follow up with the hiring manager", r"Follow up with the hiring manager yourself"),
    ("guide/agency-or-direct.md", "employer contacts you directly", r"If the employer contacts you directly.{0,400}Tell your recruiter"),
    # Not offered
    ("guide/not-offered.md", "thank them anyway, graciously", r"gracefully is a mark of a good candidate"),
    ("guide/not-offered.md", "ask for feedback; many will give it", r"Many employers are willing"),
    ("guide/not-offered.md", "act on it: experience", r"internship, volunteering"),
    ("guide/not-offered.md", "act on it: research", r"Research the next employer more deeply"),
    ("guide/not-offered.md", "considered if the chosen one leaves", r"person they chose doesn't work out.{0,80}Only say this if you mean it"),
    ("guide/not-offered.md", "stay in touch", r"different role later, or invite you to apply"),
    # Things to avoid
    ("guide/what-to-avoid.md", "LinkedIn looks presumptuous", r"presumptuous"),
    ("guide/what-to-avoid.md", "LinkedIn: both sides and advice", r"Sources differ on when it becomes fine.{0,200}Our advice"),
    ("guide/what-to-avoid.md", "generic templates", r"template with the blanks filled in"),
    ("guide/what-to-avoid.md", "overselling and piles of extras", r"Overselling.{0,300}attaching every certificate"),
    ("guide/what-to-avoid.md", "long messages", r"Long messages"),
    ("guide/what-to-avoid.md", "daily chasing and pushiness", r"every day.{0,40}Pushy"),
    ("guide/what-to-avoid.md", "shared inboxes", r"shared inbox"),
    ("guide/what-to-avoid.md", "current employer's email", r"current employer's email"),
    # Senior roles
    ("guide/senior-roles.md", "tougher competition", r"competition is tougher"),
    ("guide/senior-roles.md", "needs, problems, challenges from notes", r"your notes.{0,40}needs.{0,80}problems.{0,80}challenges"),
    ("guide/senior-roles.md", "show similar problems solved", r"Show how you have solved similar problems"),
    # Home
    ("index.md", "the next week in steps", r"Today: make notes.{0,600}Today or tomorrow morning: say thank you"),
]


@pytest.mark.parametrize("src,fact,pattern", FACTS, ids=[f"{s.split('/')[-1][:-3]}: {f}" for s, f, _ in FACTS])
def test_fact_is_taught(site_dir, src, fact, pattern):
    assert re.search(pattern, _text(site_dir, src), re.I | re.S), f"{src} no longer teaches: {fact}"


SURVEY_ROWS = [
    ("Accountemps (Robert Half), November 2017", "300 HR managers", ["80%", "24%", "51%", "2007", "94%", "86%"]),
    ("TopResume, November 2017", "358 recruiters and hiring managers", ["68%", "16%"]),
    ("CareerBuilder, August 2005", "More than 650 hiring managers", ["15%", "32%", "26%", "36%"]),
    ("Accountemps, 2012", "More than 500 HR managers", ["91%", "87%", "81%", "38%", "10%"]),
]


def _rows(site_dir, src) -> list[str]:
    return article_blocks(_html(site_dir, src), blocks={"p", "li", "tr", "h1", "h2", "h3", "dt", "dd"})


@pytest.mark.parametrize("survey,who,figures", SURVEY_ROWS, ids=[r[0] for r in SURVEY_ROWS])
def test_survey_figures_are_taught_with_source_and_year(site_dir, survey, who, figures):
    rows = [r for r in _rows(site_dir, "guide/why-follow-up.md") if r.startswith(survey)]
    assert len(rows) == 1, f"no single row for {survey} on the why page"
    assert who in rows[0]
    for figure in figures:
        assert re.search(rf"(?<!\d){re.escape(figure)}", rows[0]), f"{survey}: {figure} missing"


def _unquoted(text: str) -> str:
    return re.sub(r'"[^"]*"|“[^”]*”', "", text)


@pytest.mark.parametrize("src", GUIDE_PAGES)
def test_every_percentage_names_its_survey_and_year(site_dir, src):
    """No bare figures: a percentage (outside an example in quotes) sits next to its survey and year."""
    for block in _rows(site_dir, src):
        if not re.search(r"\d+%", _unquoted(block)):
            continue
        named = [name for name in SURVEYS if name in block]
        assert named, f"{src}: a figure without a named survey: {block[:120]}"
        assert any(year in block for name in named for year in SURVEYS[name]), f"{src}: a figure without a year: {block[:120]}"


def test_sources_page_credits_articles_and_surveys(site_dir):
    text = _text(site_dir, "sources.md")
    for needle in [
        '"How to leave a lasting impression after an interview"', "Kate Allen", "Allen Associates",
        '"What to do after an interview"', "UK job board",
        '"The importance of following up after an interview"', "recruitment agency's blog",
        '"The Right Way To End An Interview"', "James Caan CBE", "LinkedIn",
        '"Following up after an interview: how should you do it?"', "Gazprom Marketing & Trading",
        "John Lees",
        "Accountemps (Robert Half), November 2017", "TopResume, November 2017",
        "CareerBuilder, August 2005", "Accountemps, 2012",
    ]:
        assert needle in text, f"Sources page does not credit: {needle}"


def test_guide_links_to_each_template_it_recommends(site_dir):
    linked = set()
    for src in GUIDE_PAGES:
        linked |= set(re.findall(r'href="(?:\.\./)*templates/([a-z0-9-]+)/"', _html(site_dir, src)))
    missing = [t for t in LINKED_TEMPLATES if t not in linked]
    assert not missing, f"no guide page links to: {missing}"


def test_hooks_for_later_work_are_in_place():
    """The careers service's adviser call-out goes on the what-to-say and rejection pages (issue 6)."""
    for src in ("guide/what-to-say.md", "guide/not-offered.md"):
        assert "{{ adviser_callout() }}" in (ROOT / "docs" / src).read_text(encoding="utf-8"), src


# ---------------------------------------------------------------------------
# UK and US words come from the glossary, so a US build says "résumé"


@pytest.fixture(scope="module")
def us_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("us-project"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "locale: en-GB" in text
    config.write_text(text.replace("locale: en-GB", "locale: en-US", 1), encoding="utf-8")
    out = tmp_path_factory.mktemp("us-site")
    build_site(config, out)
    return out


UK_ONLY = re.compile(r"\b(CVs?|organisations?|organised|apologise|centres?|programme)\b")


@pytest.mark.parametrize("src", GUIDE_PAGES)
def test_us_build_uses_us_words(us_site, site_dir, src):
    """Outside the UK/US comparison tabs, a US build has no UK-only words."""
    us = " ".join(article_blocks(_html(us_site, src), skip_classes={"headerlink", "tabbed-set"}))
    uk = " ".join(article_blocks(_html(site_dir, src), skip_classes={"headerlink", "tabbed-set"}))
    leftover = sorted(set(m.group(0) for m in UK_ONLY.finditer(us)))
    assert not leftover, f"{src}: UK words in the en-US build: {leftover}"
    # and the glossary is really in use: wherever the UK page says CV, the US page says résumé
    assert len(re.findall(r"\bCVs?\b", uk)) == len(re.findall(r"\b[Rr]ésumés?\b", us))
