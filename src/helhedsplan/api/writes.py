"""What every write of the API shares: the request parsed by the same form as the page's
(so a write is checked exactly as in the browser, the note guard included), the same service
called, and an ``Idempotency-Key`` header that makes a retried write answer with the first
result instead of writing twice (``core.idempotency``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Schema
from ninja.responses import Response

from helhedsplan.api.auth import caller
from helhedsplan.api.errors import GENERIC, ApiError
from helhedsplan.core import idempotency

# The header's description in the schema.
KEY_HELP = (
    "Send a new random key with each write, and the same key when you retry it: the retry "
    "answers with the first result instead of writing twice."
)


def form_data(values: Mapping[str, object]) -> dict[str, object]:
    """``values`` as a browser posts the form: absent for None and False, "on" for True,
    text for the rest, lists of text for lists."""
    data: dict[str, object] = {}
    for name, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return data


def local(moment: datetime.datetime) -> datetime.datetime:
    """A moment in Danish time, as the forms read it; one without a zone is taken as such."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def local_minute(moment: datetime.datetime) -> str:
    """A moment as a form's ``datetime-local`` field takes it (Danish time, to the minute)."""
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def refused(form: forms.BaseForm) -> ApiError:
    """The form's refusal as a 422 naming each field of the request body."""
    fields = [
        {
            "loc": ["body", name] if name != "__all__" else ["body"],
            "message": " ".join(str(m) for m in messages),
        }
        for name, messages in form.errors.items()
    ]
    code, message = GENERIC[422]
    return ApiError(422, code, message, fields)


def replayed(request: HttpRequest) -> HttpResponse | None:
    """The first answer to a retried write, asked for before the write looks anything up: a
    retry must answer as the first request did even where what it wrote has changed what
    it would find now (a deleted mention, a linked event, a topic retired since)."""
    key = request.headers.get(idempotency.HEADER)
    if not key:
        return None
    try:
        return idempotency.stored_response(
            user=caller(request).user, key=key, fingerprint=idempotency.Fingerprint.of_body(request)
        )
    except idempotency.IdempotencyError as error:
        raise ApiError(error.status, "idempotency_key", error.message) from None


def idempotent(request: HttpRequest, *, run: Callable[[], tuple[int, Schema]]) -> HttpResponse:
    """Run the write ``run`` (which returns the answer's status and the written object's
    schema) under the request's ``Idempotency-Key``, if it has one: the first answer again
    for a retry."""

    def respond() -> HttpResponse:
        status, written = run()
        return Response(written.model_dump(mode="json"), status=status)

    try:
        return idempotency.replay_or_run(
            user=caller(request).user,
            key=request.headers.get(idempotency.HEADER),
            fingerprint=idempotency.Fingerprint.of_body(request),
            run=respond,
        )
    except idempotency.IdempotencyError as error:
        raise ApiError(error.status, "idempotency_key", error.message) from None
