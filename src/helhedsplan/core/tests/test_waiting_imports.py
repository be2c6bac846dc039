"""What a home page reads of core: the uploads waiting in a programme, and a list's sample."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import World
from helhedsplan.core import queries, services, staging
from helhedsplan.core.models import StagedImport

KIND = "tests.lines"


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch) -> staging.Importer:
    monkeypatch.setattr(staging, "_importers", dict(staging._importers))
    importer = staging.Importer(
        kind=KIND,
        parse=lambda data, name, target: data.decode().splitlines(),
        rebuild=lambda parsed, target: parsed,
        max_bytes=1000,
    )
    staging.register(importer)
    return importer


def _stage(world: World, who: str, programme_id: int, name: str) -> StagedImport:
    return services.staged_import_stage(
        owner=world.user(who),
        kind=KIND,
        upload=SimpleUploadedFile(name, b"one\n"),
        target={"programme": programme_id},
    )


def test_the_uploads_waiting_in_a_programme_are_everyone_s_oldest_first(
    world: World, lines: staging.Importer
) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=2)):
        first = _stage(world, "secretariat_head", world.programme.pk, "a.txt")
    second = _stage(world, "staff", world.programme.pk, "b.txt")
    _stage(world, "outsider", world.other_programme.pk, "c.txt")

    found = queries.staged_imports_waiting(programme_ids=[world.programme.pk])

    assert found == [first, second]
    assert found[0].owner == world.user("secretariat_head")


def test_expired_uploads_and_uploads_of_an_older_importer_do_not_wait(
    world: World, lines: staging.Importer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2)):
        _stage(world, "secretariat_head", world.programme.pk, "expired.txt")
    _stage(world, "staff", world.programme.pk, "older.txt")
    staging.register(staging.Importer(**{**lines.__dict__, "version": 2}))

    assert queries.staged_imports_waiting(programme_ids=[world.programme.pk]) == []


def test_a_sample_counts_only_when_there_are_more(
    world: World, lines: staging.Importer, django_assert_num_queries
) -> None:
    for who in ("staff", "secretariat_head", "administrator"):
        _stage(world, who, world.programme.pk, f"{who}.txt")
    rows = StagedImport.objects.order_by("pk")

    with django_assert_num_queries(1):
        whole = queries.sample(rows, 3)
    with django_assert_num_queries(2):
        part = queries.sample(rows, 2)

    assert (whole.total, len(whole.first), whole.more) == (3, 3, 0)
    assert (part.total, len(part.first), part.more) == (3, 2, 1)
