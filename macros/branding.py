"""A careers service's branding: read and check ``extra.brand`` in mkdocs.yml.

Plain Python with no MkDocs import, so the command-line tools and the tests
use it directly. macros/__init__.py calls :func:`load` when the site builds:

* a setting that cannot work (a colour that is not a hex colour, a logo file
  that does not exist, an unknown key) raises :class:`BrandError`, which fails
  the build with every problem listed, each naming ``extra.brand.<key>`` and
  the fix;
* a colour that fails WCAG AA contrast against the text used on it becomes a
  warning in :attr:`Brand.warnings`. MkDocs logs it, so ``mkdocs build
  --strict`` (what this project uses) stops.

Every branded thing on the site comes from here: the CSS custom properties
for the colours, the header strip, the footer, the "Talk to an adviser"
call-out and the default sign-off. The defaults are unbranded: empty strings
everywhere, and the site keeps its own colours, logo and favicon.
"""

from __future__ import annotations

import colorsys
import dataclasses
import html
import pathlib
import re
from typing import Any

from .templates import ProblemsError

# ---------------------------------------------------------------------------
# The settings, in one place. docs/hosts/branding.md describes the same keys.

KEYS: dict[str, str] = {
    "name": "your institution's name, such as 'University of Northfield Careers Service'",
    "logo": "a path under docs/, such as 'assets/images/brand-logo.svg' (SVG, PNG, JPG or WebP)",
    "favicon": "a path under docs/, such as 'assets/images/brand-favicon.png' (SVG, PNG or ICO)",
    "primary": "a hex colour such as '#1d4f7a' (the header, and links in the light scheme)",
    "accent": "a hex colour such as '#a4337a' (links when pointed at, buttons when pointed at)",
    "email": "an email address, such as 'careers@example.ac.uk'",
    "phone": "a phone number, such as '+44 1632 960 000'",
    "booking_url": "the full address of your appointment booking page, starting https://",
    "callout": "one or two sentences for the 'Talk to an adviser' box",
    "footer": "a line of text for the foot of every page",
    "sign_off": "the sign-off the message templates use, such as 'Best wishes,'",
}

IMAGE_TYPES = {
    "logo": (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"),
    "favicon": (".svg", ".png", ".ico"),
}

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,}$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")

# WCAG 2.2 AA: 4.5:1 for normal text. Colours this project derives for the
# dark scheme aim a little higher, so rounding never tips them under.
AA = 4.5
DERIVED_TARGET = 4.6
WHITE = "#ffffff"
# Material's slate background: hsla(225deg, 15%, 14%, 1).
SLATE_BG = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(225 / 360, 0.14, 0.15))

# Buttons' state shades, derived from the primary colour (site.css uses the
# same custom properties): pointed at (hover) and pressed (active). Keyboard
# focus is the site's fixed yellow with near-black text, whatever the brand.
STATE_SHADES = {"hover": 0.2, "active": 0.4}

DEFAULT_CALLOUT = "A careers adviser can help you decide what to send and when."


class BrandError(ProblemsError):
    """One or more settings in extra.brand that cannot work, each with its fix."""

    about = "the branding settings (mkdocs.yml, extra.brand)"


# ---------------------------------------------------------------------------
# Colour arithmetic (WCAG 2.2 definitions)


def normalise_hex(value: str) -> str:
    """'#ABC' or '#aabbcc' -> '#aabbcc'."""
    value = value.strip().lower()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def _rgb(value: str) -> tuple[int, int, int]:
    value = normalise_hex(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(value: str) -> float:
    """Relative luminance of an sRGB colour, as WCAG defines it."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Contrast ratio between two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, amount: float) -> str:
    """``amount`` (0 to 1) of colour b mixed into colour a."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(ra, rb)))


def readable_on(colour: str, background: str, target: float = DERIVED_TARGET) -> str:
    """The colour, lightened or darkened just enough to reach ``target`` on ``background``."""
    if contrast(colour, background) >= target:
        return normalise_hex(colour)
    towards = WHITE if luminance(background) < 0.5 else "#000000"
    for step in range(1, 101):
        candidate = mix(colour, towards, step / 100)
        if contrast(candidate, background) >= target:
            return candidate
    return towards


# ---------------------------------------------------------------------------
# The brand


@dataclasses.dataclass
class Brand:
    name: str = ""
    logo: str = ""
    favicon: str = ""
    primary: str = ""
    accent: str = ""
    email: str = ""
    phone: str = ""
    booking_url: str = ""
    callout: str = ""
    footer: str = ""
    sign_off: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def is_branded(self) -> bool:
        return any(getattr(self, k) for k in KEYS)

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone or self.booking_url)

    # -- colours ---------------------------------------------------------
    def dark_link(self, colour: str) -> str:
        """A brand colour as a link colour on the dark scheme's background."""
        return readable_on(colour, SLATE_BG)

    def state_shades(self) -> dict[str, str]:
        """The primary colour's button shades: {"hover": ..., "active": ...} (empty when unset)."""
        if not self.primary:
            return {}
        return {state: mix(self.primary, "#000000", amount) for state, amount in STATE_SHADES.items()}

    def state_checks(self) -> list[tuple[str, str, str, float]]:
        """(state, shade, what, ratio) for white text on every button state the brand colours."""
        return [(state, shade, f"white text on a button when {'pointed at' if state == 'hover' else 'pressed'}",
                 contrast(WHITE, shade)) for state, shade in self.state_shades().items()]

    def css(self) -> str:
        """CSS custom properties that put the brand colours into Material's palette."""
        if not (self.primary or self.accent):
            return ""
        light: list[str] = []
        dark: list[str] = []
        if self.primary:
            p = self.primary
            shades = [
                f"--md-primary-fg-color: {p};",
                f"--md-primary-fg-color--light: {mix(p, WHITE, 0.15)};",
                f"--md-primary-fg-color--dark: {self.state_shades()['hover']};",
                f"--ati-button-active-bg: {self.state_shades()['active']};",
                f"--md-primary-bg-color: {WHITE};",
            ]
            light += shades + [f"--md-typeset-a-color: {p};"]
            dark += shades + [f"--md-typeset-a-color: {self.dark_link(p)};"]
        if self.accent:
            a = self.accent
            light += [f"--md-accent-fg-color: {a};", f"--md-accent-fg-color--transparent: {a}1a;",
                      f"--md-accent-bg-color: {WHITE};"]
            d = self.dark_link(a)
            dark += [f"--md-accent-fg-color: {d};", f"--md-accent-fg-color--transparent: {d}1a;"]
        return (':root, [data-md-color-scheme="default"] { ' + " ".join(light) + " }\n"
                '[data-md-color-scheme="slate"] { ' + " ".join(dark) + " }")

    def contrast_checks(self) -> list[tuple[str, str, str, str, float]]:
        """Every (setting, colour, against, what, ratio) pair the site shows."""
        checks = []
        for key in ("primary", "accent"):
            colour = getattr(self, key)
            if not colour:
                continue
            on = "the header background" if key == "primary" else "a button background when pointed at"
            checks.append((key, colour, WHITE, f"white text on {on}", contrast(WHITE, colour)))
            checks.append((key, colour, WHITE, "links on the white (light scheme) background", contrast(colour, WHITE)))
            dark = self.dark_link(colour)
            checks.append((key, dark, SLATE_BG, "links on the dark scheme background", contrast(dark, SLATE_BG)))
        return checks

    # -- words -----------------------------------------------------------
    def word_overrides(self) -> dict[str, str]:
        """Glossary words the brand sets (today: the default sign-off)."""
        return {"sign_off": self.sign_off} if self.sign_off else {}

    # -- HTML for the theme overrides and the macros ---------------------
    def header_html(self) -> str:
        """The strip above the header that names the institution (empty when unbranded)."""
        if not self.name:
            return ""
        out = f'<p class="ati-brandbar"><span class="ati-brandbar__name">{html.escape(self.name)}</span>'
        if self.booking_url:
            out += (f' <span class="ati-brandbar__sep" aria-hidden="true">·</span> '
                    f'<a class="ati-brandbar__link" href="{html.escape(self.booking_url)}">Book an appointment with an adviser</a>')
        return out + "</p>"

    def contact_html(self) -> str:
        """Email, phone and booking links as a list (empty when none is set)."""
        items = []
        if self.email:
            items.append(f'<li>Email <a href="mailto:{html.escape(self.email)}">{html.escape(self.email)}</a></li>')
        if self.phone:
            tel = re.sub(r"[^0-9+]", "", self.phone)
            items.append(f'<li>Phone <a href="tel:{html.escape(tel)}">{html.escape(self.phone)}</a></li>')
        if self.booking_url:
            items.append(f'<li><a href="{html.escape(self.booking_url)}">Book an appointment</a></li>')
        return f'<ul class="ati-contact">{"".join(items)}</ul>' if items else ""

    def footer_html(self) -> str:
        """The footer's brand part: the host's text, then the contact details."""
        parts = []
        if self.footer or self.name:
            parts.append(f'<p class="ati-footer__text">{html.escape(self.footer or self.name)}</p>')
        parts.append(self.contact_html())
        inner = "".join(p for p in parts if p)
        return f'<div class="ati-footer__brand">{inner}</div>' if inner else ""

    def callout_html(self) -> str:
        """The "Talk to an adviser" admonition (empty unless the brand sets a call-out or a contact)."""
        if not (self.callout or self.has_contact):
            return ""
        title = "Talk to an adviser"
        if self.name:
            title += f" at {self.name}"
        text = self.callout or DEFAULT_CALLOUT
        return (
            '<div class="admonition note ati-adviser" role="note" aria-label="Talk to an adviser">'
            f'<p class="admonition-title">{html.escape(title)}</p>'
            f"<p>{html.escape(text)}</p>"
            f"{self.contact_html()}"
            "</div>"
        )

    def theme(self) -> dict[str, str]:
        """What overrides/main.html and overrides/partials/copyright.html print."""
        return {
            "name": self.name,
            "css": self.css(),
            "header": self.header_html(),
            "footer": self.footer_html(),
        }


# ---------------------------------------------------------------------------
# Reading and checking the settings


def load(extra: dict[str, Any] | None, docs_dir: str | pathlib.Path | None = None) -> Brand:
    """Read ``extra.brand`` (and ``extra.words``), check it, and return the Brand.

    Raises BrandError listing every setting that cannot work. Colours that
    fail contrast are returned as warnings, not errors.
    """
    extra = extra or {}
    problems: list[str] = []
    values = _read_settings(extra.get("brand"), problems)
    _check_values(values, problems)
    _check_images(values, docs_dir, problems)
    words = extra.get("words") or {}
    if isinstance(words, dict) and words.get("sign_off"):
        problems.append("extra.words.sign_off: the sign-off now lives with the branding; move it to extra.brand.sign_off")
    if problems:
        raise BrandError(problems)
    brand = Brand(**values)
    brand.warnings.extend(_warnings(brand))
    return brand


def _read_settings(raw: Any, problems: list[str]) -> dict[str, str]:
    """The known settings as trimmed text; unknown and non-text settings become problems."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BrandError(["extra.brand: must be a set of 'key: value' lines, one per setting; see docs/hosts/branding.md"])
    values: dict[str, str] = {}
    for key, value in raw.items():
        where = f"extra.brand.{key}"
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), list(KEYS), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else "remove it"
            problems.append(f"{where}: is not a branding setting; {fix} (settings: {', '.join(KEYS)})")
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(f"{where}: must be text in quotes; write {KEYS[key]}")
            continue
        values[key] = value.strip()
    return values


def _check_values(values: dict[str, str], problems: list[str]) -> None:
    """Colours (normalised in place), the email address, the phone number and the booking address."""
    for key in ("primary", "accent"):
        value = values.get(key, "")
        if value and not HEX_RE.match(value):
            problems.append(f"{where_(key)}: {value!r} is not a hex colour; write it as '#' and six hex digits in quotes, like \"#1d4f7a\"")
        elif value:
            values[key] = normalise_hex(value)
    if values.get("email") and not EMAIL_RE.match(values["email"]):
        problems.append(f"{where_('email')}: {values['email']!r} is not an email address; write it like careers@example.ac.uk")
    if values.get("phone") and not PHONE_RE.match(values["phone"]):
        problems.append(f"{where_('phone')}: {values['phone']!r} is not a phone number; use digits, spaces and an optional leading +, like '+44 1632 960 000'")
    if values.get("booking_url") and not URL_RE.match(values["booking_url"]):
        problems.append(f"{where_('booking_url')}: {values['booking_url']!r} is not a web address; write the full address starting https://")


def _check_images(values: dict[str, str], docs_dir: str | pathlib.Path | None, problems: list[str]) -> None:
    """The logo and favicon: a path inside docs/, a supported type, a file that exists."""
    for key in ("logo", "favicon"):
        value = values.get(key, "")
        if not value:
            continue
        if value.startswith(("/", "http:", "https:")) or ".." in pathlib.PurePosixPath(value).parts:
            problems.append(f"{where_(key)}: {value!r} must be a path inside docs/, such as 'assets/images/brand-{key}.png'; copy the file into docs/ and give its path from there")
        elif pathlib.PurePosixPath(value).suffix.lower() not in IMAGE_TYPES[key]:
            problems.append(f"{where_(key)}: {value!r} is not a supported image; use one of {', '.join(IMAGE_TYPES[key])}")
        elif docs_dir is not None and not (pathlib.Path(docs_dir) / value).is_file():
            problems.append(f"{where_(key)}: there is no file docs/{value}; copy your {key} there or fix the path")


def _warnings(brand: Brand) -> list[str]:
    """Settings that work but should change: a plain http booking address, colours below WCAG AA contrast."""
    out: list[str] = []
    if brand.booking_url.lower().startswith("http://"):
        out.append(
            f"{where_('booking_url')}: {brand.booking_url!r} starts http://, so browsers may warn readers it is not secure; "
            f"write it starting https:// (\"https://{brand.booking_url[7:]}\")"
        )
    failing: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
    for key, colour, against, what, ratio in brand.contrast_checks():
        if ratio < AA:
            failing.setdefault((key, colour, against), []).append((what, ratio))
    for (key, colour, against), uses in failing.items():
        ratio = min(r for _, r in uses)
        better = readable_on(colour, against, AA + 0.1)
        out.append(
            f"{where_(key)}: the colour {colour} has a contrast of only {ratio:.2f}:1 against {against}, "
            f"used for {' and for '.join(w for w, _ in uses)}; WCAG AA needs {AA}:1. "
            f"Choose a darker {key} colour, for example \"{better}\"."
        )
    # Button states: the shades are darker than the colour, so they only fail
    # when the colour itself does; checked anyway, so a change to the shades
    # (STATE_SHADES) can never ship an unreadable hover or pressed button.
    for state, shade, what, ratio in brand.state_checks():
        if ratio < AA and not failing:
            out.append(
                f"{where_('primary')}: the {state} shade derived from {brand.primary}, {shade}, has a contrast of only "
                f"{ratio:.2f}:1 with {what}; WCAG AA needs {AA}:1. Choose a darker primary colour."
            )
    return out


def word_overrides(extra: dict[str, Any] | None) -> dict[str, str]:
    """Glossary overrides from the settings: ``extra.words``, then the brand's sign-off on top.

    Tolerant on purpose (no checks): :func:`load` reports bad settings when the site builds.
    """
    extra = extra or {}
    words = extra.get("words") if isinstance(extra.get("words"), dict) else {}
    out = {str(k): str(v) for k, v in words.items() if v}
    brand = extra.get("brand") if isinstance(extra.get("brand"), dict) else {}
    sign_off = brand.get("sign_off")
    if isinstance(sign_off, str) and sign_off.strip():
        out["sign_off"] = sign_off.strip()
    return out


def where_(key: str) -> str:
    return f"extra.brand.{key}"
