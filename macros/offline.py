"""Build the offline / intranet edition as one zip (``python -m macros build-offline``).

scripts/build-offline runs this with the project's own Python. It builds the
site with mkdocs.offline.yml (strict, so a broken link or a failing brand
colour stops it), checks that no page loads anything from another host, and
zips the folder with a short read-me:

    dist/after-the-interview-offline.zip
        after-the-interview/index.html      <- open this
        after-the-interview/READ-ME-FIRST.txt
        after-the-interview/...

MkDocs runs in a subprocess, so this module does not import it.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

FOLDER = "after-the-interview"
ZIP_NAME = "after-the-interview-offline.zip"

README = """After the Interview: offline edition
=====================================

To read the guide, open index.html in this folder with a web browser
(double-click it, or drag it onto a browser window). You do not need an
internet connection, and nothing you type leaves this computer.

Everything works from here: the guide, search, the message templates and
their fill-in form, copy buttons and the follow-up planner.

Keep the folder together: the pages need the assets/ and search/ folders
next to them. To put it on a shared drive or intranet, copy the whole
after-the-interview folder.
"""

# Anything that makes the browser fetch from elsewhere: scripts, styles,
# images, frames, and CSS url(). Plain <a href> links are the reader's choice.
_FETCHING = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//"
    r"|url\(\s*[\"']?(https?:)?//",
    re.IGNORECASE,
)
_MODULE = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?module", re.IGNORECASE)


def foreign_references(site: pathlib.Path) -> list[str]:
    """Places in the built HTML and CSS that would load something from another host, or a module script."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _FETCHING.finditer(text):
            found.append(f"{path.relative_to(site)}: {text[m.start():m.start() + 120]!r}")
        if path.suffix == ".html":
            for m in _MODULE.finditer(text):
                found.append(f"{path.relative_to(site)}: module script {text[m.start():m.start() + 120]!r}")
    return found


def build(root: pathlib.Path, out_zip: pathlib.Path | None = None, python: str = sys.executable) -> pathlib.Path:
    """Build the offline site and zip it. Returns the zip's path; raises RuntimeError on failure."""
    root = pathlib.Path(root).resolve()
    out_zip = pathlib.Path(out_zip) if out_zip else root / "dist" / ZIP_NAME
    config = root / "mkdocs.offline.yml"
    if not config.is_file():
        raise RuntimeError(f"{config} is missing; it is part of the project, restore it from git")
    with tempfile.TemporaryDirectory(prefix="ati-offline-") as tmp:
        site = pathlib.Path(tmp) / FOLDER
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SITE_URL", None)
        proc = subprocess.run(
            [python, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
            cwd=root, env=env, capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"the offline build failed:\n{proc.stdout}{proc.stderr}")
        problems = foreign_references(site)
        if problems:
            raise RuntimeError("the offline build would load files from another host or as modules:\n  "
                               + "\n  ".join(problems))
        (site / "READ-ME-FIRST.txt").write_text(README, encoding="utf-8", newline="\r\n")
        out_zip.parent.mkdir(parents=True, exist_ok=True)
        partial = out_zip.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(site.rglob("*")):
                if path.is_file() and not path.name.endswith(".map"):
                    zf.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
        partial.replace(out_zip)
    return out_zip


def main(root: pathlib.Path, out: pathlib.Path | None = None) -> int:
    try:
        path = build(root, out)
    except RuntimeError as exc:
        print(f"Could not build the offline edition: {exc}", file=sys.stderr)
        return 1
    size = path.stat().st_size / 1024 / 1024
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"Built {shown} ({size:.1f} MB).")
    print(f"Unzip it, then open {FOLDER}/index.html in a web browser.")
    return 0
