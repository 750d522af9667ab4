"""Markdown and HTML for the gallery and the template pages.

Everything a reader needs is in the HTML: the page works without JavaScript.
The fill-in form (docs/assets/components/fill-in/fill-in.js) reads the JSON block
that ``template_page`` writes, so the template text lives in one place.

Search (Material honours ``data-search-exclude`` in every engine's build): a
template page is found by its title and summary; its sections, full of
[placeholders] and alike across templates, and its form stay out; the
gallery's cards stay out too (each template's page carries the same words).
"""

from __future__ import annotations

import html
import json
import posixpath

from . import templates as T
from .components import date_example, date_input

ESC = html.escape


def template_url(template_id: str) -> str:
    """The Markdown source path of a template page, relative to docs/."""
    return f"templates/{template_id}.md"


def relative_link(from_src: str, to_src: str) -> str:
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def template_meta(t: T.Template) -> dict[str, str]:
    """The page settings the ``template_page`` macro gives its page (docs/templates/<id>.md, macros/pages.py).

    Material prints page titles and descriptions as HTML (header, nav, <meta>,
    search): they are escaped here, where template text enters the page.
    """
    return {"title": ESC(t.title), "description": ESC(t.description)}


def template_markdown(t: T.Template, body: str) -> str:
    """What the ``template_page`` macro writes into a template's page: the way back, the title, then ``body``.

    ``body`` is already rendered HTML (``template_page``); Jinja never reads a
    macro's output again, so template text can never be read as Jinja.
    """
    return (
        '<p class="ati-back" markdown="span">[All templates](index.md)</p>\n\n'
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
        "panelOwn": panel_own_fields(t),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Keep the JSON inside its <script> element whatever the template says.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="ati-template-data" data-template-id="{ESC(t.id)}">{text}</script>'


def _hint(f: T.Field, locale: str) -> str:
    """The field's hint and its example, the example only once (some hints already give it)."""
    hint = f.hint or ""
    if f.kind == "date":
        example = f"For example, {date_example(f.example, locale)}" if f.example else ""
    else:
        example = f"For example: {f.example}" if f.example and "for example" not in hint.lower() else ""
    return " ".join(x for x in (hint, example) if x)


def _field(t: T.Template, f: T.Field, locale: str) -> str:
    """One field of the form, in the HTML so it is there from the first paint (fill-in.js wires it up)."""
    fid = f"ati-{t.id}-{f.name}"
    optional = " (optional)" if not f.required and "(optional)" not in f.label.lower() else ""
    label = ESC(f.label + optional)
    hint = f'<p class="ati-fill__hint" id="{fid}-hint">{ESC(_hint(f, locale))}</p>'
    error = f'<p class="ati-fill__error" id="{fid}-error" hidden></p>'
    required = ' aria-required="true"' if f.required else ""
    if f.kind == "date":
        return (f'<div class="ati-field" data-field="{fid}"><fieldset class="ati-fill__date" role="group" id="{fid}" '
                f'aria-describedby="{fid}-hint"><legend class="ati-fill__label">{label}</legend>{hint}{error}'
                f'{date_input(fid, locale, "ati-fill__input")}</fieldset></div>')
    common = f'id="{fid}" name="{ESC(f.name)}" aria-describedby="{fid}-hint"{required}'
    if f.kind == "long-text":
        control = f'<textarea class="ati-input ati-fill__input" rows="3" {common}></textarea>'
    elif f.kind == "choice":
        options = "".join(f'<option value="{ESC(o)}">{ESC(o)}</option>' for o in f.options)
        control = f'<select class="ati-input ati-fill__input" {common}><option value="">Choose an option</option>{options}</select>'
    else:
        auto = ' autocomplete="name"' if f.name == "your_name" else ""
        control = f'<input class="ati-input ati-fill__input" type="text" {common}{auto}>'
    return (f'<div class="ati-field" data-field="{fid}"><label class="ati-fill__label" for="{fid}">{label}</label>'
            f"{hint}{error}{control}</div>")


def panel_own_fields(t: T.Template) -> list[str]:
    """Fields each panel member gets their own copy of: the form's HTML and the page's JSON ("panelOwn", read by fill-in.js)."""
    if "panel" not in t.tags:
        return []
    return [f.name for f in t.fields if f.specific or f.name.startswith("interviewer")]


def _subject_choice(t: T.Template, parts: dict) -> str:
    """Several subject lines: the reader picks one (radios; their labels fill in as the reader types)."""
    subjects = parts["subjects"]
    if len(subjects) < 2:
        return ""
    name = f"ati-{t.id}-subject"
    radios = "".join(
        f'<div class="ati-fill__choice"><input type="radio" id="{name}-{i}" name="{name}" value="{i}"'
        f'{" checked" if i == 0 else ""}><label for="{name}-{i}">{_marked(s, t)}</label></div>'
        for i, s in enumerate(subjects))
    return (f'<div class="ati-field"><fieldset class="ati-fill__subjects">'
            f'<legend class="ati-fill__label">Subject line</legend>{radios}</fieldset></div>')


def _form(t: T.Template, parts: dict, locale: str) -> str:
    own = panel_own_fields(t)
    common = "".join(_field(t, f, locale) for f in t.fields if f.name not in own)
    people = ""
    if own:
        person = "".join(_field(t, f, locale) for f in t.fields if f.name in own)
        people = (f'<div class="ati-fill__people"><fieldset class="ati-fill__person" data-person="1">'
                  f'<legend>Interviewer 1</legend>{person}</fieldset></div>'
                  '<button type="button" class="md-button ati-fill__add">Add another interviewer</button>')
    return (
        f'<div class="ati-fill__inputs ati-js-only"><h2 data-search-exclude id="ati-{t.id}-fill">Fill it in</h2>'
        '<p class="ati-fill__privacy">Type your details and the message fills itself in. '
        "Nothing you type leaves your browser: no server sees it.</p>"
        f'<form data-search-exclude class="ati-fill__form" novalidate aria-labelledby="ati-{t.id}-fill">'
        '<div class="ati-fill__summary" role="alert" tabindex="-1" hidden></div>'
        f"{common}{people}{_subject_choice(t, parts)}</form></div>"
    )


def _preview(t: T.Template, parts: dict) -> str:
    pid = f"ati-{t.id}-preview-1"
    subjects = parts["subjects"]
    subject = ""
    if len(subjects) == 1:
        subject = f'<p class="ati-fill__subject"><strong>Subject: </strong><span>{_marked(subjects[0], t)}</span></p>'
    elif subjects:
        listed = "".join(f"<li>{_marked(s, t)}</li>" for s in subjects)
        subject = (
            f'<div class="ati-fill__subjects ati-js-hidden"><p><strong>Subject line</strong>: use one of these.</p>'
            f"<ul>{listed}</ul></div>"
            f'<p class="ati-fill__subject ati-js-only"><strong>Subject: </strong><span>{_marked(subjects[0], t)}</span></p>'
        )
    unfilled = T.unfilled_marker(t)
    words = T.count_words(T.fill(parts["body"], {}, unfilled))
    actions = ('<button type="button" class="md-button md-button--primary" data-action="copy">Copy message</button>'
               '<a class="md-button" data-action="mail" href="mailto:">Open in your email app</a>'
               '<button type="button" class="md-button" data-action="download">Download as a text file</button>')
    if t.channel == "letter":
        actions += '<button type="button" class="md-button" data-action="print">Print as a letter</button>'
    actions += '<button type="button" class="md-button" data-action="check">Check this message</button>'
    return (
        f'<section class="ati-fill__preview" aria-labelledby="{pid}">'
        f'<h2 data-search-exclude id="{pid}">The message</h2>'
        '<p class="ati-legend ati-js-hidden">Words in <span class="ati-ph">[square brackets]</span> are for you to fill in. '
        '<span class="ati-opt">Underlined text</span> is optional: keep it if it applies, delete it if not. '
        "Select the text to copy it.</p>"
        '<p class="ati-legend ati-js-only">Select a word in <span class="ati-ph">[brackets]</span> to fill it in.</p>'
        f"{subject}"
        # Line breaks as character references: a blank line would end the HTML block in Markdown.
        f'<div class="ati-message ati-fill__body" id="{pid}-body" tabindex="-1">{message_html(parts, t).replace(chr(10), "&#10;")}</div>'
        f'<div class="ati-fill__actions ati-js-only" role="group" aria-labelledby="{pid}">{actions}</div>'
        '<p class="ati-fill__status" role="status"></p>'
        f'<p class="ati-count ati-fill__count" id="{pid}-count" tabindex="-1">{words} words in the body. '
        f"Aim for {t.word_limit} words or fewer.</p>"
        '<p class="ati-fill__warning" hidden></p>'
        '<p class="ati-fill__nojs ati-js-hidden">The form that fills this in for you needs JavaScript, which is off '
        "or blocked in this browser. You can still copy the text and replace the words in brackets yourself.</p>"
        "</section>"
    )


def _details(t: T.Template) -> str:
    rid = f"ati-{t.id}-remember"
    return (
        '<div class="ati-fill__details ati-js-only">'
        f'<div class="ati-fill__check"><input type="checkbox" id="{rid}" aria-describedby="{rid}-hint">'
        f'<label for="{rid}">Remember my details on this device</label></div>'
        f'<p class="ati-fill__hint" id="{rid}-hint">Your name, the interviewer, the job, the organisation and the date '
        "fill in other templates for you. They stay in this tab until you close it. Tick the box only on your own computer.</p>"
        '<button type="button" class="ati-link-button" data-action="clear">Clear my details</button>'
        '<p class="ati-fill__status" role="status"></p></div>'
    )


def template_page(t: T.Template, parts: dict, locale: str, shared: tuple[str, ...],
                  callout: str = "", related: list[T.Template] | None = None) -> str:
    """A template page: when to use it, the form and the one message, then the rest of the advice.

    Without JavaScript the message shows the template text (placeholders in
    brackets) and says the form needs JavaScript; with it, fill-in.js fills the
    same message in as the reader types.
    """
    meta = f"{T.STAGES[t.stage]} · {T.CHANNELS[t.channel]} · {T.ROUTES[t.route]}"
    here = template_url(t.id)
    lines = [
        f'<p class="ati-lede">{ESC(t.description)}</p>',
        f'<p class="ati-meta">{ESC(meta)}</p>',
        "",
        "## When to use it { data-search-exclude }",
        "",
        ESC(t.when_to_use, quote=False),
        "",
        # The data block sits in an inert <template>: Material's instant navigation re-runs every
        # <script> it finds in the page as JavaScript (it drops type="application/json").
        f'<div class="ati-fill" id="fill-it-in" data-module="ati-fill" data-template-id="{ESC(t.id)}">'
        f'<div class="ati-fill__layout">{_form(t, parts, locale)}<div class="ati-fill__previews">{_preview(t, parts)}</div></div>'
        f"{_details(t)}<template>{data_block(t, parts, locale, shared)}</template></div>",
        "",
        "## When to send something else { data-search-exclude }",
        "",
        ESC(t.when_not_to_use, quote=False),
        "",
        "## Timing { data-search-exclude }",
        "",
        ESC(t.timing, quote=False),
        "",
    ]
    if callout:
        lines += [callout, ""]
    if related:
        lines += ["## Related templates { data-search-exclude }", ""]
        lines += [f"- [{_md_text(r.title)}]({relative_link(here, template_url(r.id))})" for r in related]
        lines += [""]
    lines += [
        # A Markdown link, so the strict build checks it; the form's "Check this message"
        # hands the filled text to the same page (ATI.checker.handOff in core.js).
        f'<p class="ati-checker-link" markdown="span">Prefer to write your own? '
        f'[Check it with our message checker]({relative_link(here, "check.md")}){{ data-ati-checker-url="" }}</p>',
        "",
    ]
    return "\n".join(lines)


def gallery(templates: list[T.Template], page_src: str) -> str:
    """The gallery: every template grouped by stage, with channel and route."""
    out = [
        '<form data-search-exclude class="ati-filter ati-js-only" data-module="ati-gallery-filter">',
        '<fieldset><legend>Narrow the list</legend>',
        '<div class="ati-filter__row">',
        _select("stage", "Where you are", T.STAGES),
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
        out += [f'## {heading} {{#{stage}}}', "", f'<ul data-search-exclude class="ati-cards" data-stage="{stage}" markdown="1">']
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
            f'<select class="ati-input" id="ati-filter-{name}" name="{name}"><option value="">Any</option>{opts}</select></div>')


def _md_text(text: str) -> str:
    return ESC(text, quote=False).replace("[", "\\[").replace("]", "\\]").replace("*", "\\*").replace("_", "\\_")
