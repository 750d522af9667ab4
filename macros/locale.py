"""UK and US conventions: words that differ, and how dates are written.

Guide pages use these through the ``w`` variable (``{{ w.cv }}``); templates
mark the same words with braces (``{cv}``). One glossary serves both, so no
page or template is written twice.
"""

from __future__ import annotations

import datetime as _dt

LOCALES = ("en-GB", "en-US")

# Each term: (UK, US). A capitalised key gives the form for the start of a sentence.
TERMS: dict[str, tuple[str, str]] = {
    "cv": ("CV", "résumé"),
    "Cv": ("CV", "Résumé"),
    "cvs": ("CVs", "résumés"),
    "organisation": ("organisation", "organization"),
    "Organisation": ("Organisation", "Organization"),
    "organisations": ("organisations", "organizations"),
    "organised": ("organised", "organized"),
    "apologise": ("apologise", "apologize"),
    "recognise": ("recognise", "recognize"),
    "prioritise": ("prioritise", "prioritize"),
    "realise": ("realise", "realize"),
    "emphasise": ("emphasise", "emphasize"),
    "summarise": ("summarise", "summarize"),
    "specialise": ("specialise", "specialize"),
    "colour": ("colour", "color"),
    "behaviour": ("behaviour", "behavior"),
    "favour": ("favour", "favor"),
    "centre": ("centre", "center"),
    "programme": ("programme", "program"),
    "enrol": ("enrol", "enroll"),
    "practise": ("practise", "practice"),
    "licence": ("licence", "license"),
    "post": ("post", "mail"),
    "posted": ("posted", "mailed"),
    "mobile": ("mobile", "cell phone"),
    "holiday": ("holiday", "vacation"),
    "working_day": ("working day", "business day"),
    "working_days": ("working days", "business days"),
    "Working_days": ("Working days", "Business days"),
    "bank_holidays": ("bank holidays", "public holidays"),
    "university": ("university", "college"),
    "careers_service": ("careers service", "career center"),
    "Careers_service": ("Careers service", "Career center"),
    "sign_off": ("Kind regards,", "Best regards,"),
    "formal_sign_off": ("Yours sincerely,", "Sincerely,"),
    "greeting_formal": ("Dear", "Dear"),
    # The person who vouches for you: a "referee" in the UK, a "reference" in the US.
    "referee": ("referee", "reference"),
    "Referee": ("Referee", "Reference"),
    "referees": ("referees", "references"),
}

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise ValueError(f"locale {locale!r} is not supported: use one of {', '.join(LOCALES)}")
    return locale


def terms(locale: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """All glossary words for one locale, with a site's own overrides on top."""
    index = LOCALES.index(check_locale(locale))
    out = {key: pair[index] for key, pair in TERMS.items()}
    for key, value in (overrides or {}).items():
        if value:
            out[key] = str(value)
    return out


def format_date(value: _dt.date | str, locale: str, weekday: bool = False) -> str:
    """21 November 2026 (en-GB) or November 21, 2026 (en-US)."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value)
    day = WEEKDAYS[value.weekday()] + " " if weekday else ""
    if check_locale(locale) == "en-US":
        return f"{day.rstrip() + ', ' if day else ''}{MONTHS[value.month - 1]} {value.day}, {value.year}"
    return f"{day}{value.day} {MONTHS[value.month - 1]} {value.year}"
