"""mkdocs-macros entry point. It only wires the plain-Python modules into the site.

The logic lives in templates.py, render.py, locale.py, site.py, pages.py,
planner.py, checks.py, branding.py and assets.py, which do not import MkDocs:
tests and the command-line tools call them directly. ``define_env`` runs in
every engine that loads mkdocs-macros' module (MkDocs, ProperDocs, Zensical),
so everything the reader's pages need is set up here, not in MkDocs hooks.
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


def _checked(work):
    """``work()``, with a problem in the site's files (templates, rules, settings) stopping the build by name."""
    from macros.templates import ProblemsError

    try:
        return work()
    except ProblemsError as exc:  # TemplateError, SettingsError, RulesError, ChecksError
        _fail(str(exc))


def define_env(env) -> None:
    conf = env.conf
    brand = _apply_brand(conf)
    assets = _apply_assets(conf)
    site = _checked(lambda: _load_site(conf))
    _check_template_pages(site, conf["docs_dir"])
    env.variables["w"] = site.terms
    env.variables["locale"] = site.locale
    env.variables["templates"] = site.templates

    def page_src() -> str:
        page = env.page  # MkDocs: page.file.src_uri; Zensical: page.path, the same docs/-relative path
        return page.file.src_uri if hasattr(page, "file") else page.path

    _template_macros(env, site, page_src, assets)
    _rules_macros(env, site, page_src, assets)

    @env.macro
    def page_assets(name: str) -> str:
        """A page with no component macro names its files here, e.g. {{ page_assets("ati-worksheet") }}."""
        if name not in PAGE_ASSETS:
            _fail(f"{page_src()}: page_assets('{name}') names no entry of PAGE_ASSETS in macros/assets.py. "
                  f"Fix: use one of {sorted(PAGE_ASSETS)}, or add it there.")
        _page_assets(env, assets, name)
        return ""

    # The navigation is the one list of pages (macros/nav.py). MkDocs and ProperDocs
    # hand it over as written; Zensical hands over its own shape, so read mkdocs.yml there.
    from macros import nav
    from macros.assets import PAGE_ASSETS

    site_nav = (conf.get("nav") or []) if conf.get("config_file_path") else \
        nav.read_nav(pathlib.Path(conf["root_dir"]) / "mkdocs.yml")

    @env.macro
    def guide_list() -> str:
        return nav.guide_list(site_nav, conf["docs_dir"], page_src(), site.locale)

    @env.macro
    def guide_table() -> str:
        return nav.guide_table(site_nav, conf["docs_dir"], page_src(), site.locale)

    @env.macro
    def adviser_callout() -> str:
        """The careers service's "Talk to an adviser" box; nothing when the site is unbranded."""
        return brand.callout_html()


def _load_site(conf):
    """The site's settings and templates, checked now: a bad file fails the build naming every file, field and fix."""
    from macros.site import Site

    # MkDocs and ProperDocs give the config file's path; Zensical gives root_dir.
    root = pathlib.Path(conf["config_file_path"]).parent if conf.get("config_file_path") else pathlib.Path(conf["root_dir"])
    site = Site(conf.get("extra"), root)
    site.templates
    return site


def _check_template_pages(site, docs_dir) -> None:
    """Each shown template has its stub page in docs/templates/, as ``python -m macros pages`` writes it."""
    from macros import pages

    found = pages.problems([t.id for t in site.templates], docs_dir, site.templates_dir.name)
    if found:
        _fail(pages.message(found))


def _template_macros(env, site, page_src, assets) -> None:
    """The gallery, each template's page, and links to templates from guide pages (macros/render.py)."""
    from macros.render import template_meta

    @env.macro
    def template_page(template_id: str) -> str:
        # The page's title and description come from the template, not from its stub.
        page = getattr(env, "page", None)
        if page is not None and isinstance(getattr(page, "meta", None), dict):
            page.meta.update(template_meta(site.get(template_id)))
        _page_assets(env, assets, "ati-fill")
        return site.template_markdown(template_id)

    @env.macro
    def template_gallery() -> str:
        _page_assets(env, assets, "ati-gallery-filter")
        return site.gallery(page_src())

    @env.macro
    def template_link(template_id: str, text: str | None = None) -> str:
        return site.template_link(template_id, page_src(), text)

    @env.macro
    def format_date(value, weekday: bool = False) -> str:
        return site.format_date(value, weekday)


def _rules_macros(env, site, page_src, assets) -> None:
    """The timing rules (macros/planner.py) and the draft checks (macros/checks.py).

    Both are checked now, not inside a page's macro: mkdocs-macros prints a
    traceback for an error raised while it renders a page. The browser works
    out the planner's dates; the Timing page's table and the planner read the
    same rules, and the What to say checklist and the checker the same checks.
    """
    from macros.checks import Checker
    from macros.planner import Planner

    directory_urls = env.conf.get("use_directory_urls", True)
    planner_ = Planner(site)
    checker_ = Checker(site, docs_dir=env.conf["docs_dir"])
    _checked(lambda: planner_.rules)

    @env.macro
    def timing_table() -> str:
        return _checked(lambda: planner_.timing_table(page_src()))

    @env.macro
    def planner() -> str:
        _page_assets(env, assets, "ati-planner")
        return _checked(lambda: planner_.planner_page(page_src(), directory_urls))

    @env.macro
    def draft_checklist() -> str:
        return _checked(lambda: checker_.checklist(page_src()))

    @env.macro
    def draft_checker() -> str:
        _page_assets(env, assets, "ati-checker")
        return _checked(lambda: checker_.checker_page(page_src(), directory_urls))


def _apply_assets(conf) -> None:
    """Our own stylesheets and scripts: minified by mkdocs-minify-plugin, versioned, per page (macros/assets.py).

    - extra_css and extra_javascript get their served URLs (``x.min.js?v=<hash>``);
    - the minify plugin, when it runs, is told which files are ours to minify
      (never Material's); under an engine without it, files keep their names;
    - overrides/main.html reads ``extra.asset_urls`` (the search worker).
    Zensical renders the theme from mkdocs.yml as written, so there our
    changes to the configuration do not show: files keep their names, unversioned.
    """
    from macros.assets import THEME_ASSETS, Assets

    plugins = conf.get("plugins")
    minify = plugins.get("minify") if isinstance(plugins, dict) else None
    if not (hasattr(minify, "config") and hasattr(minify, "on_post_build")):
        minify = None  # not configured, or an engine that does not run MkDocs plugins
    on = bool(minify and minify.config.get("minify_js") and minify.config.get("minify_css"))
    scripts = conf.get("extra_javascript") or []
    paths = [s if isinstance(s, str) else s["path"] if isinstance(s, dict) else s.path for s in scripts]
    assets = Assets(conf["docs_dir"], list(conf.get("extra_css") or []) + paths, on)
    if assets.missing:
        _fail("macros/assets.py names files that are not under docs/: " + ", ".join(assets.missing)
              + ". Fix: correct the path in PAGE_ASSETS or THEME_ASSETS, or add the file.")
    if on:
        minify.config["js_files"] = assets.files(".js")
        minify.config["css_files"] = assets.files(".css")
    conf["extra_css"] = [assets.url(p) for p in conf.get("extra_css") or []]
    for i, script in enumerate(scripts):
        if isinstance(script, str):
            scripts[i] = assets.url(script)
        elif isinstance(script, dict):  # Zensical
            script["path"] = assets.url(script["path"])
        else:  # MkDocs 1.5+: ExtraScriptValue
            script.path = assets.url(script.path)
    conf["extra"]["asset_urls"] = {rel: assets.url(rel) for rel in THEME_ASSETS}
    return assets


def _page_assets(env, assets, name: str) -> None:
    """The page showing component ``name`` loads its files: into the page's metadata, where overrides/main.html reads them.

    Set by the component's own macro, so a page can never show a component
    without its script; metadata set here reaches the theme in every engine.
    """
    meta = getattr(getattr(env, "page", None), "meta", None)
    if not isinstance(meta, dict):
        return
    mine = meta.setdefault("ati_assets", {"css": [], "js": []})
    for kind, urls in assets.component(name).items():
        mine[kind] += [u for u in urls if u not in mine[kind]]


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
