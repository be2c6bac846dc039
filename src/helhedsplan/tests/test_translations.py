"""Every interface string in the code and the templates has an English translation.

The strings are found as Django's ``makemessages`` finds them: templates are turned into
Python by Django's own ``templatize``, and the calls to the gettext functions are read with
the keywords ``makemessages`` gives xgettext. Babel reads the Python, so the test needs no
GNU gettext on the machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

import helhedsplan

SOURCE = Path(helhedsplan.__file__).parent
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATE_SUFFIXES = {".html", ".txt"}
# makemessages adds Django's lazy and no-op variants to xgettext's Python keywords.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_noop": None,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

Msgid = str | tuple[str, ...]


def _python_of(path: Path) -> bytes:
    if path.suffix not in TEMPLATE_SUFFIXES:
        return path.read_bytes()
    # templatize keeps the template's indentation, which xgettext ignores and Python's
    # tokenizer refuses; every gettext call it writes fits on one line.
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    return "\n".join(line.lstrip() for line in code.splitlines()).encode()


def _sources() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix == ".py" or (
            path.suffix in TEMPLATE_SUFFIXES and "templates" in path.relative_to(SOURCE).parts
        ):
            yield path


def interface_strings() -> dict[tuple[str | None, Msgid], str]:
    """Every (context, msgid) in the code and templates, with the first place it appears."""
    found: dict[tuple[str | None, Msgid], str] = {}
    for path in _sources():
        for lineno, message, _comments, context in extract(
            "python", io.BytesIO(_python_of(path)), keywords=KEYWORDS
        ):
            place = f"{path.relative_to(SOURCE)}:{lineno}"
            found.setdefault((context, message), place)
    return found


def _translated(catalogue: Catalog, context: str | None, msgid: Msgid) -> bool:
    singular = msgid[0] if isinstance(msgid, tuple) else msgid
    entry = catalogue.get(singular, context=context)
    if entry is None or entry.fuzzy:
        return False
    translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(translations)


def test_every_interface_string_has_an_english_translation() -> None:
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    strings = interface_strings()
    missing = [
        f"{place}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), place in strings.items()
        if not _translated(catalogue, context, msgid)
    ]
    assert strings, "no interface strings found: the extraction is broken"
    assert not missing, (
        f"{len(missing)} interface strings have no English translation in "
        f"{CATALOGUE.relative_to(SOURCE.parent)}:\n" + "\n".join(missing)
    )
