"""Shared fixtures: build the site once, serve it on 127.0.0.1, drive a real Chromium.

Helpers live in tests/support.py; import them from there.
"""

from __future__ import annotations

import pytest

from support import ROOT, Watcher, build_and_serve, built_pages, launch_browser


@pytest.fixture(scope="session")
def _site(tmp_path_factory):
    """The real site, built strictly once per run and served on 127.0.0.1.

    The server starts first so the build can use its address as site_url:
    Material's instant navigation only follows links that match site_url.
    """
    out = tmp_path_factory.mktemp("site")
    with build_and_serve(ROOT / "mkdocs.yml", out) as url:
        yield out, url


@pytest.fixture(scope="session")
def site_dir(_site):
    return _site[0]


@pytest.fixture(scope="session")
def site_url(_site):
    return _site[1]


@pytest.fixture(scope="session")
def browser():
    with launch_browser() as b:
        yield b


@pytest.fixture
def context(browser, site_url):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page whose requests to other hosts and console errors are recorded."""
    p = context.new_page()
    p.watcher = Watcher(p)
    yield p


@pytest.fixture(scope="session")
def phone_visits(browser, site_dir, site_url):
    """Every built page, loaded once on a throttled phone: {rel: support.phone_visits result}."""
    from support import phone_visits as visit

    return visit(browser, site_dir, site_url, built_pages(site_dir))
