"""The finance system's spreadsheet: read, previewed, confirmed whole, or refused naming why."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.agreements.models import Agreement
from helhedsplan.budget import services
from helhedsplan.budget.models import BudgetEntry, EntrySource
from helhedsplan.budget.staged_import import parse_amount
from helhedsplan.budget.tests.helpers import an_agreement, spend_xlsx
from helhedsplan.core.models import StagedImport


@pytest.fixture
def head(client: Client, world: World) -> Client:
    client.force_login(world.user("secretariat_head"))
    return client


def _upload(client: Client, agreement: Agreement, content: bytes, name: str = "forbrug.xlsx"):
    return client.post(
        reverse("budget:import", kwargs={"agreement_id": agreement.pk}),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12.500,50", Decimal("12500.50")),
        ("12500 kr.", Decimal(12500)),
        ("1.741", Decimal(1741)),
        (98000, Decimal(98000)),
        ("mange", None),
    ],
)
def test_amounts_as_danish_finance_systems_write_them(text: object, amount: object) -> None:
    assert parse_amount(text) == amount


def test_a_good_file_is_previewed_then_stored_whole(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    services.budget_entry_set(
        agreement=agreement,
        line="Landsbyggefonden",
        year=2019,
        planned=Decimal(90_000),
        spent=None,
        user=None,
    )
    content = spend_xlsx(
        [["Landsbyggefonden", 2019, "95.000,50"], ["lokal medfinansiering", "2020", 40000]],
        header=["Konto", "År", "Forbrug"],
    )
    response = _upload(head, agreement, content)
    assert response.status_code == 302
    assert BudgetEntry.objects.filter(spent__isnull=False).count() == 0
    preview = head.get(response.url)
    assert "Lokal medfinansiering" in preview.content.decode()
    assert "95.000,5" in preview.content.decode()
    confirmed = head.post(reverse("budget:import_confirm", kwargs={"agreement_id": agreement.pk}))
    assert confirmed.status_code == 302
    fund = BudgetEntry.objects.get(line="Landsbyggefonden", year=2019)
    # The spend is imported; the entered planned amount stays.
    assert (fund.spent, fund.planned, fund.source) == (
        Decimal("95000.50"),
        Decimal(90_000),
        EntrySource.IMPORTED,
    )
    assert BudgetEntry.objects.get(line="Lokal medfinansiering", year=2020).spent == 40000
    assert not StagedImport.objects.exists()


def test_bad_rows_are_named_with_their_reasons_and_nothing_is_stored(
    head: Client, world: World
) -> None:
    agreement = an_agreement(world.programme)
    content = spend_xlsx(
        [
            ["Landsbyggefonden", 2019, "1.000"],
            ["Kommunens pulje", 2019, "1.000"],
            ["Landsbyggefonden", 2025, "1.000"],
            ["Landsbyggefonden", 2020, "en del"],
            ["Landsbyggefonden", 2019, "2.000"],
        ]
    )
    response = _upload(head, agreement, content)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Række 3: budgetlinjen »Kommunens pulje« findes ikke i delaftalen." in text
    assert "Række 4: året »2025« ligger ikke i delaftalens periode." in text
    assert "Række 5: forbruget er ikke et beløb." in text
    assert "Række 6: Landsbyggefonden 2019 står også i række 2." in text
    assert not StagedImport.objects.exists()
    assert not BudgetEntry.objects.exists()


def test_a_file_without_the_columns_is_refused(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    response = _upload(head, agreement, spend_xlsx([["x", 1]], header=["Tekst", "Tal"]))
    assert response.status_code == 400
    assert "Første række mangler kolonnerne Budgetlinje, År, Forbrug." in response.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    response = _upload(head, agreement, b"Budgetlinje;Aar;Forbrug\n", name="forbrug.xlsx")
    assert response.status_code == 400
    assert "kan ikke læses som et Excel-regneark" in response.content.decode()
    assert not StagedImport.objects.exists()


def test_a_zip_bomb_is_refused_by_the_limits_before_it_is_read(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    original = zipfile.ZipFile(io.BytesIO(spend_xlsx([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            archive.writestr(member.filename, original.read(member))
        # 40 MB of nothing, some tens of kilobytes packed.
        archive.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    response = _upload(head, agreement, out.getvalue())
    assert response.status_code == 400
    assert "fylder udpakket mere end 16 MB" in response.content.decode()
    assert not StagedImport.objects.exists()


def test_the_template_holds_a_row_per_line_and_year(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    response = head.get(reverse("budget:template", kwargs={"agreement_id": agreement.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Budgetlinje", "År", "Forbrug")
    assert rows[1] == ("Landsbyggefonden", 2018, None)
    assert len(rows) == 1 + 2 * 4


def test_the_template_filled_in_imports(head: Client, world: World) -> None:
    agreement = an_agreement(world.programme)
    template = head.get(reverse("budget:template", kwargs={"agreement_id": agreement.pk}))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    sheet["C2"] = 1234
    sheet.delete_rows(3, 7)
    filled = io.BytesIO()
    workbook.save(filled)
    assert _upload(head, agreement, filled.getvalue()).status_code == 302
    head.post(reverse("budget:import_confirm", kwargs={"agreement_id": agreement.pk}))
    assert BudgetEntry.objects.get(line="Landsbyggefonden", year=2018).spent == 1234
