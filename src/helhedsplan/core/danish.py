"""Danish text: the letters æ, ø and å in slugs and file names, and alphabetical order.

Parsers of Danish text (the agreement importer, the criterion parser) share their number
words here too.
"""

from __future__ import annotations

from django.utils.text import slugify

# In slugs and file names æ, ø and å are written as Danes do without them.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
# Danish alphabetical order puts æ, ø, å (in that order) after z, and reads "aa" as "å";
# code points would put å before æ.
_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def slug(text: str) -> str:
    """``"Nøjsomhed Vapnagaard"`` → ``"noejsomhed-vapnagaard"``."""
    return slugify(text.translate(DANISH_LETTERS))


def sort_key(text: str) -> str:
    """A key that sorts names as a Danish reader expects: "Zealand", "Ærø", "Østerbro",
    "Åbyhøj", "Aalborg"; case does not matter."""
    return text.casefold().replace("aa", "å").translate(_ORDER)
