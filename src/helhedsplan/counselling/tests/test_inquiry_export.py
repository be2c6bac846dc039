"""The inquiry list's exports: the list's filters, and no more than the list shows."""

from __future__ import annotations

from django.urls import reverse

from conftest import World
from helhedsplan.core.tests.exported import column, csv_rows, xlsx_rows
from helhedsplan.counselling import services
from helhedsplan.counselling.models import AgeBand, Gender
from helhedsplan.counselling.tests.helpers import local, referral, register, topic

LIST_HEADERS = [
    "Tidspunkt",
    "Boligområde",
    "Kanal",
    "Emner",
    "Brobygget til",
    "Opfølgning",
    "Registreret af",
]


def _url(world: World, fmt: str) -> str:
    return reverse("counselling:inquiry_export", kwargs={"slug": world.programme.slug, "fmt": fmt})


def test_the_export_has_the_lists_columns_and_filters(client, world: World) -> None:
    services.inquiry_register(
        estate=world.vapnagaard,
        by=world.user("staff"),
        topics=[topic(world.programme, "Boligstøtte"), topic(world.programme, "Jobsøgning")],
        bridged_to=[referral(world.programme, "Jobcenter")],
        occurred_at=local(2021, 3, 2, 14, 5),
        follow_up_needed=True,
        age_band=AgeBand.choices[1][0],
        gender=Gender.choices[1][0],
        note="Særlig note om borgeren",
    )
    register(world.nojsomhed, ["Kost"], at=local(2021, 3, 3, 10))
    register(world.vapnagaard, ["Kost"], at=local(2020, 1, 3, 10))
    client.force_login(world.user("secretariat_head"))
    query = {"estate": world.vapnagaard.pk, "date_from": "2021-01-01"}
    rows = xlsx_rows(client.get(_url(world, "xlsx"), query))
    assert rows[0] == LIST_HEADERS
    assert rows[1:] == [
        [
            local(2021, 3, 2, 14, 5).replace(tzinfo=None),
            "Vapnagaard",
            "Åben rådgivning",
            "Boligstøtte, Jobsøgning",
            "Jobcenter",
            "Ja",
            "staff",
        ]
    ]
    rows = csv_rows(client.get(_url(world, "csv"), query))
    assert rows[0] == LIST_HEADERS
    assert rows[1] == [
        "02.03.2021 14:05",
        "Vapnagaard",
        "Åben rådgivning",
        "Boligstøtte, Jobsøgning",
        "Jobcenter",
        "Ja",
        "staff",
    ]
    # What the list does not show (age, gender, the note) is in no file either.
    assert "Særlig note" not in client.get(_url(world, "csv")).content.decode("utf-8-sig")
    every = csv_rows(client.get(_url(world, "csv")))
    assert every[0] == LIST_HEADERS
    assert len(every) == 4


def test_the_export_follows_the_lists_access(client, world: World) -> None:
    register(world.vapnagaard, ["Kost"], at=local(2021, 3, 3, 10))
    for who in ("board", "working_group", "police", "outsider"):
        client.force_login(world.user(who))
        assert client.get(_url(world, "csv")).status_code == 403, who
    client.force_login(world.user("staff"))
    assert column(csv_rows(client.get(_url(world, "csv"))), "Boligområde") == ["Vapnagaard"]


def test_a_topic_named_like_a_formula_stays_text(client, world: World) -> None:
    from helhedsplan.core.lists.services import list_entry_create
    from helhedsplan.counselling.models import Topic

    hostile = '=HYPERLINK("http://x","y")'
    services.categories_ensure_defaults(programme=world.programme)
    list_entry_create(model=Topic, programme=world.programme, name=hostile)
    register(world.vapnagaard, [hostile], at=local(2021, 3, 3, 10))
    client.force_login(world.user("secretariat_head"))
    # xlsx_rows checks that no cell is a formula.
    assert column(xlsx_rows(client.get(_url(world, "xlsx"))), "Emner") == [hostile]
    assert column(csv_rows(client.get(_url(world, "csv"))), "Emner") == ["'" + hostile]
