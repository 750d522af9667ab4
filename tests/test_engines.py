"""The site's engines: MkDocs 1.6.1 today, ProperDocs as the fallback, Zensical later.

README "Future" says what each test here backs, and what it does not.
"""

from __future__ import annotations

import html.parser
import os
import pathlib
import re
import subprocess
import sys
import textwrap

import pytest

from support import PYTHON, ROOT

PROPERDOCS_VENV = ROOT / ".venv-properdocs"


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


@pytest.fixture(scope="module")
def properdocs() -> pathlib.Path:
    """ProperDocs in .venv-properdocs, made by run.py (a no-op when it is up to date)."""
    proc = subprocess.run([sys.executable, "run.py", "venvs"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"could not set up .venv-properdocs:\n{proc.stdout}\n{proc.stderr}"
    return PROPERDOCS_VENV / "bin" / "properdocs"


def test_properdocs_builds_the_same_pages_as_mkdocs(site_dir, site_url, properdocs, tmp_path):
    out = tmp_path / "properdocs-site"
    proc = subprocess.run(
        [str(properdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url},
    )
    assert proc.returncode == 0, f"properdocs build --strict failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    # The engine really was ProperDocs (it names itself), and MkDocs built the other.
    assert "ProperDocs" in generator(out), generator(out)
    assert generator(site_dir).startswith("mkdocs-1.6.1"), generator(site_dir)

    with_mkdocs, with_properdocs = pages(site_dir), pages(out)
    # Not an empty match: the guide, the gallery and every generated template page.
    assert "index.html" in with_mkdocs and "templates/index.html" in with_mkdocs
    assert sum(p.startswith("templates/") for p in with_mkdocs) == len(list((ROOT / "templates").glob("*.yml"))) + 1
    assert sorted(set(with_properdocs) - set(with_mkdocs)) == [], "pages only ProperDocs built"
    assert sorted(set(with_mkdocs) - set(with_properdocs)) == [], "pages only MkDocs built"
    differ = {p: (with_mkdocs[p], with_properdocs[p]) for p in with_mkdocs if with_mkdocs[p] != with_properdocs[p]}
    assert differ == {}, f"pages whose <h1> differs (MkDocs, ProperDocs): {differ}"


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
