"""Every URL × every role → allowed or denied.

Each issue that adds pages adds its rows here. A row names the URL, how to build its
arguments from the test world, and the roles that may use it; every other role must get 403,
and an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from conftest import ROLE_USERS, World
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import Agreement
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.counselling.tests.helpers import staff_inquiry
from helhedsplan.events.tests.factories import an_event
from helhedsplan.indicators.tests.helpers import an_indicator
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.series.tests.factories import a_figure_for_the_matrix, safety_series

EVERYONE = frozenset({*ROLE_USERS, "outsider", "superuser"})
ADMINS = frozenset({"administrator", "superuser"})
PROGRAMME_READERS = frozenset(
    {"administrator", "secretariat_head", "staff", "board", "working_group", "superuser"}
)


IMPORTERS = frozenset({"administrator", "secretariat_head", "staff", "outsider", "superuser"})
AGREEMENT_EDITORS = frozenset(
    {"administrator", "secretariat_head", "staff", "working_group", "superuser"}
)


def _agreement(world: World) -> Agreement:
    """The seed agreement, approved as version 1, with a draft version 2."""
    existing = Agreement.objects.filter(programme=world.programme).first()
    if existing is not None:
        return existing
    agreement = seed_agreement(world.programme)
    agreement_services.version_start_draft(agreement=agreement, user=world.user("staff"))
    return agreement


def _version_kwargs(world: World, number: int) -> dict:
    return {"agreement_id": _agreement(world).pk, "number": number}


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    # Tells apart the rows of one URL name, such as the lists, in the test ids.
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world))


def _global_list(kind: str) -> Route:
    return Route("lists:list", ADMINS, lambda w: {"kind": kind}, kind)


def _programme_list(kind: str) -> Route:
    return Route("lists:list", ADMINS, lambda w: {"kind": kind, "slug": w.programme.slug}, kind)


ROUTES = [
    Route("home", EVERYONE),
    Route("accounts:password_change", EVERYONE),
    Route("programmes:detail", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("accounts:user_list", ADMINS),
    Route("accounts:user_create", ADMINS),
    Route("accounts:user_detail", ADMINS, lambda w: {"user_id": w.user("staff").pk}),
    Route("audit:trail", ADMINS),
    # Managed lists: administrators read the global lists (only a superuser changes them) and
    # keep their own programme's.
    Route("lists:index", ADMINS),
    *(_global_list(kind) for kind in ("event-types", "target-groups", "focus-areas")),
    *(_programme_list(kind) for kind in ("venues", "partners", "outlets", "topics", "referrals")),
    # Agreements
    Route("agreements:list", PROGRAMME_READERS | {"outsider"}),
    Route("agreements:import", IMPORTERS),
    Route("agreements:detail", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route("agreements:version", PROGRAMME_READERS, lambda w: _version_kwargs(w, 1)),
    Route("agreements:version_docx", PROGRAMME_READERS, lambda w: _version_kwargs(w, 1)),
    Route("agreements:diff", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route("agreements:edit", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route("agreements:edit_criteria", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route(
        "agreements:edit_activity",
        AGREEMENT_EDITORS,
        lambda w: _version_kwargs(w, 2) | {"position": 0},
    ),
    Route("agreements:edit_staff", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route("agreements:edit_budget", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    # Events
    Route("events:list", PROGRAMME_READERS | {"outsider"}),
    Route(
        "events:create",
        frozenset({"administrator", "secretariat_head", "staff", "outsider", "superuser"}),
    ),
    Route(
        "events:theme_evening_create",
        frozenset({"administrator", "secretariat_head", "staff", "outsider", "superuser"}),
    ),
    Route("events:detail", PROGRAMME_READERS, lambda w: {"event_id": an_event(w).pk}),
    Route(
        "events:update",
        frozenset({"administrator", "secretariat_head", "staff", "superuser"}),
        lambda w: {"event_id": an_event(w).pk},
    ),
    Route(
        "events:delete_confirm",
        frozenset({"administrator", "secretariat_head", "staff", "superuser"}),
        lambda w: {"event_id": an_event(w).pk},
    ),
    Route("events:calendar", PROGRAMME_READERS, lambda w: {"estate_id": w.vapnagaard.pk}),
    Route("events:ical", PROGRAMME_READERS, lambda w: {"estate_id": w.vapnagaard.pk}),
    Route("events:theme_evenings", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "counselling:inquiry_list",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "counselling:inquiry_create",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "counselling:booking_list",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route("counselling:mapping", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("counselling:mapping_xlsx", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("counselling:mapping_pdf", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "counselling:opening_hours",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
    ),
    Route(
        "counselling:opening_hours_ical",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
    ),
    # The test world's staff member registered the inquiry just now, so may correct it.
    Route(
        "counselling:inquiry_update",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "inquiry_id": staff_inquiry(w).pk},
    ),
    # The test world's staff member registered the inquiry just now, so may correct it.
    Route(
        "counselling:inquiry_delete",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "inquiry_id": staff_inquiry(w).pk},
    ),
    # Press
    Route("media:mention_list", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "media:mention_create",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "media:mention_detail",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route(
        "media:mention_update",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route(
        "media:mention_delete_confirm",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route("media:tone_accuracy", ADMINS, lambda w: {"slug": w.programme.slug}),
    Route(
        "events:kulturhus_import",
        frozenset({"administrator", "secretariat_head", "staff", "outsider", "superuser"}),
    ),
    # External statistics: staff keep them, board and working groups read them.
    Route("series:list", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "series:create",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:import",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:import_preview",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:detail",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "code": a_figure_for_the_matrix(w).series.code},
    ),
    Route(
        "series:update",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "code": safety_series(w).code},
    ),
    Route(
        "series:observation_create",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"slug": w.programme.slug, "code": safety_series(w).code},
    ),
    # Indicators
    Route("indicators:index", PROGRAMME_READERS | {"outsider"}),
    Route("indicators:dashboard", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route("indicators:years", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route(
        "indicators:detail",
        PROGRAMME_READERS,
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:proposals",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"agreement_id": _agreement(w).pk},
    ),
    Route(
        "indicators:confirm",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"agreement_id": _agreement(w).pk, "key": "A3.1"},
    ),
    Route(
        "indicators:edit",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:targets",
        ADMINS | {"secretariat_head", "staff"},
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:lock",
        frozenset({"board", "superuser"}),
        lambda w: {"agreement_id": _agreement(w).pk},
    ),
]


# One test world per route, not per person: every request is a read, so the anonymous visitor
# and all nine people can ask in turn on the same world.
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_role_matrix(client, world: World, route: Route) -> None:
    url = route.url(world)
    wrong = []
    response = client.get(url)
    if response.status_code != 302 or not response.url.startswith(reverse("accounts:login")):
        wrong.append(f"anonymous on {url}: {response.status_code}, expected the login page")
    for who in sorted(EVERYONE):
        client.force_login(world.user(who))
        status = client.get(url).status_code
        expected = 200 if who in route.allowed else 403
        if status != expected:
            wrong.append(f"{who} on {url}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
