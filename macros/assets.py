"""The site's own stylesheets and scripts: their versions, for cache-busting URLs.

No MkDocs import. ``define_env`` (macros/__init__.py) puts ``versions()`` into
``config.extra.asset_versions``; overrides/main.html appends ``?v=<version>``
to every URL of one of these files, so a host can cache /assets/ for a year
(docs/hosts/hosting.md) and a changed file still reaches every reader.
"""

from __future__ import annotations

import hashlib
import pathlib

OWN = (("assets/stylesheets", ".css"), ("assets/javascripts", ".js"), ("assets/components", ".css"), ("assets/components", ".js"))


def own_assets(docs_dir: str | pathlib.Path):
    """(path relative to docs/, file) for every stylesheet and script of ours (vendor/ excepted)."""
    docs = pathlib.Path(docs_dir)
    for sub, ext in OWN:
        for path in sorted((docs / sub).rglob(f"*{ext}")):
            rel = path.relative_to(docs).as_posix()
            if "/vendor/" not in rel:
                yield rel, path


def versions(docs_dir: str | pathlib.Path) -> dict[str, str]:
    """{"assets/javascripts/site.js": "<first 10 hex of the SHA-256 of the file>", ...}."""
    return {rel: hashlib.sha256(path.read_bytes()).hexdigest()[:10] for rel, path in own_assets(docs_dir)}


# ---- the one table -----------------------------------------------------------
# A component's own files, by its data-module name. As in GOV.UK Frontend, a
# component's script and stylesheet sit side by side in its own folder,
# docs/assets/components/<name>/, and its script's class declares the same
# module name (FillIn.moduleName = "ati-fill"). The macro that renders the
# component puts these files into its page's metadata (macros/__init__.py,
# _page_assets), and overrides/main.html loads them on that page only. Adding a
# component is its folder plus one line here. Site-wide files stay in
# assets/javascripts/ and assets/stylesheets/.
PAGE_ASSETS: dict[str, dict[str, list[str]]] = {
    "ati-fill": {"css": ["assets/components/fill-in/fill-in.css"], "js": ["assets/components/fill-in/fill-in.js"]},
    "ati-planner": {"css": ["assets/components/planner/planner.css"], "js": ["assets/components/planner/planner.js"]},
    "ati-gallery-filter": {"css": [], "js": ["assets/components/gallery-filter/gallery-filter.js"]},
    "ati-checker": {"css": ["assets/components/checker/checker.css"], "js": ["assets/components/checker/checker.js"]},
    "ati-worksheet": {"css": ["assets/components/worksheet/worksheet.css"], "js": []},
}
# Named by overrides/main.html itself (search loads on demand).
THEME_ASSETS = ["assets/javascripts/workers/search-on-demand.js"]


def served_name(rel: str, minified: bool) -> str:
    """The file's name in the built site: mkdocs-minify-plugin writes x.js as x.min.js (and x.css as x.min.css)."""
    if not minified:
        return rel
    ext = rel.rsplit(".", 1)[1]
    return rel.replace(f".{ext}", f".min.{ext}")


class Assets:
    """Every URL of our own stylesheets and scripts, as the built site serves them: minified name, ``?v=`` version."""

    def __init__(self, docs_dir: str | pathlib.Path, extra_files: list[str], minify: bool):
        self.docs = pathlib.Path(docs_dir)
        self.versions = versions(docs_dir)
        self.minify = minify
        named = [f for group in PAGE_ASSETS.values() for f in group["css"] + group["js"]] + THEME_ASSETS
        # Ours that pages link by name: minified when the plugin runs (others, such as
        # a stylesheet a page links itself, keep their name).
        self.linked = [f for f in dict.fromkeys(named + [e.split("?")[0] for e in extra_files]) if f in self.versions]
        self.missing = [f for f in named if f not in self.versions]

    def url(self, rel: str) -> str:
        """``assets/javascripts/core.js`` -> ``assets/javascripts/core.min.js?v=<version>`` (unchanged if not ours)."""
        rel = rel.split("?")[0]
        if rel not in self.versions:
            return rel
        return f"{served_name(rel, self.minify and rel in self.linked)}?v={self.versions[rel]}"

    def files(self, ext: str) -> list[str]:
        """What mkdocs-minify-plugin should minify (site-relative, as it wants them)."""
        return [f for f in self.linked if f.endswith(ext)]

    def component(self, name: str) -> dict[str, list[str]]:
        """A component's files (PAGE_ASSETS) as served URLs, site-relative."""
        return {kind: [self.url(f) for f in files] for kind, files in PAGE_ASSETS[name].items()}
