"""MkDocs hook: the search index and worker load when the reader opens search, not on every page.

Material 9 fetches ``search/search_index.json`` (about 20 KB gzipped here) and
starts its search worker (about 12 KB gzipped) as soon as any page loads, over
http(s). Most readers never search, and on a phone those 32 KB are a third of
the first load. Material already waits for the search box to open when a page
is opened from ``file://``; this hook makes it wait everywhere, with two
edits to Material's bundle in the built site:

1. In the search setup, the "not file://" trigger becomes "never", so the
   index is fetched when the search toggle opens (clicking the search icon,
   focusing the search box, or the ``/``, ``s`` and ``f`` shortcuts).
2. The worker is created on its first message (the index), not when the page
   loads: ``LazyWorker`` holds the listeners until then.

Both edits match Material's minified code exactly, so the hook checks that each
pattern occurs once and stops the build with a message naming this file if it
does not (for example after a Material upgrade). ``search.highlight`` stays off in
mkdocs.yml: it subscribes to the index on every page and would undo this.
tests/test_quality_gates.py checks in Chromium that a first load requests
neither file, and that search still finds pages once opened.
"""

from __future__ import annotations

import hashlib
import pathlib
import re

from mkdocs.exceptions import PluginError

# (what Material's bundle says, what the built bundle says instead)
EDITS = [
    ('L($(location.protocol!=="file:"),Je("search"))', 'L($(!1),Je("search"))'),
    ("function Mn(e,t=new Worker(e))", "function Mn(e,t=new ATI_LazyWorker(e))"),
]

# A function declaration, so it exists before the bundle's own code runs even though it is appended.
LAZY_WORKER = (
    "\nfunction ATI_LazyWorker(u){var s=this,w=null,l=[];"
    "s.postMessage=function(m){if(!w){w=new Worker(u);l.forEach(function(a){w.addEventListener.apply(w,a)})}w.postMessage(m)};"
    "s.addEventListener=function(t,f,o){l.push([t,f,o]);if(w)w.addEventListener(t,f,o)};"
    "s.removeEventListener=function(t,f,o){l=l.filter(function(a){return a[1]!==f});if(w)w.removeEventListener(t,f,o)}}\n"
)
MARKER = "ATI_LazyWorker"
# The edited bundle keeps Material's file name, so its URL carries a version of the edits
# (hosts cache /assets/ for a year: docs/hosts/hosting.md).
VERSION = hashlib.sha256(repr((EDITS, LAZY_WORKER)).encode()).hexdigest()[:10]
_BUNDLE_SRC = re.compile(r'(src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"')


def on_config(config):
    features = config["theme"].get("features") or []
    if "search.highlight" in features:
        raise PluginError(
            "mkdocs.yml: theme.features lists search.highlight, which loads the search index on every page. "
            "Remove it, or remove hooks/lazy_search.py from hooks: to load search eagerly."
        )
    return config


def lazy_bundle(text: str, name: str) -> str:
    """The bundle's text with both edits; a PluginError if Material's code is not what this hook expects."""
    if MARKER in text:
        return text
    for old, new in EDITS:
        count = text.count(old)
        if count != 1:
            raise PluginError(
                f"hooks/lazy_search.py: expected {old!r} once in Material's {name}, found it {count} times. "
                "Material's search code has changed: update EDITS in hooks/lazy_search.py, "
                "or remove the hook from mkdocs.yml hooks: to load search on every page."
            )
        text = text.replace(old, new)
    return text + LAZY_WORKER


def versioned_bundle(output: str) -> str:
    return _BUNDLE_SRC.sub(lambda m: f'{m.group(1)}?v={VERSION}"', output)


def on_post_page(output, page, config):
    return versioned_bundle(output)


def on_post_template(output, template_name, config):
    return versioned_bundle(output) if template_name.endswith(".html") else output


def on_post_build(config):
    site = pathlib.Path(config["site_dir"])
    bundles = sorted((site / "assets/javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"hooks/lazy_search.py: expected one Material bundle in {site}/assets/javascripts, found {len(bundles)}")
    path = bundles[0]
    path.write_text(lazy_bundle(path.read_text(encoding="utf-8"), path.name), encoding="utf-8")
