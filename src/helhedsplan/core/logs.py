"""Secrets in addresses kept out of the logs.

Some pages are opened by a key in their address, with no login: a volunteer's personal link,
a volunteer card's check page, a person's calendar feed. Django logs every answer of 400 or
more with its path ("Not Found: /…"), and the server's access log writes every path; whoever
reads a log would hold the key. ``RedactKeys`` replaces the path segment after each named
segment with "…" in every record it sees; ``settings.LOGGING`` puts it on the handlers, and
``helhedsplan serve`` on the server's access log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "…"


class RedactKeys(logging.Filter):
    """Rewrites ``/<segment>/<key>`` to ``/<segment>/…`` in a record's message, for each
    of ``segments`` (the address parts that precede a key)."""

    def __init__(self, segments: Iterable[str]) -> None:
        super().__init__()
        names = "|".join(re.escape(segment) for segment in segments)
        self._keyed = re.compile(rf"(/(?:{names})/)[^/\s?#\"']+")

    def redact(self, text: str) -> str:
        return self._keyed.sub(rf"\g<1>{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            # The message is formatted here once; later handlers print it as it stands.
            record.msg, record.args = redacted, None
        return True
