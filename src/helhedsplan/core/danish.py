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


# Number words: every Danish number from one to ninety-nine, in lower case. Plain "en" and "et"
# are the number one as often as the indefinite article ("en gang om ugen"), so they are kept
# apart and each parser decides from the context whether they count; written with an accent,
# "én" and "ét" are always the number.
ARTICLE_ONES: dict[str, int] = {"en": 1, "et": 1}
_ONES = {"en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
_TEENS = {
    "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "atten": 18, "nitten": 19,
}  # fmt: skip
_TENS = {
    "tyve": 20, "tredive": 30, "fyrre": 40, "halvtreds": 50, "tres": 60, "halvfjerds": 70,
    "firs": 80, "halvfems": 90,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "én": 1,
    "ét": 1,
    **{word: value for word, value in _ONES.items() if word not in ARTICLE_ONES},
    **_TEENS,
    **_TENS,
    # Danish puts the ones before the tens, and counts "en" there: "enogtyve" is 21,
    # "femogtyve" 25.
    **{f"{one}og{ten}": a + b for one, a in _ONES.items() for ten, b in _TENS.items()},
}
