"""Retries that never write twice: idempotency keys.

A client that sends a write with a key (the API's ``Idempotency-Key`` header, the hidden
field a registration form is rendered with) and loses the answer sends it again with the
same key; the second request gets the first one's answer instead of writing again.

``replay_or_run`` runs the write and records its answer in one transaction, the record first:
its unique (user, key) constraint is the lock. A simultaneous request with the same key
waits on that row (PostgreSQL's unique index, SQLite's single writer) and, once the first
commits, finds it and replays it; if the first rolls back or its server dies, nothing was
recorded or written, and the retry runs the write. No state between "running" and "done"
is ever visible, so no request is stuck behind a crashed one.

The record keeps the request's fingerprint (method, path, SHA-256 of the body): the same key
with another request is refused (422) rather than answered with the wrong result. Only
answers below 400 are kept; a refused write may be corrected and sent again with its key.
Records are pruned after ``KEY_LIFETIME`` by a scheduled job (``services.idempotency_keys_prune``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.core.models import IdempotencyKey

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

R = TypeVar("R", bound=HttpResponseBase)

HEADER = "Idempotency-Key"
# The response header that marks an answer as a replay of the first one.
REPLAYED_HEADER = "Idempotent-Replayed"
# The hidden field of a form protected by a key (``key_field``).
FORM_FIELD = "idempotency_key"
MAX_KEY_LENGTH = 255
# Longer answers are recorded without their body (the writes here answer with a redirect or a
# small JSON object): the replay has the status and Location, and an empty body.
MAX_BODY_BYTES = 64 * 1024
# Printable ASCII without spaces, as the IETF draft's examples and every client library use.
KEY_PATTERN = r"\A[\x21-\x7e]+\Z"
# Fields of a form that change between renders of the same form and say nothing of the write.
_UNSIGNED_FIELDS = frozenset({"csrfmiddlewaretoken"})


class IdempotencyError(Exception):
    """A key that cannot be used: ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Fingerprint:
    """What makes two requests the same request."""

    method: str
    path: str
    body_sha256: str

    @classmethod
    def of_body(cls, request: HttpRequest) -> Fingerprint:
        """A request by its raw body (the API's JSON)."""
        return cls(
            method=request.method or "",
            path=request.get_full_path(),
            body_sha256=hashlib.sha256(request.body).hexdigest(),
        )

    @classmethod
    def of_form(cls, request: HttpRequest) -> Fingerprint:
        """A form's POST by its fields, without the CSRF token, which a browser may send
        freshly masked on a retry."""
        digest = hashlib.sha256()
        for name in sorted(set(request.POST) - _UNSIGNED_FIELDS):
            for value in request.POST.getlist(name):
                digest.update(f"{len(name)}:{name}={len(value)}:{value}\n".encode())
        return cls(
            method=request.method or "",
            path=request.get_full_path(),
            body_sha256=digest.hexdigest(),
        )


def _checked(key: str) -> str:
    if len(key) > MAX_KEY_LENGTH or not re.fullmatch(KEY_PATTERN, key):
        raise IdempotencyError(
            _("Idempotensnøglen skal være 1-%(max)s synlige ASCII-tegn uden mellemrum.")
            % {"max": MAX_KEY_LENGTH},
            status=400,
        )
    return key


def _stored(fingerprint: Fingerprint) -> tuple[str, str, str]:
    """The fingerprint as the record holds it (its columns' lengths)."""
    return fingerprint.method[:10], fingerprint.path[:2000], fingerprint.body_sha256


def _replay(record: IdempotencyKey, fingerprint: Fingerprint) -> HttpResponse:
    if (record.method, record.path, record.body_sha256) != _stored(fingerprint):
        raise IdempotencyError(
            _(
                "Idempotensnøglen er allerede brugt til en anden forespørgsel "
                "(%(method)s %(path)s med et andet indhold). Brug en ny nøgle til en ny "
                "forespørgsel."
            )
            % {"method": record.method, "path": record.path},
            status=422,
        )
    body, content_type = bytes(record.body), record.content_type or None
    response: HttpResponse
    if 300 <= record.status < 400 and record.location:
        # A redirect again, so that clients treat the replay as they treated the original.
        response = HttpResponseRedirect(
            record.location, content=body, status=record.status, content_type=content_type
        )
    else:
        response = HttpResponse(body, status=record.status, content_type=content_type)
        if record.location:
            response["Location"] = record.location
    response[REPLAYED_HEADER] = "true"
    return response


def stored_response(
    *, user: AbstractBaseUser, key: str, fingerprint: Fingerprint
) -> HttpResponse | None:
    """The first answer to ``key``, if a request with it was answered; ``None`` if not.

    For a form view to call before it validates the form: a retried POST gets its answer even
    when the form would now be refused (because the first request already wrote).
    Raises ``IdempotencyError`` for a malformed key or one used for another request.
    """
    record = IdempotencyKey.objects.filter(user_id=user.pk, key=_checked(key)).first()
    return None if record is None else _replay(record, fingerprint)


def replay_or_run(
    *,
    user: AbstractBaseUser,
    key: str | None,
    fingerprint: Fingerprint,
    run: Callable[[], R],
) -> R | HttpResponse:
    """The answer ``run`` gave the first request with ``key``, or ``run``'s answer now.

    ``run`` performs the write and returns its response; it runs in the transaction that
    records the answer, so the write and the record commit together or not at all. Without
    a key (``None`` or empty) ``run`` simply runs. Raises ``IdempotencyError`` (400 for a
    malformed key, 422 for a key used for another request).
    """
    if not key:
        return run()
    key = _checked(key)
    method, path, body_sha256 = _stored(fingerprint)
    record = IdempotencyKey(
        user_id=user.pk, key=key, method=method, path=path, body_sha256=body_sha256
    )
    claimed = False
    try:
        # The record is the transaction's first statement, without a savepoint of its own (on
        # PostgreSQL a savepoint costs two more round trips on every write): a conflict
        # leaves the whole transaction, before anything else was written in it.
        with transaction.atomic():
            record.save(force_insert=True)
            claimed = True
            response = run()
            if response.status_code >= 400:
                record.delete()
                return response
            body = b"" if getattr(response, "streaming", False) else response.content  # type: ignore[attr-defined]
            kept = len(body) <= MAX_BODY_BYTES
            record.status = response.status_code
            record.content_type = response.get("Content-Type", "") if kept else ""
            record.body = body if kept else b""
            record.location = response.get("Location", "")[:2000]
            record.save(update_fields=["status", "content_type", "body", "location"])
    except IntegrityError:
        if claimed:
            raise  # the write's own error, not the key's
        # Another request with this key committed first (we waited for it): its answer.
        return _replay(IdempotencyKey.objects.get(user_id=user.pk, key=key), fingerprint)
    return response


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_field() -> forms.CharField:
    """The hidden field a protected form carries: a new key each time the form is rendered, so
    posting that page again (a retry after a lost answer) repeats its key."""
    return forms.CharField(
        required=False,
        max_length=MAX_KEY_LENGTH,
        initial=new_key,
        widget=forms.HiddenInput,
        validators=[RegexValidator(KEY_PATTERN, gettext_lazy("Formularens nøgle er ugyldig."))],
    )


def form_write(request: HttpRequest, *, key: str, run: Callable[[], R]) -> R | HttpResponse:
    """A form view's write under the key its form carried (``FORM_FIELD``): the first answer
    again for a repeated POST, a page with status 422 for a key reused with other fields."""
    try:
        return replay_or_run(
            user=request.user,  # type: ignore[arg-type]
            key=key,
            fingerprint=Fingerprint.of_form(request),
            run=run,
        )
    except IdempotencyError as error:
        return reused_page(request, error)


def form_replay(request: HttpRequest) -> HttpResponse | None:
    """The first answer to a repeated POST, a 422 page for a key reused with other fields,
    ``None`` for a POST not seen before. A form view asks before it validates, or only once
    its form is refused: a valid repeated POST gets the first answer from ``form_write``
    anyway, so asking late spares every first POST a lookup."""
    key = request.POST.get(FORM_FIELD, "")
    if not key or not request.user.is_authenticated:
        return None
    try:
        return stored_response(user=request.user, key=key, fingerprint=Fingerprint.of_form(request))
    except IdempotencyError as error:
        return reused_page(request, error)


def reused_page(request: HttpRequest, error: IdempotencyError) -> HttpResponse:
    return render(
        request,
        "core/idempotency_refused.html",
        {"message": error.message, "back": request.get_full_path()},
        status=error.status,
    )
