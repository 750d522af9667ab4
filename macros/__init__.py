"""mkdocs-macros entry point. It only wires the plain-Python modules into the site.

The logic lives in templates.py, render.py, locale.py and site.py, which do
not import MkDocs: tests and the command-line tools call them directly.
"""

from __future__ import annotations

import pathlib
import sys

# Zensical's macros extension runs this file by its path, outside any import, so
# the package "macros" is not importable and its imports would fail. Put the
# project folder on sys.path then. MkDocs and ``python -m macros`` import the
# package by name, which registers it first.
if "macros" not in sys.modules:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))


def _fail(message: str):
    """Stop the build with ``message``: MkDocs' PluginError, or a plain error under another engine."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # Zensical has no mkdocs package
        raise RuntimeError(message) from None
    raise PluginError(message) from None


def define_env(env) -> None:
    from macros.site import Site
    from macros.templates import ProblemsError

    # MkDocs and ProperDocs give the config file's path; Zensical gives root_dir.
    root = pathlib.Path(env.conf["config_file_path"]).parent if env.conf.get("config_file_path") else pathlib.Path(env.conf["root_dir"])
    brand = _apply_brand(env.conf)
    try:
        site = Site(env.conf.get("extra"), root)
        site.templates  # fail the build early, naming every bad file, field and setting
    except ProblemsError as exc:
        _fail(str(exc))
    env.variables["w"] = site.terms
    env.variables["locale"] = site.locale
    env.variables["templates"] = site.templates

    def page_src() -> str:
        page = env.page  # MkDocs: page.file.src_uri; Zensical: page.path, the same docs/-relative path
        return page.file.src_uri if hasattr(page, "file") else page.path

    @env.macro
    def template_page(template_id: str) -> str:
        return site.template_page(template_id)

    @env.macro
    def template_gallery() -> str:
        return site.gallery(page_src())

    @env.macro
    def template_link(template_id: str, text: str | None = None) -> str:
        return site.template_link(template_id, page_src(), text)

    @env.macro
    def format_date(value, weekday: bool = False) -> str:
        return site.format_date(value, weekday)

    # The timing rules (rules/timing.yml, or extra.rules_file): checked on first
    # use, rendered by macros/planner.py. The browser works out the dates.
    from macros.planner import Planner
    from macros.templates import ProblemsError

    planner_ = Planner(site)

    def _rules_or_fail(render):
        try:
            return render()
        except ProblemsError as exc:  # RulesError, ChecksError
            _fail(str(exc))

    # Check the rules now, not inside a page's macro: mkdocs-macros prints a
    # traceback for an error raised while it renders a page.
    _rules_or_fail(lambda: planner_.rules)

    @env.macro
    def timing_table() -> str:
        return _rules_or_fail(lambda: planner_.timing_table(page_src()))

    @env.macro
    def planner() -> str:
        return _rules_or_fail(lambda: planner_.planner_page(page_src(), env.conf.get("use_directory_urls", True)))

    # The draft checks (rules/draft-checks.yml): the What to say checklist and
    # the "Check your message" page read the same file (macros/checks.py).
    from macros.checks import Checker

    checker_ = Checker(site, docs_dir=env.conf["docs_dir"])

    @env.macro
    def draft_checklist() -> str:
        return _rules_or_fail(lambda: checker_.checklist(page_src()))

    @env.macro
    def draft_checker() -> str:
        return _rules_or_fail(lambda: checker_.checker_page(page_src(), env.conf.get("use_directory_urls", True)))

    # The navigation is the one list of pages (macros/nav.py).
    from macros import nav

    @env.macro
    def guide_list() -> str:
        return nav.guide_list(env.conf.get("nav") or [], env.conf["docs_dir"], page_src(), site.locale)

    @env.macro
    def guide_table() -> str:
        return nav.guide_table(env.conf.get("nav") or [], env.conf["docs_dir"], page_src(), site.locale)

    @env.macro
    def adviser_callout() -> str:
        """The careers service's "Talk to an adviser" box; nothing when the site is unbranded."""
        return brand.callout_html()


def _apply_brand(conf):
    """Check extra.brand and hand the theme what it prints (macros/branding.py).

    Bad settings fail the build; a colour that fails WCAG AA contrast is a
    logged warning, which stops ``mkdocs build --strict``.
    """
    import logging

    from macros.branding import BrandError, load

    try:
        brand = load(conf.get("extra"), conf["docs_dir"])
    except BrandError as exc:
        _fail(str(exc))
    log = logging.getLogger("mkdocs.plugins.after-the-interview.brand")
    for warning in brand.warnings:
        log.warning(warning)
    if brand.logo:
        conf["theme"]["logo"] = brand.logo
    if brand.favicon:
        conf["theme"]["favicon"] = brand.favicon
    # overrides/main.html and partials/copyright.html print these.
    conf["extra"]["brand_theme"] = brand.theme()
    return brand
