"""The API's one error shape, ``{"error": {"code": …, "message": …}}``, for every refusal,
in Danish or English as the client's ``Accept-Language`` asks (Danish by default).

``code`` is stable and meant for programs; ``message`` is for people. A refused request body
or parameter adds ``fields``: where (``loc``) and what is wrong (``message``, pydantic's own
English words, as the client developer reads them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class FieldError(Schema):
    loc: list[str | int]
    message: str


class ErrorDetail(Schema):
    code: str
    message: str
    fields: list[FieldError] | None = None


class Error(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """A refusal with its status, code and (translatable) message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str | Promise,
        fields: list[dict] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


# The words of each status when nothing more particular is said.
GENERIC: dict[int, tuple[str, Promise]] = {
    400: ("bad_request", _("Forespørgslen kunne ikke læses.")),
    401: (
        "not_authenticated",
        _("Log ind eller send en gyldig API-nøgle (Authorization: Bearer …)."),
    ),
    403: ("forbidden", _("Du har ikke adgang til dette.")),
    404: ("not_found", _("Findes ikke.")),
    405: ("method_not_allowed", _("Metoden er ikke tilladt her.")),
    409: ("conflict", _("Ændringen strider mod det, der allerede er gemt.")),
    422: ("invalid", _("Forespørgslen er ugyldig.")),
    429: ("throttled", _("For mange forespørgsler. Vent lidt, og prøv igen.")),
    500: ("server_error", _("Der skete en fejl på serveren.")),
}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    *,
    code: str | None = None,
    message: str | Promise | None = None,
    fields: list[dict] | None = None,
) -> HttpResponse:
    generic_code, generic_message = GENERIC.get(status, GENERIC[400])
    body: dict[str, object] = {
        "code": code or generic_code,
        "message": str(message or generic_message),
    }
    if fields is not None:
        body["fields"] = fields
    return api.create_response(request, {"error": body}, status=status)


def _api_error(request: HttpRequest, exc: ApiError, api: NinjaAPI) -> HttpResponse:
    return error_response(
        api, request, exc.status, code=exc.code, message=exc.message, fields=exc.fields
    )


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    # ninja's own refusals (an unreadable body, a missing token, too many requests) carry
    # English words of their own: the status says enough, in the client's language.
    return error_response(api, request, exc.status_code)


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    fields = [
        {"loc": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return error_response(api, request, 422, fields=fields)


def _service_error(request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI) -> HttpResponse:
    """A service's ``ValidationError``: its Danish messages, by field where it names one."""
    if hasattr(exc, "error_dict"):
        fields = [
            {"loc": ["body", name], "message": " ".join(messages)}
            for name, messages in exc.message_dict.items()
        ]
    else:
        fields = [{"loc": ["body"], "message": " ".join(exc.messages)}]
    return error_response(api, request, 422, fields=fields)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return error_response(api, request, 404)


def _forbidden(request: HttpRequest, exc: PermissionDenied, api: NinjaAPI) -> HttpResponse:
    return error_response(api, request, 403)


def _conflict(request: HttpRequest, exc: IntegrityError, api: NinjaAPI) -> HttpResponse:
    return error_response(api, request, 409)


def _server_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path)
    return error_response(api, request, 500)


def install(api: NinjaAPI) -> None:
    """Answer every refusal of ``api`` in the one shape."""
    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (Exception, _server_error),
        (IntegrityError, _conflict),
        (PermissionDenied, _forbidden),
        (Http404, _not_found),
        (DjangoValidationError, _service_error),
        (ValidationError, _validation_error),
        (HttpError, _http_error),
        (AuthenticationError, _http_error),
        (Throttled, _http_error),
        (ApiError, _api_error),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, partial(handler, api=api))


# The refusals every operation may answer with, documented in the schema in the one shape.
ERROR_STATUSES = frozenset({400, 401, 403, 404, 405, 409, 422, 429})


def with_errors(ok: object, status: int = 200) -> dict:
    """An operation's ``response``: its answer, and the refusals in the error shape."""
    return {status: ok, ERROR_STATUSES: Error}
