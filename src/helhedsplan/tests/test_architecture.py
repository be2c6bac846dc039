"""The layers of docs/architecture.md hold for templates too.

import-linter (run by ``bin/test``) checks Python imports; a template that includes or
extends another app's template depends on that app just the same, so the same layers apply:
an app's templates use their own app's, those of the layers below, and the shared layout in
``helhedsplan/templates`` (``base.html``, ``includes/``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import helhedsplan

PACKAGE = Path(helhedsplan.__file__).parent
PYPROJECT = PACKAGE.parent.parent / "pyproject.toml"
TEMPLATE_TAG = re.compile(r"""\{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _layers() -> dict[str, int]:
    """App name -> its layer, 0 at the top, as the import-linter contract declares them."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    found = {}
    for level, layer in enumerate(contract["layers"]):
        for name in re.split(r"[|:]", layer):
            found[name.strip().strip("()")] = level
    return found


def _uses() -> list[tuple[str, str, Path]]:
    """(using app, used app, template) for every include/extends of another app's template."""
    layers = _layers()
    found = []
    for template in sorted(PACKAGE.glob("*/templates/**/*.html")):
        app = template.relative_to(PACKAGE).parts[0]
        for name in TEMPLATE_TAG.findall(template.read_text(encoding="utf-8")):
            used = name.split("/")[0]
            if used in layers and used != app:
                found.append((app, used, template))
    return found


def test_every_app_with_templates_is_placed_in_a_layer() -> None:
    layers = _layers()
    apps = {t.relative_to(PACKAGE).parts[0] for t in PACKAGE.glob("*/templates/**/*.html")}
    assert apps - {"templates"} <= set(layers)


def test_no_template_uses_a_template_of_a_higher_layer() -> None:
    layers = _layers()
    upward = [
        f"{template.relative_to(PACKAGE)} uses {used}"
        for app, used, template in _uses()
        if layers[used] < layers[app]
    ]
    assert upward == []
