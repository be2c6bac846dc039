"""The mapping of needs against tables computed by hand, with and without suppression."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.counselling import queries
from helhedsplan.counselling.tests.helpers import local, register


@pytest.fixture
def inquiries(world: World) -> World:
    """Vapnagaard Q1 2021: 6 × Boligstøtte→Borgerservice, 2 × Boligstøtte+Jobsøgning→Jobcenter,
    1 × Kost (not bridged). Nøjsomhed Q2 2021: 5 × Jobsøgning→Jobcenter+Borgerservice.
    And one in 2020, which the 2021 mapping must leave out."""
    register(
        world.vapnagaard, ["Boligstøtte"], ["Borgerservice"], at=local(2021, 2, 2, 14), times=6
    )
    register(
        world.vapnagaard,
        ["Boligstøtte", "Jobsøgning"],
        ["Jobcenter"],
        at=local(2021, 3, 31, 23, 30),
        times=2,
    )
    register(world.vapnagaard, ["Kost"], at=local(2021, 1, 5, 9))
    register(
        world.nojsomhed,
        ["Jobsøgning"],
        ["Jobcenter", "Borgerservice"],
        at=local(2021, 4, 1, 0, 30),
        times=5,
    )
    register(world.vapnagaard, ["Kost"], ["Læge"], at=local(2020, 12, 31, 23, 30))
    return world


def shown(table: queries.Table) -> dict:
    """The non-zero cells and every total, as displayed."""
    text = table.as_text()
    header, body, footer = text[0], text[1:-1], text[-1]
    cells = {
        (row[0], column): value
        for row in body
        for column, value in zip(header[1:-1], row[1:-1], strict=True)
        if value != "0"
    }
    totals = {row[0]: row[-1] for row in body if row[-1] != "0"}
    column_totals = {c: v for c, v in zip(header[1:], footer[1:], strict=True) if v != "0"}
    return {"cells": cells, "rows": totals, "columns": column_totals}


EXACT = {
    "Vapnagaard": {
        "cells": {
            ("Boligstøtte", "Borgerservice"): "6",
            ("Boligstøtte", "Jobcenter"): "2",
            ("Jobsøgning", "Jobcenter"): "2",
            ("Kost", "Ikke brobygget"): "1",
        },
        "rows": {"Boligstøtte": "8", "Jobsøgning": "2", "Kost": "1"},
        "columns": {
            "Borgerservice": "6",
            "Jobcenter": "2",
            "Ikke brobygget": "1",
            "Henvendelser": "9",
        },
    },
    "Nøjsomhed": {
        "cells": {("Jobsøgning", "Borgerservice"): "5", ("Jobsøgning", "Jobcenter"): "5"},
        "rows": {"Jobsøgning": "5"},
        "columns": {"Borgerservice": "5", "Jobcenter": "5", "Henvendelser": "5"},
    },
    "Alle boligområder": {
        "cells": {
            ("Boligstøtte", "Borgerservice"): "6",
            ("Boligstøtte", "Jobcenter"): "2",
            ("Jobsøgning", "Borgerservice"): "5",
            ("Jobsøgning", "Jobcenter"): "7",
            ("Kost", "Ikke brobygget"): "1",
        },
        "rows": {"Boligstøtte": "8", "Jobsøgning": "7", "Kost": "1"},
        "columns": {
            "Borgerservice": "11",
            "Jobcenter": "7",
            "Ikke brobygget": "1",
            "Henvendelser": "14",
        },
    },
}
# Counts of 1-4 show as "<5"; "x" hides a figure from which a "<5" could be worked out
# (issue 11: before, e.g. all estates' 7 Jobsøgning→Jobcenter minus Nøjsomhed's 5 gave
# Vapnagaard's hidden 2).
SUPPRESSED = {
    "Vapnagaard": {
        "cells": {
            ("Boligstøtte", "Borgerservice"): "x",
            ("Boligstøtte", "Jobcenter"): "<5",
            ("Jobsøgning", "Jobcenter"): "<5",
            ("Kost", "Ikke brobygget"): "<5",
        },
        "rows": {"Boligstøtte": "8", "Jobsøgning": "<5", "Kost": "<5"},
        "columns": {
            "Borgerservice": "x",
            "Jobcenter": "<5",
            "Ikke brobygget": "<5",
            "Henvendelser": "9",
        },
    },
    "Nøjsomhed": {
        "cells": {("Jobsøgning", "Borgerservice"): "x", ("Jobsøgning", "Jobcenter"): "x"},
        "rows": {"Jobsøgning": "5"},
        "columns": {"Borgerservice": "x", "Jobcenter": "x", "Henvendelser": "5"},
    },
    "Alle boligområder": {
        "cells": {
            ("Boligstøtte", "Borgerservice"): "x",
            ("Boligstøtte", "Jobcenter"): "<5",
            ("Jobsøgning", "Borgerservice"): "x",
            ("Jobsøgning", "Jobcenter"): "7",
            ("Kost", "Ikke brobygget"): "<5",
        },
        "rows": {"Boligstøtte": "8", "Jobsøgning": "x", "Kost": "<5"},
        "columns": {
            "Borgerservice": "11",
            "Jobcenter": "x",
            "Ikke brobygget": "<5",
            "Henvendelser": "14",
        },
    },
}


def year_tables(world: World, *, suppress: bool, quarters=(1, 2, 3, 4)) -> dict:
    mapping = queries.mapping(world.programme, 2021, suppress=suppress)
    areas = [("Alle boligområder", mapping.estates), *((e.name, [e]) for e in mapping.estates)]
    return {title: shown(mapping.cross_table(title, area, quarters)) for title, area in areas}


def test_the_exact_mapping_matches_the_hand_computed_tables(inquiries: World) -> None:
    assert year_tables(inquiries, suppress=False) == EXACT


def test_the_suppressed_mapping_hides_counts_under_five(inquiries: World) -> None:
    assert year_tables(inquiries, suppress=True) == SUPPRESSED


def test_quarters_follow_local_time(inquiries: World) -> None:
    """23.30 on 31 March is the first quarter in Denmark, 00.30 on 1 April the second."""
    q1 = year_tables(inquiries, suppress=False, quarters=[1])["Alle boligområder"]
    assert q1["columns"] == {
        "Borgerservice": "6",
        "Jobcenter": "2",
        "Ikke brobygget": "1",
        "Henvendelser": "9",
    }
    mapping = queries.mapping(inquiries.programme, 2021, suppress=False)
    by_quarter = mapping.quarter_table("x", mapping.estates, by="topics").as_text()
    assert by_quarter[0] == ["Emne", "1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal", "2021"]
    assert ["Jobsøgning", "2", "5", "0", "0", "7"] in by_quarter
    assert by_quarter[-1] == ["I alt", "9", "5", "0", "0", "14"]


def test_the_mapping_is_counted_by_the_database(world: World) -> None:
    """The number of queries does not grow with the number of inquiries."""
    register(world.vapnagaard, ["Kost"], ["Læge"], at=local(2021, 2, 2, 14))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            mapping = queries.mapping(world.programme, 2021, suppress=True)
            mapping.cross_table("x", mapping.estates, [1, 2, 3, 4])
        return len(captured)

    few = count_queries()
    register(
        world.nojsomhed,
        ["Boligstøtte", "Kost"],
        ["Læge", "SSP"],
        at=local(2021, 5, 2, 14),
        times=20,
    )
    assert count_queries() == few


def titled(response, title: str) -> queries.Table:
    return next(table for table in response.context["tables"] if table.title == title)


def test_staff_see_exact_counts_and_the_board_sees_suppressed(client, inquiries) -> None:
    url = reverse("counselling:mapping", kwargs={"slug": inquiries.programme.slug})
    client.force_login(inquiries.user("secretariat_head"))
    head = client.get(url, {"year": 2021})
    assert not head.context["suppressed"]
    assert shown(titled(head, "Vapnagaard"))["rows"]["Jobsøgning"] == "2"
    # Estate limits (issue 10): the staff member works in Vapnagaard, so sees its small counts
    # exactly, and those of a mapping that includes Nøjsomhed suppressed.
    client.force_login(inquiries.user("staff"))
    staff = client.get(url, {"year": 2021, "estate": inquiries.vapnagaard.pk})
    assert not staff.context["suppressed"]
    assert shown(titled(staff, "Vapnagaard"))["rows"]["Jobsøgning"] == "2"
    assert client.get(url, {"year": 2021}).context["suppressed"]
    for who in ("board", "working_group"):
        client.force_login(inquiries.user(who))
        page = client.get(url, {"year": 2021})
        assert page.context["suppressed"]
        assert shown(titled(page, "Vapnagaard"))["rows"]["Jobsøgning"] == "<5"
        assert "&lt;5" in page.content.decode()


def test_the_mapping_filters_by_quarter_and_estate(client, inquiries) -> None:
    client.force_login(inquiries.user("secretariat_head"))
    url = reverse("counselling:mapping", kwargs={"slug": inquiries.programme.slug})
    page = client.get(url, {"year": 2021, "quarter": 2, "estate": inquiries.nojsomhed.pk})
    assert [t.title for t in page.context["tables"]] == ["Nøjsomhed"]
    assert shown(page.context["tables"][0])["columns"]["Henvendelser"] == "5"
    assert client.get(url, {"year": "abc", "quarter": "9"}).status_code == 200


def test_the_spreadsheet_opens_and_holds_the_suppressed_values(client, inquiries) -> None:
    client.force_login(inquiries.user("staff"))
    url = reverse("counselling:mapping_xlsx", kwargs={"slug": inquiries.programme.slug})
    response = client.get(url, {"year": 2021})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Kortlægning 2021",
        "Alle boligområder",
        "Nøjsomhed",
        "Vapnagaard",
    ]
    rows = {
        tuple(row) for row in workbook["Kortlægning 2021"].iter_rows(min_row=5, values_only=True)
    }
    assert rows == {
        ("Nøjsomhed", 2021, 2, "Jobsøgning", "Borgerservice", "x"),
        ("Nøjsomhed", 2021, 2, "Jobsøgning", "Jobcenter", "x"),
        ("Vapnagaard", 2021, 1, "Boligstøtte", "Borgerservice", "x"),
        ("Vapnagaard", 2021, 1, "Boligstøtte", "Jobcenter", "<5"),
        ("Vapnagaard", 2021, 1, "Jobsøgning", "Jobcenter", "<5"),
        ("Vapnagaard", 2021, 1, "Kost", "Ikke brobygget", "<5"),
    }
    sheet = [list(r) for r in workbook["Vapnagaard"].iter_rows(values_only=True)]
    header = sheet[1]
    job_search = next(row for row in sheet if row[0] == "Jobsøgning")
    assert job_search[header.index("Jobcenter")] == "<5"
    assert job_search[header.index("Borgerservice")] == 0
    assert job_search[header.index("Henvendelser")] == "<5"


def test_the_pdf_is_a_pdf(client, inquiries) -> None:
    client.force_login(inquiries.user("board"))
    url = reverse("counselling:mapping_pdf", kwargs={"slug": inquiries.programme.slug})
    response = client.get(url, {"year": 2021, "quarter": 1})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_topic_named_like_a_formula_stays_text_in_the_spreadsheet(client, world) -> None:
    """A topic is typed by an administrator; in the file the board opens it must never run."""
    from helhedsplan.core.lists.services import list_entry_create
    from helhedsplan.counselling import services
    from helhedsplan.counselling.models import Topic

    hostile = '=HYPERLINK("http://x","y")'
    services.categories_ensure_defaults(programme=world.programme)
    list_entry_create(model=Topic, programme=world.programme, name=hostile)
    register(world.vapnagaard, [hostile], ["Jobcenter"], at=local(2021, 2, 2, 14), times=6)
    client.force_login(world.user("staff"))
    url = reverse("counselling:mapping_xlsx", kwargs={"slug": world.programme.slug})
    workbook = load_workbook(io.BytesIO(client.get(url, {"year": 2021}).content))
    found = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == hostile
    ]
    assert found, "the topic is in the workbook"
    assert all(cell.data_type == "s" for cell in found)
    assert not any(
        cell.data_type == "f" for sheet in workbook.worksheets for row in sheet for cell in row
    )
