"""The report's content, its three files, the command, the closed year and the pages."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import World
from helhedsplan.budget import queries as budget_queries
from helhedsplan.budget.models import BudgetEntry, StaffReport
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.indicators import services as indicator_services
from helhedsplan.indicators.tests.helpers import agreement, event, local
from helhedsplan.reports import queries, render, services
from helhedsplan.reports.models import FrozenFigures, StatusReport
from helhedsplan.reports.tests.helpers import cultural_events

pytestmark = pytest.mark.django_db


def k1_lines(report: queries.Report) -> list[queries.Line]:
    return [line for line in report.lines if line.code == "K1"]


def test_the_figures_are_the_engines_grid(world: World) -> None:
    cultural_events(world)
    found = queries.report(world.programme, 2020)
    grid = indicator_queries.programme_grid(world.programme, 2020)
    assert [(line.code, line.value, line.target, line.status) for line in found.lines] == [
        (e["criterion"], e["value"], e["target"], e["status"]) for e in grid
    ]
    assert [(line.estate, line.value, line.status) for line in k1_lines(found)] == [
        ("Nøjsomhed", 2.0, "met"),
        ("Vapnagaard", 3.0, "not_met"),
    ]
    assert dict(found.summary)["Nået"] == 1
    assert found.counted == len(grid)


def test_the_paragraph_is_drafted_from_the_figures(world: World) -> None:
    cultural_events(world)
    found = queries.report(world.programme, 2020)
    k1 = next(c for c in found.criteria if c.key == "A3.1")
    assert k1.paragraph == (
        "I 2020 var kulturelle arrangementer i Nøjsomhed to; målet var to, så målet er nået. "
        "Det er det samme som i 2019. "
        "I 2020 var kulturelle arrangementer i Vapnagaard tre; målet var fire, så målet er "
        "ikke nået. Det er en stigning fra én i 2019. "
        "Højest lå Vapnagaard (tre), lavest Nøjsomhed (to)."
    )
    assert "<svg" in k1.chart


def test_key_figures_staff_and_budget(world: World) -> None:
    cultural_events(world)
    deal = agreement(world)
    BudgetEntry.objects.create(
        agreement=deal,
        line="Landsbyggefonden",
        year=2020,
        planned=Decimal(1000),
        spent=Decimal(750),
    )
    role = budget_queries.staff_roles(deal, 2020)[0]
    StaffReport.objects.create(agreement=deal, role=role, year=2020, hours=Decimal(900))
    found = queries.report(world.programme, 2020)
    events = next(s for s in found.key_figures if s.key == "events")
    assert ("Afholdt", 5.0) in events.rows
    part = found.parts[0]
    assert ("Landsbyggefonden", 1000.0, 750.0) in part.budget
    assert any(name == role and hours == 900.0 for name, _, hours in part.staff)
    assert any(code == "K1" for code, *_ in part.sources)
    # For a reader who may not see the budget, the report leaves it out.
    hidden = queries.report(world.programme, 2020, with_budget=False).parts[0]
    assert (hidden.budget, hidden.staff, hidden.with_budget) == ([], [], False)


def test_the_three_files_hold_the_same_figures(world: World) -> None:
    cultural_events(world)
    found = queries.report(world.programme, 2020)
    pdf = pypdfium2.PdfDocument(render.pdf(found))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    for criterion in found.criteria:
        assert criterion.key in text
    assert "Statusrapport 2020" in text
    word = docx.Document(io.BytesIO(render.docx_bytes(found)))
    headings = [
        p.text
        for p in word.paragraphs
        if p.style is not None and str(p.style.name).startswith("Heading")
    ]
    assert any(h.startswith("A3.1") for h in headings)
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Vapnagaard", "3", "mindst 4", "Ikke nået"] in cells
    book = openpyxl.load_workbook(io.BytesIO(render.xlsx_bytes(found)))
    rows = list(book["Succeskriterier"].iter_rows(values_only=True))
    k1 = {r[3]: r[4:7] for r in rows if r[1] == "K1"}
    assert k1 == {"Nøjsomhed": (2, 2, "Nået"), "Vapnagaard": (3, 4, "Ikke nået")}
    assert book.sheetnames == [
        "Resumé",
        "Succeskriterier",
        "Nøgletal",
        "Personale",
        "Budget",
        "Styring",
    ]


def test_the_command_writes_each_format(world: World, tmp_path) -> None:
    cultural_events(world)
    target = tmp_path / "rapport.xlsx"
    call_command(
        "report",
        "--programme",
        world.programme.name,
        "--year",
        "2020",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    book = openpyxl.load_workbook(target)
    assert any(r[1] == "K1" for r in book["Succeskriterier"].iter_rows(values_only=True))
    with pytest.raises(CommandError):
        call_command(
            "report",
            "--programme",
            world.programme.name,
            "--year",
            "1990",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_a_closed_year_keeps_its_key_figures(world: World) -> None:
    cultural_events(world)
    lock = indicator_services.period_lock(
        agreement=agreement(world), year=2020, today=datetime.date(2021, 2, 1)
    )
    assert FrozenFigures.objects.filter(lock=lock).exists()
    before = queries.report(world.programme, 2020)
    event(world, EventTypeCode.CULTURAL, local(2020, 9, 4, 14), [world.vapnagaard])
    after = queries.report(world.programme, 2020)
    assert after.key_figures == before.key_figures
    assert after.frozen_at is not None
    assert ("Arrangementer", "Afholdt", 5.0, 6.0) in after.key_restatements
    # The criteria are reported as the year was closed, the figure since then beside it.
    [vapnagaard] = [line for line in k1_lines(after) if line.estate == "Vapnagaard"]
    [closed] = [line for line in k1_lines(before) if line.estate == "Vapnagaard"]
    assert (vapnagaard.value_text, vapnagaard.status_label) == ("3", "Ikke nået")
    assert (vapnagaard.value_text, vapnagaard.status) == (closed.value_text, closed.status)
    assert vapnagaard.restated_to.startswith("4 ")


def test_an_approved_version_is_frozen_and_the_next_edit_is_a_new_version(world: World) -> None:
    cultural_events(world)
    head = world.user("secretariat_head")
    key = queries.text_key(agreement(world), "A3.1", "K1")
    draft = services.report_texts_save(
        programme=world.programme, agreement=None, year=2020, texts={key: "Godt år."}, user=head
    )
    assert queries.report(world.programme, 2020).approved is None
    services.report_approve(report=draft, user=head)
    found = queries.report(world.programme, 2020)
    assert found.approved == draft
    assert next(c for c in found.criteria if c.key == "A3.1").paragraph == "Godt år."
    second = services.report_texts_save(
        programme=world.programme, agreement=None, year=2020, texts={key: "Bedre."}, user=head
    )
    assert second.version == 2
    assert StatusReport.objects.get(pk=draft.pk).texts == {key: "Godt år."}


def test_the_pages(client, world: World) -> None:
    cultural_events(world)
    url = reverse("reports:report", args=[world.programme.pk, 2020])
    client.force_login(world.user("board"))
    page = client.get(url)
    assert page.status_code == 200
    assert "Kulturelle arrangementer" in page.content.decode()
    assert "Redigér teksterne" not in page.content.decode()
    download = client.get(reverse("reports:download", args=[world.programme.pk, 2020, "docx"]))
    assert download.status_code == 200
    assert (
        client.get(reverse("reports:download", args=[world.programme.pk, 2020, "odt"])).status_code
        == 404
    )
    assert client.get(reverse("reports:report", args=[world.programme.pk, 1990])).status_code == 404
    assert client.get(url + "?agreement=999999").status_code == 404
    assert client.get(url + "?agreement=x").status_code == 404
    assert client.get(reverse("reports:texts", args=[world.programme.pk, 2020])).status_code == 403
    client.force_login(world.user("police"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("secretariat_head"))
    texts_url = reverse("reports:texts", args=[world.programme.pk, 2020])
    editor = client.get(texts_url)
    assert "I 2020 var kulturelle arrangementer" in editor.content.decode()
    form = editor.context["form"]
    data = {name: "" for name in form.fields}
    name = next(n for n, k in form.keys.items() if k.endswith(":A3.1:K1"))
    data[name] = "Tre i Vapnagaard."
    assert client.post(texts_url, data).status_code == 302
    assert (
        client.post(
            reverse("reports:approve", args=[world.programme.pk, 2020]), {"version": 1}
        ).status_code
        == 302
    )
    assert "Tre i Vapnagaard." in client.get(url).content.decode()


def test_the_budget_is_in_the_report_only_for_those_who_may_see_it(client, world: World) -> None:
    cultural_events(world)
    url = reverse("reports:report", args=[world.programme.pk, 2020])
    for who, sees in [("board", True), ("secretariat_head", True), ("staff", False)]:
        client.force_login(world.user(who))
        page = client.get(url).content.decode()
        assert ("Personaleressourcer" in page) is sees, who
        assert "vurderet efter" in page
        workbook = openpyxl.load_workbook(
            io.BytesIO(
                client.get(
                    reverse("reports:download", args=[world.programme.pk, 2020, "xlsx"])
                ).content
            )
        )
        assert (workbook["Budget"].max_row > 1) is sees, who
