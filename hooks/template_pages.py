"""MkDocs hook: add one generated page per message template.

The page source is rendered here by macros/ (Site.template_source), the same
code the ``template_page`` macro runs. Bad templates fail here, before any page
is built, with every file, field and fix listed.
"""

from __future__ import annotations

import pathlib
import sys

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def on_files(files, config):
    root = pathlib.Path(config["config_file_path"]).parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from macros.render import template_url
    from macros.site import Site
    from macros.templates import ProblemsError

    try:
        site = Site(config.get("extra"), root)
        templates = site.templates
    except ProblemsError as exc:
        raise PluginError(str(exc)) from None
    clashes = []
    for t in templates:
        uri = template_url(t.id)
        if files.get_file_from_path(uri) is not None:
            clashes.append(f"  - {site.templates_dir.name}/{t.id}.yml (template id '{t.id}'): its page would be docs/{uri}, "
                           f"which already exists (docs/{uri}); change the template's id and file name, "
                           f"or rename the page in docs/")
    if clashes:
        raise PluginError("A template's page would overwrite another page:\n" + "\n".join(clashes))
    for t in templates:
        files.append(File.generated(config, template_url(t.id), content=site.template_source(t)))
    return files
