"""The REST API, version 1, on django-ninja: the schema at ``openapi.json`` is generated from
these type hints, and the docs page (Swagger UI, whose files ship in the package) loads
nothing from other hosts.

Every operation needs a caller (``auth``: a token or the session) and is throttled per
caller; every refusal has the one JSON shape of ``errors``; reads answer through the apps'
``queries`` and ``access`` modules, as the pages do.
"""

from __future__ import annotations

from ninja import NinjaAPI

from helhedsplan.api import (
    agreements,
    counselling,
    errors,
    events,
    grants,
    indicators,
    media,
    programmes,
    series,
    surveys,
    volunteers,
)
from helhedsplan.api.auth import BearerToken, Session
from helhedsplan.api.common import throttle
from helhedsplan.api.parser import WithoutNul

api = NinjaAPI(
    title="helhedsplan API",
    version="1",
    description=(
        "Read a programme's estates, agreements, indicators, status, events, press, statistics "
        "and counselling, volunteers' counts (their personal data for those who keep "
        "them), the resident grant pools' figures (their applications for those who keep "
        "them), and the surveys' results (small counts hidden). Authenticate with a personal "
        "access token made on *Min konto*: "
        '`Authorization: Bearer hp_…`. Errors: `{"error": {"code": …, "message": …}}`, in '
        "Danish or English by `Accept-Language`. Lists take `limit` and `offset`; reads send an "
        "`ETag` and answer `If-None-Match` with 304."
    ),
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    throttle=throttle,
    parser=WithoutNul(),
)
errors.install(api)
for module in (
    programmes,
    agreements,
    indicators,
    events,
    media,
    series,
    counselling,
    volunteers,
    grants,
    surveys,
):
    api.add_router("", module.router)
