"""Careers-service robustness: hostile or mistaken input is escaped or caught (issue 13)."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest

from support import ROOT, Elements, build_site, copy_project

HOSTILE_TITLE = 'Thanks <img src=x onerror=alert(1)> & "quotes"'
HOSTILE_DESCRIPTION = 'A "quoted" description <b>bold</b> & more.'
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    path = root / "templates" / "thank-you-email.yml"
    text = path.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("title:"):
            line = f"title: {json.dumps(HOSTILE_TITLE)}"
        elif line.startswith("description:"):
            line = f"description: {json.dumps(HOSTILE_DESCRIPTION)}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = root / "site"
    build_site(root / "mkdocs.yml", out)
    return out


def test_hostile_title_and_description_stay_text(hostile_site):
    html = (hostile_site / "templates" / "thank-you-email" / "index.html").read_text(encoding="utf-8")
    page = Elements(html)
    assert not page.find("img", src="x"), "the title became an <img> element"
    assert not any("onerror" in attrs for _, attrs in page.tags)
    assert not page.find("b"), "the description's <b> became an element"
    metas = page.find("meta", name="description")
    assert len(metas) == 1 and metas[0]["content"] == HOSTILE_DESCRIPTION
    # <title>, header, h1 and navigation all show the title, literally, as text.
    assert page.text.count(HOSTILE_TITLE) >= 3, page.text[:400]


def test_hostile_title_is_text_in_gallery_and_search(hostile_site):
    gallery = Elements((hostile_site / "templates" / "index.html").read_text(encoding="utf-8"))
    assert not gallery.find("img", src="x")
    assert HOSTILE_TITLE in gallery.text
    assert not any("onerror" in attrs for _, attrs in gallery.tags)
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("templates/thank-you-email/")]
    # Material's search shows titles as HTML: they must arrive escaped.
    assert titles and all("<img" not in t for t in titles)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in t for t in titles)


@pytest.mark.skipif(not VNU.exists() or not shutil.which("java"), reason="the Nu HTML Checker (scripts/test installs it)")
def test_hostile_template_page_validates(hostile_site):
    page = hostile_site / "templates" / "thank-you-email" / "index.html"
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", str(page)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr


# ---------------------------------------------------------------------------
# No silent ignoring: a file in templates/ that is not a template is reported

MISNAMED = {"thank-you-note.YML": "thank-you-note.yml", "thank-you-note.yml.txt": "thank-you-note.yml",
            "my-notes.md": "my-notes.yml"}


@pytest.mark.parametrize("name,fixed", MISNAMED.items())
def test_misnamed_template_file_is_a_problem_naming_the_fix(tmp_path, name, fixed):
    import sys
    sys.path.insert(0, str(ROOT))
    from macros import templates as T

    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "tests" / "fixtures" / "bad-templates" / "control-valid", folder)
    (folder / "README.md").write_text("Notes for editors.\n", encoding="utf-8")  # allowed
    (folder / name).write_text("id: thank-you-note\n", encoding="utf-8")
    with pytest.raises(T.TemplateError) as caught:
        T.load_templates(folder, tmp_path)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].file == f"templates/{name}"
    assert f"rename it to {fixed}" in str(caught.value)


def test_misnamed_template_fails_validate_and_the_strict_build(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "templates" / "thank-you-note.yml.txt").write_text("id: thank-you-note\n", encoding="utf-8")
    proc = subprocess.run([sys_python(), "-m", "macros", "validate"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 1 and "templates/thank-you-note.yml.txt" in proc.stdout and "rename it to thank-you-note.yml" in proc.stdout.lower()
    build = build_site(root / "mkdocs.yml", tmp_path / "site", check=False)
    assert build.returncode != 0
    out = build.stdout + build.stderr
    assert "rename it to thank-you-note.yml" in out.lower() and "Traceback" not in out


def sys_python() -> str:
    from support import PYTHON
    return str(PYTHON)


# ---------------------------------------------------------------------------
# Collisions: a template id whose page would overwrite another page

@pytest.mark.parametrize("tid", ["index", "clash-page"])
def test_template_id_that_overwrites_a_page_fails_naming_both(tmp_path, tid):
    root = copy_project(tmp_path / "project")
    src = (root / "templates" / "thank-you-email.yml").read_text(encoding="utf-8")
    (root / "templates" / f"{tid}.yml").write_text(src.replace("id: thank-you-email", f"id: {tid}"), encoding="utf-8")
    if tid == "clash-page":
        (root / "docs" / "templates" / "clash-page.md").write_text("# A page\n", encoding="utf-8")
    build = build_site(root / "mkdocs.yml", tmp_path / "site", check=False)
    out = build.stdout + build.stderr
    assert build.returncode != 0
    assert f"template id '{tid}'" in out and f"docs/templates/{tid}.md" in out, out[-2000:]
    assert "Traceback" not in out


# ---------------------------------------------------------------------------
# Settings errors read like template errors, never a traceback

def _set_extra(root: pathlib.Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text, old
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


SETTINGS_CASES = {
    "locale-fr": ("  locale: en-GB", "  locale: fr-FR", ["extra.locale", "'fr-FR'", "en-GB, en-US"]),
    "locale-lower": ("  locale: en-GB", "  locale: en-us", ["extra.locale", "'en-us'", "en-GB, en-US"]),
    "gallery-unknown": ("    hide: []", "    hide: [no-such-template]", ["extra.gallery", "no-such-template"]),
    "gallery-type": ("    order: []", "    order: thank-you-email", ["extra.gallery.order", "not a list"]),
    "templates-dir": ("  templates_dir: templates", "  templates_dir: no-such-folder", ["no-such-folder", "does not exist"]),
    "rules-file": ("  templates_dir: templates", "  templates_dir: templates\n  rules_file: rules/missing.yml", ["rules/missing.yml", "missing"]),
}


@pytest.mark.parametrize("case", SETTINGS_CASES)
def test_setting_error_names_setting_value_and_fix_without_traceback(tmp_path, case):
    old, new, expected = SETTINGS_CASES[case]
    root = copy_project(tmp_path / "project")
    _set_extra(root, old, new)
    build = build_site(root / "mkdocs.yml", tmp_path / "site", check=False)
    out = build.stdout + build.stderr
    assert build.returncode != 0
    missing = [e for e in expected if e not in out]
    assert not missing, f"{missing} not in:\n{out[-2000:]}"
    assert "Traceback" not in out, out[-3000:]


# ---------------------------------------------------------------------------
# Length: a body far beyond the channel's guidance fails with the numbers

def test_body_far_beyond_the_channels_guidance_fails_with_the_numbers(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT))
    from macros import templates as T

    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "tests" / "fixtures" / "bad-templates" / "control-valid", folder)
    path = folder / "control-valid.yml"
    text = path.read_text(encoding="utf-8")
    assert "channel: email" in text and "\nbody: |\n" in text
    filler = "  " + " ".join(["word"] * 3000) + "\n"
    path.write_text(text.replace("\nbody: |\n", "\nbody: |\n" + filler, 1), encoding="utf-8")
    with pytest.raises(T.TemplateError) as caught:
        T.load_templates(folder, tmp_path)
    message = str(caught.value)
    assert "body: has 30" in message and f"the {T.DEFAULT_MAX_WORDS['email']} the site advises" in message


def test_http_booking_link_is_a_warning_that_stops_the_strict_build(tmp_path):
    root = copy_project(tmp_path / "project")
    _set_extra(root, '    booking_url: ""', '    booking_url: "http://careers.example.ac.uk/book"')
    build = build_site(root / "mkdocs.yml", tmp_path / "site", check=False)
    out = build.stdout + build.stderr
    assert build.returncode != 0
    assert "WARNING" in out and "extra.brand.booking_url" in out and "https://careers.example.ac.uk/book" in out, out[-2000:]
    assert "Traceback" not in out


# ---------------------------------------------------------------------------
# Live reload: mkdocs serve rebuilds when a template or the rules change

def test_serve_rebuilds_when_a_template_or_the_rules_change(tmp_path):
    import os
    import socket
    import time
    import urllib.request

    from support import PYTHON

    root = copy_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
    proc = subprocess.Popen([str(PYTHON), "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_for(url: str, text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if text in r.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        page = base + "templates/thank-you-email/"
        assert wait_for(page, "Thank-you email after a direct application"), "the server never served the page"
        path = root / "templates" / "thank-you-email.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Thank-you email after a direct application", "title: Live reload check title"), encoding="utf-8")
        assert wait_for(page, "Live reload check title"), "the template page did not change after editing the template"
        rules = root / "rules" / "timing.yml"
        text = rules.read_text(encoding="utf-8")
        marker = "Live reload rules check"
        import re
        label = re.search(r"^(\s*title:\s*)(Send your thank-you)$", text, re.M)
        assert label, "no step title in rules/timing.yml to edit"
        rules.write_text(text[:label.start(2)] + marker + text[label.end(2):], encoding="utf-8")
        assert wait_for(base + "planner/", marker) or wait_for(base + "guide/timing/", marker), \
            "no page changed after editing rules/timing.yml"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
