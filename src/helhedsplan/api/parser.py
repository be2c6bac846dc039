"""The API's reading of bodies and query strings: ninja's own, without the NUL character.

No text column of PostgreSQL can hold a NUL (SQLite's can), so a request carrying one would
fail at the first lookup or write on one database and not the other. It is refused as
unreadable (400) before the operation runs, on both.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.types import DictStrAny

NUL = "\x00"


def _refuse_nul(data: DictStrAny) -> DictStrAny:
    """``data`` unchanged, unless a key or string anywhere in it holds a NUL. Walked with a
    stack rather than recursion: a deeply nested body costs time in its size, and no more."""
    pending: list[object] = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if NUL in value:
                raise HttpError(400, "NUL character in the request")
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return data


class WithoutNul(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        return _refuse_nul(super().parse_body(request))

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        return _refuse_nul(super().parse_querydict(data, list_fields, request))
