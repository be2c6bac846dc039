"""The report's changes: its paragraphs edited and approved, and the key figures frozen when
a year is closed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.accounts.access import User, person_of
from helhedsplan.agreements.models import Agreement
from helhedsplan.core.anonymous_text import validate_anonymous
from helhedsplan.indicators.models import PeriodLock
from helhedsplan.programmes.models import Programme
from helhedsplan.reports import queries
from helhedsplan.reports.models import FrozenFigures, StatusReport

TEXT_LIMIT = 5000


@transaction.atomic
def report_texts_save(
    *,
    programme: Programme,
    agreement: Agreement | None,
    year: int,
    texts: dict[str, str],
    user: User,
) -> StatusReport:
    """Keep the edited paragraphs in the draft version; after an approval, the next edit
    starts a new version, so an approved version never changes."""
    if agreement is not None and agreement.programme_id != programme.pk:
        raise ValidationError(_("Delaftalen hører ikke til indsatsen."))
    for text in texts.values():
        if len(text) > TEXT_LIMIT:
            raise ValidationError(
                _("Et afsnit må højst have %(limit)s tegn.") % {"limit": TEXT_LIMIT}
            )
        # The report goes to the partners and the funder: it names nobody.
        validate_anonymous(text)
    # The programme's row is the lock: a first save finds no version rows to lock, and two
    # at once must not both start version 1. (The versions' rows cannot be locked on
    # PostgreSQL anyway: their ordering joins the nullable agreement.)
    Programme.objects.select_for_update().get(pk=programme.pk)
    found = queries.versions(programme, agreement, year)
    draft = found.filter(approved_at__isnull=True).first()
    if draft is None:
        newest = found.aggregate(n=Max("version"))["n"] or 0
        draft = StatusReport(
            programme=programme, agreement=agreement, year=year, version=newest + 1
        )
    draft.texts = {key: text.strip() for key, text in texts.items()}
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def report_approve(*, report: StatusReport, user: User) -> StatusReport:
    """Freeze the draft as the report's version."""
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.approved_at is not None:
        raise ValidationError(_("Denne version er allerede godkendt."))
    report.approved_at = timezone.now()
    report.approved_by = person_of(user)
    report.full_clean()
    report.save()
    return report


def figures_freeze(*, lock: PeriodLock) -> FrozenFigures:
    """Keep the programme's key figures of the closed year as they are now."""
    found = FrozenFigures.objects.filter(lock=lock).first()
    if found is not None:
        return found
    figures = queries.figures_json(queries.key_figures(lock.agreement.programme, lock.year))
    frozen = FrozenFigures(lock=lock, figures=figures)
    frozen.full_clean()
    frozen.save()
    return frozen
