"""Markdown and HTML for the gallery and the template pages.

Everything a reader needs is in the HTML: the page works without JavaScript.
The fill-in form (docs/assets/javascripts/fill-in.js) reads the JSON block
that ``template_page`` writes, so the template text lives in one place.
"""

from __future__ import annotations

import html
import json
import posixpath

from . import templates as T

ESC = html.escape


def template_url(template_id: str) -> str:
    """The Markdown source path of a template page, relative to docs/."""
    return f"templates/{template_id}.md"


def relative_link(from_src: str, to_src: str) -> str:
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def template_source(t: T.Template, body: str) -> str:
    """The Markdown source generated for one template page: front matter, then ``body``.

    The body is already rendered (``template_page``), so mkdocs-macros is told
    not to run it through Jinja again: that saves time on every template page,
    and template text can never be read as Jinja.
    """
    return (
        "---\n"
        # Material prints page titles and descriptions as HTML (header, nav,
        # <meta>, search): escape them here, where template text enters the page.
        f"title: {json.dumps(ESC(t.title))}\n"
        f"description: {json.dumps(ESC(t.description))}\n"
        f"message_template: {t.id}\n"
        "render_macros: false\n"
        "---\n\n"
        f"# {_md_text(t.title)}\n\n"
        f"{body}\n"
    )


def _marked(text_tokens: list, t: T.Template) -> str:
    """HTML of unfilled tokens, placeholders and optional parts visibly marked."""
    out = []
    labels = t.field_map
    for tok in text_tokens:
        if isinstance(tok, str):
            out.append(ESC(tok, quote=False))
        elif "f" in tok:
            out.append(f'<span class="ati-ph">[{ESC(labels[tok["f"]].label, quote=False)}]</span>')
        else:
            out.append(f'<span class="ati-opt">{_marked(tok["opt"], t)}</span>')
    return "".join(out)


def message_html(parts: dict, t: T.Template) -> str:
    pieces = [_marked(parts[k], t) for k in ("greeting", "body", "closing") if parts[k]]
    return "\n\n".join(pieces)


def data_block(t: T.Template, parts: dict, locale: str, shared: tuple[str, ...]) -> str:
    data = {
        "id": t.id,
        "title": t.title,
        "channel": t.channel,
        "stage": t.stage,
        "tags": t.tags,
        "locale": locale,
        "limits": {"words": t.word_limit, "lines": t.line_limit},
        "fields": [
            {
                "name": f.name, "label": f.label, "hint": f.hint, "example": f.example,
                "required": f.required, "kind": f.kind, "options": f.options,
                "specific": f.specific, "shared": f.name in shared,
            }
            for f in t.fields
        ],
        "parts": parts,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Keep the JSON inside its <script> element whatever the template says.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="ati-template-data" data-template-id="{ESC(t.id)}">{text}</script>'


def template_page(t: T.Template, parts: dict, locale: str, shared: tuple[str, ...], callout: str = "") -> str:
    meta = f"{T.STAGES[t.stage]} · {T.CHANNELS[t.channel]} · {T.ROUTES[t.route]}"
    lines = [
        f'<p class="ati-lede">{ESC(t.description)}</p>',
        f'<p class="ati-meta">{ESC(meta)}</p>',
        # In the HTML (shown from the first paint when scripts run, so nothing moves): fill-in.js
        # adds this link only where it is missing.
        '<p class="ati-fill__jump ati-js-only"><a href="#fill-it-in">Fill in this template</a></p>',
        # A Markdown link, so the strict build checks it; the form's "Check this message"
        # hands the filled text to the same page (ATI.checker.handOff in core.js).
        f'<p class="ati-checker-link" markdown="span">Prefer to write your own? '
        f'[Check it with our message checker]({relative_link(template_url(t.id), "check.md")}){{ data-ati-checker-url="" }}</p>',
        "",
        "## When to use it",
        "",
        ESC(t.when_to_use, quote=False),
        "",
        "## When to send something else",
        "",
        ESC(t.when_not_to_use, quote=False),
        "",
        "## Timing",
        "",
        ESC(t.timing, quote=False),
        "",
    ]
    unfilled = T.unfilled_marker(t)
    if parts["subjects"]:
        lines += ["## Subject line" + ("s" if len(parts["subjects"]) > 1 else ""), ""]
        lines += ['<div class="ati-subjects">']
        for s in parts["subjects"]:
            lines.append(f'<pre class="ati-subject"><code>{_marked(s, t)}</code></pre>')
        lines += ["</div>", ""]
    lines += [
        "## The message",
        "",
        '<p class="ati-legend">Words in <span class="ati-ph">[square brackets]</span> are for you to fill in. '
        '<span class="ati-opt">Underlined text</span> is optional: keep it if it applies, delete it if not. '
        "Use the copy button at the top right of the box to copy the text as it stands.</p>",
        "",
        f'<pre class="ati-message" id="message-{ESC(t.id)}"><code>{message_html(parts, t)}</code></pre>',
        "",
        f'<p class="ati-count">{T.count_words(T.fill(parts["body"], {}, unfilled))} words in the body. '
        f"Aim for {t.word_limit} words or fewer.</p>",
        "",
        # The data block sits in an inert <template>: Material's instant navigation re-runs every
        # <script> it finds in the page as JavaScript (it drops type="application/json").
        f'<div class="ati-fill" id="fill-it-in" data-module="ati-fill" data-template-id="{ESC(t.id)}">'
        f"<template>{data_block(t, parts, locale, shared)}</template></div>",
        "",
    ]
    if callout:
        lines += [callout, ""]
    return "\n".join(lines)


def gallery(templates: list[T.Template], page_src: str) -> str:
    """The gallery: every template grouped by stage, with channel and route."""
    out = [
        '<form class="ati-filter ati-js-only" data-module="ati-gallery-filter">',
        '<fieldset><legend>Narrow the list</legend>',
        '<div class="ati-filter__row">',
        _select("channel", "Channel", T.CHANNELS),
        _select("route", "How you applied", T.ROUTES),
        "</div></fieldset>",
        '<p class="ati-filter__status" role="status" aria-live="polite"></p>',
        "</form>",
        "",
    ]
    for stage, heading in T.STAGES.items():
        group = [t for t in templates if t.stage == stage]
        if not group:
            continue
        out += [f'## {heading} {{#{stage}}}', "", f'<ul class="ati-cards" data-stage="{stage}" markdown="1">']
        for t in group:
            link = relative_link(page_src, template_url(t.id))
            out += [
                f'<li class="ati-card" data-channel="{t.channel}" data-route="{t.route}" markdown="block">',
                f'<h3 class="ati-card__title" markdown="span">[{_md_text(t.title)}]({link})</h3>',
                f'<p class="ati-card__desc">{ESC(t.description)}</p>',
                f'<p class="ati-card__meta"><span>{ESC(T.CHANNELS[t.channel])}</span> · <span>{ESC(T.ROUTES[t.route])}</span></p>',
                "</li>",
            ]
        out += ["</ul>", ""]
    return "\n".join(out)


def _select(name: str, label: str, options: dict[str, str]) -> str:
    opts = "".join(f'<option value="{k}">{ESC(v)}</option>' for k, v in options.items())
    return (f'<div class="ati-filter__field"><label for="ati-filter-{name}">{label}</label>'
            f'<select id="ati-filter-{name}" name="{name}"><option value="">Any</option>{opts}</select></div>')


def _md_text(text: str) -> str:
    return ESC(text, quote=False).replace("[", "\\[").replace("]", "\\]").replace("*", "\\*").replace("_", "\\_")
