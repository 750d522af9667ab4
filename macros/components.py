"""HTML components shared by more than one page: one place each.

``date_input``: GOV.UK's date input (Day, Month and Year boxes, in the site's
order), used by the planner (macros/planner.py) and by the template form
(macros/render.py). ``ATI.dateParts`` in docs/assets/javascripts/core.js reads
it; its styles are the ``.ati-date-input`` rules in docs/assets/stylesheets/site.css.
"""

from __future__ import annotations

import html

ESC = html.escape

_PARTS = {"day": ("Day", 2), "month": ("Month", 2), "year": ("Year", 4)}


def date_order(locale: str) -> list[str]:
    """The boxes in the order the site's readers write a date."""
    return ["month", "day", "year"] if locale == "en-US" else ["day", "month", "year"]


def date_example(iso: str, locale: str) -> str:
    """'27 3 2026' (en-GB) or '3 27 2026' (en-US): what to type, box by box."""
    year, month, day = iso.split("-")
    values = {"day": str(int(day)), "month": str(int(month)), "year": year}
    return " ".join(values[k] for k in date_order(locale))


def date_input(prefix: str, locale: str, input_class: str = "") -> str:
    """The three boxes; ids are ``<prefix>-day``, ``-month`` and ``-year``.

    The caller wraps them in a fieldset with its legend, hint and error message.
    """
    extra = f" {input_class}" if input_class else ""
    items = "".join(
        f'<div class="ati-date-input__item"><label class="ati-date-input__label" for="{ESC(prefix)}-{key}">{_PARTS[key][0]}</label>'
        f'<input class="ati-input ati-date-input__input ati-date-input__input--w{_PARTS[key][1]}{extra}" id="{ESC(prefix)}-{key}" '
        f'name="{ESC(prefix)}-{key}" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" data-date-part="{key}"></div>'
        for key in date_order(locale)
    )
    return f'<div class="ati-date-input" data-date-input="{ESC(prefix)}">{items}</div>'
