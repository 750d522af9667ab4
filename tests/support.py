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
if str(ROOT) not in sys.path:  # macros/ (plain Python), also when tests/readability.py runs as a script
    sys.path.insert(0, str(ROOT))
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.offline.yml", "docs", "macros", "hooks", "overrides", "templates", "rules")
# The guide's pages, in reading order, read from mkdocs.yml's nav (macros/nav.py): a new page is
# its file plus its nav line. Left out: the pages with components of their own, which their own
# tests cover (the checker, the worksheet, the gallery, the planner).
OWN_TESTS = ("check.md", "worksheet.md", "templates/index.md", "planner.md")


def nav_pages(config: pathlib.Path = ROOT / "mkdocs.yml") -> list[tuple[str, str]]:
    """(title, src path) of every page in the configured navigation."""
    from macros import nav

    return nav.pages(nav.read_nav(config))


def guide_pages(config: pathlib.Path = ROOT / "mkdocs.yml") -> list[str]:
    return [src for _, src in nav_pages(config) if src not in OWN_TESTS]


GUIDE_PAGES = guide_pages()
# The careers-service pages: not in the candidates' navigation, linked from every page's footer.
HOST_PAGES = ["hosts/index.md", "hosts/branding.md", "hosts/add-a-template.md", "hosts/hosting.md", "hosts/privacy.md"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# The day every test build takes as "today" (SOURCE_DATE_EPOCH, the reproducible-builds
# convention), so the planner's holiday window never follows the real clock: 6 December 2026.
BUILD_EPOCH = "1796515200"

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
               strict: bool = True, pages: bool = True) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` (strict by default) and fail with its output if it fails.

    In a scratch copy (not the project itself), ``pages=True`` first runs
    ``python -m macros pages``, as a careers service does after adding or
    hiding a template, so tests that add templates get their pages. The
    project's own committed pages are never refreshed here: its build checks them.
    Never pass -q: MkDocs then drops warnings before strict mode can count them.
    """
    if pages and config.parent.resolve() != ROOT.resolve():
        subprocess.run([PYTHON, "-m", "macros", "pages"], cwd=config.parent, capture_output=True, text=True)
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)]
    if strict:
        cmd.append("--strict")
    full_env = {"SOURCE_DATE_EPOCH": BUILD_EPOCH, **os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
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


def pin_clock(page, when: str) -> str:
    """Fix the page's clock (``Date``, ``Date.now``) at ``when``, a local time such as
    "2026-12-12T10:00:00", before the page loads; timers still run. Returns the ISO date.

    No browser test may read the real clock (issue 19): call this before ``page.goto``.
    """
    page.clock.set_fixed_time(when)
    return when[:10]


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


# ---------------------------------------------------------------------------
# Site-wide gates (tests/test_quality_gates.py, scripts/bench): what a page loads


def built_pages(site: pathlib.Path) -> list[str]:
    """Every HTML page in a built site, as paths relative to it (sorted)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_kind(rel: str) -> str:
    """home, guide, gallery, template, planner, hosts, 404 or other, from a built page's path."""
    if rel == "index.html":
        return "home"
    if rel == "404.html":
        return "404"
    if rel.startswith("guide/"):
        return "guide"
    if rel.startswith("hosts/"):
        return "hosts"
    if rel in ("templates/index.html", "templates.html"):
        return "gallery"
    if rel.startswith("templates/"):
        return "template"
    if rel.startswith("planner"):
        return "planner"
    return "other"


def linked_assets(site: pathlib.Path, rel: str) -> list[str]:
    """The stylesheets and scripts a built page loads (site-relative, query kept).

    Counts <link rel=stylesheet>, <script src> and the per-page scripts that
    ATI_load([...]) adds (overrides/main.html).
    """
    import json
    import posixpath
    import re

    text = (site / rel).read_text(encoding="utf-8")
    els = Elements(text)
    urls = [a["href"] for a in els.find("link") if a.get("rel") == "stylesheet" and a.get("href")]
    urls += [a["src"] for t, a in els.tags if t == "script" and a.get("src")]
    for match in re.finditer(r"ATI_load\((\[[^\]]*\])\)", text):
        urls += json.loads(match.group(1))
    base = posixpath.dirname(rel)
    out = []
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme or parts.netloc:
            out.append(url)
            continue
        # The 404 page links from the site root (its URL is unknown); we serve at the root.
        path = parts.path.lstrip("/") if parts.path.startswith("/") else posixpath.normpath(posixpath.join(base, parts.path))
        out.append(path + (f"?{parts.query}" if parts.query else ""))
    return out


ON_DEMAND_WORKER = "assets/javascripts/workers/search-on-demand.js"


def search_files(site: pathlib.Path) -> list[str]:
    """The search worker and index, site-relative."""
    files = [p.relative_to(site).as_posix() for p in sorted((site / "assets/javascripts/workers").glob("search.*.js"))]
    if (site / "search/search_index.json").exists():
        files.append("search/search_index.json")
    return files


def first_load(site: pathlib.Path, rel: str, with_search: bool = False) -> dict:
    """Bytes a first visit to a page fetches: the HTML, what it links, and the sitemap.

    Material's search worker and the index load only when the reader opens
    search (overrides/partials/search-on-demand.html); only our small worker
    that starts Material's loads with the page. ``with_search=True`` adds them,
    for the figure after a first search. tests/test_quality_gates.py checks in
    Chromium that a first load requests nothing outside ``files``.

    Returns {"raw": n, "gzip": n, "files": [...], "missing": [...]}; each file is
    gzipped on its own, as a server compresses each response.
    """
    import gzip

    files = [rel] + [u.split("?")[0] for u in linked_assets(site, rel)]
    if (site / "sitemap.xml").exists():
        files.append("sitemap.xml")  # instant navigation reads it on every first load
    # Material starts its worker with the page: this one is ours (search-on-demand.js, maybe .min.js).
    files += [p.relative_to(site).as_posix() for p in sorted((site / ON_DEMAND_WORKER).parent.glob("search-on-demand*.js"))]
    if with_search:
        files += search_files(site)
    raw = gz = 0
    missing = []
    for f in dict.fromkeys(files):
        path = site / f
        if "://" in f or not path.is_file():
            missing.append(f)
            continue
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9, mtime=0))
    return {"raw": raw, "gzip": gz, "files": list(dict.fromkeys(files)), "missing": missing}


# A phone on a slow network, the way Lighthouse's mobile run slows a page.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                "uploadThroughput": 750 * 1024 / 8}
_CLS_SCRIPT = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
}).observe({type: "layout-shift", buffered: true});
"""


def layout_shift(browser, url: str, settle_ms: int = 1500) -> float:
    """Cumulative layout shift of one load of ``url`` on a throttled phone (CPU 4x slower, slow network)."""
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        page.add_init_script(_CLS_SCRIPT)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(settle_ms)
        return float(page.evaluate("() => window.__cls"))
    finally:
        ctx.close()
