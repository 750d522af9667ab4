"""MkDocs hook: each page loads what it uses; the site's own JS and CSS minified and versioned.

1. Per-page assets. ``PAGE_ASSETS`` maps a component's ``data-module`` value to
   the stylesheets and scripts it needs. A page whose HTML contains
   ``data-module="<name>"`` (or whose front matter says ``assets: [<name>]``)
   gets them; no other page does. Adding a component is one line here.

   The tags go inside Material's content container, so instant navigation
   (which swaps the container and re-runs the scripts in it) brings them along:
   stylesheets as ``<link>``, scripts through ``ATI_load`` (an inline helper in
   the head, overrides/main.html) that adds each script once per document when
   a page swap brings it in. On a first load the same scripts are plain
   ``<script src>`` tags at the end of the body, after core.js; ATI_load only
   notes them as loaded. Each script starts from ``ATI.onPage`` as usual.

2. Minified, versioned URLs. After the build, every stylesheet and script
   under docs/assets/ (vendor/ excepted) is minified in the output with rcssmin
   and rjsmin (pinned in requirements.txt). Every URL to one of them carries
   ``?v=<first 10 hex of the SHA-256 of the source>``, so a host can cache
   /assets/ for a year (docs/hosts/hosting.md).

3. Search: the careers-service pages (hosts/) and the list of sources stay out of the candidates'
   search index (the footer links to them); the gallery's cards and the long
   parts of template pages are not indexed twice (``on_page_content``).

4. Material markup the Nu HTML Checker rejects, fixed in the output of every
   page (see ``_valid_html``).
"""

from __future__ import annotations

import hashlib
import html
import json
import pathlib
import re

# ---- the one table -----------------------------------------------------------
# data-module value (or front matter `assets:` name) -> files under docs/.
PAGE_ASSETS: dict[str, dict[str, list[str]]] = {
    "ati-fill": {"css": ["assets/stylesheets/fill-in.css"], "js": ["assets/javascripts/fill-in.js"]},
    "ati-planner": {"css": ["assets/stylesheets/planner.css"], "js": ["assets/javascripts/planner.js"]},
    "ati-gallery-filter": {"css": [], "js": ["assets/javascripts/gallery-filter.js"]},
    "ati-checker": {"css": ["assets/stylesheets/checker.css"], "js": ["assets/javascripts/checker.js"]},
}
# Pages kept out of the search index (src paths, by prefix).
SEARCH_EXCLUDE_PREFIXES = ("hosts/", "sources.md")

_VERSIONS: dict[str, str] = {}
_MODULE = re.compile(r'data-module="([A-Za-z0-9_-]+)"')
_CONTAINER = re.compile(r'(<div class="md-container" data-md-component="container">)')


def _own_assets(docs: pathlib.Path):
    for sub, ext in (("assets/stylesheets", ".css"), ("assets/javascripts", ".js")):
        for path in sorted((docs / sub).rglob(f"*{ext}")):
            rel = path.relative_to(docs).as_posix()
            if "/vendor/" not in rel:
                yield rel, path


def versioned(rel: str) -> str:
    """``assets/x.js`` -> ``assets/x.js?v=<hash>`` (unchanged for files that are not ours)."""
    return f"{rel}?v={_VERSIONS[rel]}" if rel in _VERSIONS else rel


def on_config(config):
    docs = pathlib.Path(config["docs_dir"])
    _VERSIONS.clear()
    _SEEN_TABLES.clear()
    for rel, path in _own_assets(docs):
        _VERSIONS[rel] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    for group in PAGE_ASSETS.values():
        for rel in group["css"] + group["js"]:
            if rel not in _VERSIONS:
                from mkdocs.exceptions import PluginError
                raise PluginError(f"hooks/assets.py: PAGE_ASSETS names {rel}, which is not under docs/. "
                                  "Fix: correct the path or add the file.")
    config["extra_css"] = [versioned(p) for p in config["extra_css"]]
    scripts = config["extra_javascript"]
    for i, script in enumerate(scripts):
        if isinstance(script, str):
            scripts[i] = versioned(script)
        else:
            script.path = versioned(script.path)
    return config


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.startswith(SEARCH_EXCLUDE_PREFIXES):
        search = page.meta.setdefault("search", {})
        if isinstance(search, dict):
            search.setdefault("exclude", True)
    return markdown


_H2 = re.compile(r"<h2(?=[ >])")
_CARDS = re.compile(r'<ul class="ati-cards"')
_TABLE = re.compile(r"<table((?:\s[^>]*)?>.*?</table>)", re.S)
_SEEN_TABLES: dict[str, str] = {}
_FORM = re.compile(r"<form(?=[ >])")


def on_page_content(content, page, config, files):
    """Index each thing once, and only what a candidate searches for (runs before the search plugin reads pages).

    - The gallery's cards repeat every template's title and summary: left out of
      the index (the template pages carry them).
    - A template page is found by its title and summary (the text before its
      first heading); its sections (when to use it, subject lines, the message,
      timing), full of [placeholders] and repeated across templates, stay out.
    - The home page is the guide's short version: its sections (each a summary
      of a guide page, which is indexed) stay out; its introduction stays in.
    - Forms (the planner's, the gallery filter) are controls, not text to find.
    - A table shown on two pages (the timing rules: guide and planner) is
      indexed on the first page built only.
    """
    if 'data-module="ati-gallery-filter"' in content:
        content = _CARDS.sub('<ul data-search-exclude class="ati-cards"', content)
    elif 'data-module="ati-fill"' in content or page.is_homepage:
        content = _H2.sub("<h2 data-search-exclude", content)

    planner = 'data-module="ati-planner"' in content

    def once(match):
        if planner:  # the planner repeats the timing rules: the guide's timing page indexes them
            return "<table data-search-exclude" + match.group(1)
        key = re.sub(r"<[^>]+>|\s+", "", match.group(0))
        if key in _SEEN_TABLES and _SEEN_TABLES[key] != page.file.src_uri:
            return "<table data-search-exclude" + match.group(1)
        _SEEN_TABLES.setdefault(key, page.file.src_uri)
        return match.group(0)

    content = _FORM.sub("<form data-search-exclude", content)
    return _TABLE.sub(once, content)


def _relative(url_root: str, rel: str) -> str:
    return url_root + versioned(rel)


def _valid_html(text: str) -> str:
    """Material 9.8.1 markup the Nu HTML Checker rejects, corrected.

    - ``autocomplete`` is not allowed on checkboxes (the drawer and search toggles);
    - an empty ``tabindex=""`` on section labels in the navigation;
    - a ``for="__toc"`` label when the page has no ``__toc`` control (pages outside the nav).
    """
    text = re.sub(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off"',
                  r"\1", text)
    text = text.replace(' tabindex=""', "")
    if 'id="__toc"' not in text:
        text = text.replace('<label class="md-nav__title" for="__toc">', '<div class="md-nav__title">', 1)
        text = re.sub(r'(<div class="md-nav__title">\s*<span class="md-nav__icon md-icon"></span>[^<]*)</label>',
                      r"\1</div>", text, count=1)
    return text


_KEEP_SPACE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)


def _collapse_space(text: str) -> str:
    """Runs of white space between tags become one space (or one newline), except in pre, textarea, script, style."""
    parts = _KEEP_SPACE.split(text)
    out = []
    i = 0
    while i < len(parts):
        chunk = parts[i]
        out.append(re.sub(r">[ \t]*\n\s*<", ">\n<", re.sub(r">[ \t]{2,}<", "> <", chunk)))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
        i += 3
    return "".join(out)


def on_post_page(output, page, config):
    output = _collapse_space(_valid_html(output))
    wanted = list(dict.fromkeys(
        [m for m in _MODULE.findall(output) if m in PAGE_ASSETS]
        + [m for m in (page.meta.get("assets") or []) if m in PAGE_ASSETS]))
    if not wanted:
        return output
    # Relative root, as MkDocs' url filter would write it for this page.
    root = "../" * page.url.count("/")
    tags = []
    scripts = []
    for name in wanted:
        for rel in PAGE_ASSETS[name]["css"]:
            tags.append(f'<link rel="stylesheet" href="{html.escape(_relative(root, rel))}">')
        scripts += [_relative(root, rel) for rel in PAGE_ASSETS[name]["js"]]
    if not scripts:
        return _CONTAINER.sub(lambda m: m.group(1) + "".join(tags), output, count=1)
    # In the container, for page swaps: ATI_load adds the scripts this document has not run yet.
    tags.append("<script>ATI_load(" + json.dumps(scripts).replace("</", "<\\/") + ")</script>")
    output = _CONTAINER.sub(lambda m: m.group(1) + "".join(tags), output, count=1)
    # At the end of the body, after core.js, for a first load (and file://, where document$ may never fire).
    end = "".join(f'<script src="{html.escape(u)}"></script>' for u in scripts)
    cut = output.rfind("</body>")
    return output[:cut] + end + output[cut:]


def _slim_index(path: pathlib.Path) -> None:
    """Drop the paragraph tags from the search index's text (results show it as plain text)."""
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        doc["text"] = re.sub(r"\s*</?p>\s*", " ", doc.get("text", "")).strip()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config):
    import rcssmin
    import rjsmin

    site = pathlib.Path(config["site_dir"])
    _slim_index(site / "search/search_index.json")
    for rel, _ in _own_assets(pathlib.Path(config["docs_dir"])):
        out = site / rel
        if not out.exists():
            continue
        text = out.read_text(encoding="utf-8")
        mini = rcssmin.cssmin(text) if rel.endswith(".css") else rjsmin.jsmin(text, keep_bang_comments=True)
        out.write_text(mini, encoding="utf-8")


def on_post_template(output, template_name, config):
    """The 404 page (and any other theme page) is built without a Page: fix its markup too."""
    return _valid_html(output) if template_name.endswith(".html") else output
