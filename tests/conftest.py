"""Shared fixtures: build the site once, serve it on 127.0.0.1, drive a real Chromium.

Helpers live in tests/support.py; import them from there.

The ``browser`` marker is given here, to exactly the tests that start a
browser: those that use the ``browser``, ``context`` or ``page`` fixture,
directly or through another fixture. A test marked by hand that starts none
stops the run, so ``-m "not browser"`` always means "no browser".
"""

from __future__ import annotations

import pytest

from support import ROOT, Watcher, build_and_serve, launch_browser


BROWSER_FIXTURES = {"browser", "context", "page"}


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(config, items):
    wrong = []
    for item in items:
        # Firefox and WebKit start through their own drivers (tests/other_browsers.py), marked other_browsers.
        starts_browser = (bool(BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())))
                          or item.get_closest_marker("other_browsers") is not None)
        if starts_browser:
            item.add_marker(pytest.mark.browser)
        elif item.get_closest_marker("browser") is not None:
            wrong.append(item.nodeid)
    if wrong:
        raise pytest.UsageError(
            "these tests carry the browser marker but start no browser (they use none of the fixtures "
            f"{sorted(BROWSER_FIXTURES)}); remove the marker, which tests/conftest.py gives by itself:\n  "
            + "\n  ".join(wrong))


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
