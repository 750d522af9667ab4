"""Message templates: load the YAML files in ``templates/``, check them, fill them in.

Plain Python with no MkDocs import, so it runs in tests, in the command-line
tools (``python -m macros``) and under any site generator that calls it.

The body syntax (documented for hosts in docs/hosts/add-a-template.md):

* ``[field_name]`` marks where a field goes: lower-case letters, digits and
  underscores inside single square brackets.
* ``[[ ... ]]`` wraps an optional part: it appears only when every field
  inside it is filled in. A part that fills a whole paragraph takes its
  blank line with it when it is left out.
* ``{term}`` is a word that differs between UK and US English (``{cv}``
  gives "CV" or "résumé"); see macros/locale.py for the list.

None of these can clash with Jinja, which mkdocs-macros uses on page Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import pathlib
import re
from typing import Any, Iterable

import yaml

from . import locale as _locale

# ---------------------------------------------------------------------------
# The schema, in one place. Docs for hosts and the error messages read from it.

STAGES = {
    # The gallery's groups, in the reader's words (what has just happened to them).
    "straight-after": "Just interviewed",
    "waiting": "Waiting to hear",
    "heard-nothing": "Heard nothing back",
    "after-rejection": "Not offered the job",
    "offer": "You have an offer",
    "special": "Something else",
}
CHANNELS = {
    "email": "Email",
    "letter": "Letter",
    "phone": "Phone or voicemail script",
    "recruiter": "Message to a recruiter",
}
ROUTES = {"direct": "Direct application", "agency": "Through an agency", "either": "Direct or agency"}
FIELD_KINDS = ("short-text", "long-text", "date", "choice")

# Details a reader types once and that carry across templates during a visit.
SHARED_FIELDS = ("your_name", "interviewer_name", "role", "organisation", "interview_date")

TITLE_MAX = 65
EMAIL_MAX_LINES = 6
DEFAULT_MAX_WORDS = {"email": 110, "recruiter": 120, "letter": 250, "phone": 180}
DEFAULT_MAX_LINES = {"email": 6, "recruiter": 6, "letter": 10, "phone": 12}

TEMPLATE_KEYS = {
    "id": "a stable id of lower-case words joined by hyphens, the same as the file name",
    "title": f"a title of {TITLE_MAX} characters or fewer",
    "description": "one sentence that says what the message is for",
    "stage": "one of: " + ", ".join(STAGES),
    "channel": "one of: " + ", ".join(CHANNELS),
    "route": "one of: " + ", ".join(ROUTES),
    "when_to_use": "a sentence or two on when to send it",
    "when_not_to_use": "a sentence or two on when to send something else",
    "timing": "when to send it, in a sentence",
    "subjects": "a list of subject lines (required for email and recruiter messages)",
    "greeting": "optional first line, such as 'Dear [interviewer_name],'",
    "body": "the message itself, one paragraph a line, with [field] placeholders",
    "closing": "optional closing lines; email, letter and recruiter messages default to '{sign_off}' and '[your_name]'",
    "fields": "a list of the fields the message uses",
    "max_words": "optional word limit for the filled-in body",
    "max_lines": "optional line limit for the body",
    "order": "optional number: lower numbers come first in the gallery",
    "tags": "optional list of words that describe the template, such as thank-you",
}
# Advice shown around the message; UK/US words in braces are swapped here too.
ADVICE_KEYS = ("description", "when_to_use", "when_not_to_use", "timing")
REQUIRED_KEYS = ("id", "title", "description", "stage", "channel", "route", "when_to_use",
                 "when_not_to_use", "timing", "body", "fields")
FIELD_KEYS = {
    "name": "lower-case letters, digits and underscores, as used in [name] in the body",
    "label": "what the form shows above the box, such as 'Interviewer's name'",
    "hint": "a short tip shown under the label",
    "example": "an example answer that reads well in the message",
    "required": "true or false",
    "kind": "one of: " + ", ".join(FIELD_KINDS),
    "options": "the choices, for a field of kind 'choice'",
    "specific": "true for the field that holds a specific point from the interview",
}
FIELD_REQUIRED_KEYS = ("name", "label", "example", "kind")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER = r"\[([a-z][a-z0-9_]*)\]"
OPTIONAL_RE = re.compile(r"\[\[((?:[^\[\]]|\[[a-z][a-z0-9_]*\])*)\]\]")
PLACEHOLDER_RE = re.compile(PLACEHOLDER)
TERM_RE = re.compile(r"\{([A-Za-z_]+)\}")
WORD_RE = re.compile(r"\S+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# libyaml's loader when PyYAML has it (about ten times faster), the pure-Python one otherwise.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ProblemsError(Exception):
    """Every problem found in one kind of input, listed together, each with its fix."""

    about = "the input"

    def __init__(self, problems: list):
        self.problems = problems
        lines = [f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {self.about}:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


class TemplateError(ProblemsError):
    """One or more problems in templates/, each naming the file, the field and the fix."""

    about = "the message templates"


class SettingsError(ProblemsError):
    """One or more problems in mkdocs.yml's ``extra:`` settings, each naming setting, value and fix."""

    about = "the settings in mkdocs.yml"


@dataclasses.dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclasses.dataclass
class Field:
    name: str
    label: str
    example: str
    kind: str
    hint: str = ""
    required: bool = False
    options: list[str] = dataclasses.field(default_factory=list)
    specific: bool = False


@dataclasses.dataclass
class Template:
    id: str
    title: str
    description: str
    stage: str
    channel: str
    route: str
    when_to_use: str
    when_not_to_use: str
    timing: str
    body: str
    fields: list[Field]
    subjects: list[str] = dataclasses.field(default_factory=list)
    greeting: str = ""
    closing: str | None = None
    max_words: int | None = None
    max_lines: int | None = None
    order: int = 100
    tags: list[str] = dataclasses.field(default_factory=list)
    source: str = ""

    @property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def word_limit(self) -> int:
        return self.max_words or DEFAULT_MAX_WORDS[self.channel]

    @property
    def line_limit(self) -> int:
        return self.max_lines or DEFAULT_MAX_LINES[self.channel]

    @property
    def closing_text(self) -> str:
        if self.closing is not None:
            return self.closing
        return "" if self.channel == "phone" else "{sign_off}\n[your_name]"

    def example_values(self, locale: str = "en-GB") -> dict[str, str]:
        return {f.name: display_value(f, f.example, locale) for f in self.fields}


# ---------------------------------------------------------------------------
# The JSON Schema (templates/schema.json), made from the tables above.
#
# Each template file names it in its first line, so VS Code (with the YAML
# extension) completes and checks the keys while staff type. It describes the
# shape of one file; the rules that need more than one field, the file name or
# the other templates (a [field] with no field, a field never used, line
# counts, UK/US words in braces) are the validator's alone (check_template).

SCHEMA_FILE = "schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
_NOT_BLANK = r"\S"
_NO_BRACES = r"^[^{}]*$"


def json_schema() -> dict:
    """The JSON Schema of one template file; ``python -m macros.templates`` prints it for templates/schema.json."""
    def text(key: str, table: dict = TEMPLATE_KEYS, pattern: str = _NOT_BLANK, nullable: bool = False) -> dict:
        return {"type": ["string", "null"] if nullable else "string", "pattern": pattern, "description": table[key]}

    def choice(key: str, allowed: Iterable[str]) -> dict:
        return {"enum": list(allowed), "description": TEMPLATE_KEYS[key]}

    def number(key: str) -> dict:
        return {"type": "integer", "minimum": 0, "description": TEMPLATE_KEYS[key]}

    def when(key: str, values: list[str], then: dict, otherwise: dict | None = None) -> dict:
        rule = {"if": {"properties": {key: {"enum": values}}, "required": [key]}, "then": then}
        return {**rule, "else": otherwise} if otherwise else rule

    field = {
        "type": "object",
        "additionalProperties": False,
        "required": list(FIELD_REQUIRED_KEYS),
        "properties": {
            "name": {"type": "string", "pattern": NAME_RE.pattern, "description": FIELD_KEYS["name"]},
            "label": {"type": "string", "allOf": [{"pattern": _NOT_BLANK}, {"pattern": _NO_BRACES}], "description": FIELD_KEYS["label"]},
            "hint": text("hint", FIELD_KEYS, _NO_BRACES, nullable=True),
            "example": {"type": ["string", "number", "boolean"], "pattern": _NOT_BLANK, "description": FIELD_KEYS["example"]},
            "required": {"type": "boolean", "description": FIELD_KEYS["required"]},
            "kind": {"enum": list(FIELD_KINDS), "description": FIELD_KEYS["kind"]},
            "options": {"type": "array", "minItems": 2, "items": {"type": ["string", "number"]}, "description": FIELD_KEYS["options"]},
            "specific": {"type": "boolean", "description": FIELD_KEYS["specific"]},
        },
        "allOf": [
            when("kind", ["choice"], {"required": ["options"]}, {"not": {"required": ["options"]}}),
            when("kind", ["date"], {"properties": {"example": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}}}),
        ],
    }
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_RE.pattern, "description": TEMPLATE_KEYS["id"]},
        "title": {"type": "string", "maxLength": TITLE_MAX, "allOf": [{"pattern": _NOT_BLANK}, {"pattern": _NO_BRACES}],
                  "description": TEMPLATE_KEYS["title"]},
        "stage": choice("stage", STAGES),
        "channel": choice("channel", CHANNELS),
        "route": choice("route", ROUTES),
        "subjects": {"type": "array", "items": {"type": "string", "pattern": _NOT_BLANK}, "description": TEMPLATE_KEYS["subjects"]},
        "greeting": text("greeting", nullable=True),
        "closing": text("closing", nullable=True),
        "fields": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/field"}, "description": TEMPLATE_KEYS["fields"]},
        "tags": {"type": "array", "items": {"type": "string"}, "description": TEMPLATE_KEYS["tags"]},
    }
    for key in ("description", "when_to_use", "when_not_to_use", "timing", "body"):
        properties[key] = text(key)
    for key in ("max_words", "max_lines", "order"):
        properties[key] = number(key)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "A message template for After the Interview",
        "description": "One file in templates/; the format is described in docs/hosts/add-a-template.md. "
                       "The build checks more than this schema can: scripts/validate-templates.",
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED_KEYS),
        "properties": {key: properties[key] for key in TEMPLATE_KEYS},
        "allOf": [when("channel", ["email", "recruiter"], {"required": ["subjects"], "properties": {"subjects": {"minItems": 1}}})],
        "definitions": {"field": field},
    }


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# Loading and checking


def template_files(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and not p.name.startswith("_"))


def load_templates(folder: str | pathlib.Path, root: str | pathlib.Path | None = None) -> list[Template]:
    """Load and check every template in ``folder``; raise TemplateError listing every problem."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise TemplateError([Problem(str(folder), "(folder)", "the templates folder does not exist; create it or fix the path")])
    problems: list[Problem] = []
    templates: list[Template] = []
    seen: dict[str, str] = {}
    loadable = template_files(folder)
    for path in sorted(folder.iterdir()):
        if path in loadable or not path.is_file() or path.name.startswith((".", "_")) or path.name in ("README", "README.md", SCHEMA_FILE):
            continue
        fixed = path.name.split(".")[0] + ".yml"
        problems.append(Problem(_shown(path, root), "(file name)", f"only .yml (or .yaml) files are read as templates, so this file is ignored; rename it to {fixed} (write it in the template format, docs/hosts/add-a-template.md), or move it out of {folder.name}/"))
    for path in loadable:
        shown = _shown(path, root)
        template = load_template(path, problems, shown)
        if template is None:
            continue
        if template.id in seen:
            problems.append(Problem(shown, "id", f"'{template.id}' is already used by {seen[template.id]}; each template needs its own id and file name, so delete one of the two files, or rename it and change its id to match"))
            continue
        seen[template.id] = shown
        templates.append(template)
    if problems:
        raise TemplateError(problems)
    return sorted(templates, key=lambda t: (list(STAGES).index(t.stage), t.order, t.title.lower()))


def _shown(path: pathlib.Path, root: str | pathlib.Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(pathlib.Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def load_template(path: pathlib.Path, problems: list[Problem], shown: str | None = None) -> Template | None:
    shown = shown or str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(shown, where, f"this is not valid YAML ({reason}); check the indentation and quote any text that contains a colon"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(shown, "(file)", "the file is not UTF-8 text; save it as UTF-8"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, "(file)", "the file must be a set of 'key: value' lines; see docs/hosts/add-a-template.md for an example"))
        return None
    before = len(problems)
    check_template(data, path.stem, shown, problems)
    if len(problems) > before:
        return None
    fields = [Field(name=f["name"], label=str(f["label"]), example=str(f["example"]), kind=f["kind"],
                    hint=str(f.get("hint") or ""), required=bool(f.get("required", False)),
                    options=[str(o) for o in f.get("options") or []], specific=bool(f.get("specific", False)))
              for f in data["fields"]]
    return Template(
        id=data["id"], title=data["title"].strip(), description=data["description"].strip(),
        stage=data["stage"], channel=data["channel"], route=data["route"],
        when_to_use=data["when_to_use"].strip(), when_not_to_use=data["when_not_to_use"].strip(),
        timing=data["timing"].strip(), body=data["body"].strip("\n"), fields=fields,
        subjects=[s.strip() for s in data.get("subjects") or []], greeting=(data.get("greeting") or "").strip(),
        closing=data["closing"].strip("\n") if data.get("closing") is not None else None,
        max_words=data.get("max_words"), max_lines=data.get("max_lines"), order=data.get("order", 100),
        tags=list(data.get("tags") or []), source=shown,
    )


def _text(data: dict, key: str, shown: str, problems: list[Problem]) -> bool:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(shown, key, f"must be text; write {TEMPLATE_KEYS[key]}"))
        return False
    return True


def check_keys(item: dict, keys: dict[str, str], required: Iterable[str], what: str, shown: str, where: str,
               problems: list[Problem], blank_is_missing: bool = False) -> None:
    """Unknown keys (with the nearest known one) and missing keys, for any YAML mapping the site reads.

    ``keys`` maps each allowed key to what to write there; ``what`` names the
    kind of key in the message ("template", "field", "check"...).
    """
    prefix = f"{where}." if where else ""
    for key in item:
        if key not in keys:
            close = _closest(str(key), keys)
            fix = f"did you mean '{close}'?" if close else "remove it"
            problems.append(Problem(shown, f"{prefix}{key}", f"is not a {what} key; {fix} (allowed: {', '.join(keys)})"))
    for key in required:
        value = item.get(key)
        if key not in item or (blank_is_missing and (value is None or (isinstance(value, str) and not value.strip()))):
            problems.append(Problem(shown, f"{prefix}{key}", f"is missing; add {keys[key]}"))


def check_template(data: dict[str, Any], stem: str, shown: str, problems: list[Problem]) -> None:
    """Append every problem in one template's data to ``problems``."""
    check_keys(data, TEMPLATE_KEYS, REQUIRED_KEYS, "template", shown, "", problems)
    _check_id(data, stem, shown, problems)
    _check_advice(data, shown, problems)
    _check_settings(data, shown, problems)
    subjects = _check_subjects(data, shown, problems)
    fields = _check_fields(data.get("fields"), shown, problems)
    if fields is None:
        return
    _check_placeholders(data, fields, subjects, shown, problems)
    _check_line_counts(data, shown, problems)


def _check_id(data: dict[str, Any], stem: str, shown: str, problems: list[Problem]) -> None:
    if "id" not in data:
        return
    tid = data["id"]
    if not isinstance(tid, str) or not ID_RE.match(tid):
        problems.append(Problem(shown, "id", f"{tid!r} is not a valid id; use lower-case words joined by hyphens, like 'thank-you-email'"))
    elif tid != stem:
        problems.append(Problem(shown, "id", f"'{tid}' does not match the file name '{stem}'; rename the file to '{tid}.yml' or change the id"))


def _check_advice(data: dict[str, Any], shown: str, problems: list[Problem]) -> None:
    """The title and the text around the message: present, short enough, braces only where they are swapped."""
    for key in ("title", "description", "when_to_use", "when_not_to_use", "timing", "body"):
        if key in data:
            _text(data, key, shown, problems)
    title = data.get("title")
    if isinstance(title, str):
        _check_plain(title, "title", shown, problems)
        if len(title.strip()) > TITLE_MAX:
            problems.append(Problem(shown, "title", f"is {len(title.strip())} characters long; shorten it to {TITLE_MAX} or fewer"))
    for key in ADVICE_KEYS:
        if isinstance(data.get(key), str):
            _check_terms(data[key], key, shown, problems)
    desc = data.get("description")
    if isinstance(desc, str) and desc.strip() and len(re.findall(r"[.!?](?:\s|$)", desc.strip())) > 1:
        problems.append(Problem(shown, "description", "has more than one sentence; keep it to one sentence"))


def _check_settings(data: dict[str, Any], shown: str, problems: list[Problem]) -> None:
    """Stage, channel and route; greeting and closing; the numbers; tags."""
    for key, allowed in (("stage", STAGES), ("channel", CHANNELS), ("route", ROUTES)):
        if key in data and data[key] not in allowed:
            problems.append(Problem(shown, key, f"{data[key]!r} is not allowed; use one of: {', '.join(allowed)}"))
    for key in ("greeting", "closing"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(Problem(shown, key, f"must be text; write {TEMPLATE_KEYS[key]}"))
    for key in ("max_words", "max_lines", "order"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 0):
            problems.append(Problem(shown, key, "must be a whole number, such as 6"))
    if "tags" in data and (not isinstance(data["tags"], list) or not all(isinstance(t, str) for t in data["tags"])):
        problems.append(Problem(shown, "tags", "must be a list of words"))
    body, channel = data.get("body"), data.get("channel")
    if isinstance(body, str) and channel in DEFAULT_MAX_WORDS:
        words, guide = count_words(body), DEFAULT_MAX_WORDS[channel]
        if words > 2 * guide:
            problems.append(Problem(shown, "body", f"has {words} words, more than twice the {guide} the site advises for a {CHANNELS[channel].lower()}; cut it to {guide} words or fewer"))


def _check_subjects(data: dict[str, Any], shown: str, problems: list[Problem]) -> list[str] | None:
    """The subject lines, or None when they are missing or not a list of text."""
    channel, subjects = data.get("channel"), data.get("subjects")
    if subjects is not None and (not isinstance(subjects, list) or not all(isinstance(s, str) and s.strip() for s in subjects)):
        problems.append(Problem(shown, "subjects", "must be a list of subject lines, each on its own line starting with '- '"))
        subjects = None
    if channel in ("email", "recruiter") and not subjects:
        problems.append(Problem(shown, "subjects", f"is missing; a {CHANNELS[channel].lower()} needs at least one subject line"))
    return subjects


def _check_placeholders(data: dict[str, Any], fields: dict[str, dict], subjects: list[str] | None, shown: str,
                        problems: list[Problem]) -> None:
    """Every [field] has a field, every field is used, and an optional field never leaves a gap."""
    channel, closing = data.get("channel"), data.get("closing")
    texts = {"body": data.get("body"), "greeting": data.get("greeting"), "closing": closing}
    texts.update({f"subjects[{i + 1}]": s for i, s in enumerate(subjects or [])})
    used: set[str] = set()
    default_closing = closing is None and channel in ("email", "letter", "recruiter")
    if default_closing:
        used.add("your_name")
        if "your_name" not in fields:
            problems.append(Problem(shown, "fields", "has no 'your_name' field, which the default closing uses; add one or write your own 'closing'"))
    for where, text in texts.items():
        if not isinstance(text, str):
            continue
        used |= _check_text(text, where, fields, shown, problems)
        _check_optional_fields(text, where, fields, shown, problems)
    if default_closing:
        _check_optional_fields("[your_name]", "closing (the default)", fields, shown, problems)
    for name in fields:
        if name not in used:
            problems.append(Problem(shown, f"fields.{name}", f"is never used; put [{name}] in the body, greeting, closing or a subject, or remove the field"))


def _check_line_counts(data: dict[str, Any], shown: str, problems: list[Problem]) -> None:
    body, channel = data.get("body"), data.get("channel")
    if not isinstance(body, str) or channel not in CHANNELS:
        return
    lines = count_lines(body)
    limit = data.get("max_lines") if isinstance(data.get("max_lines"), int) else DEFAULT_MAX_LINES[channel]
    if channel == "email" and lines > EMAIL_MAX_LINES:
        problems.append(Problem(shown, "body", f"has {lines} lines; an email body must be {EMAIL_MAX_LINES} lines or fewer, so cut or merge paragraphs"))
    elif lines > limit:
        problems.append(Problem(shown, "body", f"has {lines} lines, more than max_lines ({limit}); shorten the body or raise max_lines"))
    if channel == "email" and isinstance(data.get("max_lines"), int) and data["max_lines"] > EMAIL_MAX_LINES:
        problems.append(Problem(shown, "max_lines", f"is {data['max_lines']}; an email may have {EMAIL_MAX_LINES} lines at most"))


def _check_plain(text: str, where: str, shown: str, problems: list[Problem]) -> None:
    """Titles, labels and hints are shown as written: UK/US words in braces are not swapped there."""
    if "{" in text or "}" in text:
        problems.append(Problem(shown, where, "contains braces, but UK/US words like {cv} are swapped only in the description, advice, subject lines, greeting, body and closing, not in titles, labels or hints; write the word out here, choosing one that suits UK and US readers (such as 'employer' or 'application')"))


def _check_fields(raw: Any, shown: str, problems: list[Problem]) -> dict[str, dict] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(shown, "fields", "must be a list of fields, each starting with '- name:'"))
        return None
    out: dict[str, dict] = {}
    for i, f in enumerate(raw, 1):
        where = f"fields[{i}]"
        if not isinstance(f, dict):
            problems.append(Problem(shown, where, "must be a set of keys such as 'name:', 'label:' and 'example:'"))
            continue
        name = f.get("name")
        if isinstance(name, str) and NAME_RE.match(name):
            where = f"fields.{name}"
        check_keys(f, FIELD_KEYS, FIELD_REQUIRED_KEYS, "field", shown, where, problems, blank_is_missing=True)
        if "name" in f and not (isinstance(name, str) and NAME_RE.match(name)):
            problems.append(Problem(shown, f"{where}.name", f"{name!r} is not a valid name; use lower-case letters, digits and underscores, like 'interviewer_name'"))
            continue
        if name in out:
            problems.append(Problem(shown, where, f"'{name}' is listed twice; keep one"))
            continue
        kind = f.get("kind")
        if kind is not None and kind not in FIELD_KINDS:
            problems.append(Problem(shown, f"{where}.kind", f"{kind!r} is not a kind; use one of: {', '.join(FIELD_KINDS)}"))
        if kind == "choice":
            opts = f.get("options")
            if not isinstance(opts, list) or len(opts) < 2:
                problems.append(Problem(shown, f"{where}.options", "a choice needs a list of at least two options"))
            elif f.get("example") not in opts:
                problems.append(Problem(shown, f"{where}.example", "must be one of the options"))
        elif "options" in f:
            problems.append(Problem(shown, f"{where}.options", "only a field of kind 'choice' has options; remove them or set kind: choice"))
        if kind == "date" and f.get("example") is not None:
            try:
                _dt.date.fromisoformat(str(f["example"]))
            except ValueError:
                problems.append(Problem(shown, f"{where}.example", f"{f['example']!r} is not a date; write it as YYYY-MM-DD, like 2026-11-18"))
        for key in ("label", "hint"):
            if isinstance(f.get(key), str):
                _check_plain(f[key], f"{where}.{key}", shown, problems)
        for key in ("required", "specific"):
            if key in f and not isinstance(f[key], bool):
                problems.append(Problem(shown, f"{where}.{key}", "must be true or false"))
        if isinstance(name, str):
            out[name] = f
    return out


def _check_text(text: str, where: str, fields: dict[str, dict], shown: str, problems: list[Problem]) -> set[str]:
    used = set(PLACEHOLDER_RE.findall(text))
    for name in sorted(used):
        if name not in fields:
            problems.append(Problem(shown, where, f"uses [{name}] but there is no field named '{name}'; add it to fields or fix the spelling"))
    rest = PLACEHOLDER_RE.sub("", OPTIONAL_RE.sub(lambda m: m.group(1), text))
    for stray in re.findall(r"\[[^\]\n]*\]?|\]", rest):
        problems.append(Problem(shown, where, f"has '{stray}', which is not a placeholder; write fields as [field_name] in lower case, optional parts as [[ ... ]], and avoid other square brackets"))
    _check_terms(text, where, shown, problems)
    for m in OPTIONAL_RE.finditer(text):
        if not PLACEHOLDER_RE.search(m.group(1)):
            problems.append(Problem(shown, where, f"has the optional part '{m.group(0)}' with no field in it; an optional part shows only when its fields are filled, so put a [field] inside it or remove the double brackets"))
    return used


def _check_terms(text: str, where: str, shown: str, problems: list[Problem]) -> None:
    """UK/US words in braces must be glossary words; any other brace would reach readers as it stands."""
    for term in TERM_RE.findall(text):
        if term not in _locale.TERMS:
            close = _closest_term(term)
            fix = f"did you mean {{{close}}}? " if close else ""
            problems.append(Problem(shown, where, f"uses {{{term}}}, which is not a known word; {fix}use one of {', '.join('{' + t + '}' for t in _locale.TERMS)}"))
    if re.search(r"\{\{|\{%|\{#", text):
        problems.append(Problem(shown, where, "contains '{{', '{%' or '{#'; remove them (braces hold UK/US words only, like {cv})"))
    else:
        # Braces that are not a glossary word, like {Your name} or {résumé}, would reach readers as they stand.
        for stray in re.findall(r"\{[^{}\n]*\}?|\}", TERM_RE.sub("", text)):
            problems.append(Problem(shown, where, f"has '{stray}', which is not a UK/US word; braces hold only the words listed in macros/locale.py, like {{cv}}, so remove the braces or pick a word from that list"))


def _check_optional_fields(text: str, where: str, fields: dict[str, dict], shown: str, problems: list[Problem]) -> None:
    """A field that may be left empty must sit inside an optional part, or the message has a gap."""
    for name in sorted(set(PLACEHOLDER_RE.findall(OPTIONAL_RE.sub("", text)))):
        if name in fields and fields[name].get("required") is not True:
            problems.append(Problem(shown, f"fields.{name}", f"is optional, but [{name}] is used outside an optional part in the {where}, so an empty answer would leave a gap; set 'required: true', or wrap the sentence in [[ ]] so it disappears when the field is empty"))


def _closest_term(term: str) -> str | None:
    """The glossary key nearest to ``term``, matching its UK or US spelling too ({resume} -> {cv})."""
    import unicodedata

    def plain(word: str) -> str:
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        return word.lower().replace(" ", "_").strip(",")

    lookup: dict[str, str] = {}
    for key, spellings in _locale.TERMS.items():
        for form in spellings:
            lookup.setdefault(plain(form), key)
        lookup[key] = key
    found = _closest(term, lookup) or _closest(plain(term), lookup)
    if not found:
        return None
    key = lookup[found]
    capital = key[0].upper() + key[1:]
    return capital if term[0].isupper() and capital in _locale.TERMS else key


def _closest(key: str, options: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


# ---------------------------------------------------------------------------
# Compiling a template into tokens, and filling them in.
# The browser form receives the same tokens, so it never parses the syntax.


def compile_text(text: str, terms: dict[str, str]) -> list:
    """Turn template text into tokens: plain strings, {"f": name} and {"opt": [tokens]}."""
    text = TERM_RE.sub(lambda m: terms[m.group(1)], text)
    tokens: list = []
    pos = 0
    for m in OPTIONAL_RE.finditer(text):
        start, end = m.start(), m.end()
        inner: list = []
        _add_plain(inner, m.group(1))
        # An optional part that fills a whole paragraph takes one blank line with it.
        whole = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
        if whole and text[end:end + 2] == "\n\n":
            inner.append("\n\n")
            end += 2
        elif whole and end == len(text) and text[pos:start].endswith("\n\n"):
            start -= 2
            inner.insert(0, "\n\n")
        _add_plain(tokens, text[pos:start])
        tokens.append({"opt": inner})
        pos = end
    _add_plain(tokens, text[pos:])
    return tokens


def _add_plain(tokens: list, text: str) -> None:
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > pos:
            tokens.append(text[pos:m.start()])
        tokens.append({"f": m.group(1)})
        pos = m.end()
    if pos < len(text):
        tokens.append(text[pos:])


def localise(t: Template, terms: dict[str, str]) -> Template:
    """A copy of ``t`` whose advice text has its UK/US words filled in."""
    return dataclasses.replace(t, **{k: TERM_RE.sub(lambda m: terms[m.group(1)], getattr(t, k)) for k in ADVICE_KEYS})


def compile_template(t: Template, terms: dict[str, str]) -> dict:
    return {
        "subjects": [compile_text(s, terms) for s in t.subjects],
        "greeting": compile_text(t.greeting, terms),
        "body": compile_text(t.body, terms),
        "closing": compile_text(t.closing_text, terms),
    }


def fill(tokens: list, values: dict[str, str], unfilled=None) -> str:
    """Fill tokens with values. Empty fields become ``unfilled(name)`` (default: left out)."""
    out: list[str] = []
    for tok in tokens:
        if isinstance(tok, str):
            out.append(tok)
        elif "f" in tok:
            value = values.get(tok["f"], "")
            out.append(value if value else (unfilled(tok["f"]) if unfilled else ""))
        elif unfilled is not None or all(values.get(n) for n in _names(tok["opt"])):
            out.append(fill(tok["opt"], values, unfilled))
    return "".join(out)


def _names(tokens: list) -> list[str]:
    return [t["f"] for t in tokens if isinstance(t, dict) and "f" in t]


def compose(parts: dict, values: dict[str, str], unfilled=None) -> dict[str, str]:
    """The whole message: subject, and body text from greeting, body and closing."""
    pieces = [fill(parts[k], values, unfilled) for k in ("greeting", "body", "closing")]
    subject = fill(parts["subjects"][0], values, unfilled) if parts["subjects"] else ""
    return {"subject": subject, "text": "\n\n".join(p for p in pieces if p)}


def display_value(f: Field, value: str, locale: str) -> str:
    if f.kind == "date" and value:
        try:
            return _locale.format_date(value, locale)
        except ValueError:
            return value
    return value


# Counting and splitting. The browser does the same in ATI.text (core.js);
# tests/text_cases.yml runs both on the same cases.


def count_lines(text: str) -> int:
    """Lines with something on them (str.splitlines' line breaks)."""
    return sum(1 for line in text.splitlines() if line.strip())


def count_words(text: str) -> int:
    """Runs of non-space characters (str.split's whitespace)."""
    return len(WORD_RE.findall(text))


def sentences(text: str) -> list[str]:
    """Each line split after '.', '!' or '?' and a space, trimmed."""
    return [part.strip() for line in text.splitlines() for part in SENTENCE_END.split(line) if part.strip()]


def unfilled_marker(t: Template):
    labels = t.field_map
    return lambda name: f"[{labels[name].label}]" if name in labels else f"[{name}]"


if __name__ == "__main__":  # python -m macros.templates > templates/schema.json
    import sys

    sys.stdout.write(schema_text())
