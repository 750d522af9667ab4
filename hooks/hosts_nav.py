"""MkDocs hook: the careers-service pages get their own navigation.

Candidates' pages list only candidates' pages (mkdocs.yml ``nav:``); the pages
under ``docs/hosts/`` are left out of it (``not_in_nav``) and reached from the
footer. On those pages this hook swaps the navigation Material draws (the
sidebar on a desktop, the menu on a phone) for a short one: the home page,
then a "For careers services" section holding every page in ``docs/hosts/``,
its index first. So an adviser can move between the host pages, and a
candidate never meets them in the menu.

The order is ``ORDER`` below; a new page in ``docs/hosts/`` that is not in it
is added at the end, by title, so it can never be left out.
Zensical ignores ``hooks:`` (README, "Future"): there the host pages show the
candidates' navigation.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section

SECTION_TITLE = "For careers services"
ORDER = ["hosts/index.md", "hosts/hosting.md", "hosts/branding.md", "hosts/add-a-template.md", "hosts/privacy.md"]

_files = None


def on_files(files, config, **kwargs):
    global _files
    _files = files
    return files


def _host_pages():
    pages = [f.page for f in _files.documentation_pages() if f.src_uri.startswith("hosts/") and f.page]
    rank = {uri: i for i, uri in enumerate(ORDER)}
    return sorted(pages, key=lambda p: (rank.get(p.file.src_uri, len(ORDER)), p.title or ""))


def on_page_context(context, page, config, nav, **kwargs):
    if not page.file.src_uri.startswith("hosts/") or _files is None:
        return context
    hosts = _host_pages()
    section = Section(SECTION_TITLE, hosts)
    for p in hosts:
        p.parent = section
    items = [nav.homepage, section] if nav.homepage else [section]
    host_nav = Navigation(items, ([nav.homepage] if nav.homepage else []) + hosts)
    host_nav.homepage = nav.homepage
    # MkDocs set the page active before this event; the new section must know.
    page.active = True
    context["nav"] = host_nav
    return context
