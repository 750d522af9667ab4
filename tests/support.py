"""Test helpers: building sites, fixture copies of the project, a local server, Chromium, axe."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.offline.yml", "docs", "macros", "hooks", "overrides", "templates", "rules")
# The guide's pages, in reading order: the one list the tests and the readability report use.
GUIDE_PAGES = [
    "index.md",
    "guide/why-follow-up.md",
    "guide/before-you-leave.md",
    "guide/timing.md",
    "guide/what-to-say.md",
    "guide/channel-and-recipient.md",
    "guide/agency-or-direct.md",
    "guide/not-offered.md",
    "guide/what-to-avoid.md",
    "guide/senior-roles.md",
    "sources.md",
]
# The careers-service pages: not in the candidates' navigation, linked from every page's footer.
HOST_PAGES = ["hosts/index.md", "hosts/branding.md", "hosts/add-a-template.md", "hosts/hosting.md", "hosts/privacy.md"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# ---------------------------------------------------------------------------
# Building


def build_site(config: pathlib.Path, out: pathlib.Path, env: dict | None = None, check: bool = True,
               strict: bool = True) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` (strict by default) and fail with its output if it fails.

    Never pass -q: MkDocs then drops warnings before strict mode can count them.
    """
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)]
    if strict:
        cmd.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=config.parent)
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def copy_project(dest: pathlib.Path) -> pathlib.Path:
    """A throwaway copy of the project's site sources, for fixture sites a test may break."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


# ---------------------------------------------------------------------------
# Serving


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = ""

    def log_message(self, *args):  # keep test output quiet
        pass

    def translate_path(self, path):
        parsed = urllib.parse.urlsplit(path).path
        if self.prefix:
            if not parsed.startswith(self.prefix):
                return str(pathlib.Path(self.directory) / "__outside_prefix__")
            parsed = "/" + parsed[len(self.prefix):].lstrip("/")
        return super().translate_path(parsed)


@contextlib.contextmanager
def serve(directory: pathlib.Path, prefix: str = ""):
    """Serve ``directory`` at http://127.0.0.1:PORT{prefix}/ in a thread; yields the base URL."""
    prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def build_and_serve(config: pathlib.Path, out: pathlib.Path, prefix: str = "", env: dict | None = None):
    """Start a server, then build into ``out`` with its address as site_url; yields the URL.

    The server comes first because Material's instant navigation only follows
    links that match site_url, port included.
    """
    out.mkdir(parents=True, exist_ok=True)
    with serve(out, prefix) as url:
        build_site(config, out, env={"SITE_URL": url, **(env or {})})
        yield url


# ---------------------------------------------------------------------------
# The browser


def chromium_path() -> str | None:
    """Debian's Chromium here; None means Playwright's own build (GitHub's runners)."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@contextlib.contextmanager
def launch_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watcher:
    """Records requests to any host but this machine, and console errors, on one page."""

    def __init__(self, page):
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(r.url))

    def _request(self, request):
        url = urllib.parse.urlsplit(request.url)
        if url.scheme in ("data", "blob", "about", "file", "mailto", "chrome-extension"):
            return
        if url.hostname not in LOCAL_HOSTS:
            self.foreign.append(request.url)

    def assert_clean(self):
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.errors == [], f"console errors: {self.errors}"


def ready(page, url: str):
    """Open ``url`` and wait until Material's JavaScript has started and the page is idle."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")
    return page


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    # Material fades the header title in and out as the page scrolls: measured mid-fade,
    # text is part-transparent and fails contrast at random. Judge the settled page.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.wait_for_timeout(50)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
    return results.response["violations"]


def assert_no_axe_violations(page, what: str = ""):
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found {len(violations)} violation(s) {what}:\n{report}"


# ---------------------------------------------------------------------------
# Reading built HTML without a browser


class Elements:
    """Every start tag in an HTML document as (tag, attrs dict), plus its text."""

    def __init__(self, text: str):
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict]] = []
        chunks: list[str] = []
        tags = self.tags

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                tags.append((tag, dict(attrs)))

            def handle_data(self, data):
                chunks.append(data)

        P(convert_charrefs=True).feed(text)
        self.text = "".join(chunks)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def built_path(src: str) -> str:
    """guide/timing.md -> guide/timing/index.html (MkDocs' directory URLs)."""
    if src == "index.md":
        return "index.html"
    return src[: -len(".md")] + "/index.html"


def read_page(site: pathlib.Path, src_uri: str) -> str:
    """The built HTML of a Markdown page (use_directory_urls: true)."""
    if src_uri.endswith("/index.md"):
        return (site / src_uri[: -len("index.md")] / "index.html").read_text(encoding="utf-8")
    return (site / built_path(src_uri)).read_text(encoding="utf-8")


def nav_pages(config: pathlib.Path = ROOT / "mkdocs.yml") -> list[tuple[str, str]]:
    """(title, src path) of every page in the configured navigation."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    out: list[tuple[str, str]] = []

    def walk(items):
        for item in items:
            for title, value in item.items():
                if isinstance(value, list):
                    walk(value)
                else:
                    out.append((title, value))

    walk(data["nav"])
    return out
