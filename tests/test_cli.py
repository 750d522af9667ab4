"""The template commands for careers services: ``python -m macros new`` and ``validate``.

They run as a careers service would run them (a subprocess in a copy of the
project, answers typed on stdin), and a build then shows the new template in
the gallery. A hidden template named by a guide page renders as plain text.
"""

from __future__ import annotations

import pathlib
import re
import subprocess

import pytest
import yaml

from support import PYTHON, build_site, copy_project


def run(project: pathlib.Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "macros", *args], cwd=project, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("cli") / "project")


def gallery_titles(site: pathlib.Path) -> dict[str, str]:
    """Template id -> title, as the built gallery links them."""
    html = (site / "templates" / "index.html").read_text(encoding="utf-8")
    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
            for m in re.finditer(r'class="ati-card__title"[^>]*>\s*<a href="([a-z0-9-]+)/">(.*?)</a>', html)}


# ---------------------------------------------------------------------------
# new


def test_prompts_scaffold_a_valid_template_for_every_channel(project):
    answers = {
        "email": "2\nemail\n1\n",
        "letter": "straight-after\n2\n3\n",
        "phone": "3\n3\nagency\n",
        "recruiter": "special\n4\n3\n",
    }
    for channel, rest in answers.items():
        tid = f"zz-scaffold-{channel}"
        proc = run(project, "new", stdin=f"{tid}\nScaffolded {channel} template\n{rest}")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"Created templates/{tid}.yml. It passes the checks." in proc.stdout
        data = yaml.safe_load((project / "templates" / f"{tid}.yml").read_text(encoding="utf-8"))
        assert data["id"] == tid and data["channel"] == channel and data["title"] == f"Scaffolded {channel} template"
        # Every line the adviser must rewrite says so.
        for key in ("description", "when_to_use", "when_not_to_use", "timing"):
            assert data[key].startswith(("Write", "Say")), key
    proc = run(project, "validate")
    assert proc.returncode == 0, proc.stdout
    assert re.match(r"All \d+ templates in templates/ are fine", proc.stdout)


def test_bad_answers_are_asked_again_with_the_fix(project):
    stdin = ("Not An Id\nthank-you-email\nzz-retry\n"       # bad, taken, then good
             + "x" * 70 + "\nA title that fits\n"             # too long, then good
             + "9\nwaiting\n1\n1\n")
    proc = run(project, "new", stdin=stdin)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Use lower-case words joined by hyphens" in proc.stdout
    assert "There is already a template called 'thank-you-email'. Choose another id." in proc.stdout
    assert "That title has 70 characters. Shorten it to 65 or fewer." in proc.stdout
    assert "Type a number from 1 to 6" in proc.stdout
    assert (project / "templates" / "zz-retry.yml").exists()


def test_running_out_of_answers_stops_cleanly(project):
    proc = run(project, "new", stdin="zz-unfinished\n")
    assert proc.returncode == 1
    assert "No answer to" in proc.stdout
    assert not (project / "templates" / "zz-unfinished.yml").exists()


def test_options_skip_the_questions(project):
    proc = run(project, "new", "--id", "zz-flags", "--title", "Made with options only",
               "--stage", "after-rejection", "--channel", "email", "--route", "direct")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "?" not in proc.stdout.split("Created")[0], "it asked a question although every option was given"
    bad = run(project, "new", "--id", "zz-bad-flags", "--title", "T", "--stage", "later",
              "--channel", "email", "--route", "direct")
    assert bad.returncode == 1 and "Stage must be one of: straight-after, waiting, heard-nothing, after-rejection, offer, special" in bad.stdout


def test_like_copies_a_neighbour_with_a_new_id_and_title(project):
    source = (project / "templates" / "thank-you-email.yml").read_text(encoding="utf-8")
    proc = run(project, "new", "--like", "thank-you-email", stdin="zz-our-thank-you\nOur own thank-you email\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    copy = (project / "templates" / "zz-our-thank-you.yml").read_text(encoding="utf-8")
    a, b = yaml.safe_load(source), yaml.safe_load(copy)
    assert b["id"] == "zz-our-thank-you" and b["title"] == "Our own thank-you email"
    assert {k: v for k, v in a.items() if k not in ("id", "title")} == {k: v for k, v in b.items() if k not in ("id", "title")}
    assert copy.splitlines()[0] == source.splitlines()[0], "the comments were not kept"
    missing = run(project, "new", "--like", "no-such-template", "--id", "zz-x", "--title", "X")
    assert missing.returncode == 1 and "There is no template 'no-such-template' to copy" in missing.stdout


def test_new_templates_appear_in_the_gallery_after_a_build(project, tmp_path_factory):
    # Runs after the tests above have added their templates.
    site = tmp_path_factory.mktemp("cli-site")
    build_site(project / "mkdocs.yml", site)
    titles = gallery_titles(site)
    for tid, title in (("zz-scaffold-email", "Scaffolded email template"), ("zz-flags", "Made with options only"),
                       ("zz-our-thank-you", "Our own thank-you email"), ("zz-scaffold-phone", "Scaffolded phone template")):
        assert titles.get(tid) == title, f"{tid} is not in the gallery"
        page = (site / "templates" / tid / "index.html").read_text(encoding="utf-8")
        assert 'class="ati-template-data"' in page and f'data-template-id="{tid}"' in page
    html = (site / "templates" / "index.html").read_text(encoding="utf-8")
    group = re.search(r'<ul [^>]*class="ati-cards"[^>]* data-stage="after-rejection"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert 'href="zz-flags/"' in group, "the new template is not under its stage"


# ---------------------------------------------------------------------------
# validate


def test_validate_reports_file_field_and_fix_and_fails(tmp_path):
    project = copy_project(tmp_path / "project")
    good = (project / "templates" / "thank-you-email.yml").read_text(encoding="utf-8")
    long_title = "A title that goes on and on, far too long for any card in the template gallery"
    assert len(long_title) > 65
    broken = re.sub(r"^title: .*$", "title: " + long_title, good, flags=re.M)
    broken = broken.replace("stage: straight-after", "stage: after-interview")
    broken = broken.replace("[specific_point]", "[specific_pont]")
    broken = broken.replace("id: thank-you-email", "id: zz-broken")
    (project / "templates" / "zz-broken.yml").write_text(broken, encoding="utf-8")
    proc = run(project, "validate")
    assert proc.returncode == 1
    out = proc.stdout
    assert "In templates/zz-broken.yml:" in out
    assert f"  - title: is {len(long_title)} characters long\n    Fix: Shorten it to 65 or fewer." in out
    assert "  - stage: 'after-interview' is not allowed\n    Fix: Use one of: straight-after, waiting, heard-nothing, after-rejection, offer, special." in out
    assert "  - body: uses [specific_pont] but there is no field named 'specific_pont'\n    Fix: Add it to fields or fix the spelling." in out
    assert "  - fields.specific_point: is never used" in out
    assert re.search(r"Found 4 problems in 1 file\. Fix them, then run this command again\.", out), out
    assert "thank-you-email.yml" not in out, "a good file was reported"


def test_validate_reports_bad_yaml_and_bad_settings(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "templates" / "zz-not-yaml.yml").write_text("id: zz-not-yaml\ntitle: [unclosed\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^    hide: \[\]", "    hide: [thank-you-emial]", text, count=1, flags=re.M)
    text = re.sub(r'^    primary: ""', '    primary: "#ffee88"', text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    proc = run(project, "validate")
    assert proc.returncode == 1
    assert "In templates/zz-not-yaml.yml:" in proc.stdout and "this is not valid YAML" in proc.stdout
    assert "In mkdocs.yml:" in proc.stdout
    assert "extra.brand.primary: the colour #ffee88 has a contrast of only" in proc.stdout
    # The gallery check runs once the templates are fine.
    (project / "templates" / "zz-not-yaml.yml").unlink()
    proc = run(project, "validate")
    assert proc.returncode == 1
    assert "extra.gallery: names 'thank-you-emial', which is not a template id" in proc.stdout


def test_validate_checks_the_planner_rules_against_hidden_templates(tmp_path):
    from support import ROOT

    rules = ROOT / "rules" / "timing.yml"
    if not rules.exists():
        pytest.skip("the planner's rules/timing.yml is not in the project yet")
    used = re.findall(r"^\s+template: ([a-z0-9-]+)\s*$", rules.read_text(encoding="utf-8"), re.M)
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^    hide: \[\]", f"    hide: [{used[0]}]", config.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    proc = run(project, "validate")
    assert proc.returncode == 1
    assert "In rules/timing.yml:" in proc.stdout
    assert f"names '{used[0]}', which extra.gallery.hide in mkdocs.yml hides" in proc.stdout


def test_validate_passes_on_the_shipped_project():
    from support import ROOT

    proc = run(ROOT, "validate")
    assert proc.returncode == 0, proc.stdout
    assert re.match(r"All \d+ templates in templates/ are fine, and so are the settings in mkdocs.yml\.", proc.stdout)


# ---------------------------------------------------------------------------
# A hidden template named by a page: plain title, no link, no failed build


def test_template_link_to_a_hidden_template_renders_its_title(tmp_path):
    from macros.render import _md_text
    from macros.site import Site
    from support import ROOT

    site = Site({"gallery": {"hide": ["withdraw-application"]}}, ROOT)
    title = next(t.title for t in site.load_all() if t.id == "withdraw-application")
    assert site.template_link("withdraw-application", "guide/not-offered.md") == _md_text(title)
    assert "](" not in site.template_link("withdraw-application", "guide/not-offered.md")
    assert site.template_link("withdraw-application", "guide/not-offered.md", "this note") == "this note"
    assert site.template_link("thank-you-email", "guide/timing.md").endswith("(../templates/thank-you-email.md)")
    with pytest.raises(KeyError, match="no template with id 'no-such-id'"):
        site.template_link("no-such-id", "index.md")


def test_a_site_that_hides_a_linked_template_still_builds(tmp_path):
    from support import ROOT

    linked = sorted({m for p in (ROOT / "docs" / "guide").glob("*.md")
                     for m in re.findall(r'template_link\("([a-z0-9-]+)"', p.read_text(encoding="utf-8"))})
    rules = (ROOT / "rules" / "timing.yml").read_text(encoding="utf-8") if (ROOT / "rules" / "timing.yml").exists() else ""
    candidates = [t for t in linked if f"template: {t}" not in rules]
    if not candidates:
        pytest.skip("every template the guide links to is also a planner step")
    hidden = candidates[0]
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^    hide: \[\]", f"    hide: [{hidden}]", config.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    site = tmp_path / "site"
    build_site(config, site)
    assert not (site / "templates" / hidden).exists()
    assert hidden not in gallery_titles(site)
    pages = [p for p in (site / "guide").glob("*/index.html") if f"templates/{hidden}/" in p.read_text(encoding="utf-8")]
    assert pages == [], f"links to the hidden template remain in {pages}"
