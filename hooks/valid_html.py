"""Optional MkDocs hook: Material 9.8.1 markup the Nu HTML Checker rejects, corrected in every built page.

Polish, not function: without this hook (under Zensical, which ignores
``hooks:``) pages work the same and the checker reports these three nits.

- ``autocomplete`` is not allowed on checkboxes (the drawer and search toggles);
- an empty ``tabindex=""`` on section labels in the navigation;
- a ``for="__toc"`` label when the page has no ``__toc`` control (pages outside the nav).
"""

from __future__ import annotations

import re


def valid_html(text: str) -> str:
    text = re.sub(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)") autocomplete="off"',
                  r"\1", text)
    text = text.replace(' tabindex=""', "")
    if 'id="__toc"' not in text:
        text = text.replace('<label class="md-nav__title" for="__toc">', '<div class="md-nav__title">', 1)
        text = re.sub(r'(<div class="md-nav__title">\s*<span class="md-nav__icon md-icon"></span>[^<]*)</label>',
                      r"\1</div>", text, count=1)
    return text


def on_post_page(output, page, config):
    return valid_html(output)


def on_post_template(output, template_name, config):
    """The 404 page (and any other theme page) is built without a Page: fix its markup too."""
    return valid_html(output) if template_name.endswith(".html") else output
