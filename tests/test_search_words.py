"""Issue 21, item 8: the words students type into search bring the right section first.

In Chromium, through the site's own search box, as a reader would: open search,
enter the word, wait for the results to settle, and read the first result. The word
goes in at once (as a paste or the keyboard's suggestion would), then one key press
that moves nothing: Material searches on a key going up, and key by key each half-typed
word would start a search of its own, whose results can sit on screen long enough
on a busy machine to be read as the answer.

Material groups results by page. The first result is the top page: its title
comes first, then its sections, best match first (when the page's own title is
the best match, the sections fold under "more results", still in that order).
So "the first result" here is the top page's best section, or the page itself
if it has no matching section. Expected values are a page's address, with the
section's #anchor when a section should come first.

To add a word, add one line to SEARCH_WORDS.
"""

from __future__ import annotations

import pytest

from support import Watcher

SEARCH_WORDS = {
    # word the reader types: page/#anchor that must come first
    "shop": "guide/student-interviews/#part-time-jobs-in-shops-cafes-and-on-campus-expect-a-quick-answer",
    "part-time": "guide/student-interviews/#part-time-jobs-in-shops-cafes-and-on-campus-expect-a-quick-answer",
    "placement": "guide/student-interviews/#internships-placements-and-spring-weeks-deadlines-differ",
    "apprenticeship": "guide/student-interviews/#apprenticeships-your-contact-may-be-the-training-provider",
    "video interview": "guide/student-interviews/#one-way-video-interviews-and-online-tests-nobody-to-thank",
    "NHS": "guide/student-interviews/#nhs-jobs-a-phone-call-then-a-conditional-offer-and-checks",
    "2:1": "guide/offers/#offer-needs-a-21-and-you-dont-get-it-tell-them-early",
    "provisional offer": "guide/offers/#provisional-offer-or-subject-to-checks-what-happens-next",
    "extension": "guide/offers/#extension-to-your-offer-deadline-ask-early-with-a-reason",
    "negotiate": "guide/offers/#negotiating-pay-the-uk-and-the-us-differ",
    # page/ alone: that page first, whichever of its sections leads
    "rejected": "guide/not-offered/",
    "ghosted": "guide/timing/",
    "no reply": "guide/timing/",
    "heard nothing": "guide/timing/",
    "how long to wait": "guide/timing/",
    "offer": "guide/offers/",
    "assessment centre": "guide/graduate-schemes/",
}


def open_search(page):
    """Open search the way a reader does: the search box on a wide screen, the icon on a phone."""
    box = page.locator(".md-search__input")
    icon = page.locator("label.md-header__button[for=__search]")
    # On a phone the box sits off screen until the icon opens it.
    (icon if icon.is_visible() else box).click()
    box.wait_for(state="visible", timeout=5000)
    return box


def enter(box, word: str) -> None:
    """Put the word in the box and let go of a key, which is when Material searches."""
    box.fill(word)
    box.press("End")


def first_result(page, site_url: str) -> str:
    """The first result's address, relative to the site, once the results stop changing."""
    item = page.locator(".md-search-result__item").first
    item.wait_for(timeout=20000)  # the index loads when search opens

    def read():
        hrefs = [a.get_attribute("href") for a in item.locator("a.md-search-result__link").all()]
        sections = [h for h in hrefs if "#" in h]
        return (sections or hrefs)[0]

    seen = []
    for _ in range(40):
        page.wait_for_timeout(250)
        seen.append(read())
        if len(seen) >= 4 and len(set(seen[-4:])) == 1:
            break
    href = seen[-1]
    return href[len(site_url):] if href.startswith(site_url) else href


@pytest.fixture(scope="module")
def desktop_search(browser, site_url):
    """One desktop page with search open, for every word, as for a reader who searches again: the index
    is built once. Each word starts from an empty box, so no word's results can be read as the next one's."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.watcher = Watcher(page)
    try:
        page.goto(site_url)
        yield page, open_search(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("word,want", SEARCH_WORDS.items())
def test_search_word_brings_the_right_section_first(desktop_search, site_url, word, want):
    page, box = desktop_search
    enter(box, "")
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=20000)
    enter(box, word)
    got = first_result(page, site_url)
    if "#" not in want:
        got = got.split("#", 1)[0]
    assert got == want, f"search {word!r}: first result {got}, wanted {want}"
    page.watcher.assert_clean()


def test_search_from_a_phone_finds_the_same_section(page, site_url):
    """On a phone the search box is behind the header's icon; the ranking is the same."""
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site_url)
    box = open_search(page)
    enter(box, "shop")
    assert first_result(page, site_url) == SEARCH_WORDS["shop"]


def test_a_made_up_word_finds_nothing(page, site_url):
    """The check can fail: results follow the word, and not every word finds a page."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url)
    box = open_search(page)
    enter(box, "shop")
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    enter(box, "zzzqqxw")
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=20000)
    assert page.locator(".md-search-result__item").count() == 0
