"""The entries of a managed list a write chooses from (a programme's venues, partners,
outlets), by the id the write names them with."""

from __future__ import annotations

from ninja import Schema


class EntryOut(Schema):
    id: int
    name: str
