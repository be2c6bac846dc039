"""The API against its own schema (schemathesis): every operation, with a token that may
write, on examples generated from the schema. No answer is a server error, and every answer
conforms to what the schema says of it (status, content type, headers, body); a request the
schema forbids is refused. Few examples per operation and derandomized, so the run is quick
and the same every time."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import World
from helhedsplan.accounts.models import ApiTokenScope
from helhedsplan.api.common import MAX_ID
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events.tests.factories import an_event
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.series.tests.factories import safety_series
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_response, a_wave
from helhedsplan.volunteers.tests.helpers import a_volunteer
from helhedsplan.wsgi import application

# The schema as the application serves it, read through WSGI when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def connections_stay_open():
    """Django closes old database connections as each request it serves through WSGI starts
    and ends; the test's transaction lives on that connection, so they stay open here (as
    Django's own test client does for its requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def caller(world: World) -> tuple[str, str, dict[str, int]]:
    """A token that may do everything, and something to find: a series, an event, a press
    mention of it, an inquiry and a volunteer of the programme every generated request is
    pointed at, and a questionnaire with an answer (a random slug or id would only ever meet
    404)."""
    series = safety_series(world)
    event = an_event(world)
    mention = a_mention(world, events=[event])
    register(world.vapnagaard, ["Kost"], by=world.user("staff"))
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"))
    questionnaire = a_questionnaire(world.programme)
    a_response(a_wave(questionnaire, world.vapnagaard), 4, 5)
    secret = a_token(
        world.user("superuser"),
        world.programme,
        world.other_programme,
        scope=ApiTokenScope.READ_WRITE,
    )
    found = {
        "event_id": event.pk,
        "mention_id": mention.pk,
        "volunteer_id": volunteer.pk,
        "questionnaire_id": questionnaire.pk,
    }
    return secret, series.code, found


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_operation_conforms_to_the_schema(
    case, world: World, caller: tuple[str, str, dict[str, int]]
) -> None:
    cache.clear()
    secret, series_code, ids = caller
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = world.programme.slug
    if "code" in (case.path_parameters or {}):
        case.path_parameters["code"] = series_code
    for name, found in ids.items():
        # Only an id the schema allows is pointed at something to find: a negative case's
        # invalid id stays, to be refused.
        value = (case.path_parameters or {}).get(name)
        if type(value) is int and 1 <= value <= MAX_ID:
            case.path_parameters[name] = found
    # A schema-valid write may still be refused (422) by the rules the pages apply too (the
    # estates must be the caller's, a period must be one the series knows): that is not a
    # failure, so schemathesis' "valid data is accepted" check is left out.
    case.call_and_validate(headers=bearer(secret), excluded_checks=[positive_data_acceptance])
