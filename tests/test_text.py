"""Words, lines and sentences: counted once in Python and once in JavaScript, kept in step.

tests/text_cases.yml holds the cases. macros/templates.py (the validator, the
checker's template sentences) and ATI.text in core.js (the template form, the
checker) must give the same answer for each.
"""

from __future__ import annotations

import pytest
import yaml

from macros import templates as T
from support import ROOT, ready

CASES = yaml.safe_load((ROOT / "tests" / "text_cases.yml").read_text(encoding="utf-8"))["cases"]


def test_the_cases_cover_the_awkward_characters():
    texts = "".join(c["text"] for c in CASES)
    for ch in ("\r\n", "\u2028", "\u00a0", "\ufeff", "\u001f", "\t"):
        assert ch in texts, repr(ch)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_counts_and_splits_as_the_cases_say(case):
    assert T.count_words(case["text"]) == case["words"]
    assert T.count_lines(case["text"]) == case["lines"]
    assert T.sentences(case["text"]) == case["sentences"]


@pytest.mark.browser
def test_javascript_counts_and_splits_as_the_cases_say(page, site_url):
    ready(page, site_url)
    got = page.evaluate("""(cases) => cases.map(c => ({
        words: ATI.text.countWords(c.text), lines: ATI.text.countLines(c.text),
        sentences: ATI.text.sentences(c.text).map(r => c.text.slice(r[0], r[1])),
        wordsAgree: ATI.text.words(c.text).length === ATI.text.countWords(c.text) }))""", CASES)
    wrong = [f"{c['name']}: {g}" for c, g in zip(CASES, got)
             if (g["words"], g["lines"], g["sentences"]) != (c["words"], c["lines"], c["sentences"]) or not g["wordsAgree"]]
    assert not wrong, "\n".join(wrong)


def test_no_other_script_counts_or_splits_on_its_own():
    """One place: the form and the checker use ATI.text, not their own regular expressions."""
    for name in ("fill-in.js", "checker.js"):
        script = (ROOT / "docs/assets/components" / name.removesuffix(".js") / name).read_text(encoding="utf-8")
        assert "ATI.text." in script, name
        assert "\\S+/g" not in script and ".split(/\\r\\n" not in script, f"{name} counts by itself"
