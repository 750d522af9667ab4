#!/usr/bin/env python3
"""One benchmark report: bench-output/report.md (gitignored).

    scripts/bench                 # everything
    scripts/bench --quick         # no 2,000-template build, one Lighthouse run per page

Sections: build time and output size (the real site, plus 20, 200 and 2,000
generated templates: scripts/bench_templates.py); first-load bytes per page
type, raw and gzipped; the form script's size and per-keystroke time
(scripts/bench_form.py); Lighthouse mobile on one page of each type found in
the build, beside a plain Material site (same pinned versions, no fonts, one
of our guide pages as its content), built in the same run, served on 127.0.0.1
by tests/support.py's server (text gzipped, as a host sends it), interleaved,
median of three runs each; the checker's benchmark
(scripts/bench_checker.py) when it exists. It reports numbers; it asserts nothing.

Lighthouse is the npm package pinned in package.json (node_modules/, installed
by scripts/bench like scripts/test). Chromium: CHROME_PATH, else /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support import (CHROMIUM_FLAGS, build_site, built_pages, chromium_path, first_load, launch_browser,  # noqa: E402
                     load_config, page_kind, page_url, phone_visits, serve)

OUT = ROOT / "bench-output"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The page Lighthouse measures for a type, when the build has it; otherwise the type's first page.
PREFERRED = {"guide": "guide/timing/index.html", "template": "templates/thank-you-email/index.html"}
# The plain theme's one page: a guide page with no macros, rendered with our Markdown extensions.
PLAIN_PAGE = "guide/what-to-avoid.md"


def run_script(name: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True, cwd=ROOT)
    return (proc.stdout + (f"\n(exit {proc.returncode})\n{proc.stderr[-2000:]}" if proc.returncode else "")).strip()


def lighthouse_version() -> str:
    return json.loads((ROOT / "node_modules/lighthouse/package.json").read_text(encoding="utf-8"))["version"]


def lighthouse_once(url: str, report: pathlib.Path) -> dict:
    """One Lighthouse mobile run (its default: simulated slow 4G, CPU 4x slower): scores, LCP, TBT, CLS, transfer."""
    chrome = os.environ.get("CHROME_PATH") or chromium_path() or "/usr/bin/chromium"
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    "--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile",
                    "--chrome-flags=--headless=new " + " ".join(CHROMIUM_FLAGS)],
                   env={**os.environ, "CHROME_PATH": chrome}, check=True, capture_output=True)
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        **{c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES},
        "LCP s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "TBT ms": audits["total-blocking-time"]["numericValue"],
        "CLS": audits["cumulative-layout-shift"]["numericValue"],
        "KB": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def lighthouse_interleaved(targets: dict[str, str], runs: int) -> dict[str, dict]:
    """Each target ``runs`` times, one round over all targets at a time, so a slow spell hits them all alike.

    Returns {name: medians} (or {"error": text} for a target whose runs all failed).
    """
    results: dict[str, list] = {name: [] for name in targets}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            for name, url in targets.items():
                print(f"lighthouse {run + 1}/{runs} {name} ...", flush=True)
                try:
                    results[name].append(lighthouse_once(url, pathlib.Path(tmp) / "report.json"))
                except (subprocess.CalledProcessError, OSError, KeyError, TypeError) as exc:
                    errors[name] = str(exc)
    return {name: ({k: statistics.median(r[k] for r in rows) for k in rows[0]} if rows else {"error": errors[name]})
            for name, rows in results.items()}


def plain_material(dest: pathlib.Path) -> pathlib.Path:
    """A plain Material site: our Markdown extensions, no fonts, no customisation, one of our guide pages."""
    import yaml

    docs = dest / "docs"
    (docs / PLAIN_PAGE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "docs" / PLAIN_PAGE, docs / PLAIN_PAGE)
    config = {"site_name": "Plain Material", "theme": {"name": "material", "font": False},
              "markdown_extensions": load_config()["markdown_extensions"], "nav": [PLAIN_PAGE]}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest / "mkdocs.yml"


def representatives(site: pathlib.Path) -> dict[str, str]:
    """One built page of each type (support.page_kind), found from the build."""
    pages = built_pages(site)
    out: dict[str, str] = {}
    for rel in pages:
        kind = page_kind(rel)
        if kind not in out or PREFERRED.get(kind) == rel:
            out[kind] = rel
    return dict(sorted(out.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 2,000 templates; one Lighthouse run per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-only", action="store_true", help="only the first-load and Lighthouse sections")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    lines = ["# Benchmark report", "", f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"`git describe`: {subprocess.run(['git', 'describe', '--always', '--dirty'], capture_output=True, text=True, cwd=ROOT).stdout.strip()}", ""]

    if not args.lighthouse_only:
        print("build time and size ...", flush=True)
        counts = ["20", "200"] if args.quick else ["20", "200", "2000"]
        lines += ["## Build time and output size", "", "```", run_script("bench_templates.py", *counts), "```", ""]

    with tempfile.TemporaryDirectory() as tmp:
        site = pathlib.Path(tmp) / "site"
        site.mkdir()
        with serve(site) as url:
            build_site(ROOT / "mkdocs.yml", site, env={"SITE_URL": url})
            print("first-load bytes ...", flush=True)
            by_kind: dict[str, list] = {}
            for rel in built_pages(site):
                load = first_load(site, rel)
                searched = first_load(site, rel, with_search=True)
                by_kind.setdefault(page_kind(rel), []).append((load["gzip"], load["raw"], rel, searched["gzip"]))
            lines += ["## First-load bytes per page type", "",
                      "HTML + linked stylesheets and scripts; each file gzipped (level 6) on its own. The search "
                      "worker and index load only when the reader opens search (overrides/partials/search-on-demand.html); "
                      "the last column adds them. Aim: at most 100 KB gzipped.", "",
                      "| page type | pages | largest page | raw KB | gzipped KB | smallest gzipped KB | "
                      "largest + search opened, gzipped KB |", "|---|---|---|---|---|---|---|"]
            for kind, rows in sorted(by_kind.items()):
                big, small = max(rows), min(rows)
                lines.append(f"| {kind} | {len(rows)} | {big[2]} | {big[1] / 1024:.1f} | {big[0] / 1024:.1f} | "
                             f"{small[0] / 1024:.1f} | {big[3] / 1024:.1f} |")
            lines.append("")

            if not args.no_lighthouse:
                lines += lighthouse_section(site, url, pathlib.Path(tmp), runs=1 if args.quick else 3)
        print("every page on a throttled phone ...", flush=True)
        lines += phone_section(site)
    if args.lighthouse_only:
        return write_report(lines)

    print("form script ...", flush=True)
    lines += ["## The form script", "", "```", run_script("bench_form.py"), "```", ""]
    if (ROOT / "scripts" / "bench_checker.py").exists():
        print("checker ...", flush=True)
        lines += ["## The checker", "", "```", run_script("bench_checker.py"), "```", ""]

    return write_report(lines)


def write_report(lines: list[str]) -> int:
    report = OUT / "report.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {report.relative_to(ROOT)}")
    return 0


def phone_section(site: pathlib.Path) -> list[str]:
    """The figures tests/test_quality_gates.py gates, per page type: the largest layout shift and first load.

    Served as the tests serve it (support.serve); the sizes come from the files, gzipped one by one.
    """
    try:
        with serve(site) as url, launch_browser() as browser:
            visits = phone_visits(browser, site, url, built_pages(site))
    except Exception as exc:  # a report, not a test: say what failed and carry on
        return ["## Every page on a throttled phone", "", f"Failed: {exc}", ""]
    lines = ["## Every page on a throttled phone", "",
             "What tests/test_quality_gates.py gates, measured in Chromium (375x812, slow network, CPU 4x slower until load), "
             "each page once from an empty cache: the layout shift, counting every shift, and what Chromium fetches "
             "without being asked, gzipped (level 6). Gates: at most 0.01 and 100 KB.", "",
             "| page type | pages | largest shift | on | largest first load KB | on |", "|---|---|---|---|---|---|"]
    by_kind: dict[str, list] = {}
    for rel, v in visits.items():
        by_kind.setdefault(page_kind(rel), []).append((rel, v["cls"], sum(v["fetched"].values())))
    for kind, rows in sorted(by_kind.items()):
        shift = max(rows, key=lambda r: r[1])
        load = max(rows, key=lambda r: r[2])
        lines.append(f"| {kind} | {len(rows)} | {shift[1]:.3f} | {shift[0]} | {load[2] / 1024:.1f} | {load[0]} |")
    return lines + [""]


def lighthouse_section(site: pathlib.Path, url: str, tmp: pathlib.Path, runs: int) -> list[str]:
    """Lighthouse on one page of each type and on the plain Material site, interleaved; medians side by side."""
    if not LIGHTHOUSE.exists():
        return ["## Lighthouse mobile", "", "Not run: node_modules/.bin/lighthouse is missing (run `npm ci`).", ""]
    plain_site = tmp / "plain-site"
    config = plain_material(tmp / "plain")
    with serve(plain_site) as plain_url:
        build_site(config, plain_site, env={"SITE_URL": plain_url}, strict=False)  # its page links pages it lacks
        pages = representatives(site)
        targets = {f"{kind} (`{rel}`)": page_url(url, rel) for kind, rel in pages.items()}
        plain_name = f"plain Material (`{PLAIN_PAGE}`)"
        targets[plain_name] = plain_url + PLAIN_PAGE[: -len(".md")] + "/"
        medians = lighthouse_interleaved(targets, runs)
    base = medians[plain_name]
    lines = ["## Lighthouse mobile, beside the plain theme", "",
             f"Lighthouse {lighthouse_version()} (mobile: simulated slow 4G, CPU 4x slower), one page of each type "
             f"in the build and a plain Material site (same pinned versions, `font: false`, our Markdown extensions, "
             f"`{PLAIN_PAGE}` as its only page), both served gzipped on 127.0.0.1; {runs} run(s) each, interleaved "
             "round by round; medians. Aim: performance within 1 point of the plain theme, CLS 0, at most 15 KB "
             "more transfer.", "",
             "| page | performance | vs plain | CLS | transfer KB | vs plain KB | accessibility | best practices "
             "| SEO | LCP s | TBT ms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in medians.items():
        if "error" in r:
            lines.append(f"| {name} | failed: {r['error']} | | | | | | | | | |")
            continue
        vs = "" if name == plain_name or "error" in base else f"{r['performance'] - base['performance']:+.0f}"
        vs_kb = "" if name == plain_name or "error" in base else f"{r['KB'] - base['KB']:+.1f}"
        lines.append(f"| {name} | {r['performance']:.0f} | {vs} | {r['CLS']:.3f} | {r['KB']:.1f} | {vs_kb} | "
                     f"{r['accessibility']:.0f} | {r['best-practices']:.0f} | {r['seo']:.0f} | {r['LCP s']:.2f} | "
                     f"{r['TBT ms']:.0f} |")
    return lines + [""]


if __name__ == "__main__":
    sys.exit(main())
