"""The demo's two grant pools hold applications at every stage of the cycle."""

from __future__ import annotations

from helhedsplan.grants.demo import APPLICATIONS, JOINT_POOL, VAPNAGAARD_POOL
from helhedsplan.grants.models import Application, Pool, Status
from helhedsplan.programmes.models import Programme


def test_the_demo_has_two_pools_with_applications_at_every_stage(demo: Programme) -> None:
    pools = Pool.objects.filter(programme=demo)
    assert sorted(pools.values_list("name", flat=True)) == sorted([JOINT_POOL, VAPNAGAARD_POOL])
    assert Application.objects.filter(programme=demo).count() == len(APPLICATIONS)
    statuses = set(Application.objects.filter(programme=demo).values_list("status", flat=True))
    assert statuses == {
        Status.RECEIVED,
        Status.UNDER_REVIEW,
        Status.REJECTED,
        Status.APPROVED,
        Status.PARTLY_APPROVED,
    }
