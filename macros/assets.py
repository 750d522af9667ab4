"""The site's own stylesheets and scripts: their versions, for cache-busting URLs.

No MkDocs import. ``define_env`` (macros/__init__.py) puts ``versions()`` into
``config.extra.asset_versions``; overrides/main.html appends ``?v=<version>``
to every URL of one of these files, so a host can cache /assets/ for a year
(docs/hosts/hosting.md) and a changed file still reaches every reader.
"""

from __future__ import annotations

import hashlib
import pathlib

OWN = (("assets/stylesheets", ".css"), ("assets/javascripts", ".js"))


def own_assets(docs_dir: str | pathlib.Path):
    """(path relative to docs/, file) for every stylesheet and script of ours (vendor/ excepted)."""
    docs = pathlib.Path(docs_dir)
    for sub, ext in OWN:
        for path in sorted((docs / sub).rglob(f"*{ext}")):
            rel = path.relative_to(docs).as_posix()
            if "/vendor/" not in rel:
                yield rel, path


def versions(docs_dir: str | pathlib.Path) -> dict[str, str]:
    """{"assets/javascripts/site.js": "<first 10 hex of the SHA-256 of the file>", ...}."""
    return {rel: hashlib.sha256(path.read_bytes()).hexdigest()[:10] for rel, path in own_assets(docs_dir)}
