"""Time "Check your message" on a 5,000-character draft in Chromium. Prints numbers; asserts nothing.

Builds the site, opens the checker page and times ATI.checker.analyse (the
checks alone) and a whole check (analyse plus drawing the marked copy and
the findings), as the median of many runs.

    .venv/bin/python scripts/bench_checker.py
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import build_and_serve, launch_browser  # noqa: E402

PARAGRAPH = ("Thank you for talking with me today about the Junior Data Analyst role. You mentioned the tenant "
             "survey, and as per my last email I am the perfect candidate [name]. Our conversation confirmed that "
             "this is a job I would love to do. My résumé and organization are attached.\n\n")


def draft(chars: int = 5000) -> str:
    body = "Dear Ms Patel,\n\n" + PARAGRAPH * (chars // len(PARAGRAPH) + 1)
    return body[: chars - 26] + "\n\nKind regards,\nAlex Morgan"[: 26]


def bench(runs: int = 200) -> dict[str, float]:
    text = draft()
    with tempfile.TemporaryDirectory() as tmp, build_and_serve(ROOT / "mkdocs.yml", pathlib.Path(tmp)) as url, launch_browser() as browser:
        page = browser.new_page()
        page.goto(url + "check/")
        page.wait_for_selector(".ati-checker[data-mounted]")
        return page.evaluate("""([text, runs]) => {
          const data = JSON.parse(document.querySelector('.ati-checker-data').dataset.checks);
          const input = {subject: 'Hello', body: text, kind: 'thank-you', channel: 'email', locale: 'en-GB', specific: false};
          const median = xs => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
          const first = performance.now(); ATI.checker.analyse(input, data); const cold = performance.now() - first;
          const analyse = [], whole = [];
          for (let i = 0; i < runs; i++) { const t = performance.now(); ATI.checker.analyse(input, data); analyse.push(performance.now() - t); }
          document.getElementById('ck-body').value = text;
          for (let i = 0; i < Math.min(runs, 50); i++) {
            const t = performance.now(); document.getElementById('ck-check').click(); whole.push(performance.now() - t);
          }
          return {chars: text.length, cold, analyse: median(analyse), whole: median(whole),
                  findings: document.querySelectorAll('#ck-findings > li').length, marks: document.querySelectorAll('#ck-copy mark').length};
        }""", [text, runs])


if __name__ == "__main__":
    r = bench()
    print(f"draft: {r['chars']} characters, {r['findings']} findings, {r['marks']} marks")
    print(f"checks only (first run, building the patterns): {r['cold']:.2f} ms")
    print(f"checks only (median): {r['analyse']:.2f} ms")
    print(f"whole check, with the marked copy and findings (median): {r['whole']:.2f} ms")
