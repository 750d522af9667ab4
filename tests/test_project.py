"""The project's promises about itself: pinned packages, the two README commands, CI wiring."""

from __future__ import annotations

import re

import yaml

from support import ROOT


def _pins(path):
    lines = [l.split("#")[0].strip() for l in (ROOT / path).read_text().splitlines()]
    return [l for l in lines if l and not l.startswith("-")]


def test_every_dependency_is_pinned_exactly_and_mkdocs_stays_below_2():
    for path in ("requirements.txt", "requirements-dev.txt", "constraints.txt"):
        for line in _pins(path):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.+\-]*", line), f"{path}: '{line}' is not an exact pin"
    versions = {l.split("==")[0].lower(): l.split("==")[1] for l in _pins("constraints.txt")}
    assert versions["mkdocs"].startswith("1.6.")
    for line in _pins("requirements.txt") + _pins("requirements-dev.txt"):
        name, version = line.split("==")
        assert versions.get(name.lower()) == version, f"constraints.txt disagrees about {name}"


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "scripts/serve" in readme and "scripts/test" in readme
    assert "127.0.0.1:8000" in (ROOT / "scripts" / "serve").read_text()
    assert re.search(r"^exec bash scripts/test\b", (ROOT / ".ci" / "run").read_text(), re.M)


def test_github_workflows_run_the_tests_and_a_strict_build():
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = [s.get("run", "") for s in ci["jobs"]["test"]["steps"]]
    assert any(".ci/run" in s for s in steps)
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text()
    assert "mkdocs build --strict" in deploy and "deploy-pages" in deploy


def test_licences_exist_and_the_readme_and_footer_name_them(site_dir):
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    content = (ROOT / "LICENSE-content.md").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in code
    assert "Creative Commons Attribution 4.0 International" in content
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    assert "Credit it" in content, "the content licence must say how a careers service credits the text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`LICENSE`" in readme and "`LICENSE-content.md`" in readme
    footer = (site_dir / "index.html").read_text(encoding="utf-8").split("<footer", 1)[1]
    assert "CC BY 4.0" in footer and "MIT licence" in footer

