"""Test helpers: building sites, fixture copies of the project, a local server, Chromium, axe."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
import warnings

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
    Built once per configuration: a successful build is kept for the session,
    keyed by the contents of the project folder, the config's name, ``strict``
    and the environment, and copied into ``out`` when asked for again.

    Never pass -q: MkDocs then drops warnings before strict mode can count them.
    """
    if pages and config.parent.resolve() != ROOT.resolve():
        subprocess.run([PYTHON, "-m", "macros", "pages"], cwd=config.parent, capture_output=True, text=True)
    full_env = {"SOURCE_DATE_EPOCH": BUILD_EPOCH, **os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    key = _build_key(config, out, full_env, strict)
    if key in _BUILDS:
        cached, proc = _BUILDS[key]
        _replace_tree(cached, out)
        return proc
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=config.parent)
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if proc.returncode == 0:
        cached = _build_cache_dir() / key
        _replace_tree(out, cached)
        _BUILDS[key] = (cached, proc)
    return proc


# Successful builds of this session (this process: each pytest-xdist worker keeps its own).
_BUILDS: dict[str, tuple[pathlib.Path, subprocess.CompletedProcess]] = {}
# Not read by a build, so left out of the key: these names at the project's top level (a copy_project()
# copy, which has none of them, then shares the real project's builds), and __pycache__ anywhere.
_NOT_SOURCES = {".git", ".gitignore", ".venv", ".venv-properdocs", "node_modules", ".pytest_cache", "site", "dist",
                "bench-output", "tests", "scripts", ".github", ".ci", "README.md", "LICENSE", "LICENSE-content.md",
                "requirements.txt", "requirements-dev.txt", "requirements-properdocs.txt", "constraints.txt",
                "package.json", "package-lock.json", "pytest.ini"}
_VOLATILE_ENV = {"PYTEST_CURRENT_TEST"}


def _build_key(config: pathlib.Path, out: pathlib.Path, env: dict, strict: bool) -> str:
    import hashlib
    import json

    root = config.parent.resolve()
    out = out.resolve()
    digest = hashlib.sha256(json.dumps([config.name, strict, sorted((k, v) for k, v in env.items()
                                                                     if k not in _VOLATILE_ENV)]).encode())
    for folder, dirs, files in os.walk(root):
        here = pathlib.Path(folder)
        skip = _NOT_SOURCES if here == root else set()
        dirs[:] = sorted(d for d in dirs if d not in skip and d != "__pycache__" and (here / d).resolve() != out)
        for name in sorted(set(files) - skip):
            path = here / name
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def _build_cache_dir() -> pathlib.Path:
    global _CACHE_DIR
    if _CACHE_DIR is None:
        import atexit
        import tempfile

        _CACHE_DIR = pathlib.Path(tempfile.mkdtemp(prefix="ati-builds-"))
        atexit.register(shutil.rmtree, _CACHE_DIR, True)
    return _CACHE_DIR


_CACHE_DIR: pathlib.Path | None = None


def _replace_tree(src: pathlib.Path, dest: pathlib.Path) -> None:
    """Make ``dest`` hold exactly what ``src`` holds (as ``mkdocs build`` cleans its output folder first)."""
    dest.mkdir(parents=True, exist_ok=True)
    for child in dest.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    shutil.copytree(src, dest, dirs_exist_ok=True)


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


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    import gzip

    return gzip.compress(pathlib.Path(path).read_bytes(), compresslevel=6, mtime=0)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a host does: text gzipped (level 6) when the browser asks, as transfer_size counts."""

    prefix = ""

    def log_message(self, *args):  # keep test output quiet
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        if (not os.path.isfile(path) or path.lower().endswith(PRECOMPRESSED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path):
        parsed = urllib.parse.urlsplit(path).path
        if self.prefix:
            if not parsed.startswith(self.prefix):
                return str(pathlib.Path(self.directory) / "__outside_prefix__")
            parsed = "/" + parsed[len(self.prefix):].lstrip("/")
        return super().translate_path(parsed)


class _Server(http.server.ThreadingHTTPServer):
    """A threaded server whose queue of waiting connections holds 128, not Python's default 5.

    A browser opens several connections a page, and the phone visits load 4 pages at once: with 5,
    the kernel dropped connections it had no room for (ListenOverflows in /proc/net/netstat: 631 in
    one session here), and each dropped one waited for the browser to try again, 1 s, then 3 s,
    then 7 s... In CI a throttled page waited 180 s for its stylesheet and scripts this way.
    """

    request_queue_size = 128


@contextlib.contextmanager
def serve(directory: pathlib.Path, prefix: str = ""):
    """Serve ``directory`` at http://127.0.0.1:PORT{prefix}/ in a thread; yields the base URL."""
    prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
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

    def reset(self):
        """Forget what was recorded: for a page that opens another address for the next check."""
        self.foreign.clear()
        self.errors.clear()
        self.failed.clear()

    def assert_clean(self):
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.errors == [], f"console errors: {self.errors}"


@contextlib.contextmanager
def one_tab(browser, **context_options):
    """One page in one context, for read-only checks that open page after page in it: a full load each,
    at about half the cost of a new context a page on this 2-core machine. The page carries a Watcher
    (``page.watcher``; reset it before each check)."""
    ctx = browser.new_context(**context_options)
    try:
        page = ctx.new_page()
        page.watcher = Watcher(page)
        yield page
    finally:
        ctx.close()


def pin_clock(page, when: str) -> str:
    """Fix the page's clock (``Date``, ``Date.now``) at ``when``, a local time such as
    "2026-12-12T10:00:00", before the page loads; timers still run. Returns the ISO date.

    No browser test may read the real clock (issue 19): call this before ``page.goto``.
    """
    page.clock.set_fixed_time(when)
    return when[:10]


def ready(page, url: str):
    """Open ``url`` and wait until it has loaded and Material's JavaScript has started.

    Not "networkidle", which always waits a further 500 ms: every file a page needs is
    local and named in its HTML, so "load" covers them, and the page scripts start from
    Material's document$ (a replaying subject) before that. A test waits for what it
    checks (a component's data-mounted, say), never for a pause.
    """
    page.goto(url)
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")
    return page


# Material's instant navigation takes over a click only once it has the site's sitemap.xml (the pages it
# may swap in); a click before that is an ordinary page load. A reader is slower than that, so a test that
# checks the swap waits for the request's answer (up to 20 s), then lets Material read it. Read from a
# PerformanceObserver: Playwright's page.clock (pin_clock) replaces performance.getEntries* with empty ones.
# A function body returning a promise of true (fetched) or false, for Playwright (follow) and for the other
# engines' runners (tests/other_browsers.py).
AWAIT_INSTANT_NAVIGATION = """
  return new Promise((done) => {
    const sitemap = (list) => list.getEntries().some((e) => new URL(e.name).pathname.endsWith("/sitemap.xml"));
    const observer = new PerformanceObserver((list) => {
      if (sitemap(list)) { observer.disconnect(); setTimeout(() => done(true), 100); }
    });
    observer.observe({type: "resource", buffered: true});
    setTimeout(() => { observer.disconnect(); done(false); }, 20000);
  });
"""


def follow(page, link) -> None:
    """Click ``link`` (a locator) and wait until Material's instant navigation has put the new page in.

    Material pushes the new address at the click, before it fetches the page, and a
    same-document navigation never resets Playwright's load states: wait_for_url returns
    at the click, and "networkidle" can come before Material has swapped the fetched page
    in (CI read the old page's links that way).
    The wait ends when document$ has emitted again and the container is a new one, and
    after Material's own close of search and the drawer, 125 ms after the address changed
    (a page timer set now for longer runs after it: timers run in the order they fall due).
    A reader is never that quick; a test that opened search sooner saw it shut.
    First it waits until Material can swap pages at all (AWAIT_INSTANT_NAVIGATION).
    """
    assert page.evaluate(f"() => {{ {AWAIT_INSTANT_NAVIGATION} }}"), f"{page.url}: Material never fetched sitemap.xml"
    page.evaluate("""() => {
      document.querySelector('[data-md-component=container]').__atiOld = true;
      if (!window.__atiCounting) { window.__atiCounting = true; document$.subscribe(() => { window.__atiViews++; }); }
      window.__atiViews = 0;  // after subscribing: the subscription replays the current page at once
    }""")
    link.click()
    page.wait_for_function("""() => {
      const c = document.querySelector('[data-md-component=container]');
      return window.__atiViews > 0 && c && !c.__atiOld;
    }""")
    page.evaluate("() => new Promise(done => setTimeout(done, 130))")


# Where a page opened after a link, one check for every engine (Chromium through Playwright, Firefox and
# WebKit through tests/other_browsers.py). Takes the link's own #fragment, decoded ('' if none): the link
# decides, not the address bar (with navigation.tracking on, Material stamped the last page's section onto
# the next page's address, and that page then opened scrolled to it). Returns '' if the page shows its top,
# or that anchor where the browser's own fragment navigation puts it (Material does the same for a click on
# a "#id" link), or as near as the page's end allows; else what is wrong.
OPENED_AT_TOP_OR_ANCHOR = """(id) => {
  const here = location.href, y = scrollY;
  if (!id) return y <= 2 ? "" : `${here} opened scrolled to ${Math.round(y)}px, not its top`;
  const el = document.getElementById(id);
  if (!el) return `${here}: no element with id "${id}"`;
  const top = el.getBoundingClientRect().top, max = document.documentElement.scrollHeight - innerHeight;
  const a = document.createElement("a");
  a.href = "#" + encodeURIComponent(id);
  a.addEventListener("click", (e) => e.stopPropagation());
  a.click();
  const ref = el.getBoundingClientRect().top;
  scrollTo(0, y);
  return Math.abs(top - ref) <= 2 || y >= max - 2 ? ""
    : `${here} opened with #${id} at ${Math.round(top)}px, not at ${Math.round(ref)}px as the browser puts it`;
}"""


def opened_at_top_or_anchor(page, fragment: str) -> str:
    """OPENED_AT_TOP_OR_ANCHOR in a Playwright page, once Material has finished opening it."""
    page.wait_for_timeout(600)  # past Material's 400 ms search-close delay and its scroll restore
    return page.evaluate(OPENED_AT_TOP_OR_ANCHOR, fragment)


# ---------------------------------------------------------------------------
# Template forms (macros/render.py's markup, filled as a reader fills it)


def fid(tid: str, name: str, person: int = 1) -> str:
    """The CSS selector of a template form's field (a date is a fieldset of three boxes)."""
    return f"#ati-{tid}-{name}" + (f"-{person}" if person > 1 else "")


def typed_examples(t) -> dict[str, str]:
    """A template's example for each field as a reader types it into the form: as its file gives them
    (dates as YYYY-MM-DD). Not Template.example_values(locale), which gives them as a message shows them."""
    return {f.name: str(f.example) for f in t.fields}


def cut_off_choices(page, selector: str) -> list[list]:
    """[select id, choice, text width, room] for each choice a closed <select> matching ``selector`` would cut
    off: wider than the widest the box can be (its parent's width), less its padding and 1.5em for the arrow."""
    return page.evaluate("""(selector) => {
        const out = [], probe = document.createElement('span');
        Object.assign(probe.style, {position: 'absolute', whiteSpace: 'pre'});
        document.body.append(probe);
        for (const box of document.querySelectorAll(selector)) {
            const cs = getComputedStyle(box);
            for (const k of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing']) probe.style[k] = cs[k];
            const room = box.parentElement.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
                - 1.5 * parseFloat(cs.fontSize);
            for (const o of box.options) {
                probe.textContent = o.text;
                const width = probe.getBoundingClientRect().width;
                if (width > room) out.push([box.id, o.text, Math.round(width), Math.round(room)]);
            }
        }
        probe.remove();
        return out; }""", selector)


def fill_fields(page, tid, values: dict[str, str], person: int = 1) -> dict[str, str]:
    """Fill fields; returns each value as the control holds it (text inputs drop line breaks)."""
    held = {}
    for name, value in values.items():
        box = page.locator(fid(tid, name, person))
        tag = box.evaluate("e => e.tagName")
        if tag == "FIELDSET":  # a date: Day, Month and Year boxes (value given as YYYY-MM-DD)
            year, month, day = value.split("-")
            for part, typed in (("day", str(int(day))), ("month", str(int(month))), ("year", year)):
                page.locator(fid(tid, name, person) + "-" + part).fill(typed)
            held[name] = value
        elif tag == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)
        if tag != "FIELDSET":
            held[name] = box.input_value()
    return held


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    # Material fades the header title in and out as the page scrolls: measured mid-fade,
    # text is part-transparent and fails contrast at random. Judge the settled page.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.wait_for_timeout(50)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
        # Every rule still runs on every element; only the violations come back in full.
        "resultTypes": ["violations"]})
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


def not_found_links(html: str) -> list[tuple[str, str]]:
    """(address, name) of each link in the 404 page's list of places to start again (overrides/404.html)."""
    start = html.index('class="ati-not-found"')
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html[start:html.index("</ul>", start)])


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


def load_config(config: pathlib.Path = ROOT / "mkdocs.yml") -> dict:
    """mkdocs.yml as plain data (!ENV and python/name tags read as None)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)
    return yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)


# ---------------------------------------------------------------------------
# Site-wide gates (tests/test_quality_gates.py, scripts/bench): what a page loads


def built_pages(site: pathlib.Path) -> list[str]:
    """Every HTML page in a built site, as paths relative to it (sorted)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_kind(rel: str) -> str:
    """A built page's type, from its path: home, 404, guide, hosts, gallery, template, or else its first folder
    (planner, check, worksheet, sources, ...), so a new kind of page is a new type with no edit here."""
    if rel == "index.html":
        return "home"
    if rel == "404.html":
        return "404"
    if rel in ("templates/index.html", "templates.html"):
        return "gallery"
    top = rel.split("/", 1)[0]
    if top == "templates":
        return "template"
    return top[: -len(".html")] if top.endswith(".html") else top


def linked_assets(site: pathlib.Path, rel: str) -> list[str]:
    """The stylesheets and scripts a built page loads (site-relative, query kept).

    Counts <link rel=stylesheet>, <script src> and the per-page scripts that
    ATI_load([...]) adds (overrides/main.html).
    """
    import json
    import posixpath

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
    gzipped on its own, as a server compresses each response (transfer_size).
    """
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
        raw += path.stat().st_size
        gz += transfer_size(path)
    return {"raw": raw, "gzip": gz, "files": list(dict.fromkeys(files)), "missing": missing}


# ---------------------------------------------------------------------------
# Every built page on a throttled phone (tests/test_quality_gates.py): layout shift, what a first
# visit fetches, and the main content's link names, in one load per page.

# A phone on a slow network, the way Lighthouse's mobile run slows a page.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# Already compressed: a server sends these as they are.
PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".gz", ".zip")

# Every layout shift from the page's start, with the element that moved. No entry is skipped:
# Chrome marks shifts with hadRecentInput even when nothing was typed (issue 22), so a test that
# sends no input counts them all.
_SHIFT_OBSERVER = """
window.__atiShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const nodes = (e.sources || []).map((s) => s.node).filter(Boolean).map((n) => n.nodeType === 1
      ? n.nodeName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.classList.length ? "." + [...n.classList].join(".") : "")
      : n.nodeName);
    window.__atiShifts.push({value: e.value, nodes, input: e.hadRecentInput});
  }
}).observe({type: "layout-shift", buffered: true});
"""
# Settled: fonts loaded, then 30 animation frames in a row with no new layout shift.
_SETTLE = """
async () => {
  await document.fonts.ready;
  let seen = window.__atiShifts.length, quiet = 0;
  while (quiet < 30) {
    await new Promise((r) => requestAnimationFrame(r));
    if (window.__atiShifts.length === seen) quiet += 1; else { seen = window.__atiShifts.length; quiet = 0; }
  }
  return window.__atiShifts;
}
"""
# Each link in the main content, with its accessible name as axe-core computes it (text, aria-label,
# aria-labelledby, visually hidden text, alt text) and its absolute address. A heading's own
# permalink (Material's "¶") is left out: the heading it sits in names its purpose.
_MAIN_LINKS = """
() => {
  axe.setup(document);
  try {
    const main = document.querySelector("article") || document.querySelector(".md-content");
    if (!main) return [];
    return [...main.querySelectorAll("a[href]")].filter((a) => !a.classList.contains("headerlink")).map((a) => ({
      name: axe.commons.text.sanitize(axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(a))).trim(),
      href: a.href,
    }));
  } finally {
    axe.teardown();
  }
}
"""


_BASE64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def source_map_positions(mappings: str):
    """(line, column) in the generated file of each segment of a source map's "mappings" (Base64 VLQ, 0-based)."""
    for line, text in enumerate(mappings.split(";")):
        column = 0
        for segment in filter(None, text.split(",")):
            value = shift = 0
            for char in segment:  # only the first field, the column (relative to the previous one), is needed
                digit = _BASE64[char]
                value += (digit & 31) << shift
                shift += 5
                if not digit & 32:
                    break
            column += -(value >> 1) if value & 1 else value >> 1
            yield line, column


def transfer_size(path: pathlib.Path) -> int:
    """Bytes a gzipping server sends for one file (level 6, the usual default); images and fonts as they are."""
    import gzip

    data = path.read_bytes()
    if path.name.lower().endswith(PRECOMPRESSED):
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_url(base: str, rel: str) -> str:
    """The address of a built page: guide/timing/index.html -> {base}guide/timing/ ."""
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def site_file(site: pathlib.Path, base: str, url: str) -> pathlib.Path | None:
    """The built file a same-site URL serves, or None for another host or a missing file."""
    if not url.startswith(base):
        return None
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url).path)[len(urllib.parse.urlsplit(base).path):]
    path = site / rel
    if path.is_dir() or rel == "" or rel.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def phone_visits(browser, site: pathlib.Path, base: str, rels: list[str], at_once: int = 4) -> dict[str, dict]:
    """A first visit to each built page on a throttled phone, observed from the page's start until settled.

    The network stays slow throughout; the CPU is 4x slower until the page's "load" event.

    Each page gets a fresh context (empty cache, nothing stored). ``at_once`` pages load side by side,
    each in its own context, so their waits on the slow network overlap.

    Returns {rel: {"cls": total layout shift, "shifts": [...], "fetched": {url: bytes}, "missing": [urls],
    "foreign": [urls], "links": [{"name", "href"}]}}. "fetched" is every response Chromium asked for
    without the reader doing anything, sized as a gzipping server sends it (transfer_size).
    """
    out = {}
    for i in range(0, len(rels), at_once):
        batch: list[_Visit] = []
        try:
            # Each step runs for the whole batch before the next, so the pages load, and then settle, side by side.
            for rel in rels[i:i + at_once]:
                batch.append(_Visit(browser, site, base, rel))
            for visit in list(batch):
                try:
                    visit.loaded()
                except StuckVisit as stuck:
                    # In two CI runs a throttled page never fired "load": its stylesheet and scripts were
                    # still open after 180 s. The cause was the test server's queue of 5 connections (see
                    # _Server); should a page stall again, it is visited again, alone: the gates judge what
                    # a page shifts and fetches, and a second stall fails them, naming the open requests.
                    warnings.warn(f"{stuck}; visiting it again, alone")
                    visit.close()
                    again = _Visit(browser, site, base, visit.rel)
                    batch[batch.index(visit)] = again
                    again.loaded()
            for visit in batch:
                out[visit.rel] = visit.result()
        finally:
            # A visit that failed stops the rest of its batch: close them all, or their pages keep the
            # CPU throttled. Chromium slows a page by making it spin 3 ms in every 4, so one left open
            # takes most of a core for the rest of the run (seen in CI: three pages, 4 minutes each).
            for visit in batch:
                visit.close()
    return out


# Throttled CPU and network on a busy machine: a page may take longer than Playwright's 30 s default.
# The gates measure shifts and bytes, never time, so a visit waits this long for each load state.
VISIT_TIMEOUT_MS = 180_000


class StuckVisit(AssertionError):
    """A throttled phone visit that did not reach a load state in time."""


class _Visit:
    """One first visit on a throttled phone, in a context of its own, in three steps: started here (the
    address is set, not waited for), loaded(), then result(). close() may come at any point."""

    def __init__(self, browser, site: pathlib.Path, base: str, rel: str):
        self.site, self.base, self.rel = site, base, rel
        self.requested: list[str] = []
        self.done: set[str] = set()
        self.ctx = browser.new_context(**PHONE, service_workers="block")
        try:
            page = self.page = self.ctx.new_page()
            cdp = self.ctx.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
            page.on("request", lambda r: self.requested.append(r.url))
            page.on("requestfinished", lambda r: self.done.add(r.url))
            page.on("requestfailed", lambda r: self.done.add(r.url))
            page.add_init_script(_SHIFT_OBSERVER)
            # The page's own work (parsing, styles, every script it names) is done by "load", and what it
            # shifts later is still counted. Chromium slows a page by making it spin 3 ms in every 4 even
            # while it waits, so slowing it any longer (until its turn in the batch) only took CPU from the
            # rest of the run.
            page.once("load", lambda: cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1}))
            # Set the address and return: goto() waits for the first answer, one page after another.
            page.evaluate("(url) => { location.href = url; }", page_url(base, rel))
        except BaseException:
            self.ctx.close()
            raise

    def loaded(self) -> None:
        """Wait for "load", then "networkidle"; then start the settle in the page, for result() to read."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        for state in ("load", "networkidle"):
            try:
                if state == "load":  # the new page's, not about:blank's (the page before it, loaded long ago)
                    self.page.wait_for_url(lambda url: not url.startswith("about:"), wait_until="load",
                                           timeout=VISIT_TIMEOUT_MS)
                else:
                    self.page.wait_for_load_state(state, timeout=VISIT_TIMEOUT_MS)
            except PlaywrightTimeout:
                still_open = [u for u in dict.fromkeys(self.requested) if u not in self.done]
                raise StuckVisit(f"{self.rel}: no '{state}' within {VISIT_TIMEOUT_MS / 1000:.0f} s on a throttled "
                                 f"phone; {len(self.requested)} requests, still open: {still_open}") from None
        self.page.evaluate(f"() => {{ window.__atiSettled = ({_SETTLE.strip()})(); }}")

    def result(self) -> dict:
        """Once settled: the shifts, what was fetched, and the main content's link names."""
        from axe_playwright_python.base import AXE_SCRIPT

        try:
            shifts = self.page.evaluate("() => window.__atiSettled")
            self.page.evaluate(AXE_SCRIPT)
            links = self.page.evaluate(_MAIN_LINKS)
        finally:
            self.close()
        fetched, missing, foreign = {}, [], []
        for url in dict.fromkeys(self.requested):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                foreign.append(url)
                continue
            path = site_file(self.site, self.base, url)
            if path is None:
                missing.append(url)
            else:
                fetched[url] = transfer_size(path)
        return {"cls": sum(s["value"] for s in shifts), "shifts": shifts, "fetched": fetched, "missing": missing,
                "foreign": foreign, "links": links}

    def close(self) -> None:
        self.ctx.close()
