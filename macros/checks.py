"""Checks for a reader's own draft: load and check rules/draft-checks.yml, and render them.

Plain Python with no MkDocs import. The rules file is the one place the
checks are described. This module renders them twice, from the same data:
as the checklist on the What to say page (and on the checker page, for
readers without JavaScript), and as a JSON block for the checker script
(docs/assets/components/checker/checker.js), which runs the tests in the browser.
Nothing the reader types is sent anywhere.

A plain phrase rule ("test: avoid" or "test: include" with its phrases) is
one entry in the rules file and nothing else: checker.js runs it from the
JSON. Only the checks in OWN_CODE have code of their own there.

The figures for length come from macros/templates.py (DEFAULT_MAX_WORDS,
DEFAULT_MAX_LINES), and the template sentences the checker recognises are
built from templates/ at build time, so a new template counts at once.
"""

from __future__ import annotations

import dataclasses
import html
import json
import pathlib
import posixpath
import re
from typing import Any

import yaml

from . import locale as L
from . import planner as P
from . import render as R
from . import templates as T

DEFAULT_RULES_FILE = "rules/draft-checks.yml"

KINDS = {
    "thank-you": "Thank-you after an interview",
    "check-in": "Checking in while you wait",
    "rejection": "Reply to a rejection",
    "offer": "Reply to an offer",
    "recruiter": "Message to a recruiter",
    "other": "Something else",
}
# The checker's channels, and the template channel whose length figures each one uses.
CHANNELS = {
    "email": ("Email", "email"),
    "letter": ("Letter or card", "letter"),
    "message": ("Text or online message", "recruiter"),
    "phone": ("Phone or voicemail script", "phone"),
}
LEVELS = {"problem": "fix it before you send", "suggestion": "worth a look"}
# The checks with code of their own in checker.js (an entry each in its OWN_CHECKS), run by their id.
OWN_CODE = ("length", "greeting", "interview-when", "specific", "placeholders", "template-sentence", "sign-off",
            "subject", "locale")
# Every other check is a plain phrase rule, run by checker.js from its data alone:
PHRASE_TESTS = {
    "avoid": "a problem when any of its phrases is in the message (or a 'repeated' phrase twice)",
    "include": "a problem when none of its phrases is in the message",
}
# What a phrase rule written before 'test:' existed does, so older rules files still work.
DEFAULT_TESTS = {"thanks": "include", "role": "include", "offer-more": "include", "pressure": "avoid", "social": "avoid"}
ID_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# UK/US words the locale check looks at: single words with one meaning each
# (not "post", "program" or "practice", which are right in both countries).
LOCALE_TERMS = ("cv", "cvs", "organisation", "organisations", "organised", "apologise", "recognise", "prioritise",
                "realise", "emphasise", "summarise", "specialise", "colour", "behaviour", "favour", "centre")

CHECK_KEYS = {
    "id": "a short name in lower case, such as 'salary-talk' (with its own code in checker.js: " + ", ".join(OWN_CODE) + ")",
    "test": "for a phrase rule: " + " or ".join(PHRASE_TESTS),
    "title": "the checklist line, such as 'Thank them'",
    "looks_for": "what the checker looks for, in a sentence",
    "why": "one sentence on why it matters",
    "learn_more": "the guide section that teaches it, such as guide/what-to-say.md#make-it-yours",
    "fix": "how to fix the draft, in a sentence",
    "kinds": "'all' or a list of: " + ", ".join(KINDS),
    "channels": "'all' or a list of: " + ", ".join(CHANNELS),
    "level": "one of: " + ", ".join(LEVELS),
    "phrases": "a list of words or phrases to look for",
    "repeated": "a list of phrases that count only when they appear twice or more",
}
CHECK_REQUIRED = ("id", "title", "looks_for", "why", "learn_more", "fix", "kinds", "level")
GAP = "\x00"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
MIN_TEMPLATE_WORDS = 6


class ChecksError(T.ProblemsError):
    """One or more problems in the draft checks, each naming the file, the field and the fix."""

    about = "the draft checks"


@dataclasses.dataclass(frozen=True)
class Check:
    id: str
    title: str
    looks_for: str
    why: str
    learn_more: str
    fix: str
    kinds: tuple[str, ...]
    channels: tuple[str, ...]
    level: str
    phrases: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()
    test: str = "own"  # "own" (a case in checker.js) or one of PHRASE_TESTS

    def as_data(self, url: str) -> dict:
        return {"id": self.id, "test": self.test, "title": self.title, "looks_for": self.looks_for, "why": self.why,
                "url": url, "fix": self.fix, "kinds": list(self.kinds), "channels": list(self.channels),
                "level": self.level, "phrases": list(self.phrases), "repeated": list(self.repeated)}


def load_checks(path: str | pathlib.Path, docs_dir: str | pathlib.Path, root: str | pathlib.Path | None = None) -> list[Check]:
    """Load and check the rules file; raise ChecksError listing every problem."""
    path = pathlib.Path(path)
    shown = P._shown(path, root)
    if not path.is_file():
        raise ChecksError([T.Problem(shown, "(file)", "the draft checks file does not exist; restore rules/draft-checks.yml or fix extra.draft_checks_file")])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=T._YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ChecksError([T.Problem(shown, where, "this is not valid YAML; check the indentation and quote any text that contains a colon")]) from None
    problems: list[T.Problem] = []
    checks = parse_checks(data, shown, pathlib.Path(docs_dir), problems)
    if problems:
        raise ChecksError(problems)
    return checks


def parse_checks(data: Any, shown: str, docs_dir: pathlib.Path, problems: list[T.Problem]) -> list[Check]:
    if not isinstance(data, dict) or set(data) != {"checks"}:
        problems.append(T.Problem(shown, "(file)", "must hold one key, 'checks:', with a list of checks under it"))
        return []
    raw = data["checks"]
    if not isinstance(raw, list) or not raw:
        problems.append(T.Problem(shown, "checks", "must be a list of checks, each starting with '- id:'"))
        return []
    out: list[Check] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        where = f"checks[{i}]"
        if not isinstance(item, dict):
            problems.append(T.Problem(shown, where, "must be a set of keys such as 'id:', 'title:' and 'why:'"))
            continue
        cid = item.get("id")
        if isinstance(cid, str) and ID_RE.fullmatch(cid):
            where = f"checks.{cid}"
        if cid in seen:
            problems.append(T.Problem(shown, f"{where}.id", f"'{cid}' is listed twice; keep one"))
        seen.add(str(cid))
        check = _parse_check(item, where, shown, docs_dir, problems)
        if check:
            out.append(check)
    return out


def _parse_check(item: dict, where: str, shown: str, docs_dir: pathlib.Path, problems: list[T.Problem]) -> Check | None:
    """One entry of the rules file, or None after adding its problems."""
    before = len(problems)
    T.check_keys(item, CHECK_KEYS, CHECK_REQUIRED, "check", shown, where, problems)
    for key in ("title", "looks_for", "why", "learn_more", "fix"):
        if key in item and (not isinstance(item[key], str) or not item[key].strip()):
            problems.append(T.Problem(shown, f"{where}.{key}", f"must be text; write {CHECK_KEYS[key]}"))
    if "level" in item and item["level"] not in LEVELS:
        problems.append(T.Problem(shown, f"{where}.level", f"{item['level']!r} is not allowed; use one of: {', '.join(LEVELS)}"))
    kinds = _choice_list(item, "kinds", KINDS, where, shown, problems)
    channels = _choice_list(item, "channels", CHANNELS, where, shown, problems)
    lists = {}
    for key in ("phrases", "repeated"):
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(T.Problem(shown, f"{where}.{key}", "must be a list of words or phrases, such as [thank you, thanks]"))
            value = []
        lists[key] = tuple(v.strip().lower() for v in value)
    test = _test_of(item, where, shown, lists, problems)
    link = item.get("learn_more")
    if isinstance(link, str) and link.strip():
        page = link.split("#", 1)[0]
        if not page.endswith(".md") or not (docs_dir / page).is_file():
            problems.append(T.Problem(shown, f"{where}.learn_more", f"'{link}' is not a page under docs/; write a path such as guide/what-to-say.md#make-it-yours"))
    if len(problems) > before:
        return None
    return Check(id=item["id"], title=item["title"].strip(), looks_for=item["looks_for"].strip(), why=item["why"].strip(),
                 learn_more=link.strip(), fix=item["fix"].strip(), kinds=kinds, channels=channels,
                 level=item["level"], phrases=lists["phrases"], repeated=lists["repeated"], test=test)


def _test_of(item: dict, where: str, shown: str, lists: dict, problems: list[T.Problem]) -> str:
    """How checker.js runs the check: its own code ("own"), or a phrase test from the data alone."""
    cid = item.get("id")
    if "id" not in item:
        return "own"
    if not isinstance(cid, str) or not ID_RE.fullmatch(cid):
        problems.append(T.Problem(shown, f"{where}.id", f"{cid!r} is not a check name; write {CHECK_KEYS['id']}"))
        return "own"
    test = item.get("test", DEFAULT_TESTS.get(cid))
    if cid in OWN_CODE:
        if "test" in item:
            problems.append(T.Problem(shown, f"{where}.test", f"'{cid}' has its own code in checker.js; remove 'test:'"))
        return "own"
    if test is None:
        close = T._closest(cid, OWN_CODE)
        hint = f"if you meant the check '{close}', fix the id; " if close else ""
        problems.append(T.Problem(shown, f"{where}.test", f"is missing; {hint}a new check is a phrase rule: add 'test: avoid' or 'test: include', and its 'phrases:'"))
        return "own"
    if test not in PHRASE_TESTS:
        problems.append(T.Problem(shown, f"{where}.test", f"{test!r} is not allowed; use one of: {', '.join(PHRASE_TESTS)}"))
        return "own"
    if not lists["phrases"] and not lists["repeated"]:
        problems.append(T.Problem(shown, f"{where}.phrases", "is missing; a phrase rule needs a list of phrases, such as [salary, pay]"))
    if lists["repeated"] and test != "avoid":
        problems.append(T.Problem(shown, f"{where}.repeated", "only counts in a check with 'test: avoid'; remove it or change the test"))
    return test


def _choice_list(item: dict, key: str, allowed: dict, where: str, shown: str, problems: list[T.Problem]) -> tuple[str, ...]:
    value = item.get(key, "all")
    if value == "all":
        return tuple(allowed)
    if not isinstance(value, list) or not value:
        problems.append(T.Problem(shown, f"{where}.{key}", f"must be {CHECK_KEYS[key]}"))
        return ()
    bad = [v for v in value if v not in allowed]
    for v in bad:
        problems.append(T.Problem(shown, f"{where}.{key}", f"{v!r} is not allowed; use 'all' or a list of: {', '.join(allowed)}"))
    return tuple(value)


# ---------------------------------------------------------------------------
# Template sentences: built from templates/ so a new template counts at once.


def template_sentences(site) -> list[dict]:
    """Every sentence of the site's templates with six or more fixed words.

    Each is a list of fixed pieces; the gaps between them are where a reader
    fills in a field. The first template (gallery order) that has a sentence
    owns it.
    """
    out: list[dict] = []
    seen: set[tuple] = set()
    for t in site.templates:
        parts = site.parts(t)
        for key in ("greeting", "body", "closing"):
            text = T.fill(parts[key], {}, unfilled=lambda name: GAP)
            for sentence in T.sentences(text):
                pieces = [re.sub(r"\s+", " ", p).strip().lower() for p in sentence.split(GAP)]
                if sum(len(WORD.findall(p)) for p in pieces) < MIN_TEMPLATE_WORDS:
                    continue
                sig = tuple(pieces)
                if sig in seen:
                    continue
                seen.add(sig)
                out.append({"t": t.id, "p": pieces})
    return out


# ---------------------------------------------------------------------------
# Rendering


def _md(text: str) -> str:
    """Text from the rules file, safe in Markdown and HTML."""
    return R._md_text(text)


def _topic(title: str) -> str:
    """The check's title as visually hidden text, so each "Learn more" link names its topic (WCAG 2.4.4)."""
    return f'<span class="ati-vh">: {_md(title)}</span>'


def _applies(check: Check) -> str:
    if len(check.kinds) == len(KINDS):
        kinds = "every message"
    else:
        kinds = ", ".join(KINDS[k].lower() for k in check.kinds)
    if len(check.channels) != len(CHANNELS):
        kinds += ", by " + " or ".join(CHANNELS[c][0].lower() for c in check.channels)
    return kinds


class Checker:
    """The checks as one site sees them: its rules file, locale and templates."""

    def __init__(self, site, rules_file: str | None = None, docs_dir: str | pathlib.Path | None = None):
        self.site = site
        self.rules_file = site.root / (rules_file or site.extra.get("draft_checks_file") or DEFAULT_RULES_FILE)
        self.docs_dir = pathlib.Path(docs_dir) if docs_dir else site.root / "docs"
        self._checks: list[Check] | None = None

    @property
    def checks(self) -> list[Check]:
        if self._checks is None:
            self._checks = load_checks(self.rules_file, self.docs_dir, self.site.root)
        return self._checks

    def checklist(self, page_src: str) -> str:
        """The checks as a Markdown list: what to check, why, and where the guide teaches it.

        Each "Learn more" link carries the check's title as visually hidden text, so a
        screen reader's list of links tells them apart; checker.js does the same for
        "Why this matters".
        """
        lines = []
        for c in self.checks:
            link = R.relative_link(page_src, c.learn_more.split("#")[0])
            anchor = "#" + c.learn_more.split("#", 1)[1] if "#" in c.learn_more else ""
            lines.append(f"- **{_md(c.title)}** ({'a problem' if c.level == 'problem' else 'a suggestion'}; "
                         f"for {_md(_applies(c))}). {_md(c.why)} [Learn more{_topic(c.title)}]({link}{anchor})")
        return "\n".join(lines)

    def data(self, page_src: str, use_directory_urls: bool = True) -> dict:
        here = P.page_url(page_src, use_directory_urls)
        checks = []
        for c in self.checks:
            page, _, anchor = c.learn_more.partition("#")
            url = P.relative_url(here, P.page_url(page, use_directory_urls)) + (f"#{anchor}" if anchor else "")
            checks.append(c.as_data(url))
        words = self.site.terms
        locale_words = [[L.TERMS[k][0], L.TERMS[k][1]] for k in LOCALE_TERMS]
        templates = {t.id: {"title": t.title, "url": P.relative_url(here, P.page_url(R.template_url(t.id), use_directory_urls))}
                     for t in self.site.templates}
        limits = {c: {"words": T.DEFAULT_MAX_WORDS[tc], "lines": T.DEFAULT_MAX_LINES[tc]} for c, (_, tc) in CHANNELS.items()}
        return {"locale": self.site.locale, "checks": checks, "limits": limits, "localeWords": locale_words,
                "templates": templates, "sentences": template_sentences(self.site), "cv": words["cv"]}

    def data_block(self, page_src: str, use_directory_urls: bool = True) -> str:
        """JSON in an attribute, as for the planner: Material's instant navigation runs <script> elements."""
        text = json.dumps(self.data(page_src, use_directory_urls), ensure_ascii=False, separators=(",", ":"))
        return f'<div class="ati-checker-data" hidden data-checks="{html.escape(text, quote=True)}"></div>'

    def checker_page(self, page_src: str, use_directory_urls: bool = True) -> str:
        """The form, the results area, and the data block.

        The form shows from the first paint when JavaScript is on (class ati-js-only) and its
        "Check" button is disabled until checker.js runs, so pressing Enter before then does
        not submit the draft into the address bar.
        """
        return "\n".join([
            '<div class="ati-checker" data-module="ati-checker">',
            # Scripted or not from the first paint (base.css, overrides/main.html): the form takes its
            # place before checker.js runs, so nothing moves when it does.
            '<p class="ati-checker__nojs ati-js-hidden">The checker needs JavaScript, which is off or blocked in this browser. '
            'Go through <a href="#what-the-checker-looks-for">the checklist below</a> yourself instead: it has every check the checker runs.</p>',
            form_html(self.site.locale),
            self.data_block(page_src, use_directory_urls),
            "</div>",
        ])


ESC = html.escape


def _radios(name: str, legend: str, options: list[tuple[str, str]], checked: str, hint: str = "") -> str:
    items = "".join(
        f'<div class="ati-ck-radios__item"><input class="ati-ck-radios__input" type="radio" id="{name}-{value}" name="{name}" '
        f'value="{value}"{" checked" if value == checked else ""}><label class="ati-ck-radios__label" for="{name}-{value}">{ESC(label)}</label></div>'
        for value, label in options
    )
    hint_html = f'<p class="ati-ck-hint" id="{name}-hint">{ESC(hint)}</p>' if hint else ""
    described = f' aria-describedby="{name}-hint"' if hint else ""
    return (f'<div class="ati-ck-field"><fieldset class="ati-ck-fieldset"{described}><legend class="ati-ck-legend">{ESC(legend)}</legend>'
            f'{hint_html}<div class="ati-ck-radios ati-ck-radios--small">{items}</div></fieldset></div>')


def form_html(locale: str) -> str:
    kinds = _radios("ck-kind", "What is the message?", list(KINDS.items()), "thank-you")
    channels = _radios("ck-channel", "How will you send it?", [(k, v[0]) for k, v in CHANNELS.items()], "email")
    locales = _radios("ck-locale", "Which spelling?", [("en-GB", "UK English (CV, organisation)"), ("en-US", "US English (résumé, organization)")], locale,
                      "Use the spelling of the country you are applying in.")
    return f"""<div class="ati-ck-error-summary" id="ck-errors" role="alert" tabindex="-1" hidden><h2 class="ati-ck-error-summary__title">There is a problem</h2>
<ul><li><a href="#ck-body">Paste or type your message</a></li></ul></div>
<form data-search-exclude class="ati-checker__form ati-js-only" id="ck-form" novalidate>
{kinds}
{channels}
<div class="ati-ck-field" id="ck-subject-field"><label class="ati-ck-label" for="ck-subject">Subject line</label>
<p class="ati-ck-hint" id="ck-subject-hint">For an email only.</p>
<input class="ati-input ati-ck-input" id="ck-subject" name="subject" type="text" autocomplete="off" spellcheck="true" aria-describedby="ck-subject-hint"></div>
<div class="ati-ck-field"><label class="ati-ck-label" for="ck-body">Your message</label>
<p class="ati-ck-hint" id="ck-body-hint">Paste or type it, from the greeting to your name. It stays in this browser.</p>
<p class="ati-ck-error-message" id="ck-body-error" hidden><span class="ati-vh">Error:</span> Paste or type your message</p>
<textarea class="ati-input ati-ck-textarea" id="ck-body" name="body" rows="10" spellcheck="true" aria-describedby="ck-body-hint"></textarea></div>
{locales}
<div class="ati-ck-field"><div class="ati-ck-checkbox"><input class="ati-ck-checkbox__input" type="checkbox" id="ck-specific" name="specific">
<label class="ati-ck-checkbox__label" for="ck-specific">I have included a specific point from the conversation</label></div>
<div class="ati-ck-checkbox"><input class="ati-ck-checkbox__input" type="checkbox" id="ck-remember" name="remember" aria-describedby="ck-remember-hint">
<label class="ati-ck-checkbox__label" for="ck-remember">Remember my draft on this device</label>
<p class="ati-ck-hint" id="ck-remember-hint">Off unless you tick it. Your details are remembered the same way; clearing removes both.</p></div></div>
<div class="ati-ck-actions"><button class="md-button md-button--primary ati-ck-button" id="ck-check" type="submit" disabled>Check my message</button>
<button class="md-button ati-ck-button" id="ck-clear" type="button">Clear my draft and details</button></div>
</form>
<div class="ati-checker__result" id="ck-result" hidden>
<h2 id="ck-summary-heading" tabindex="-1">What the checker found</h2>
<p class="ati-ck-summary" id="ck-summary" role="status" aria-live="polite"></p>
<h3>Your message, with the words each finding is about marked</h3>
<div class="ati-ck-copy" id="ck-copy" tabindex="0" role="region" aria-label="Your message, marked"></div>
<ul class="ati-ck-findings" id="ck-findings"></ul>
<h3>Passed</h3>
<ul class="ati-ck-passed" id="ck-passed"></ul>
</div>"""
