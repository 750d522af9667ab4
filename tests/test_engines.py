"""The site's engines: MkDocs 1.6.1, ProperDocs 1.6.7 and Zensical each build it strictly, and alike.

Each engine other than MkDocs runs from its own virtual environment,
.venv-<engine>, made from requirements-<engine>.txt; a test skips, naming the
file, only when that environment is missing. README "Future" says what each
test here backs, and what it does not.
"""

from __future__ import annotations

import html.parser
import json
import os
import pathlib
import re
import subprocess
import sys
import textwrap

import pytest

from support import PYTHON, ROOT, copy_project, page_kind


class _Heading(html.parser.HTMLParser):
    """The text of a page's first <h1>, without the permalink's pilcrow."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.done = False
        self.parts: list[str] = []
        self.in_link = False

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and not self.done:
            self.depth = 1
        elif self.depth and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self.in_link = True

    def handle_endtag(self, tag):
        if tag == "h1" and self.depth:
            self.depth = 0
            self.done = True
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data):
        if self.depth and not self.in_link:
            self.parts.append(data)


def pages(site: pathlib.Path) -> dict[str, str]:
    """Every built page's path (relative to the site folder) and the text of its <h1>."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Heading()
        parser.feed(path.read_text(encoding="utf-8"))
        found[path.relative_to(site).as_posix()] = " ".join("".join(parser.parts).split())
    return found


def generator(site: pathlib.Path) -> str:
    match = re.search(r'<meta name="generator" content="([^"]*)"', (site / "index.html").read_text(encoding="utf-8"))
    return match.group(1) if match else ""


ENGINES = {
    # name: (its virtual environment, its build command; the site goes to OUT)
    "properdocs": (ROOT / ".venv-properdocs", ["bin/properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", "OUT"]),
    # Zensical has no -d: it writes site/ beside mkdocs.yml, so it builds a copy of the project.
    "zensical": (ROOT / ".venv-zensical", ["bin/zensical", "build", "--strict", "--clean", "-f", "mkdocs.yml"]),
}


def build_with(engine: str, tmp: pathlib.Path, site_url: str) -> pathlib.Path:
    """Build the site strictly with ``engine`` from its own venv (made from requirements-<engine>.txt)."""
    venv, command = ENGINES[engine]
    if not (venv / command[0]).exists():
        pytest.skip(f"{venv.name}/ is missing: create it from requirements-{engine}.txt (scripts/test does)")
    project = copy_project(tmp / "project")
    out = tmp / "out" if "OUT" in command else project / "site"
    cmd = [str(venv / command[0])] + [str(out) if part == "OUT" else part for part in command[1:]]
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url})
    assert proc.returncode == 0, f"{engine} build --strict failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return out


def scripts(site: pathlib.Path, rel: str) -> str:
    """The script URLs a built page names (its <script src> tags and ATI_load lists), minified names as plain."""
    text = (site / rel).read_text(encoding="utf-8")
    found = re.findall(r'<script src="([^"]+)"', text) + re.findall(r'ATI_load\(\[([^\]]*)\]\)', text)
    return " ".join(found).replace(".min.js", ".js")


def searchable(site: pathlib.Path) -> list[str]:
    """Every location in the site's search index: MkDocs' search/search_index.json, or Zensical's search.json."""
    for name, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / name).exists():
            return [d["location"] for d in json.loads((site / name).read_text(encoding="utf-8"))[key]]
    raise AssertionError(f"no search index in {site}")


@pytest.mark.parametrize("engine", list(ENGINES))
def test_each_engine_builds_the_same_site_as_mkdocs(site_dir, site_url, tmp_path, engine):
    out = build_with(engine, tmp_path, site_url)
    assert generator(site_dir).startswith("mkdocs-1.6.1"), generator(site_dir)
    if engine == "properdocs":
        assert "ProperDocs" in generator(out), generator(out)  # the engine really was ProperDocs

    with_mkdocs, with_engine = pages(site_dir), pages(out)
    # Not an empty match: the guide, the gallery and every template's page.
    templates = len(list((ROOT / "templates").glob("*.yml")))
    assert "index.html" in with_mkdocs and "templates/index.html" in with_mkdocs
    assert sum(p.startswith("templates/") for p in with_mkdocs) == templates + 1
    assert sorted(set(with_engine) - set(with_mkdocs)) == [], f"pages only {engine} built"
    assert sorted(set(with_mkdocs) - set(with_engine)) == [], f"pages only MkDocs built"
    differ = {p: (with_mkdocs[p], with_engine[p]) for p in with_mkdocs if with_mkdocs[p] != with_engine[p]}
    assert differ == {}, f"pages whose <h1> differs (MkDocs, {engine}): {differ}"

    # Each page's own scripts: the fill-in form's on every template page (only there), the planner's on the planner.
    for site in (site_dir, out):
        for rel in with_mkdocs:
            kind = page_kind(rel)
            assert ("/fill-in.js" in scripts(site, rel)) == (kind == "template"), (site.name, rel, scripts(site, rel))
        assert "/planner.js" in scripts(site, "planner/index.html"), (site.name, scripts(site, "planner/index.html"))

    # No careers-service page (docs/hosts/) in the candidates' search; the guide is there.
    for site in (site_dir, out):
        found = searchable(site)
        assert any(loc.startswith("guide/") for loc in found), site
        assert not [loc for loc in found if loc.startswith("hosts/")], f"careers-service pages in search ({site})"


# Zensical's macros extension loads `module_name` the way this script does:
# by file path, with no package around it and the project folder not on sys.path.
PLAIN_MODULE = textwrap.dedent("""
    import importlib.util, pathlib, sys, yaml

    root = pathlib.Path(sys.argv[1])
    assert importlib.util.find_spec("macros") is None, "macros must not be importable by name here"

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor("!ENV", lambda loader, node: None)
    conf = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)

    class Page:
        path = "templates/index.md"

    class Env:
        def __init__(self):
            self.conf = {"root_dir": str(root), "docs_dir": str(root / "docs"),
                         "extra": conf["extra"], "theme": {}}
            self.variables, self.macros, self.page = {}, {}, Page()
        def macro(self, fn):
            self.macros[fn.__name__] = fn
            return fn

    spec = importlib.util.spec_from_file_location("macros", root / "macros" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env = Env()
    module.define_env(env)
    print(sorted(env.macros))
    print(env.macros["template_gallery"]())
    assert "mkdocs" not in sys.modules, "macros imported MkDocs"
""")


def test_macros_loads_as_a_plain_module(tmp_path):
    """Zensical runs macros/__init__.py by its path: define_env must still work, render, and not need MkDocs."""
    proc = subprocess.run([PYTHON, "-I", "-c", PLAIN_MODULE, str(ROOT)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "'template_gallery'" in proc.stdout and "'planner'" in proc.stdout
    assert "thank-you-email" in proc.stdout  # the gallery links the templates
