"""The site's navigation, read from mkdocs.yml: the one list of pages.

Plain Python with no MkDocs import. A new guide page is its Markdown file
plus one line in mkdocs.yml's ``nav:``; from that line the home page's
"Find what you need" list (``{{ guide_list() }}``), the Sources page's table
of topics (``{{ guide_table() }}``) and the tests' list of guide pages
(tests/support.py) all follow. Each entry's words come from the page's own
front matter: ``summary:`` (one short line), or its ``description:``.
"""

from __future__ import annotations

import pathlib
import re
from typing import Any

import yaml

from . import checks as C
from . import locale as L
from . import render as R

# Where the guide's own pages live: the Sources page lists these as its topics.
GUIDE_FOLDER = "guide/"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: its !ENV and !!python/name tags read as nothing."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)


def read_nav(config: str | pathlib.Path) -> list:
    """The ``nav:`` of a MkDocs config file, as written."""
    data = yaml.load(pathlib.Path(config).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data.get("nav") or []


def pages(nav: list) -> list[tuple[str, str]]:
    """(title, src path) of every page in ``nav``, in reading order (links to other sites left out)."""
    out: list[tuple[str, str]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, str):
                out.append(("", item))
                continue
            for title, value in item.items():
                if isinstance(value, list):
                    walk(value)
                elif isinstance(value, str) and "://" not in value:
                    out.append((title, value))

    walk(nav)
    return out


def front_matter(path: pathlib.Path) -> dict[str, Any]:
    """A Markdown file's YAML front matter (empty if it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    head = text.split("\n---", 1)[0][3:]
    data = yaml.safe_load(head)
    return data if isinstance(data, dict) else {}


def summary(docs_dir: pathlib.Path, src: str) -> str:
    meta = front_matter(docs_dir / src)
    return str(meta.get("summary") or meta.get("description") or "").strip()


def respell(text: str, locale: str) -> str:
    """UK spellings (centre, organisation, CV...) the US way in an en-US site: nav titles have no {{ w }}."""
    if locale != "en-US":
        return text
    for key in C.LOCALE_TERMS:
        uk, us = L.TERMS[key]

        def swap(m: re.Match, us: str = us, uk: str = uk) -> str:
            word = us[:1].upper() + us[1:] if m.group(1)[:1].isupper() and uk[:1].islower() else us
            return word + m.group(2)

        text = re.sub(rf"\b({re.escape(uk)})(s?)\b", swap, text, flags=re.IGNORECASE)
    return text


def guide_list(nav: list, docs_dir: str | pathlib.Path, page_src: str, locale: str = "en-GB") -> str:
    """Every page in the navigation but ``page_src`` itself, as a Markdown list: link, then summary."""
    docs_dir = pathlib.Path(docs_dir)
    lines = []
    for title, src in pages(nav):
        if src == page_src:
            continue
        text = respell(summary(docs_dir, src), locale)
        link = f"[{R._md_text(respell(title, locale))}]({R.relative_link(page_src, src)})"
        lines.append(f"- {link}: {R._md_text(text)}" if text else f"- {link}")
    return "\n".join(lines)


def guide_table(nav: list, docs_dir: str | pathlib.Path, page_src: str, locale: str = "en-GB") -> str:
    """The guide's own pages (under docs/guide/) as a Markdown table: what each covers, and its link."""
    docs_dir = pathlib.Path(docs_dir)
    rows = ["| Topic | Page |", "| --- | --- |"]
    for title, src in pages(nav):
        if src.startswith(GUIDE_FOLDER):
            topic = respell(summary(docs_dir, src), locale)
            cell = R._md_text(topic[:1].upper() + topic[1:]).replace("|", "\\|")
            rows.append(f"| {cell} | [{R._md_text(respell(title, locale))}]({R.relative_link(page_src, src)}) |")
    return "\n".join(rows)
