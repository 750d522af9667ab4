"""One Markdown page per message template: a stub in docs/templates/<id>.md that calls the macro.

Every engine (MkDocs, ProperDocs, Zensical) reads real Markdown files, so
each template's page is a small committed file, not a page made by a hook:

    ---
    # Made by `python -m macros pages` ...
    message_template: thank-you-email
    hide: [toc]
    ---

    {{ template_page("thank-you-email") }}

The stub names only the template's id. The macro renders the rest at build
time from templates/<id>.yml (title, description, the message, the form), so
a changed template shows at once under ``mkdocs serve``, and only adding,
removing, renaming or hiding a template needs the command again.

``python -m macros pages`` (also run by ``python -m macros new`` and so by
scripts/new-template) writes the stubs for the templates the gallery shows
and removes stubs it made for templates that are gone or hidden. It never
touches a page it did not make. It is idempotent: a second run writes nothing.
``problems`` is what the build runs (macros/__init__.py) to stop with a clear
message when a stub is missing, stale, or names no template.
"""

from __future__ import annotations

import pathlib

from . import render as R

COMMAND = "python -m macros pages"
MARKER = f"# Made by `{COMMAND}` from the template with this id. Do not edit it: run the command again."


def stub(template_id: str) -> str:
    """The whole text of one template's page source."""
    return (
        "---\n"
        f"{MARKER}\n"
        f"message_template: {template_id}\n"
        # The form and the message need the width; the page's few headings need no contents list.
        "hide: [toc]\n"
        "---\n\n"
        f'{{{{ template_page("{template_id}") }}}}\n'
    )


def _is_stub(path: pathlib.Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8")[:400]
    except (OSError, UnicodeDecodeError):
        return False


def _folder(docs_dir: str | pathlib.Path) -> pathlib.Path:
    return pathlib.Path(docs_dir) / pathlib.PurePosixPath(R.template_url("x")).parent


def problems(template_ids: list[str], docs_dir: str | pathlib.Path, templates_dir_name: str = "templates") -> list[str]:
    """What is wrong with docs/templates/ for these (shown) template ids; [] when every stub is as the command writes it."""
    folder = _folder(docs_dir)
    out = []
    wanted = set(template_ids)
    for tid in template_ids:
        path = folder / f"{tid}.md"
        rel = f"docs/{R.template_url(tid)}"
        if not path.exists():
            out.append(f"  - {rel} is missing: template '{tid}' ({templates_dir_name}/{tid}.yml) has no page yet.")
        elif not _is_stub(path):
            out.append(f"  - {templates_dir_name}/{tid}.yml (template id '{tid}'): its page would be {rel}, which already "
                       f"exists as another page ({rel}); change the template's id and file name, or rename the page in docs/.")
        elif path.read_text(encoding="utf-8") != stub(tid):
            out.append(f"  - {rel} has been edited or is out of date.")
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            if path.stem not in wanted and _is_stub(path):
                out.append(f"  - docs/templates/{path.name} is the page of template '{path.stem}', which is not in "
                           f"{templates_dir_name}/ or is hidden by extra.gallery.hide in mkdocs.yml.")
    return out


def message(found: list[str]) -> str:
    stubs_only = all("which already exists as another page" not in p for p in found)
    fix = (f"Fix: run `{COMMAND}` in the project folder (scripts/new-template runs it too), then commit docs/templates/."
           if stubs_only else
           f"Fix the clash first; for the other lines, run `{COMMAND}` in the project folder, then commit docs/templates/.")
    return "The template pages in docs/templates/ do not match the templates:\n" + "\n".join(found) + "\n" + fix


def write(template_ids: list[str], docs_dir: str | pathlib.Path) -> tuple[list[str], list[str], list[str]]:
    """Write missing or stale stubs, remove stubs of templates not shown. Returns (written, removed, clashes)."""
    folder = _folder(docs_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written, removed, clashes = [], [], []
    wanted = set(template_ids)
    for tid in template_ids:
        path = folder / f"{tid}.md"
        text = stub(tid)
        if path.exists() and not _is_stub(path):
            clashes.append(tid)
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_bytes(text.encode("utf-8"))  # \n line ends on every system, as committed
            written.append(tid)
    for path in sorted(folder.glob("*.md")):
        if path.stem not in wanted and _is_stub(path):
            path.unlink()
            removed.append(path.stem)
    return written, removed, clashes
