"""A token for a person of the test world, and the header that carries it."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from helhedsplan.accounts import services
from helhedsplan.accounts.models import ApiTokenScope
from helhedsplan.programmes.models import Programme


def a_token(
    user: User,
    *programmes: Programme,
    scope: ApiTokenScope = ApiTokenScope.READ,
    days: int = 30,
    now: datetime.datetime | None = None,
) -> str:
    _token, secret = services.api_token_create(
        user=user,
        name="Intranettet",
        scope=scope,
        programmes=programmes or list(Programme.objects.filter(memberships__user=user).distinct()),
        days=days,
        now=now,
    )
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
