"""The build: strict, every page present and described, nothing loaded from another host."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from support import (GUIDE_PAGES, HOST_PAGES, PYTHON, ROOT, Elements, build_site, copy_project, nav_pages, not_found_links,
                     read_page)

REQUIRED_PAGES = GUIDE_PAGES + ["templates/index.md", "planner.md"]

# Elements whose URL the browser fetches by itself.
FETCHING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
            "video": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}
NOT_FETCHED_LINKS = {"canonical", "alternate", "author", "license", "me", "next", "prev", "help", "search"}


def front_matter(src: str) -> dict:
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def test_every_required_page_is_in_the_navigation():
    in_nav = {src for _, src in nav_pages()}
    missing = [p for p in REQUIRED_PAGES if p not in in_nav]
    assert not missing, f"not in the navigation: {missing}"


@pytest.mark.parametrize("src", [src for _, src in nav_pages()] + HOST_PAGES)
def test_page_has_its_own_description_and_one_h1(site_dir, src):
    html = read_page(site_dir, src)
    page = Elements(html)
    described = front_matter(src).get("description")
    assert described and len(described) > 20, f"{src}: add a 'description:' to the front matter"
    metas = page.find("meta", name="description")
    assert len(metas) == 1 and metas[0]["content"] == described.strip()
    assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{src}: a page needs exactly one h1"


def _urls_fetched(html: str) -> list[str]:
    page = Elements(html)
    urls = []
    for tag, attrs in page.tags:
        if tag in FETCHING and attrs.get(FETCHING[tag]):
            urls.append(attrs[FETCHING[tag]])
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            if not rels <= NOT_FETCHED_LINKS:
                urls.append(attrs["href"])
        if attrs.get("srcset"):
            urls += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",")]
        if attrs.get("style"):
            urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs["style"])
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):
        urls += _css_urls(block)
    return urls


def _css_urls(css: str) -> list[str]:
    return re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(r"@import\s+['\"]([^'\"]+)", css)


def _foreign(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.startswith(("data:",))


def test_no_built_page_or_stylesheet_loads_anything_from_another_host(site_dir):
    problems = []
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        for url in _urls_fetched(path.read_text(encoding="utf-8")):
            if _foreign(url):
                problems.append(f"{path.relative_to(site_dir)}: {url}")
    for path in sorted(site_dir.rglob("*.css")):
        for url in _css_urls(path.read_text(encoding="utf-8")):
            if _foreign(url):
                problems.append(f"{path.relative_to(site_dir)}: {url}")
    assert not problems, "\n".join(problems)


def test_the_foreign_url_check_would_catch_a_cdn_script():
    html = '<script src="https://cdn.example.com/x.js"></script><link rel="stylesheet" href="//fonts.example/f.css">'
    assert [u for u in _urls_fetched(html) if _foreign(u)] == ["https://cdn.example.com/x.js", "//fonts.example/f.css"]
    assert _foreign("https://x.example/a.css") and not _foreign("../assets/a.css")
    assert _css_urls("@import 'https://fonts.example/x.css'; a{background:url(https://x.example/i.png)}") == [
        "https://x.example/i.png", "https://fonts.example/x.css"]


def test_no_google_fonts_and_no_repo_api(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^repo_url:", config, re.M), "repo_url makes Material call a code host's API"


# ---------------------------------------------------------------------------
# Strictness: a fixture site with a broken link or anchor must fail.


@pytest.fixture
def fixture_site(tmp_path):
    return copy_project(tmp_path / "project")


BREAKAGES = {
    "broken internal link": ("guide/timing.md", "See [the missing page](no-such-page.md).", "no-such-page.md"),
    "broken anchor": ("guide/timing.md", "See [that section](what-to-say.md#no-such-heading).", "no-such-heading"),
    "unknown template id": ("guide/timing.md", '{{ template_link("no-such-template") }}', "no-such-template"),
    "undefined macro variable": ("sources.md", "{{ no_such_variable }}", "no_such_variable"),
}


@pytest.mark.parametrize("what", list(BREAKAGES))
def test_a_broken_page_fails_the_strict_build_and_says_where(fixture_site, tmp_path, what):
    src, added, named = BREAKAGES[what]
    page = fixture_site / "docs" / src
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{added}\n", encoding="utf-8")
    proc = build_site(fixture_site / "mkdocs.yml", tmp_path / "out", check=False)
    assert proc.returncode != 0, f"a {what} did not fail the build"
    assert named in proc.stdout + proc.stderr


def test_the_fixture_site_builds_when_unbroken(fixture_site, tmp_path):
    """The failures above come from the breakage, not from the copy."""
    build_site(fixture_site / "mkdocs.yml", tmp_path / "out")
    assert (tmp_path / "out" / "index.html").exists()


# ---------------------------------------------------------------------------
# Template pages: one committed stub per template (macros/pages.py), checked by every build.


def test_every_shown_template_has_its_page_as_the_command_writes_it():
    from macros import pages
    from macros.site import Site

    from macros.cli import read_extra

    site = Site(read_extra(ROOT), ROOT)
    found = pages.problems([t.id for t in site.templates], ROOT / "docs", "templates")
    assert found == [], pages.message(found)


def test_the_pages_command_is_idempotent_and_never_touches_another_page(tmp_path):
    from macros import pages

    docs = tmp_path / "docs"
    (docs / "templates").mkdir(parents=True)
    (docs / "templates" / "index.md").write_text("# The gallery\n", encoding="utf-8")
    (docs / "templates" / "gone.md").write_text(pages.stub("gone"), encoding="utf-8")
    assert pages.write(["a-note", "b-note"], docs) == (["a-note", "b-note"], ["gone"], [])
    assert pages.write(["a-note", "b-note"], docs) == ([], [], []), "a second run must write nothing"
    assert pages.write(["index"], docs) == ([], ["a-note", "b-note"], ["index"])
    assert (docs / "templates" / "index.md").read_text(encoding="utf-8") == "# The gallery\n"


STUB_BREAKAGES = {
    "missing": (lambda d: (d / "thank-you-email.md").unlink(), "docs/templates/thank-you-email.md is missing"),
    "stale": (lambda d: (d / "thank-you-email.md").write_text(
        (d / "thank-you-email.md").read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8"),
        "docs/templates/thank-you-email.md has been edited or is out of date"),
    "no template": (lambda d: (d / "no-such-note.md").write_text(
        (d / "thank-you-email.md").read_text(encoding="utf-8").replace("thank-you-email", "no-such-note"), encoding="utf-8"),
        "docs/templates/no-such-note.md is the page of template 'no-such-note', which is not in templates/"),
}


@pytest.mark.parametrize("what", list(STUB_BREAKAGES))
def test_a_missing_stale_or_orphan_template_page_fails_the_build_naming_the_command(fixture_site, tmp_path, what):
    breakage, named = STUB_BREAKAGES[what]
    breakage(fixture_site / "docs" / "templates")
    proc = build_site(fixture_site / "mkdocs.yml", tmp_path / "out", check=False, pages=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"a {what} template page did not fail the build"
    assert named in out and "run `python -m macros pages`" in out, out[-2000:]
    assert "Traceback" not in out, out[-3000:]
    # The command puts it right.
    fixed = subprocess.run([PYTHON, "-m", "macros", "pages"], cwd=fixture_site, capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    build_site(fixture_site / "mkdocs.yml", tmp_path / "out2", pages=False)


def test_template_pages_are_made_by_no_hook():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert not any("template_pages" in h for h in config.get("hooks") or [])
    assert not (ROOT / "hooks" / "template_pages.py").exists()


def test_the_404_page_says_what_to_check_and_leads_back_to_the_main_tasks(site_dir):
    """Not Material's bare "404 - Not found": what may have gone wrong, then links to the main tasks,
    each to a page the build made (overrides/404.html)."""
    html = (site_dir / "404.html").read_text(encoding="utf-8")
    main = html[html.index("<article"):html.index("</article>")]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", main) == ["Page not found"]
    assert re.findall(r"<title>(.*?)</title>", html) == ["Page not found - After the Interview"]
    assert "check the spelling" in main
    links = not_found_links(main)
    assert [name for _, name in links] == ["What to do after your interview", "Find a message to send",
                                           "Plan your follow-ups", "Check your own message"], links
    for href, name in links:
        path = site_dir / href.lstrip("/").removesuffix(".")
        assert (path / "index.html" if href.endswith(("/", ".")) else path).is_file(), f"{name}: {href} is not built"
