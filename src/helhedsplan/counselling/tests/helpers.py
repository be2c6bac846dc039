"""Small builders shared by the counselling tests."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.utils import timezone

from helhedsplan.counselling import services
from helhedsplan.counselling.models import Inquiry, Referral, Topic
from helhedsplan.programmes.models import Estate, Programme


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def topic(programme: Programme, name: str) -> Topic:
    services.categories_ensure_defaults(programme=programme)
    return Topic.objects.get(programme=programme, name=name)


def referral(programme: Programme, name: str) -> Referral:
    services.categories_ensure_defaults(programme=programme)
    return Referral.objects.get(programme=programme, name=name)


def register(
    estate: Estate,
    topics: list[str],
    bridged_to: Sequence[str] = (),
    *,
    at: datetime.datetime | None = None,
    by: User | None = None,
    times: int = 1,
) -> list[Inquiry]:
    programme = estate.programme
    return [
        services.inquiry_register(
            estate=estate,
            by=by,
            topics=[topic(programme, name) for name in topics],
            bridged_to=[referral(programme, name) for name in bridged_to],
            occurred_at=at,
        )
        for _n in range(times)
    ]


def staff_inquiry(world) -> Inquiry:
    """An inquiry the test world's staff member registered just now (for the role matrix)."""
    return register(world.vapnagaard, ["Kost"], by=world.user("staff"))[0]
