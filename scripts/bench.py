#!/usr/bin/env python3
"""One benchmark report: bench-output/report.md (gitignored).

    scripts/bench                 # everything
    scripts/bench --quick         # no 2,000-template build, one Lighthouse run per page

Sections: build time and output size (the real site, plus 20, 200 and 2,000
generated templates: scripts/bench_templates.py); first-load bytes per page
type, raw and gzipped; the form script's size and per-keystroke time
(scripts/bench_form.py); Lighthouse mobile for the home page, a guide page,
the gallery, a template page and the planner, served gzipped on 127.0.0.1
(median of three runs); the checker's benchmark (scripts/bench_checker.py)
when it exists. It reports numbers; it asserts nothing.

Lighthouse comes from npm into bench-output/tools/ when missing (not a test
dependency). Chromium: CHROME_PATH, else /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support import build_site, built_pages, chromium_path, first_load, page_kind  # noqa: E402

OUT = ROOT / "bench-output"
TOOLS = OUT / "tools"
LIGHTHOUSE_VERSION = "12.8.2"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "", "guide": "guide/timing/", "gallery": "templates/", "template": "templates/thank-you-email/",
         "planner": "planner/"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (as a configured host would)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(COMPRESSIBLE) or \
                "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        import io
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_gzip(directory: pathlib.Path, port: int = 0):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run_script(name: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True, cwd=ROOT)
    return (proc.stdout + (f"\n(exit {proc.returncode})\n{proc.stderr[-2000:]}" if proc.returncode else "")).strip()


def lighthouse_bin() -> pathlib.Path:
    exe = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return exe


def lighthouse(url: str, runs: int) -> dict:
    exe = lighthouse_bin()
    chrome = os.environ.get("CHROME_PATH") or chromium_path() or "/usr/bin/chromium"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            report = pathlib.Path(tmp) / f"r{i}.json"
            subprocess.run([str(exe), url, "--quiet", "--output=json", f"--output-path={report}",
                            "--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                            "--disable-component-update --disable-sync --no-first-run"],
                           env={**os.environ, "CHROME_PATH": chrome}, check=True, capture_output=True)
            data = json.loads(report.read_text(encoding="utf-8"))
            audits = data["audits"]
            results.append({
                **{c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES},
                "LCP s": audits["largest-contentful-paint"]["numericValue"] / 1000,
                "TBT ms": audits["total-blocking-time"]["numericValue"],
                "CLS": audits["cumulative-layout-shift"]["numericValue"],
            })
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 2,000 templates; one Lighthouse run per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    lines = ["# Benchmark report", "", f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"`git describe`: {subprocess.run(['git', 'describe', '--always', '--dirty'], capture_output=True, text=True, cwd=ROOT).stdout.strip()}", ""]

    print("build time and size ...", flush=True)
    counts = ["20", "200"] if args.quick else ["20", "200", "2000"]
    lines += ["## Build time and output size", "", "```", run_script("bench_templates.py", *counts), "```", ""]

    with tempfile.TemporaryDirectory() as tmp:
        site = pathlib.Path(tmp) / "site"
        site.mkdir()
        with serve_gzip(site) as url:
            build_site(ROOT / "mkdocs.yml", site, env={"SITE_URL": url})
            print("first-load bytes ...", flush=True)
            by_kind: dict[str, list] = {}
            for rel in built_pages(site):
                load = first_load(site, rel)
                searched = first_load(site, rel, with_search=True)
                by_kind.setdefault(page_kind(rel), []).append((load["gzip"], load["raw"], rel, searched["gzip"]))
            lines += ["## First-load bytes per page type", "",
                      "HTML + linked stylesheets and scripts; each file gzipped (level 9) on its own. The search "
                      "worker and index load only when the reader opens search (hooks/lazy_search.py); the last "
                      "column adds them. Aim: at most 100 KB gzipped.", "",
                      "| page type | pages | largest page | raw KB | gzipped KB | smallest gzipped KB | "
                      "largest + search opened, gzipped KB |", "|---|---|---|---|---|---|---|"]
            for kind, rows in sorted(by_kind.items()):
                big, small = max(rows), min(rows)
                lines.append(f"| {kind} | {len(rows)} | {big[2]} | {big[1] / 1024:.1f} | {big[0] / 1024:.1f} | "
                             f"{small[0] / 1024:.1f} | {big[3] / 1024:.1f} |")
            lines.append("")

            if not args.no_lighthouse:
                runs = 1 if args.quick else 3
                lines += ["## Lighthouse mobile", "", f"Lighthouse {LIGHTHOUSE_VERSION}, served gzipped on 127.0.0.1, "
                          f"median of {runs} run(s). Aim: 100 in accessibility, best practices and SEO; "
                          "at least 98 in performance; CLS 0.", "",
                          "| page | performance | accessibility | best practices | SEO | LCP s | TBT ms | CLS |",
                          "|---|---|---|---|---|---|---|---|"]
                for name, path in PAGES.items():
                    print(f"lighthouse {name} ...", flush=True)
                    try:
                        r = lighthouse(url + path, runs)
                        lines.append(f"| {name} (`/{path}`) | {r['performance']:.0f} | {r['accessibility']:.0f} | "
                                     f"{r['best-practices']:.0f} | {r['seo']:.0f} | {r['LCP s']:.2f} | "
                                     f"{r['TBT ms']:.0f} | {r['CLS']:.3f} |")
                    except (subprocess.CalledProcessError, OSError, KeyError) as exc:
                        lines.append(f"| {name} | failed: {exc} | | | | | | |")
                lines.append("")

    print("form script ...", flush=True)
    lines += ["## The form script", "", "```", run_script("bench_form.py"), "```", ""]
    if (ROOT / "scripts" / "bench_checker.py").exists():
        print("checker ...", flush=True)
        lines += ["## The checker", "", "```", run_script("bench_checker.py"), "```", ""]

    report = OUT / "report.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {report.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
