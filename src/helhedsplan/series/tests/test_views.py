"""Series and single figures through the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import ROLE_USERS, World
from helhedsplan.series.models import Observation, Scope, Series
from helhedsplan.series.tests.factories import a_figure, complaints_series, safety_series

SERIES_DATA = {
    "name": "Trygge beboere",
    "code": "tryghed",
    "unit": "percent",
    "source": "Politiets Tryghedsindeks",
    "description": "",
    "higher_is_better": "on",
    "granularity": "year",
}


def _url(world: World, name: str, **kwargs) -> str:
    return reverse(f"series:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def test_the_secretariat_creates_a_series_and_sees_it_listed(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    response = client.post(_url(world, "create"), SERIES_DATA)
    series = Series.objects.get()
    assert response.status_code == 302
    assert response.url == series.get_absolute_url()
    assert (series.programme, series.code, series.unit) == (world.programme, "tryghed", "percent")
    assert series.history.count() == 1
    listed = client.get(_url(world, "list")).content.decode()
    assert "Trygge beboere" in listed and "Politiets Tryghedsindeks" in listed


def test_a_code_in_use_or_reserved_is_refused_on_the_form(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    taken = client.post(_url(world, "create"), SERIES_DATA | {"name": "Andet navn"})
    assert taken.status_code == 400
    assert "Indsatsen har allerede en serie med denne kode." in taken.content.decode()
    reserved = client.post(_url(world, "create"), SERIES_DATA | {"code": "import", "name": "X"})
    assert reserved.status_code == 400
    assert "Koden «import» er reserveret." in reserved.content.decode()
    assert Series.objects.count() == 1


def test_the_same_code_may_be_used_in_another_programme(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("superuser"))
    other = reverse("series:create", kwargs={"slug": world.other_programme.slug})
    assert client.post(other, SERIES_DATA).status_code == 302
    assert Series.objects.filter(code="tryghed").count() == 2


def test_a_series_is_edited(client, world: World) -> None:
    series = safety_series(world)
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        _url(world, "update", code="tryghed"), SERIES_DATA | {"name": "Tryghed i området"}
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.name == "Tryghed i området"


def test_a_figure_is_entered_with_a_danish_decimal_comma(client, world: World) -> None:
    series = safety_series(world)
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        _url(world, "observation_create", code="tryghed"),
        {
            "where": str(world.nojsomhed.pk),
            "period": "2016",
            "value": "59,2",
            "respondents": "312",
            "source_note": "Rapport december 2016",
            "observed_on": "01.12.2016",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.series == series
    assert observation.estate == world.nojsomhed
    assert observation.value == Decimal("59.2")
    assert observation.period_start == datetime.date(2016, 1, 1)
    assert observation.observed_on == datetime.date(2016, 12, 1)
    assert observation.entered_by == world.user("secretariat_head")


def test_entering_the_same_place_and_period_again_corrects_the_figure(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    url = _url(world, "observation_create", code="tryghed")
    client.post(url, {"where": "municipality", "period": "2016", "value": "75,0"})
    response = client.post(url, {"where": "municipality", "period": "2016", "value": "75,5"})
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.scope, observation.estate, observation.value) == (
        Scope.MUNICIPALITY,
        None,
        Decimal("75.5"),
    )


def test_a_bad_figure_is_refused_on_the_form(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    url = _url(world, "observation_create", code="tryghed")
    not_a_number = client.post(url, {"where": "municipality", "period": "2016", "value": "ca. 60"})
    assert not_a_number.status_code == 400
    assert "Skriv et tal, fx 59,2." in not_a_number.content.decode()
    too_much = client.post(url, {"where": "municipality", "period": "2016", "value": "101"})
    assert "En procentdel skal ligge mellem 0 og 100." in too_much.content.decode()
    bad_period = client.post(url, {"where": "municipality", "period": "i fjor", "value": "60"})
    assert "Skriv perioden som et år" in bad_period.content.decode()
    unknown_place = client.post(url, {"where": "999999", "period": "2016", "value": "60"})
    assert unknown_place.status_code == 400
    assert not Observation.objects.exists()


def test_the_series_page_shows_the_table_and_the_chart_in_danish(client, world: World) -> None:
    series = complaints_series(world)
    a_figure(series, world.nojsomhed, "2016", "7")
    a_figure(series, world.vapnagaard, "2016", "1741")
    a_figure(series, None, "2016", "216", scope=Scope.HOUSING_ORGANISATION)
    client.force_login(world.user("board"))
    page = client.get(_url(world, "detail", code="klager")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<title" in page and "Beboerklager" in page
    assert "1.741" in page
    assert "Boliggården" in page
    assert "Slet" not in page  # readers do not change figures


def test_a_figure_is_deleted_by_the_secretariat_and_not_by_readers(client, world: World) -> None:
    observation = a_figure(safety_series(world), world.vapnagaard, "2016", "59.9")
    url = _url(world, "observation_delete", code="tryghed", observation_id=observation.pk)
    client.force_login(world.user("working_group"))
    assert client.post(url).status_code == 403
    client.force_login(world.user("secretariat_head"))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Observation.objects.exists()


def test_a_figure_of_another_series_is_not_found_through_this_one(client, world: World) -> None:
    observation = a_figure(safety_series(world), world.vapnagaard, "2016", "59.9")
    complaints_series(world)
    client.force_login(world.user("secretariat_head"))
    url = _url(world, "observation_delete", code="klager", observation_id=observation.pk)
    assert client.post(url).status_code == 404
    assert Observation.objects.exists()


def test_an_unknown_series_or_a_series_of_another_programme_is_not_found(
    client, world: World
) -> None:
    safety_series(world)
    client.force_login(world.user("outsider"))
    other = reverse("series:detail", kwargs={"slug": world.other_programme.slug, "code": "tryghed"})
    assert client.get(other).status_code == 404
    client.force_login(world.user("secretariat_head"))
    assert client.get(_url(world, "detail", code="findes-ikke")).status_code == 404


def test_the_navigation_offers_statistics_to_readers_only(client, world: World) -> None:
    for who, shown in [("board", True), ("staff", True), ("police", False)]:
        client.force_login(world.user(who))
        page = client.get(reverse("home")).content.decode()
        assert (_url(world, "list") in page) is shown, who


EDITORS = {"administrator", "secretariat_head", "superuser"}


@pytest.mark.parametrize("who", sorted([*ROLE_USERS, "outsider", "superuser"]))
def test_only_editors_may_post_the_actions_without_a_page(client, world: World, who: str) -> None:
    """The role matrix reads pages; these two addresses only take POST."""
    observation = a_figure(safety_series(world), world.vapnagaard, "2016", "59.9")
    client.force_login(world.user(who))
    expected = 302 if who in EDITORS else 403
    delete = _url(world, "observation_delete", code="tryghed", observation_id=observation.pk)
    assert client.post(_url(world, "import_confirm")).status_code == expected
    assert client.post(delete).status_code == expected
    assert Observation.objects.exists() is (who not in EDITORS)


def test_figures_and_series_are_in_the_audit_trail_of_their_programme(client, world: World) -> None:
    safety_series(world)
    client.force_login(world.user("secretariat_head"))
    url = _url(world, "observation_create", code="tryghed")
    client.post(url, {"where": str(world.vapnagaard.pk), "period": "2016", "value": "59,9"})
    client.post(url, {"where": str(world.vapnagaard.pk), "period": "2016", "value": "60,1"})

    client.force_login(world.user("administrator"))
    trail = reverse("audit:trail")
    entries = client.get(trail, {"model": "series.observation"}).context["entries"]
    assert [(e.action, e.who) for e in entries] == [
        ("changed", "secretariat_head"),
        ("created", "secretariat_head"),
    ]
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("Værdi", "59,9", "60,1")]
    assert client.get(trail, {"model": "series.series"}).context["entries"]


def test_the_series_chart_spaces_its_periods_by_the_time_between_them(client, world: World) -> None:
    series = safety_series(world)
    for year, value in (("2016", "59,2"), ("2018", "60,4"), ("2019", "62,1")):
        a_figure(series, world.nojsomhed, year, value.replace(",", "."))
    client.force_login(world.user("board"))

    page = client.get(_url(world, "detail", code="tryghed")).content.decode()

    line = page[page.index('<g class="chart-line">') :].split("</g>", 1)[0]
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', line)]
    assert len(xs) == 3
    # 2016 to 2018 is two years, twice the width of 2018 to 2019.
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(2, rel=0.02)
