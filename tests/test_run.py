"""run.py, the one entry point for every command: the Python forms work without Bash, on any system's venv layout.

The end-to-end test runs the commands as a careers service on Windows would:
``python run.py ...`` with no ``bash`` (and no ``sh``) anywhere on the PATH,
in a copy of the project whose ``.venv`` is the one the tests run in.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.request
import zipfile

import pytest

from support import ROOT, copy_project


def load_run():
    spec = importlib.util.spec_from_file_location("ati_run", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = load_run()

WRAPPERS = {"serve": "serve", "test": "test", "validate-templates": "validate", "new-template": "new-template",
            "build-offline": "build-offline", "screenshots": "screenshots", "bench": "bench", "lock": "lock"}


# ---------------------------------------------------------------------------
# The venv layout on each system


def test_venv_python_on_windows_and_elsewhere(monkeypatch):
    win = pathlib.PureWindowsPath(r"C:\Users\adviser\after-the-interview\.venv")
    assert str(run.venv_python(win, "nt")) == r"C:\Users\adviser\after-the-interview\.venv\Scripts\python.exe"
    posix = pathlib.PurePosixPath("/home/adviser/after-the-interview/.venv")
    assert str(run.venv_python(posix, "posix")) == "/home/adviser/after-the-interview/.venv/bin/python"
    # With no system given, it asks os.name, as it does on a real Windows machine
    # (faked in run.py alone: pathlib and pytest keep the real one).
    monkeypatch.setattr(run, "os", types.SimpleNamespace(name="nt"))
    assert str(run.venv_python(win)) == r"C:\Users\adviser\after-the-interview\.venv\Scripts\python.exe"


def test_setup_finds_a_windows_venv_and_installs_nothing_when_the_stamp_matches(tmp_path, monkeypatch):
    for name in ("requirements.txt", "requirements-dev.txt", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    python = tmp_path / ".venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")
    (tmp_path / ".venv" / ".installed-requirements").write_text(run.requirements_sum(tmp_path) + "\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run.subprocess, "run", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(run, "os", types.SimpleNamespace(name="nt"))
    assert run.setup_venv("requirements.txt") == python
    assert calls == [], "it created or installed although the Windows venv was there and up to date"
    # A changed pin: it installs with the venv's own python.exe, pinned by constraints.txt.
    (tmp_path / "constraints.txt").write_text("mkdocs==1.6.1\n", encoding="utf-8")
    run.setup_venv("requirements.txt")
    assert calls and calls[0][0][:2] == [str(python), "-m"] and calls[0][0][-4:] == ["-r", "requirements.txt", "-c", "constraints.txt"]


def test_second_pass_reads_the_dates_marker_and_test_args(tmp_path):
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\nmarkers =\n    browser: real browsers\n    dates: reads the date\naddopts = -ra\n", encoding="utf-8")
    assert run.declares_marker("dates", ini) and run.declares_marker("browser", ini)
    ini.write_text("[pytest]\nmarkers =\n    browser: real browsers\n", encoding="utf-8")
    assert not run.declares_marker("dates", ini)
    assert run.selects_no_browser(["-m", "not browser"]) and run.selects_no_browser(["-mnot browser and not slow"])
    assert not run.selects_no_browser(["-m", "browser"]) and not run.selects_no_browser(["-k", "gallery"])


def test_the_tests_run_on_every_core_unless_the_arguments_say_otherwise(monkeypatch):
    monkeypatch.setattr(run, "WORKERS", 2)
    assert run.parallel([]) == ["-n", "2", "--dist", "loadfile"]
    assert run.parallel(["-k", "gallery", "-m", "not browser"]) == ["-n", "2", "--dist", "loadfile"]
    for own in (["-n", "0"], ["-n0"], ["--numprocesses=3"], ["-p", "no:xdist"]):
        assert run.parallel(own) == [], own
    assert run.parallel([], "worksteal") == ["-n", "2", "--dist", "worksteal"], "the faked-clock pass's choice"
    monkeypatch.setattr(run, "WORKERS", 1)
    assert run.parallel([]) == [], "one core: one process"


def test_the_test_command_runs_everything_then_the_dates_tests_on_a_faked_clock(monkeypatch):
    """With no arguments: the whole suite a file a worker, then the 'dates' tests under faketime, spread
    test by test (most are in one file). The tools and venv steps are faked; only the commands are read."""
    monkeypatch.setattr(run, "WORKERS", 2)
    monkeypatch.setattr(run, "setup_venv", lambda req: pathlib.Path("py"))
    for name in ("cmd_venvs", "ensure_tools", "ensure_node_tools"):
        monkeypatch.setattr(run, name, lambda *a: 0)
    monkeypatch.setattr(run.shutil, "which", lambda name: name)
    ran = []
    monkeypatch.setattr(run.subprocess, "run", lambda cmd, **kw: ran.append(cmd) or types.SimpleNamespace(returncode=0))
    assert run.cmd_test([]) == 0
    assert ran == [["py", "-m", "pytest", "-n", "2", "--dist", "loadfile"],
                   ["faketime", "-f", run.FAKE_NOW, "py", "-m", "pytest", "-n", "2", "--dist", "worksteal", "-m", "dates"]]
    ran.clear()
    assert run.cmd_test(["-k", "gallery"]) == 0
    assert ran == [["py", "-m", "pytest", "-n", "2", "--dist", "loadfile", "-k", "gallery"]], "arguments: one pass"


def test_serve_names_an_address_only_when_the_reader_gives_none():
    """The default matches mkdocs.yml's site_url (Material's instant navigation needs the two to agree)."""
    assert run.serve_args([]) == ["-m", "mkdocs", "serve", "--dev-addr", run.SERVE_ADDR]
    assert run.serve_args(["--strict"]) == ["-m", "mkdocs", "serve", "--dev-addr", run.SERVE_ADDR, "--strict"]
    for own in (["--dev-addr", "0.0.0.0:9000"], ["--dev-addr=0.0.0.0:9000"], ["-a", "0.0.0.0:9000"], ["-a0.0.0.0:9000"]):
        assert run.serve_args(own) == ["-m", "mkdocs", "serve", *own], own
    default = re.search(r'site_url: !ENV \[SITE_URL, "http://([^/"]+)/"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert default and default.group(1) == run.SERVE_ADDR, "run.py's SERVE_ADDR no longer matches mkdocs.yml's site_url"


def test_every_bash_script_is_a_thin_wrapper_over_run_py():
    for script, command in WRAPPERS.items():
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        code = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        assert code[-1] == f'exec "${{PYTHON:-python3}}" run.py {command} "$@"', script
        assert len(code) == 2, f"scripts/{script} does more than call run.py"
        assert command in run.COMMANDS
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    source = (ROOT / "run.py").read_text(encoding="utf-8")
    assert "shell=True" not in source, "run.py must not need a shell"


# ---------------------------------------------------------------------------
# The Python forms, end to end, with no Bash


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def no_bash(tmp_path_factory):
    """A copy of the project reusing the tests' venv, and an environment whose PATH holds no shell."""
    project = copy_project(tmp_path_factory.mktemp("run") / "project")
    for name in ["run.py", "constraints.txt", "pytest.ini", *[p.name for p in ROOT.glob("requirements*.txt")]]:
        shutil.copy2(ROOT / name, project / name)
    venv = pathlib.Path(sys.prefix)
    try:
        (project / ".venv").symlink_to(venv, target_is_directory=True)
    except OSError:
        pytest.skip("cannot link the tests' venv into the copy here (Windows without symlink rights)")
    base = pathlib.Path(getattr(sys, "_base_executable", sys.executable))
    empty = tmp_path_factory.mktemp("empty-bin")
    path = os.pathsep.join([str(base.parent), str(empty)])
    for shell in ("bash", "sh", "bash.exe"):
        assert shutil.which(shell, path=path) is None, f"{shell} is on the PATH {path}"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = path
    return project, [str(base), "run.py"], env


def test_python_forms_set_up_validate_build_and_serve_without_bash(no_bash):
    project, python, env = no_bash

    def call(*args, timeout=300):
        proc = subprocess.run([*python, *args], cwd=project, env=env, capture_output=True, text=True, timeout=timeout)
        assert proc.returncode == 0, f"run.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout

    assert "Set up: .venv has the pinned packages." in call("setup")
    assert re.search(r"All \d+ templates in templates/ are fine", call("validate"))
    out = project / "offline.zip"
    call("build-offline", "--out", str(out))
    with zipfile.ZipFile(out) as z:
        assert "after-the-interview/planner.html" in z.namelist()

    port = free_port()
    kwargs = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True})
    server = subprocess.Popen([*python, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    try:
        html, deadline = None, time.monotonic() + 240
        while html is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/planner/", timeout=5) as response:
                    html = response.read().decode("utf-8")
            except OSError:
                time.sleep(1)
        assert html is not None, f"the site was not served (exit code {server.poll()})"
        assert 'id="planner-interview-time"' in html and "<h1" in html
    finally:
        if os.name == "nt":
            server.send_signal(signal.CTRL_BREAK_EVENT)
        else:
            os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if os.name != "nt":
            # Then whatever of its group is left: once, here, run.py had gone but its `mkdocs serve` was
            # still running minutes after the suite ended.
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_ci_runs_the_build_and_the_tests_without_a_browser_on_windows_and_macos():
    import yaml

    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = ci["jobs"]["portable"]
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest"}
    runs = [s.get("run", "") for s in job["steps"]]
    assert "python run.py build" in runs and 'python run.py test -m "not browser"' in runs
    assert ci["jobs"]["test"]["container"].startswith("debian:"), "the full suite runs where apt-get has firefox-esr"


def test_the_template_benchmark_still_builds_what_it_measures():
    """scripts/bench_templates.py once broke silently: after template pages became committed stubs, its
    generated templates had no pages and every build failed. It reports numbers; this checks only that it
    gets them (two generated templates), never how long they took."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_templates.py"), "2"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    row = proc.stdout.strip().splitlines()[-1].split()
    assert row[0] == "2" and len(row) == 5 and all(re.fullmatch(r"-?\d+\.\d", v) or re.fullmatch(r"\d+\.\d\d", v)
                                                    for v in row[1:]), proc.stdout
