"""Shared fixtures: build the site once, serve it on 127.0.0.1, drive a real Chromium.

Helpers live in tests/support.py; import them from there.
"""

from __future__ import annotations

import pytest

from support import ROOT, Watcher, build_site, launch_browser, serve


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """The real site, built strictly once per test run."""
    out = tmp_path_factory.mktemp("site")
    build_site(ROOT / "mkdocs.yml", out)
    return out


@pytest.fixture(scope="session")
def site_url(site_dir):
    with serve(site_dir) as url:
        yield url


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
