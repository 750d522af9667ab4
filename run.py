#!/usr/bin/env python3
"""Every project command, on Windows, macOS and Linux, with no Bash needed.

    python run.py setup           make .venv and install the site's pinned packages
    python run.py venvs           make .venv-NAME for each requirements-NAME.txt (other engines, for the tests)
    python run.py serve           set up, then serve the site at http://127.0.0.1:8000 (Ctrl+C to stop)
    python run.py test [ARGS]     set up, install the test tools, run pytest (ARGS go to pytest)
    python run.py validate        check templates/ and the settings in mkdocs.yml, without building
    python run.py new-template    start a new template from a few questions (--like ID, --help)
    python run.py build           build the site strictly into site/
    python run.py build-offline   dist/after-the-interview-offline.zip (--out PATH)
    python run.py pages           python -m macros pages (its --help says more)
    python run.py screenshots     scripts/screenshots.py: every page type, phone and desktop
    python run.py bench           scripts/bench.py: one benchmark report
    python run.py lock            re-pin every package into constraints.txt

On Windows type ``py run.py serve``. The scripts in scripts/ are Bash wrappers
over this file: one implementation. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent
# The second, faked-clock pass of `test`: a Saturday in the Christmas break.
FAKE_NOW = "@2026-12-26 10:00:00"
SERVE_ADDR = "127.0.0.1:8000"


def say(text: str) -> None:
    print(f"== {text}", flush=True)


def fail(text: str) -> int:
    print(text, file=sys.stderr, flush=True)
    return 1


# ---------------------------------------------------------------------------
# Virtual environments


def venv_python(venv: pathlib.Path, os_name: str | None = None) -> pathlib.Path:
    """The interpreter inside a virtual environment: Scripts\\python.exe on Windows, bin/python elsewhere."""
    if (os_name or os.name) == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def requirements_sum(root: pathlib.Path | None = None) -> str:
    """A checksum of every requirements file and constraints.txt (the same as scripts/setup.sh used)."""
    root = root or ROOT
    digest = hashlib.sha256()
    for path in sorted(root.glob("requirements*.txt")) + [root / "constraints.txt"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def setup_venv(want: str = "requirements.txt", venv: str = ".venv") -> pathlib.Path:
    """Make ``venv`` if needed and install ``want`` pinned by constraints.txt.

    Installs again only when a requirements or constraints file has changed
    (a stamp file in the venv holds their checksum). Returns the venv's python.
    """
    path = ROOT / venv
    python = venv_python(path)
    if not python.exists():
        say(f"Creating {venv} with Python {sys.version.split()[0]}")
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    total = requirements_sum()
    stamp = path / f".installed-{pathlib.Path(want).stem}"
    # requirements-dev.txt includes requirements.txt: installing it covers the site's packages too.
    covered = [stamp] + ([path / ".installed-requirements-dev"] if want == "requirements.txt" else [])
    if not any(s.exists() and s.read_text(encoding="utf-8").strip() == total for s in covered):
        say(f"Installing {want} into {venv} (pinned by constraints.txt)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", want, "-c", "constraints.txt"], check=True)
        stamp.write_text(total + "\n", encoding="utf-8")
    return python


def other_venvs() -> list[tuple[str, str]]:
    """(requirements file, venv) for each requirements-NAME.txt but -dev: .venv-NAME, a second engine for the tests."""
    out = []
    for path in sorted(ROOT.glob("requirements-*.txt")):
        name = path.stem[len("requirements-"):]
        if name != "dev":
            out.append((path.name, f".venv-{name}"))
    return out


# ---------------------------------------------------------------------------
# Tools the tests run, beyond Python packages


def is_debian_root() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def chromium_found() -> bool:
    if os.environ.get("BROWSER_PATH") and os.path.exists(os.environ["BROWSER_PATH"]):
        return True
    if any(os.path.exists(p) for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")):
        return True
    cache = pathlib.Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or pathlib.Path.home() / ".cache" / "ms-playwright")
    return any(cache.glob("chromium*"))


def browser_tools() -> list[tuple[str, bool, str]]:
    """(Debian package, found, what it is for) for the browser tests."""
    return [
        ("chromium", chromium_found(), "Chromium, for the browser tests"),
        ("firefox-esr", bool(shutil.which("firefox-esr")), "Firefox ESR, for tests/test_other_browsers.py"),
        ("webkit2gtk-driver", os.path.exists("/usr/bin/WebKitWebDriver"), "WebKitGTK, for tests/test_other_browsers.py"),
        ("xvfb", bool(shutil.which("Xvfb")), "a virtual screen for WebKitGTK's MiniBrowser"),
    ]


def other_tools(second_pass: bool) -> list[tuple[str, bool, str]]:
    tools = [
        ("default-jre-headless", bool(shutil.which("java")), "Java, for the Nu HTML Checker"),
        ("nodejs npm", bool(shutil.which("npm")), "Node.js and npm, for the test tools in package.json"),
    ]
    if second_pass:
        tools.append(("faketime", bool(shutil.which("faketime")), "libfaketime, for the second pass on a fixed date"))
    return tools


def ensure_tools(tools: list[tuple[str, bool, str]]) -> int:
    """Install what is missing: on Debian or Ubuntu as root with apt-get (one update);
    on GitHub Actions without root, Playwright's Chromium; elsewhere, say what to install."""
    missing = [t for t in tools if not t[1]]
    if missing and is_debian_root():
        packages = " ".join(t[0] for t in missing).split()
        say("Installing Debian's " + ", ".join(packages))
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, stdout=subprocess.DEVNULL)
        return 0
    if os.environ.get("GITHUB_ACTIONS") and any(t[0] == "chromium" for t in missing):
        say("Installing Playwright's Chromium (GitHub Actions)")
        python = venv_python(ROOT / ".venv")
        subprocess.run([str(python), "-m", "playwright", "install", "--with-deps", "chromium"], check=True)
        missing = [t for t in missing if t[0] != "chromium"]
    if not missing:
        return 0
    lines = [f"  - {what}: install your system's {pkg} package" for pkg, _, what in missing]
    return fail("These tools are missing, and this command can install them only on Debian or Ubuntu as root:\n"
                + "\n".join(lines)
                + "\nTo run only the tests that need no browser: python run.py test -m \"not browser\"")


def ensure_node_tools() -> int:
    """npm ci into node_modules/ when package.json or package-lock.json has changed."""
    npm = shutil.which("npm")
    if not npm:
        return fail("No npm found. Install Node.js and npm for the test tools in package.json.")
    stamp = ROOT / "node_modules" / ".installed"
    total = hashlib.sha256((ROOT / "package.json").read_bytes() + (ROOT / "package-lock.json").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == total:
        return 0
    say("Installing the test tools in package.json (npm ci)")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], stdout=subprocess.DEVNULL)
    if proc.returncode == 0:
        stamp.write_text(total + "\n", encoding="utf-8")
    return proc.returncode


def declares_marker(name: str, ini: pathlib.Path | None = None) -> bool:
    """Whether pytest.ini declares the marker ``name`` (a line "    name: ..." under markers)."""
    ini = ini or ROOT / "pytest.ini"
    lines = ini.read_text(encoding="utf-8").splitlines()
    inside = False
    for line in lines:
        if line.strip().startswith("markers"):
            inside = True
            continue
        if inside:
            if line and not line[0].isspace():
                break
            if line.strip().split(":")[0].strip() == name:
                return True
    return False


def selects_no_browser(args: list[str]) -> bool:
    """True when the pytest arguments leave out the browser tests (-m "not browser ...")."""
    for i, arg in enumerate(args):
        expr = args[i + 1] if arg == "-m" and i + 1 < len(args) else arg[2:] if arg.startswith("-m") else ""
        if "not browser" in expr:
            return True
    return False


# ---------------------------------------------------------------------------
# Commands


def cmd_setup(args: list[str]) -> int:
    setup_venv("requirements-dev.txt" if "--dev" in args else "requirements.txt")
    print("Set up: .venv has the pinned packages.")
    return 0


def cmd_venvs(args: list[str]) -> int:
    for want, venv in other_venvs():
        setup_venv(want, venv)
    return 0


def gives_option(args: list[str], short: str, long: str) -> bool:
    """True when the arguments give the option in any form: -a X, -aX, --long X or --long=X."""
    return any(a in (short, long) or a.startswith((short, long + "=")) for a in args)


def serve_args(args: list[str]) -> list[str]:
    """`mkdocs serve` at mkdocs.yml's default site_url, unless the reader names their own address."""
    own = gives_option(args, "-a", "--dev-addr")
    return ["-m", "mkdocs", "serve", *([] if own else ["--dev-addr", SERVE_ADDR]), *args]


def run_in_venv(module_args: list[str]) -> int:
    python = setup_venv("requirements.txt")
    try:
        return subprocess.run([str(python), *module_args]).returncode
    except KeyboardInterrupt:
        return 130


# pytest-xdist workers, one a core, each with its own Chromium; --dist loadfile keeps each
# file on one worker, so its builds and served sites are made once. (Not loadgroup: with
# pytest 9.2, pytest-xdist 3.8.0 can no longer put a group's name into the test's id, so
# groups are ignored. Not more workers than cores: the suite is CPU-bound, and 4 workers on
# 2 cores took 20 minutes against 15.5 for 2, with timeouts.)
WORKERS = os.cpu_count() or 1


def parallel(args: list[str], dist: str = "loadfile") -> list[str]:
    """The workers, unless the arguments choose their own (-n 1, -p no:xdist) or there is one core."""
    own = gives_option(args, "-n", "--numprocesses") or "no:xdist" in args
    return [] if own or WORKERS < 2 else ["-n", str(WORKERS), "--dist", dist]


def cmd_test(args: list[str]) -> int:
    python = setup_venv("requirements-dev.txt")
    cmd_venvs([])
    second_pass = not args
    tools = other_tools(second_pass) + ([] if selects_no_browser(args) else browser_tools())
    if ensure_tools(tools) or ensure_node_tools():
        return 1
    code = subprocess.run([str(python), "-m", "pytest", *parallel(args), *args]).returncode
    if not second_pass:
        return code
    if not declares_marker("dates"):
        say("pytest.ini declares no 'dates' marker: no second pass under faketime")
        return code
    say(f"Second pass: the tests marked 'dates', with the clock faked to {FAKE_NOW[1:]}")
    # worksteal, not loadfile: 36 of the 47 tests are in test_planner.py, so loadfile left one worker
    # idle for most of the pass (three paired runs here: 53.8, 50.5, 49.1 s loadfile; 48.0, 47.6, 46.3 s).
    faked = subprocess.run([shutil.which("faketime") or "faketime", "-f", FAKE_NOW, str(python), "-m", "pytest",
                            *parallel([], "worksteal"), "-m", "dates"])
    if faked.returncode == 5:
        print("The second pass ran no test: pytest.ini declares a 'dates' marker, but no test carries it.", file=sys.stderr)
    return code or faked.returncode


def cmd_lock(args: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        venv = pathlib.Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = str(venv_python(venv))
        reqs = ["-r", "requirements-dev.txt"] + [x for want, _ in other_venvs() for x in ("-r", want)]
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *reqs], check=True)
        frozen = subprocess.run([python, "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout
    (ROOT / "constraints.txt").write_text(
        "# Every package, pinned: the exact set the tests last passed with. Regenerate with: python run.py lock\n" + frozen,
        encoding="utf-8")
    print("constraints.txt updated")
    return 0


def cmd_dev_script(script: str, args: list[str]) -> int:
    python = setup_venv("requirements-dev.txt")
    if ensure_tools(browser_tools()[:1]) or (script == "bench.py" and ensure_node_tools()):
        return 1  # bench.py runs Lighthouse from node_modules
    return subprocess.run([str(python), f"scripts/{script}", *args]).returncode


COMMANDS = {
    "setup": cmd_setup,
    "venvs": cmd_venvs,
    "serve": lambda a: run_in_venv(serve_args(a)),
    "test": cmd_test,
    "validate": lambda a: run_in_venv(["-m", "macros", "validate", *a]),
    "new-template": lambda a: run_in_venv(["-m", "macros", "new", *a]),
    "build": lambda a: run_in_venv(["-m", "mkdocs", "build", "--strict", *a]),
    "build-offline": lambda a: run_in_venv(["-m", "macros", "build-offline", *a]),
    "pages": lambda a: run_in_venv(["-m", "macros", "pages", *a]),
    "screenshots": lambda a: cmd_dev_script("screenshots.py", a),
    "bench": lambda a: cmd_dev_script("bench.py", a),
    "lock": cmd_lock,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if sys.version_info < (3, 11):
        return fail(f"This project needs Python 3.11 or later; this is {sys.version.split()[0]}.")
    if not argv or argv[0] in ("-h", "--help", "help") or argv[0] not in COMMANDS:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help", "help") else 2
    os.chdir(ROOT)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice: we know, see README "Future".
    try:
        return COMMANDS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as e:
        return fail(f"This step failed (exit code {e.returncode}): {' '.join(map(str, e.cmd))}")


if __name__ == "__main__":
    sys.exit(main())
