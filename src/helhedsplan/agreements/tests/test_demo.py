"""The demo's agreement: the seed as version 1, its revision from 2021 as version 2, and a
follow-up whose period holds today."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from helhedsplan.agreements import demo as agreements_demo
from helhedsplan.agreements import queries
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import Agreement, VersionStatus
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.models import Programme


def _keys(version) -> list[str]:
    return sorted(version.criteria.values_list("key", flat=True))


def test_the_follow_up_is_in_force_today_with_the_seeds_criteria(demo: Programme) -> None:
    today = timezone.localdate()
    agreement = Agreement.objects.get(programme=demo)
    seed, revision, follow_up = agreement.versions.filter(status=VersionStatus.APPROVED).order_by(
        "number"
    )

    in_force = queries.version_in_force(agreement, today)

    assert in_force == follow_up
    assert follow_up.status == seed.status == VersionStatus.APPROVED
    assert follow_up.period_start is not None and follow_up.period_end is not None
    assert follow_up.period_start <= today <= follow_up.period_end
    # Four years from 1 January of last year: today is in its second year.
    assert follow_up.period_start == datetime.date(today.year - 1, 1, 1)
    assert follow_up.period_end == datetime.date(today.year + 2, 12, 31)
    assert follow_up.in_force_from == follow_up.period_start
    assert (demo.period_start, demo.period_end) == (seed.period_start, follow_up.period_end)
    assert (seed.period_start, seed.period_end) == (
        datetime.date(2018, 1, 1),
        datetime.date(2021, 12, 31),
    )
    assert _keys(follow_up) == _keys(seed) and len(_keys(seed)) == 18
    assert set(follow_up.estates.all()) == set(seed.estates.all()) == set(demo.estates.all())
    assert queries.version_in_force(agreement, datetime.date(2020, 12, 31)) == seed
    assert queries.version_in_force(agreement, datetime.date(2021, 6, 1)) == revision


def test_the_follow_up_is_marked_as_demo_data(demo: Programme) -> None:
    follow_up = Agreement.objects.get(programme=demo).versions.get(number=3)

    assert follow_up.source_name == agreements_demo.FOLLOW_UP_SOURCE
    assert follow_up.source_name.startswith("Demo:")
    assert "(demo)" in follow_up.approval_note
    assert follow_up.source_sha256 == agreements_demo.follow_up_fingerprint()
    assert follow_up.period_start is not None and follow_up.period_end is not None
    assert f"{follow_up.period_start.year}-{follow_up.period_end.year}" in follow_up.title


@pytest.mark.django_db
def test_a_later_run_keeps_the_follow_up_it_made() -> None:
    """The period is fixed when the follow-up is made; a run in a later year keeps it."""
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        programmes_demo.load_demo_data()
        agreements_demo.load_demo_data()
    with time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC)):
        programmes_demo.load_demo_data()
        changed = agreements_demo.load_demo_data()

    programme = Programme.objects.get(name=programmes_demo.DEMO_PROGRAMME)
    versions = Agreement.objects.get(programme=programme).versions.order_by("number")
    assert changed == []
    assert [(v.number, v.period_start, v.period_end) for v in versions] == [
        (1, datetime.date(2018, 1, 1), datetime.date(2021, 12, 31)),
        (2, datetime.date(2018, 1, 1), datetime.date(2021, 12, 31)),
        (3, datetime.date(2025, 1, 1), datetime.date(2028, 12, 31)),
    ]
    assert programme.period_end == datetime.date(2028, 12, 31)


@pytest.mark.django_db
def test_an_open_draft_is_left_alone_and_the_console_says_why() -> None:
    """A data directory an earlier version made holds the seed alone, and a person's draft."""
    programmes_demo.load_demo_data()
    agreements_demo.load_demo_data()
    programme = Programme.objects.get(name=programmes_demo.DEMO_PROGRAMME)
    agreement = Agreement.objects.get(programme=programme)
    agreement.versions.filter(number__gte=2).delete()
    draft = agreement_services.version_start_draft(agreement=agreement, user=make_user("leder"))

    changed = agreements_demo.load_demo_data()

    assert len(changed) == 2 and all("open draft" in line for line in changed)
    assert list(agreement.versions.order_by("number")) == [agreement.versions.get(number=1), draft]


def test_the_revision_rewords_two_criteria_from_2021(demo: Programme) -> None:
    agreement = Agreement.objects.get(programme=demo)
    seed, revision = agreement.versions.filter(number__in=[1, 2]).order_by("number")

    texts = {c.key: c.text for c in revision.criteria.all()}
    seed_texts = {c.key: c.text for c in seed.criteria.all()}

    assert revision.source_sha256 == agreements_demo.revision_fingerprint()
    assert revision.in_force_from == datetime.date(2021, 1, 1)
    assert "otte temaaftner" in texts["A1.3"] and "seks temaaftner" in seed_texts["A1.3"]
    assert "68%" in texts["O2"] and "65%" in seed_texts["O2"]
    assert {k for k in texts if texts[k] != seed_texts[k]} == {"A1.3", "O2"}
