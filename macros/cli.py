"""Command-line tools for careers services: check templates, start a new one.

    python -m macros validate          check templates/ and the settings in mkdocs.yml
    python -m macros new               start a new template from a few questions
    python -m macros new --like ID     start a new template from a copy of another
    python -m macros pages             write docs/templates/<id>.md, one page per template (macros/pages.py)
    python -m macros build-offline     build the offline edition (a zip), see macros/offline.py

scripts/validate-templates and scripts/new-template run these with the
project's own Python. Nothing here imports MkDocs, so the checks run in a
second without building the site. docs/hosts/add-a-template.md explains them.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
from typing import Callable, TextIO

import yaml

from . import branding as B
from . import templates as T

ROOT = pathlib.Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# Reading mkdocs.yml without MkDocs


class _Loader(yaml.SafeLoader):
    """A YAML loader that reads mkdocs.yml, ignoring tags such as !ENV."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_extra(root: pathlib.Path) -> dict:
    """The ``extra:`` section of root/mkdocs.yml (empty if there is none)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    extra = data.get("extra") if isinstance(data, dict) else None
    return extra if isinstance(extra, dict) else {}


def templates_dir(root: pathlib.Path, extra: dict) -> pathlib.Path:
    return root / (extra.get("templates_dir") or "templates")


def _rel(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# validate


def _split_fix(message: str) -> tuple[str, str]:
    """'is missing; add a title' -> ('is missing', 'add a title')."""
    if "; " in message:
        problem, fix = message.split("; ", 1)
        fix = fix[0].upper() + fix[1:]
        return problem, fix if fix.endswith((".", "?", ")")) else fix + "."
    return message, ""


def format_problems(problems: list[T.Problem]) -> str:
    """Problems grouped by file, each with its field, what is wrong, and the fix."""
    lines: list[str] = []
    by_file: dict[str, list[T.Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    for file, group in by_file.items():
        lines.append(f"In {file}:")
        for p in group:
            problem, fix = _split_fix(p.message)
            lines.append(f"  - {p.field}: {problem}")
            if fix:
                lines.append(f"    Fix: {fix}")
        lines.append("")
    return "\n".join(lines)


def validate(root: pathlib.Path, out: TextIO) -> int:
    """Check every template, the gallery settings and the branding. Returns the exit code."""
    from .site import Site

    extra = read_extra(root)
    folder = templates_dir(root, extra)
    problems: list[T.Problem] = []
    count = 0
    try:
        count = len(T.load_templates(folder, root))
    except T.TemplateError as exc:
        problems += exc.problems
    if not problems:
        try:
            Site(extra, root).templates  # extra.gallery.hide and .order name real ids
        except T.TemplateError as exc:
            problems += exc.problems
    if not problems:
        problems += _planner_problems(extra, root)
    try:
        brand = B.load(extra, root / "docs")
        for warning in brand.warnings:
            key, _, text = warning.partition(": ")
            problems.append(T.Problem("mkdocs.yml", key, text.replace(". Choose", "; choose", 1)))
    except B.BrandError as exc:
        for text in exc.problems:
            key, _, rest = text.partition(": ")
            problems.append(T.Problem("mkdocs.yml", key, rest))

    if problems:
        files = len({p.file for p in problems})
        out.write(format_problems(problems))
        out.write(f"Found {len(problems)} problem{'s' if len(problems) != 1 else ''} in "
                  f"{files} file{'s' if files != 1 else ''}. Fix them, then run this command again.\n")
        return 1
    out.write(f"All {count} templates in {_rel(folder, root)}/ are fine, and so are the settings in mkdocs.yml.\n")
    return 0


def _planner_problems(extra: dict, root: pathlib.Path) -> list[T.Problem]:
    """The planner's timing rules, checked against the templates (a hidden template has no page)."""
    from .site import Site

    try:
        from .planner import Planner, RulesError
    except ImportError:  # a project without the planner
        return []
    planner = Planner(Site(extra, root))
    if not planner.path.is_file():
        return []
    try:
        planner.rules
    except RulesError as exc:
        return list(exc.problems)
    return []


# ---------------------------------------------------------------------------
# new


class Asker:
    """Asks questions on ``out`` and reads answers from ``inp`` (stdin), re-asking after a bad answer."""

    def __init__(self, inp: TextIO, out: TextIO, tries: int = 3):
        self.inp, self.out, self.tries = inp, out, tries

    def ask(self, question: str, check: Callable[[str], str | None], default: str = "") -> str:
        for _ in range(self.tries):
            shown = f" [{default}]" if default else ""
            self.out.write(f"{question}{shown}: ")
            self.out.flush()
            line = self.inp.readline()
            if not line:
                raise SystemExit(f"\nNo answer to '{question}'. Run the command again, or give the answer as an option (see --help).")
            answer = line.strip() or default
            problem = check(answer)
            if problem is None:
                return answer
            self.out.write(f"  {problem}\n")
        raise SystemExit(f"No usable answer to '{question}' after {self.tries} tries.")

    def choose(self, question: str, options: dict[str, str]) -> str:
        keys = list(options)
        self.out.write(f"{question}\n")
        for i, key in enumerate(keys, 1):
            self.out.write(f"  {i}. {key:<15} {options[key]}\n")

        def check(answer: str) -> str | None:
            return None if _pick(answer, keys) else f"Type a number from 1 to {len(keys)}, or one of: {', '.join(keys)}."

        return _pick(self.ask("Type a number or a name", check), keys) or ""


def _pick(answer: str, keys: list[str]) -> str | None:
    answer = answer.strip().lower()
    if answer.isdigit() and 1 <= int(answer) <= len(keys):
        return keys[int(answer) - 1]
    return answer if answer in keys else None


def check_id(folder: pathlib.Path, known: set[str]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if not T.ID_RE.match(value):
            return "Use lower-case words joined by hyphens, like 'thank-you-after-careers-fair'."
        if value in known or (folder / f"{value}.yml").exists() or (folder / f"{value}.yaml").exists():
            return f"There is already a template called '{value}'. Choose another id."
        return None
    return check


def check_title(value: str) -> str | None:
    if not value:
        return "Type a title."
    if len(value) > T.TITLE_MAX:
        return f"That title has {len(value)} characters. Shorten it to {T.TITLE_MAX} or fewer."
    return None


def check_choice(options: dict[str, str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in options else f"{what} must be one of: {', '.join(options)}."
    return check


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def scaffold(template_id: str, title: str, stage: str, channel: str, route: str) -> str:
    """The text of a new template file that passes validation, with every line to rewrite marked."""
    if channel == "phone":
        greeting = "Hello [interviewer_name], this is [your_name]."
        body = ("I am calling about the [role] role at [organisation].\n\n"
                "Write what you will say here, in short sentences you can read aloud.")
        subjects = ""
    else:
        greeting = "Dear [interviewer_name],"
        body = ("Thank you for talking to me about the [role] role at [organisation].\n\n"
                "Write your message here. Keep each paragraph to one idea.")
        subjects = ("subjects:\n  - Following up on my interview for [role]\n"
                    if channel in ("email", "recruiter") else "")
    your_name_hint = "As you sign your emails." if channel != "phone" else "As you say it on the phone."
    return f"""{T.SCHEMA_LINE}
# A message template. The format is described in docs/hosts/add-a-template.md.
# Made by `python -m macros new`: rewrite every line that starts "Write" or "Say",
# then run scripts/validate-templates to check the file.
id: {template_id}
title: {_q(title)}
description: Write one sentence that says what this message is for.
stage: {stage}
channel: {channel}
route: {route}
when_to_use: >-
  Say when a reader should send this message.
when_not_to_use: >-
  Say when a reader should send a different message instead.
timing: >-
  Say when to send it, such as the same day as the interview.
{subjects}greeting: {_q(greeting)}
body: |
{_indent(body)}
fields:
  - name: interviewer_name
    label: Interviewer's name
    hint: As they introduced themselves.
    example: Ms Patel
    required: true
    kind: short-text
  - name: role
    label: Job title
    hint: Use the title from the job listing.
    example: Junior Data Analyst
    required: true
    kind: short-text
  - name: organisation
    label: Employer
    example: Northfield Housing Trust
    required: true
    kind: short-text
  - name: your_name
    label: Your name
    hint: {your_name_hint}
    example: Alex Morgan
    required: true
    kind: short-text
"""


def _indent(text: str) -> str:
    return "\n".join(("  " + line) if line else "" for line in text.splitlines())


def copy_of(source_text: str, template_id: str, title: str) -> str:
    """A neighbour's file with a new id and title; comments and layout kept."""
    text, n_id = re.subn(r"^id:.*$", f"id: {template_id}", source_text, count=1, flags=re.M)
    text, n_title = re.subn(r"^title:[ \t]*[^\s>|].*$", f"title: {_q(title)}", text, count=1, flags=re.M)
    try:
        data = yaml.safe_load(text)
        ok = n_id == 1 and n_title == 1 and data.get("id") == template_id and data.get("title") == title
    except yaml.YAMLError:
        ok = False
    if ok:
        return text
    data = yaml.safe_load(source_text)
    data["id"], data["title"] = template_id, title
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def new(root: pathlib.Path, args: argparse.Namespace, inp: TextIO, out: TextIO) -> int:
    """Write a new template file from answers (options first, then questions). Returns the exit code."""
    extra = read_extra(root)
    folder = templates_dir(root, extra)
    if not folder.is_dir():
        out.write(f"There is no templates folder at {_rel(folder, root)}/. Check templates_dir in mkdocs.yml.\n")
        return 1
    existing = {p.stem: p for p in T.template_files(folder)}
    ask = Asker(inp, out)
    id_check = check_id(folder, set(existing))

    def answer(value: str | None, question: str, check, default: str = "") -> str:
        if value is not None:
            problem = check(value)
            if problem:
                raise SystemExit(f"{question}: {problem}")
            return value
        return ask.ask(question, check, default)

    if args.like is not None:
        if args.like not in existing:
            out.write(f"There is no template '{args.like}' to copy. Known ids: {', '.join(sorted(existing))}\n")
            return 1
        source = existing[args.like]
        source_data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        out.write(f"Copying {_rel(source, root)}.\n")
        template_id = answer(args.id, "Id for the new template (used in its web address)", id_check)
        title = answer(args.title, "Title", check_title, default=str(source_data.get("title", "")))
        text = copy_of(source.read_text(encoding="utf-8"), template_id, title)
    else:
        template_id = answer(args.id, "Id for the new template (used in its web address)", id_check)
        title = answer(args.title, "Title (65 characters or fewer)", check_title)
        picked = {}
        for key, options, question in (
            ("stage", T.STAGES, "Stage: when does the reader send it?"),
            ("channel", T.CHANNELS, "Channel: how does the reader send it?"),
            ("route", T.ROUTES, "Route: how did the reader apply?"),
        ):
            given = getattr(args, key)
            if given is not None:
                picked[key] = answer(given, key.capitalize(), check_choice(options, key.capitalize()))
            else:
                picked[key] = ask.choose(question, options)
        text = scaffold(template_id, title, picked["stage"], picked["channel"], picked["route"])

    path = folder / f"{template_id}.yml"
    problems: list[T.Problem] = []
    path.write_text(text, encoding="utf-8")
    template = T.load_template(path, problems, _rel(path, root))
    if problems or template is None:
        out.write(format_problems(problems))
        out.write(f"Wrote {_rel(path, root)}, but it has the problems above. Fix them, then run scripts/validate-templates.\n")
        return 1
    pages(root, out)  # its page, docs/templates/<id>.md
    out.write(
        f"\nCreated {_rel(path, root)}. It passes the checks.\n"
        f"It will appear in the gallery under \"{T.STAGES[template.stage]}\" after the next build.\n"
        "Next: open the file, rewrite its text and fields, then run scripts/validate-templates.\n"
        "To see it, run scripts/serve and open the Templates page.\n"
    )
    return 0


# ---------------------------------------------------------------------------
# pages


def pages(root: pathlib.Path, out: TextIO) -> int:
    """Write the template pages' stubs (macros/pages.py) for the templates the gallery shows. Returns the exit code."""
    from . import pages as P
    from .site import Site

    extra = read_extra(root)
    try:
        site = Site(extra, root)
        ids = [t.id for t in site.templates]
    except T.ProblemsError as exc:
        out.write(format_problems(exc.problems))
        out.write("No pages written: fix the problems above, then run this again.\n")
        return 1
    docs = root / "docs"
    written, removed, clashes = P.write(ids, docs)
    for tid in written:
        out.write(f"Wrote docs/templates/{tid}.md\n")
    for tid in removed:
        out.write(f"Removed docs/templates/{tid}.md (no template '{tid}' is shown)\n")
    if clashes:
        out.write(P.message(P.problems(ids, docs, site.templates_dir.name)) + "\n")
        return 1
    if not written and not removed:
        out.write(f"The {len(ids)} template pages in docs/templates/ are up to date.\n")
    return 0


# ---------------------------------------------------------------------------
# Entry point


def main(argv: list[str] | None = None, inp: TextIO | None = None, out: TextIO | None = None) -> int:
    inp = inp or sys.stdin
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m macros",
        description="Tools for the message templates. Run from the project folder.",
    )
    parser.add_argument("--root", type=pathlib.Path, default=ROOT,
                        help="the project folder (the one with mkdocs.yml); default: this project")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("validate", help="check every template and the settings in mkdocs.yml, without building the site")
    p_new = sub.add_parser("new", help="start a new template file from a few questions",
                           description="Start a new template. Questions you answer with an option are not asked.")
    p_new.add_argument("--like", metavar="ID", help="copy the template with this id instead of starting from scratch")
    p_new.add_argument("--id", help="the new template's id, such as 'thank-you-after-careers-fair'")
    p_new.add_argument("--title", help=f"its title ({T.TITLE_MAX} characters or fewer)")
    p_new.add_argument("--stage", help="one of: " + ", ".join(T.STAGES))
    p_new.add_argument("--channel", help="one of: " + ", ".join(T.CHANNELS))
    p_new.add_argument("--route", help="one of: " + ", ".join(T.ROUTES))
    sub.add_parser("pages", help="write or refresh docs/templates/<id>.md, the page of each template (run after adding, "
                                 "removing, renaming or hiding one)")
    p_off = sub.add_parser("build-offline", help="build the offline edition: dist/after-the-interview-offline.zip")
    p_off.add_argument("--out", type=pathlib.Path, help="where to write the zip (default: dist/after-the-interview-offline.zip)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "validate":
        return validate(root, out)
    if args.command == "pages":
        return pages(root, out)
    if args.command == "build-offline":
        from . import offline

        return offline.main(root, args.out)
    try:
        return new(root, args, inp, out)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            out.write(exc.code.lstrip("\n") + "\n")
            return 1
        raise
