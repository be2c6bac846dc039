"""The search boxes of the lists: what a person types, matched by the database.

Every word typed must occur in at least one of the searched fields, so "temaaften
boligstøtte" finds the theme evening about housing benefit whichever field holds which word.
Case does not matter, for æ, ø and å too: "åbent hus" finds "Åbent hus i Nøjsomhed". Both
sides are folded to one case by the database before they are compared: PostgreSQL's UPPER
knows every letter, but SQLite's UPPER and LIKE know only A-Z, so on SQLite the fold is a
function of ours (``sqlite_fold``, registered on every new connection). "å" and "aa" stay
different letters; accents are not folded ("cafe" does not find "café").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, Q, TextField, Value
from django.db.models.lookups import Contains

# Words beyond these are ignored: each costs a condition on every searched field.
MAX_TERMS = 8
SQLITE_FOLD = "helhedsplan_fold"


class Folded(Func):
    """A text in one case, for comparing: UPPER in PostgreSQL, ``sqlite_fold`` in SQLite."""

    function = "UPPER"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function=SQLITE_FOLD, **extra)


def sqlite_fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_sqlite_fold(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """For the ``connection_created`` signal: SQLite learns ``sqlite_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, sqlite_fold, deterministic=True)


def terms(text: str) -> list[str]:
    """The distinct words of ``text``, at most ``MAX_TERMS``."""
    return list(dict.fromkeys(text.split()))[:MAX_TERMS]


def matching(text: str, fields: Sequence[str]) -> Q:
    """Rows where every word of ``text`` is in at least one of ``fields``, in any case; every
    row when ``text`` has no words. Name only fields with one value per row (the row's own and
    those of the rows it points to), or the rows repeat."""
    found = Q()
    for term in terms(text):
        in_any = Q()
        for field in fields:
            in_any |= Q(Contains(Folded(field), Folded(Value(term))))
        found &= in_any
    return found
