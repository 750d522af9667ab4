"""Reading ease of the built guide pages (Flesch), with no extra packages.

Used by tests/test_guide_content.py, and runnable on its own to print a report:

    .venv/bin/python tests/readability.py            # builds the site to a temp folder
    .venv/bin/python tests/readability.py SITE_DIR   # reads an existing build

What counts as text: the page's main article (not the navigation, header or
footer), without code blocks, scripts, styles or the heading permalinks.
Every block element (paragraph, list item, table cell, heading) ends a
sentence, and so does a full stop, question mark or exclamation mark
followed by a space.

Flesch reading ease = 206.835 - 1.015 x (words per sentence)
                              - 84.6 x (syllables per word).
60 or more reads as plain English; higher is easier.

Syllables are estimated from vowel groups, with the usual corrections for a
silent final "e" and for "-es" and "-ed" endings. A number counts as two
syllables. The estimate is within a few points of the common tools.
"""

from __future__ import annotations

import dataclasses
import html.parser
import pathlib
import re
import sys

BLOCKS = {
    "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
    "blockquote", "div", "section", "figcaption", "summary", "details", "tr",
    "table", "ul", "ol", "dl", "br", "label",
}
SKIP = {"pre", "script", "style", "svg", "button", "template"}
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


class _ArticleText(html.parser.HTMLParser):
    """Collects the text of <article>, split into blocks."""

    def __init__(self, blocks=frozenset(BLOCKS), skip_classes=frozenset({"headerlink"})):
        super().__init__(convert_charrefs=True)
        self.block_tags = set(blocks)
        self.skip_classes = set(skip_classes)
        self.in_article = 0
        self.skip = 0
        self.skip_tag = ""
        self.blocks: list[str] = []
        self.buf: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.buf).split())
        if text:
            self.blocks.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if self.skip:
            if tag == self.skip_tag:
                self.skip += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag in SKIP or self.skip_classes.intersection(classes):
            self.skip_tag, self.skip = tag, 1
            return
        if tag in self.block_tags:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if self.in_article and not self.skip and tag in self.block_tags:
            self._flush()

    def handle_endtag(self, tag):
        if not self.in_article:
            return
        if self.skip:
            if tag == self.skip_tag:
                self.skip -= 1
            return
        if tag in self.block_tags:
            self._flush()
        if tag == "article":
            self._flush()
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article and not self.skip:
            self.buf.append(data)


def article_blocks(page_html: str, blocks=frozenset(BLOCKS),
                   skip_classes=frozenset({"headerlink"})) -> list[str]:
    """The text of the page's <article>, one string per block element."""
    parser = _ArticleText(blocks, skip_classes)
    parser.feed(page_html)
    parser.close()
    return parser.blocks


def sentences(blocks: list[str]) -> list[str]:
    out = []
    for block in blocks:
        for piece in SENTENCE_END_RE.split(block):
            if WORD_RE.search(piece):
                out.append(piece)
    return out


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'").split("'")[0]
    if any(ch.isdigit() for ch in word):
        return 2
    if len(word) <= 3:
        return 1
    if re.search(r"[^aeiouy]ed$", word) and not re.search(r"[td]ed$", word):
        word = word[:-2]  # asked, planned: the "-ed" is not a syllable
    elif re.search(r"[^aeiouy]es$", word) and not re.search(r"(?:[sxzcg]|ch|sh)es$", word):
        word = word[:-2]  # takes, names: nor is "-es" (but places, wishes)
    elif re.search(r"[^aeiouy]e$", word) and not re.search(r"[^aeiouy]le$", word):
        word = word[:-1]  # silent final "e" (but table, able)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]+", word)))


@dataclasses.dataclass
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def reading_ease(self) -> float:
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word


def score_text(blocks: list[str]) -> Score:
    sents = sentences(blocks)
    words = [w for s in sents for w in WORD_RE.findall(s)]
    return Score(len(words), len(sents), sum(syllables(w) for w in words))


def score_page(path: pathlib.Path) -> Score:
    return score_text(article_blocks(path.read_text(encoding="utf-8")))


def report(site_dir: pathlib.Path, pages: list[str]) -> list[tuple[str, Score]]:
    return [(p, score_page(site_dir / p)) for p in pages]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from support import GUIDE_PAGES, built_path  # the one list of guide pages

    if argv:
        site = pathlib.Path(argv[0])
    else:
        import tempfile

        from support import ROOT, build_site

        site = pathlib.Path(tempfile.mkdtemp(prefix="ati-readability-"))
        build_site(ROOT / "mkdocs.yml", site)
    print(f"{'page':<40} {'ease':>6} {'words/sent':>10} {'syl/word':>8} {'words':>6}")
    for src, s in report(site, [built_path(p) for p in GUIDE_PAGES]):
        print(f"{src:<40} {s.reading_ease:6.1f} {s.words_per_sentence:10.1f} {s.syllables_per_word:8.2f} {s.words:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
