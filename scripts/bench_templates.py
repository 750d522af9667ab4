#!/usr/bin/env python3
"""Benchmark: build time and output size as the number of templates grows.

Copies the project to a temporary folder, adds N generated templates (copies
of thank-you-email with new ids), makes their pages with `python -m macros
pages` (as a careers service does after adding a template), builds with
`mkdocs build --strict` and reports the time and size against a build with no
generated templates. Making the pages is not timed: it is not part of a build.

    .venv/bin/python scripts/bench_templates.py            # 20, 200 and 2,000
    .venv/bin/python scripts/bench_templates.py 50 500     # other counts

It prints numbers; it asserts nothing. Each build runs once per count after
one warm-up build, so expect a few per cent of noise.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARTS = ("mkdocs.yml", "docs", "macros", "hooks", "overrides", "templates", "rules")


def copy_project(dest: pathlib.Path) -> None:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)


def add_templates(project: pathlib.Path, count: int) -> None:
    model = (ROOT / "templates" / "thank-you-email.yml").read_text(encoding="utf-8")
    for i in range(count):
        tid = f"bench-{i:05d}"
        text = model.replace("id: thank-you-email", f"id: {tid}")
        text = text.replace("title: Thank-you email after a direct application", f"title: Generated template {i}")
        (project / "templates" / f"{tid}.yml").write_text(text, encoding="utf-8")
    run(project, [sys.executable, "-m", "macros", "pages"])


def run(project: pathlib.Path, command: list[str]) -> None:
    """Run ``command`` in ``project``; on failure, stop with what it printed (never a traceback)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command[1:])} failed in {project.name} (exit {proc.returncode}):\n"
                 + (proc.stdout + proc.stderr).strip()[-3000:])


def build(project: pathlib.Path) -> tuple[float, int, int]:
    out = project / "site"
    start = time.perf_counter()
    run(project, [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)])
    seconds = time.perf_counter() - start
    files = [p for p in out.rglob("*") if p.is_file()]
    return seconds, sum(p.stat().st_size for p in files), len(files)


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = pathlib.Path(tmp) / "base"
        copy_project(base)
        build(base)  # warm-up: imports and disk caches
        base_s, base_bytes, base_files = build(base)
        print(f"baseline ({len(list((base / 'templates').glob('*.yml')))} shipped templates): "
              f"{base_s:.2f} s, {base_bytes / 1e6:.1f} MB in {base_files} files")
        print(f"{'added':>7} {'build s':>8} {'ms/template':>12} {'output MB':>10} {'KB/template':>12}")
        for n in counts:
            project = pathlib.Path(tmp) / f"n{n}"
            copy_project(project)
            add_templates(project, n)
            seconds, size, _ = build(project)
            per_ms = (seconds - base_s) / n * 1000
            per_kb = (size - base_bytes) / n / 1024
            print(f"{n:>7} {seconds:>8.2f} {per_ms:>12.1f} {size / 1e6:>10.1f} {per_kb:>12.1f}")
            shutil.rmtree(project)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20, 200, 2000])
