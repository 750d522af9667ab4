"""The site as the macros see it: settings from mkdocs.yml ``extra``, the templates, the glossary.

Built from plain dictionaries, so tests and the command-line tools use it
without MkDocs.
"""

from __future__ import annotations

import pathlib
from typing import Any

from . import branding as B
from . import locale as L
from . import render as R
from . import templates as T

_CACHE: dict[tuple, list[T.Template]] = {}


class Site:
    def __init__(self, extra: dict[str, Any] | None, root: str | pathlib.Path):
        self.extra = dict(extra or {})
        self.root = pathlib.Path(root)
        self.locale = self.extra.get("locale") or "en-GB"
        if self.locale not in L.LOCALES:
            raise T.SettingsError([T.Problem("mkdocs.yml", "extra.locale", f"{self.locale!r} is not supported; set it to one of: {', '.join(L.LOCALES)} (written exactly so, with the capital letters)")])
        # The brand's sign-off (extra.brand.sign_off) sets the {sign_off} word.
        self.terms = L.terms(self.locale, B.word_overrides(self.extra))
        self.templates_dir = self.root / (self.extra.get("templates_dir") or "templates")

    # -- templates -------------------------------------------------------
    def load_all(self) -> list[T.Template]:
        """Every template in templates/, checked.

        Loaded once per Site. The module cache keeps one load while the files
        are unchanged, for every Site made in one process: each build's
        define_env, each rebuild under ``mkdocs serve``, the command-line tools.
        """
        if getattr(self, "_all", None) is None:
            folder = self.templates_dir
            key = (str(folder),) + tuple(
                (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in T.template_files(folder)
            ) if folder.is_dir() else (str(folder),)
            if key not in _CACHE:
                _CACHE.clear()
                _CACHE[key] = T.load_templates(folder, self.root)
            self._all = _CACHE[key]
        return self._all

    @property
    def templates(self) -> list[T.Template]:
        """The templates the gallery shows, after the host's hide and order settings."""
        if getattr(self, "_shown", None) is None:
            gallery = self.extra.get("gallery") or {}
            for key in ("hide", "order"):
                value = gallery.get(key) if isinstance(gallery, dict) else None
                if not isinstance(gallery, dict) or not isinstance(value or [], list):
                    raise T.SettingsError([T.Problem("mkdocs.yml", f"extra.gallery.{key}", f"{value!r} is not a list of template ids; write it as [thank-you-email, panel-thank-you], or [] for none")])
            hidden = set(gallery.get("hide") or [])
            order = list(gallery.get("order") or [])
            every = self.load_all()
            known = {t.id for t in every}
            for tid in sorted((hidden | set(order)) - known):
                raise T.TemplateError([T.Problem("mkdocs.yml", "extra.gallery", f"names '{tid}', which is not a template id; fix the spelling or remove it")])
            shown = [T.localise(t, self.terms) for t in every if t.id not in hidden]
            rank = {tid: i for i, tid in enumerate(order)}
            self._shown = sorted(shown, key=lambda t: rank.get(t.id, len(rank)))
            self._by_id = {t.id: t for t in self._shown}
        return self._shown

    def get(self, template_id: str) -> T.Template:
        found = self._by_id.get(template_id) if self.templates is not None else None
        if found is None:
            raise KeyError(f"there is no template with id '{template_id}' in {self.templates_dir.name}/; check the id (known: {', '.join(t.id for t in self.templates)})")
        return found

    def parts(self, t: T.Template) -> dict:
        return T.compile_template(t, self.terms)

    def example_message(self, t: T.Template) -> dict[str, str]:
        return T.compose(self.parts(t), t.example_values(self.locale))

    # -- pages -----------------------------------------------------------
    def template_page(self, template_id: str) -> str:
        t = self.get(template_id)
        return R.template_page(t, self.parts(t), self.locale, T.SHARED_FIELDS, related=self.related(t))

    def related(self, t: T.Template, count: int = 3) -> list[T.Template]:
        """Up to ``count`` other templates for the same moment, then the next moments' (gallery order)."""
        shown = [x for x in self.templates if x.id != t.id]
        stages = list(T.STAGES)
        here = stages.index(t.stage)
        ranked = sorted(shown, key=lambda x: (x.stage != t.stage, (stages.index(x.stage) - here) % len(stages)))
        return ranked[:count]

    def template_markdown(self, template_id: str) -> str:
        """What a template's page (docs/templates/<id>.md, macros/pages.py) shows: the way back, the title, the page."""
        return R.template_markdown(self.get(template_id), self.template_page(template_id))

    def gallery(self, page_src: str) -> str:
        return R.gallery(self.templates, page_src)

    def template_link(self, template_id: str, page_src: str, text: str | None = None) -> str:
        hidden = {t.id: t for t in self.load_all()}.get(template_id)
        if hidden is not None and template_id not in {t.id for t in self.templates}:
            # The host hid it (extra.gallery.hide): no page to link to, so name it plainly.
            return R._md_text(text or hidden.title)
        t = self.get(template_id)
        label = text or t.title
        return f"[{label}]({R.relative_link(page_src, R.template_url(t.id))})"

    def format_date(self, value, weekday: bool = False) -> str:
        return L.format_date(value, self.locale, weekday)
