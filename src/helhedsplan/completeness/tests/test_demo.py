"""The demo's running year holds a gap of each kind the cockpit finds, but two its other apps'
demos keep full on purpose: the counselling's open weeks and the panels' pace."""

from __future__ import annotations

from helhedsplan.completeness import queries
from helhedsplan.completeness.demo import UNCOUNTED_EVENT, load_demo_data
from helhedsplan.completeness.queries import Kind
from helhedsplan.programmes.models import Programme


def test_the_cockpit_lists_the_gaps_seeded_in_the_demo(demo: Programme) -> None:
    found = queries.cockpit(demo, list(demo.estates.all()), reviews=True)
    kinds = {gap.kind for gap in found.gaps}
    # The counselling's demo fills every open week, the panels' keeps pace with six meetings
    # a year (P1), on purpose.
    assert kinds == set(Kind) - {Kind.MEETINGS_BEHIND, Kind.QUIET_WEEK}
    assert any(UNCOUNTED_EVENT in gap.label for gap in found.gaps)
    load_demo_data()
    assert len(queries.cockpit(demo, list(demo.estates.all()), reviews=True).gaps) == len(
        found.gaps
    )
