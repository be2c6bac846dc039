"""Idempotency keys: a retried write gets the first answer and writes nothing again."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, connections
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World
from helhedsplan.core import idempotency, schedule, services
from helhedsplan.core.idempotency import Fingerprint, IdempotencyError, replay_or_run
from helhedsplan.core.models import IdempotencyKey
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import register

factory = RequestFactory()


def fingerprint(body: bytes = b'{"note": "x"}', path: str = "/api/v1/inquiries") -> Fingerprint:
    request = factory.post(path, body, content_type="application/json")
    return Fingerprint.of_body(request)


def writer(world: World, calls: list[int]):
    """A write that registers one inquiry and answers 201 with a Location."""

    def run() -> HttpResponse:
        (inquiry,) = register(world.vapnagaard, ["Kost"], by=world.user("staff"))
        calls.append(inquiry.pk)
        response = HttpResponse(
            f'{{"id": {inquiry.pk}}}', status=201, content_type="application/json"
        )
        response["Location"] = f"/api/v1/inquiries/{inquiry.pk}"
        return response

    return run


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(
    world: World,
) -> None:
    calls: list[int] = []
    user = world.user("staff")
    first = replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=writer(world, calls))
    again = replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=writer(world, calls))
    assert len(calls) == 1
    assert Inquiry.objects.count() == 1
    assert (again.status_code, again["Location"], again.content) == (
        first.status_code,
        first["Location"],
        first.content,
    )
    assert again["Content-Type"] == "application/json"
    assert again[idempotency.REPLAYED_HEADER] == "true"
    assert not first.has_header(idempotency.REPLAYED_HEADER)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_with_422(world: World) -> None:
    calls: list[int] = []
    user = world.user("staff")
    replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=writer(world, calls))
    with pytest.raises(IdempotencyError) as refused:
        replay_or_run(
            user=user,
            key="k-1",
            fingerprint=fingerprint(b'{"note": "y"}'),
            run=writer(world, calls),
        )
    assert refused.value.status == 422
    assert "allerede brugt til en anden forespørgsel" in refused.value.message
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_keys_belong_to_one_person(world: World) -> None:
    calls: list[int] = []
    for name in ("staff", "secretariat_head"):
        replay_or_run(
            user=world.user(name), key="k-1", fingerprint=fingerprint(), run=writer(world, calls)
        )
    assert len(calls) == 2


@pytest.mark.django_db
def test_without_a_key_every_request_runs(world: World) -> None:
    calls: list[int] = []
    for _attempt in range(2):
        replay_or_run(
            user=world.user("staff"), key=None, fingerprint=fingerprint(), run=writer(world, calls)
        )
    assert len(calls) == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["med mellemrum", "æøå", "x" * 256, "line\n"])
def test_a_malformed_key_is_refused_with_400(world: World, key: str) -> None:
    with pytest.raises(IdempotencyError) as refused:
        replay_or_run(
            user=world.user("staff"), key=key, fingerprint=fingerprint(), run=HttpResponse
        )
    assert refused.value.status == 400


@pytest.mark.django_db
def test_a_refused_write_is_not_kept_so_the_corrected_request_may_reuse_its_key(
    world: World,
) -> None:
    user = world.user("staff")
    refused = replay_or_run(
        user=user, key="k-1", fingerprint=fingerprint(), run=lambda: HttpResponse(status=400)
    )
    assert refused.status_code == 400
    calls: list[int] = []
    replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=writer(world, calls))
    assert len(calls) == 1


@pytest.mark.django_db
def test_a_write_that_fails_leaves_neither_the_write_nor_the_key(world: World) -> None:
    def broken() -> HttpResponse:
        register(world.vapnagaard, ["Kost"], by=world.user("staff"))
        raise RuntimeError("the server broke after writing")

    with pytest.raises(RuntimeError):
        replay_or_run(user=world.user("staff"), key="k-1", fingerprint=fingerprint(), run=broken)
    assert not Inquiry.objects.exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_long_answer_is_kept_without_its_body(world: World) -> None:
    user = world.user("staff")
    long = b"x" * (idempotency.MAX_BODY_BYTES + 1)
    replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=lambda: HttpResponse(long))
    again = replay_or_run(
        user=user, key="k-1", fingerprint=fingerprint(), run=lambda: HttpResponse(b"other")
    )
    assert (again.status_code, again.content) == (200, b"")


@pytest.mark.django_db
def test_keys_older_than_a_day_are_pruned_by_a_scheduled_job(world: World) -> None:
    user = world.user("staff")
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=25), tick=False):
        replay_or_run(
            user=user, key="old", fingerprint=fingerprint(), run=lambda: HttpResponseRedirect("/")
        )
    replay_or_run(
        user=user, key="new", fingerprint=fingerprint(), run=lambda: HttpResponseRedirect("/")
    )
    assert services.idempotency_keys_prune() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert "core.prune_idempotency_keys" in {job.name for job in schedule.jobs()}


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_write_once(world: World) -> None:
    """The second request waits on the first's uncommitted key row, then replays it."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite's test database is shared in memory, where a second writer fails at once "
            "instead of waiting; bench/faults.py drives SQLite with simultaneous retries"
        )
    user = world.user("staff")
    inside = threading.Event()
    release = threading.Event()
    calls: list[int] = []
    answers: list[HttpResponse] = []
    write = writer(world, calls)

    def slow_write() -> HttpResponse:
        inside.set()
        assert release.wait(timeout=30)
        return write()

    def request(run) -> None:
        try:
            answers.append(replay_or_run(user=user, key="k-1", fingerprint=fingerprint(), run=run))
        finally:
            connections.close_all()

    first = threading.Thread(target=request, args=(slow_write,))
    first.start()
    assert inside.wait(timeout=30)
    second = threading.Thread(target=request, args=(write,))
    second.start()
    # The second is blocked on the key row while the first is inside its write.
    second.join(timeout=1)
    assert second.is_alive()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert len(calls) == 1
    assert Inquiry.objects.count() == 1
    assert sorted(answer.status_code for answer in answers) == [201, 201]
    assert {answer["Location"] for answer in answers} == {f"/api/v1/inquiries/{calls[0]}"}


@pytest.mark.django_db
def test_a_key_adds_two_statements_to_a_write_and_no_savepoint(world: World) -> None:
    """The record is written first and given the answer last, in the write's transaction: no
    lookup before it and no savepoint around it (each a round trip on PostgreSQL). The
    test's own transaction makes the write's transaction the one savepoint."""
    with CaptureQueriesContext(connection) as captured:
        replay_or_run(
            user=world.user("staff"),
            key="k-1",
            fingerprint=fingerprint(),
            run=lambda: HttpResponseRedirect("/"),
        )
    kinds = [query["sql"].split(" ", 2)[:2] for query in captured.captured_queries]
    assert [kind[0] for kind in kinds] == ["SAVEPOINT", "INSERT", "UPDATE", "RELEASE"]


@pytest.mark.django_db
def test_a_write_failing_on_its_own_constraint_is_not_taken_for_a_used_key(
    world: World,
) -> None:
    def clashing() -> HttpResponse:
        raise IntegrityError("the write's own unique constraint")

    with pytest.raises(IntegrityError, match="own unique constraint"):
        replay_or_run(user=world.user("staff"), key="k-1", fingerprint=fingerprint(), run=clashing)
    assert not IdempotencyKey.objects.exists()
