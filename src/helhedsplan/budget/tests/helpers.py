"""Agreements with budget lines and staff resources, made directly (the seed's import takes
seconds), and finance files."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from helhedsplan.agreements.models import (
    Agreement,
    AgreementVersion,
    BudgetLine,
    FocusArea,
    StaffResource,
    VersionStatus,
)
from helhedsplan.programmes.models import Programme

LINES = {
    "Landsbyggefonden": Decimal(400_000),
    "Lokal medfinansiering": None,
    "Samlet budget for indsatsområdet": Decimal(400_000),
}
# role, count, hours, per, employer
Resource = tuple[str, int | None, Decimal | None, str, str]
STAFF: list[Resource] = [
    ("Netværkskoordinatorer", 2, Decimal(16), "week", "Helhedsplanen"),
    ("Repræsentanter", None, Decimal(5), "half_year", "Ungdomsskolen"),
    ("Repræsentanter", None, Decimal(10), "year", "Kulturhus Syd"),
]


def an_agreement(
    programme: Programme,
    *,
    lines: dict[str, Decimal | None] | None = None,
    staff: list[Resource] | None = None,
    first: int = 2018,
    last: int = 2021,
) -> Agreement:
    focus_area, _ = FocusArea.objects.get_or_create(name="Kriminalpræventiv indsats")
    agreement, _ = Agreement.objects.get_or_create(programme=programme, focus_area=focus_area)
    a_version(
        agreement,
        lines=LINES if lines is None else lines,
        staff=STAFF if staff is None else staff,
        first=first,
        last=last,
    )
    return agreement


def a_version(
    agreement: Agreement,
    *,
    lines: dict[str, Decimal | None],
    staff: list[Resource],
    first: int,
    last: int,
) -> AgreementVersion:
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.versions.count() + 1,
        status=VersionStatus.APPROVED,
        title="Tryghed og trivsel",
        period_start=datetime.date(first, 1, 1),
        period_end=datetime.date(last, 12, 31),
        in_force_from=datetime.date(first, 1, 1),
    )
    for position, (organisation, amount) in enumerate(lines.items()):
        BudgetLine.objects.create(
            version=version, position=position, organisation=organisation, amount=amount
        )
    for position, (role, count, hours, per, employer) in enumerate(staff):
        StaffResource.objects.create(
            version=version,
            position=position,
            role=role,
            count=count,
            hours=hours,
            per=per,
            employer=employer,
        )
    return version


def spend_xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # A new workbook opens on its one worksheet.
    assert isinstance(sheet, Worksheet)
    sheet.append(header or ["Budgetlinje", "År", "Forbrug"])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
