"""Hosting under a sub-path: site_url (SITE_URL) with a path, served only under that path.

The server starts first and refuses anything outside the prefix, then the
site is built with SITE_URL set to the served address. A crawl over HTTP
follows every internal link and fetches every asset (href, src, CSS url())
from every page, the 404 page and the site map. Then Chromium searches and
navigates with no failed request.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

from support import ROOT, build_and_serve, ready, Watcher

PREFIX = "/careers/after-the-interview/"
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")
URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
             ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _Refs(HTMLParser):
    """Every URL-bearing attribute and every element id in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for t, a in URL_ATTRS:
            if tag == t and attrs.get(a):
                self.refs.append((tag, attrs[a]))
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def css_urls(text: str) -> list[str]:
    return [u.strip("'\"") for u in re.findall(r"url\(\s*([^)]+?)\s*\)", text)]


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            return resp.status, resp.read(), resp.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("subpath-site")
    with build_and_serve(ROOT / "mkdocs.yml", out, prefix=PREFIX) as url:
        assert url.endswith(PREFIX)
        yield out, url


@pytest.fixture(scope="module")
def crawl(subpath_site):
    """Crawl the site over HTTP. Returns (pages, problems, counts)."""
    out, base = subpath_site
    origin = urllib.parse.urlsplit(base)
    pages: dict[str, set[str]] = {}        # page URL -> ids in it
    fetched: dict[str, int] = {}
    fragments: list[tuple[str, str, str]] = []   # (from page, target page, fragment)
    problems: list[str] = []
    foreign_assets: list[str] = []
    queue = [base, base + "404.html"]
    status, body, _ = fetch(base + "sitemap.xml")
    assert status == 200, "no sitemap.xml under the prefix"
    sitemap = re.findall(r"<loc>(.*?)</loc>", body.decode("utf-8"))
    assert sitemap, "the site map lists no pages"
    for loc in sitemap:
        assert loc.startswith(base), f"site map entry outside the sub-path: {loc}"
        queue.append(loc)

    def check(url: str, referrer: str) -> tuple[int, bytes, str]:
        if url not in fetched:
            status, body, ctype = fetch(url)
            fetched[url] = status
            if status != 200:
                problems.append(f"{status} for {url} (from {referrer})")
            return status, body, ctype
        return fetched[url], b"", ""

    seen_css: set[str] = set()
    while queue:
        page = queue.pop()
        if page in pages:
            continue
        status, body, ctype = fetch(page)
        fetched[page] = status
        if status != 200:
            problems.append(f"{status} for page {page}")
            continue
        page_html = body.decode("utf-8")
        refs = _Refs()
        refs.feed(page_html)
        pages[page] = refs.ids
        for style in refs.styles:
            for u in css_urls(style):
                if not u.startswith(SKIP_SCHEMES):
                    check(urllib.parse.urljoin(page, u), page)
        for tag, raw in refs.refs:
            raw = htmlmod.unescape(raw).strip()
            if not raw or raw.startswith(SKIP_SCHEMES):
                continue
            url = urllib.parse.urljoin(page, raw)
            parts = urllib.parse.urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                if tag != "a":
                    foreign_assets.append(f"{tag} {url} on {page}")
                continue
            if not parts.path.startswith(PREFIX):
                problems.append(f"{tag} {raw} on {page} leaves the sub-path: {url}")
                continue
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            if parts.fragment and tag == "a":
                fragments.append((page, target, urllib.parse.unquote(parts.fragment)))
            if tag == "a" and (target.endswith("/") or target.endswith(".html")):
                queue.append(target)
                continue
            status, asset, ctype = check(target, page)
            if status == 200 and target.endswith(".css") and target not in seen_css:
                seen_css.add(target)
                for u in css_urls(asset.decode("utf-8", "replace")):
                    if not u.startswith(SKIP_SCHEMES) and not u.startswith("#"):
                        check(urllib.parse.urljoin(target, u), target)
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page_html, re.S)
        if config:
            data = json.loads(config.group(1))
            check(urllib.parse.urljoin(page, data["search"]), page)
            check(urllib.parse.urljoin(urllib.parse.urljoin(page, data["base"] + "/"), "search/search_index.json"), page)
    for page, target, fragment in fragments:
        if target in pages and fragment not in pages[target] and fragment not in ("", "__search"):
            problems.append(f"#{fragment} on {page} points to no element in {target}")
    return pages, problems, foreign_assets, fetched


def test_every_page_link_and_asset_resolves_under_the_subpath(crawl):
    pages, problems, foreign_assets, fetched = crawl
    assert len(pages) >= 20, f"the crawl found only {len(pages)} pages"
    assert any("/templates/thank-you-email/" in p for p in pages)
    assert len(fetched) > len(pages), "no assets were fetched"
    assert problems == [], "\n".join(problems[:40])
    assert foreign_assets == [], foreign_assets


def test_pages_declare_the_subpath_address(subpath_site):
    out, base = subpath_site
    home = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}">' in home
    guide = (out / "guide" / "timing" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}guide/timing/">' in guide
    missing = (out / "404.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:href|src)="(/[^"]*)"', missing):
        assert ref.startswith(PREFIX), f"the 404 page points outside the sub-path: {ref}"


def test_the_server_really_refuses_paths_outside_the_prefix(subpath_site):
    out, base = subpath_site
    origin = base[: -len(PREFIX)]
    assert fetch(origin + "/index.html")[0] == 404
    assert fetch(base + "index.html")[0] == 200


@pytest.mark.browser
def test_search_and_instant_navigation_work_under_the_subpath(browser, subpath_site):
    out, base = subpath_site
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    watcher = Watcher(page)
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        ready(page, base)
        page.keyboard.press("/")  # Material's shortcut opens search
        page.keyboard.type("thank")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.locator(".md-search-result__item").count() > 0
        href = page.locator(".md-search-result__item a").first.get_attribute("href")
        assert urllib.parse.urljoin(base, href).startswith(base), href
        page.keyboard.press("Escape")
        page.goto(base + "templates/")
        page.wait_for_load_state("networkidle")
        # Material makes links absolute once its script runs.
        page.locator(".ati-card__title a[href$='thank-you-email/']").first.click()
        page.wait_for_url(base + "templates/thank-you-email/")
        page.wait_for_selector(".ati-fill__form")
        assert page.evaluate("() => location.pathname").startswith(PREFIX)
        page.wait_for_load_state("networkidle")
        assert bad == [], bad
        assert watcher.failed == [], watcher.failed
        watcher.assert_clean()
    finally:
        ctx.close()
