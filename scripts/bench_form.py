#!/usr/bin/env python3
"""Benchmark the fill-in form: script size, and time to update the preview per keystroke.

Usage: .venv/bin/python scripts/bench_form.py [--keys 200] [--template thank-you-email]

Prints numbers only; it asserts nothing about time. Each keystroke is one
character added to a field followed by an `input` event, timed in the page
with performance.now() around the event dispatch (the form's handler updates
the preview synchronously) and again with a forced layout, which adds the
browser's style and layout work for the new preview text.
"""

from __future__ import annotations

import argparse
import gzip
import pathlib
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_site, launch_browser, ready, serve  # noqa: E402

SCRIPT = ROOT / "docs" / "assets" / "components" / "fill-in" / "fill-in.js"

MEASURE = """([id, keys]) => {
    const box = document.getElementById(id);
    const body = document.querySelector('.ati-fill__body');
    const script = [], layout = [];
    for (let i = 0; i < keys; i++) {
        box.value += 'abcdefghij klmnopqrst'[i % 21];
        const t0 = performance.now();
        box.dispatchEvent(new Event('input', { bubbles: true }));
        const t1 = performance.now();
        void body.getBoundingClientRect().height;   // force style and layout
        const t2 = performance.now();
        script.push(t1 - t0);
        layout.push(t2 - t0);
    }
    if (!body.textContent.includes(box.value.trim())) throw new Error('the preview did not follow the typing');
    return { script, layout };
}"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200, help="keystrokes per field (default 200)")
    parser.add_argument("--template", default="thank-you-email", help="template id to type into")
    args = parser.parse_args()

    raw = SCRIPT.read_bytes()
    print(f"fill-in.js: {len(raw):,} bytes raw, {len(gzip.compress(raw, 9)):,} bytes gzipped (level 9)")

    with tempfile.TemporaryDirectory() as tmp, launch_browser() as browser:
        out = pathlib.Path(tmp) / "site"
        out.mkdir()
        with serve(out) as url:
            build_site(ROOT / "mkdocs.yml", out, env={"SITE_URL": url})
            page = browser.new_page()
            ready(page, f"{url}templates/{args.template}/")
            page.wait_for_selector(".ati-fill__form")
            fields = page.evaluate("""() => [...document.querySelectorAll('.ati-fill__form input[type=text], .ati-fill__form textarea')]
                .map(e => [e.id, e.tagName.toLowerCase()])""")
            # One short text field (a shared detail, saved on each keystroke) and one text area.
            chosen = [f for f in fields if f[1] == "input"][:1] + [f for f in fields if f[1] == "textarea"][:1]
            print(f"template {args.template}, {args.keys} keystrokes per field, Chromium, times in ms")
            print(f"{'field':<45} {'median':>8} {'p95':>8} {'max':>8}   {'+layout median':>15} {'p95':>8}")
            for fid, _ in chosen:
                page.evaluate("id => { document.getElementById(id).value = ''; }", fid)
                result = page.evaluate(MEASURE, [fid, args.keys])
                s, l = result["script"], result["layout"]
                print(f"{fid:<45} {statistics.median(s):8.3f} {percentile(s, 95):8.3f} {max(s):8.3f}   "
                      f"{statistics.median(l):15.3f} {percentile(l, 95):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
