"""The registry the data apps plug their sources and statistics into."""

from __future__ import annotations

import pytest
from django.db.models import Q, TextChoices

from helhedsplan.core import indicator_sources as sources
from helhedsplan.programmes.models import Estate


@pytest.fixture
def registry(monkeypatch):
    """An empty registry of sources, filters and statistics, for this test only."""
    monkeypatch.setattr(sources, "_sources", {})
    monkeypatch.setattr(sources, "_extra_filters", {})
    monkeypatch.setattr(sources, "_series_provider", None)


def _registered(key: str) -> sources.Source:
    source = sources.get(key)
    assert source is not None, key
    return source


def _estates() -> sources.Source:
    """Estates as a source: only its filters are asked about here, nothing is counted."""
    return sources.Source(
        key="test.estate",
        label="Boligområder",
        model=Estate,
        date_field="programme__period_start",
        estate_field="pk",
        filters={"big": sources.Filter("stor", lambda big: Q(tenancies__gte=1000) if big else Q())},
    )


def test_every_data_app_registers_its_own_sources_and_the_statistics() -> None:
    from helhedsplan.series.indicator_sources import series_values

    assert {"counselling.inquiry", "events.event", "media.mention"} <= {
        source.key for source in sources.all_sources()
    }
    assert "press_covered" in sources.filters_of(_registered("events.event"))
    assert sources._series_provider is series_values


def test_what_is_not_registered_is_named(registry) -> None:
    assert sources.missing("test.estate", {}) == "test.estate"
    sources.register(_estates())

    assert sources.missing("test.estate", {"big": True}) is None
    assert sources.missing("test.estate", {"big": True, "colour": "red", "age": 3}) == (
        "test.estate: age, colour"
    )
    with pytest.raises(sources.UnknownFilter, match="colour"):
        sources.condition(_registered("test.estate"), {"colour": "red"})


def test_another_app_adds_a_filter_to_a_source(registry, world) -> None:
    sources.register(_estates())
    sources.register_filter(
        "test.estate", "named", sources.Filter("med navnet", lambda name: Q(name=name))
    )
    source = _registered("test.estate")

    chosen = Estate.objects.filter(sources.condition(source, {"big": True, "named": "Vapnagaard"}))

    assert list(chosen) == [world.vapnagaard]
    assert set(sources.filters_of(source)) == {"big", "named"}


def test_statistics_come_from_the_registered_provider(registry) -> None:
    asked = []

    def provider(programme_id, codes, estate_ids, years):
        asked.append((programme_id, codes, estate_ids, list(years)))
        return {("tryghed", 7, 2019): 61.5}

    assert sources.series_values(1, {"tryghed"}, [7], [2019]) == {}
    sources.register_series_values(provider)

    assert sources.series_values(1, set(), [7], [2019]) == {}
    assert sources.series_values(1, {"tryghed"}, [7], [2019]) == {("tryghed", 7, 2019): 61.5}
    assert asked == [(1, {"tryghed"}, [7], [2019])]


class Colour(TextChoices):
    DARK_RED = "dark_red", "Mørkerød"


def test_a_filter_says_its_values_in_words() -> None:
    plain = sources.Filter("stor", lambda big: Q())
    coded = sources.Filter(
        "farve",
        lambda colour: Q(),
        sources.choice_words(Colour, names=lambda code: "Bordeaux" if code == "wine" else None),
    )

    assert [plain.describe(True), plain.describe(False), plain.describe("Kulturhus Syd")] == [
        "ja",
        "nej",
        "Kulturhus Syd",
    ]
    assert [coded.describe("dark_red"), coded.describe("wine"), coded.describe("blue")] == [
        "Mørkerød",
        "Bordeaux",
        "»blue« (ukendt værdi)",
    ]
    assert coded.describe(["dark_red", "wine"]) == "Mørkerød, Bordeaux"
