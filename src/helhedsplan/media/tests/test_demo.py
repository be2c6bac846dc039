from __future__ import annotations

import pytest

from helhedsplan.accounts import demo as accounts_demo
from helhedsplan.events import demo as events_demo
from helhedsplan.media import demo, queries
from helhedsplan.media.models import Outlet, PressMention, ToneSource
from helhedsplan.programmes import demo as programmes_demo
from helhedsplan.programmes.models import Programme


@pytest.mark.django_db
def test_the_demo_loads_once_and_follows_the_criteria() -> None:
    programmes_demo.load_demo_data()
    accounts_demo.load_demo_data()
    events_demo.load_demo_data()
    demo.load_demo_data()
    counts = (PressMention.objects.count(), Outlet.objects.count())
    demo.load_demo_data()
    assert (PressMention.objects.count(), Outlet.objects.count()) == counts
    assert 140 <= counts[0] <= 160
    assert counts[1] == 5

    programme = Programme.objects.get(name=programmes_demo.DEMO_PROGRAMME)
    shares = {share.year: share for share in queries.positive_share_per_year(programme=programme)}
    assert sorted(shares) == [2018, 2019, 2020, 2021]
    assert [shares[year].met for year in sorted(shares)] == [True, False, True, True]

    coverage = {
        c.year: (c.covered, c.held) for c in queries.cultural_coverage_per_year(programme=programme)
    }
    assert coverage == {2018: (7, 7), 2019: (5, 6), 2020: (5, 5), 2021: (5, 6)}

    overridden = PressMention.objects.filter(tone_source=ToneSource.OVERRIDDEN).count()
    assert 0 < overridden < counts[0] // 5
