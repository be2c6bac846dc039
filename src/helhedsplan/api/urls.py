"""``/api/v1/``: ninja's views, each wrapped so that the whole API speaks the client's
language, answers conditional reads, keeps responses out of shared caches, and refuses in
JSON what never reaches ninja (an unknown address, a method an address does not take)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.generic import RedirectView

from helhedsplan.api.api import api
from helhedsplan.api.errors import error_response


def language_of(request: HttpRequest) -> str:
    """The first language of ``Accept-Language`` the application speaks; Danish otherwise.
    (The pages follow the language switch instead: an API client has no cookie to set.)"""
    offered: list[tuple[float, int, str]] = []
    for position, part in enumerate(request.headers.get("Accept-Language", "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() and quality > 0:
            offered.append((-quality, position, tag.strip().lower()))
    for _quality, _position, tag in sorted(offered):
        for code, _name in settings.LANGUAGES:
            if tag == code or tag.startswith(f"{code}-"):
                return code
    return settings.LANGUAGE_CODE


def _api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        language = language_of(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
                allowed = response.get("Allow", "")
                response = error_response(api, request, 405)
                response["Allow"] = allowed
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        patch_cache_control(response, private=True)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            conditional = get_conditional_response(request, etag=etag, response=response)
            if conditional is not None:
                return conditional
        return response

    return wrapper


def _not_found(request: HttpRequest, rest: str) -> HttpResponse:
    with translation.override(language_of(request)):
        return error_response(api, request, 404)


def _wrapped(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
    return patterns


_patterns, _app_name, _namespace = api.urls
app_name = _app_name
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:openapi-view")),
    *_wrapped(list(_patterns)),
    path("<path:rest>", _not_found),
]
