"""One place for each thing: a change in one file reaches everything that depends on it.

Each test makes the change in a scratch copy of the project (support.copy_project)
and checks, with no other edit, that the site and the tests follow.
"""

from __future__ import annotations

import pytest

from support import Elements, build_and_serve, build_site, built_pages, copy_project, guide_pages, read_page, ready

NEW_PAGE = """---
title: Follow up after a video interview
summary: "what changes when you met on a screen."
description: "How to follow up after a video interview: who to thank, when, and what to mention when you met on a screen rather than in person."
---

# Follow up after a video interview

Send your thank-you the same way as after any other interview.
"""


def test_a_guide_page_is_its_file_plus_one_nav_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/guide/video-interviews.md").write_text(NEW_PAGE, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "      - Senior roles: guide/senior-roles.md\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + "      - Video interviews: guide/video-interviews.md\n"), encoding="utf-8")

    assert "guide/video-interviews.md" in guide_pages(config), "the tests' guide pages"
    assert "guide/video-interviews.md" not in guide_pages(), "only the copy has it"
    out = tmp_path / "site"
    build_site(config, out)
    assert "guide/video-interviews/index.html" in built_pages(out), "the site-wide gates (axe light and dark) walk the build"
    home = read_page(out, "index.md")
    links = [a for a in Elements(home).find("a") if a.get("href") == "guide/video-interviews/"]
    assert links, "the home page's 'Find what you need' list links the new page"
    assert "what changes when you met on a screen." in home
    sources = read_page(out, "sources.md")
    assert 'href="../guide/video-interviews/"' in sources and "What changes when you met on a screen." in sources


@pytest.mark.parametrize("src", ["index.md", "sources.md"])
def test_the_lists_of_pages_follow_the_nav(site_dir, src):
    """Every guide page in the nav is on the home page's list and the Sources page's table."""
    html = read_page(site_dir, src)
    for page in guide_pages():
        if page.startswith("guide/"):
            target = "guide/" + page.removeprefix("guide/").removesuffix(".md") + "/"
            assert f'href="{target if src == "index.md" else "../" + target}"' in html, f"{src} does not link {page}"


def test_nav_titles_and_summaries_are_respelt_for_a_us_site():
    from macros import nav

    assert nav.respell("Graduate schemes and assessment centres", "en-US") == "Graduate schemes and assessment centers"
    assert nav.respell("Organisation of your CV", "en-US") == "Organization of your résumé"
    assert nav.respell("Graduate schemes and assessment centres", "en-GB") == "Graduate schemes and assessment centres"


NEW_RULE = """
  - id: salary-talk
    test: avoid
    title: Leave pay for later
    looks_for: Talk of salary or pay before they have made an offer.
    why: Pay is for when they make an offer; a thank-you is about the job.
    learn_more: guide/what-to-avoid.md
    fix: Take out the sentence about pay.
    kinds: [thank-you, check-in]
    level: problem
    phrases: [salary expectations, pay rise]
"""


@pytest.mark.browser
def test_a_phrase_rule_is_one_yaml_entry(tmp_path, browser):
    """A new rule in rules/draft-checks.yml alone: the checker flags its phrase, the checklist lists it."""
    project = copy_project(tmp_path / "project")
    rules = project / "rules/draft-checks.yml"
    rules.write_text(rules.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_RULE, encoding="utf-8")
    out = tmp_path / "site"
    with build_and_serve(project / "mkdocs.yml", out) as url:
        assert "<strong>Leave pay for later</strong>" in read_page(out, "guide/what-to-say.md")
        page = browser.new_page()
        try:
            ready(page, url + "check/")
            page.wait_for_selector(".ati-checker[data-mounted]")
            page.fill("#ck-subject", "Thank you for the interview")
            page.fill("#ck-body", "Dear Ms Patel,\n\nThank you for today. What are the Salary  expectations for the role?\n\nKind regards,\nAlex Morgan")
            page.click("#ck-check")
            finding = page.locator("#ck-findings li[data-check=salary-talk]")
            assert finding.count() == 1
            assert page.locator("#ck-copy mark[data-findings~=salary-talk]").text_content() == "Salary  expectations"
            page.check("#ck-kind-rejection")  # the rule's kinds: not for a rejection
            assert page.locator("#ck-findings li[data-check=salary-talk]").count() == 0
        finally:
            page.close()
