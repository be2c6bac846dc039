"""State changes of agreements: import, drafts, proposals and approval.

An approved version is immutable: every function here that changes content refuses anything
but a draft, and approval is the only way out of a proposal.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.agreements import document as doc
from helhedsplan.agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    BudgetLine,
    FocusArea,
    Section,
    StaffResource,
    SuccessCriterion,
    VersionStatus,
)
from helhedsplan.agreements.queries import document_of, funder_changes, unchanged_by_import
from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.programmes.models import Estate, Programme

TEXT_FIELDS = (
    "title",
    "period_text",
    "preamble",
    "parties",
    "working_groups",
    "problem_complex",
    "purpose",
    "activities_overview",
    "staff_resources_text",
    "municipal_services",
    "budget_note",
    "conflict_handling",
    "revision",
)


def source_fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _require_draft(version: AgreementVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Kun en kladde kan ændres; en godkendt version ændres aldrig."))


def _require_estates_of(programme: Programme, estates: Iterable[Estate]) -> None:
    if any(estate.programme_id != programme.pk for estate in estates):
        raise ValidationError(_("Boligområderne skal høre til den valgte indsats."))


def _fill_version(version: AgreementVersion, document: doc.AgreementDocument) -> None:
    """Write the document's structured parts into ``version``, replacing what it held."""
    version.activities.all().delete()
    version.criteria.all().delete()
    version.other_sections.all().delete()
    version.staff_resources.all().delete()
    version.budget.all().delete()
    SuccessCriterion.objects.bulk_create(
        SuccessCriterion(
            version=version,
            position=i,
            key=f"O{i + 1}",
            text=c.text,
            data_source=c.data_source or "",
            required_share=c.required_share,
        )
        for i, c in enumerate(document.overall_success_criteria)
    )
    for position, item in enumerate(document.activities):
        activity = Activity.objects.create(
            version=version,
            position=position,
            name=item.name,
            content=item.content,
            purpose=item.purpose,
            target_groups=item.target_groups or "",
            responsibilities=item.responsibilities,
            working_group=item.working_group,
        )
        SuccessCriterion.objects.bulk_create(
            SuccessCriterion(
                version=version,
                activity=activity,
                position=i,
                key=f"A{position + 1}.{i + 1}",
                text=c.text,
                data_source=c.data_source or "",
                required_share=c.required_share,
            )
            for i, c in enumerate(item.success_criteria)
        )
        Section.objects.bulk_create(
            Section(version=version, activity=activity, position=i, heading=s.heading, text=s.text)
            for i, s in enumerate(item.other_sections)
        )
    Section.objects.bulk_create(
        Section(version=version, position=i, heading=s.heading, text=s.text)
        for i, s in enumerate(document.other_sections)
    )
    StaffResource.objects.bulk_create(
        StaffResource(
            version=version,
            position=i,
            role=s.role,
            count=s.count,
            hours=None if s.hours is None else Decimal(str(s.hours)),
            per=s.per or "",
            employer=s.employer,
        )
        for i, s in enumerate(document.staff_resources)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(version=version, position=i, organisation=b.organisation, amount=b.amount)
        for i, b in enumerate(document.budget)
    )


def _apply_fields(version: AgreementVersion, document: doc.AgreementDocument) -> None:
    for name in TEXT_FIELDS:
        setattr(version, name, getattr(document, name))
    version.period_start = document.period_start
    version.period_end = document.period_end
    version.import_warnings = list(document.warnings)


def _next_number(agreement: Agreement) -> int:
    return (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def agreement_import(
    *,
    programme: Programme,
    document: doc.AgreementDocument,
    estates: Iterable[Estate],
    user: User | None,
    source_name: str = "",
    source_sha256: str = "",
) -> AgreementVersion:
    """Store an imported delaftale as a new draft version of the programme's agreement for its
    focus area, creating the agreement (and the focus area) when it is the first.

    Importing the same file again returns the version it made the first time, and a document
    that says what the newest version says returns that version: neither stores anything
    (``unchanged_by_import``).
    """
    estates = list(estates)
    _require_estates_of(programme, estates)
    if not document.focus_area:
        raise ValidationError(_("Dokumentet nævner intet indsatsområde."))
    unchanged = unchanged_by_import(
        programme=programme, document=document, estates=estates, source_sha256=source_sha256
    )
    if unchanged is not None:
        return unchanged
    focus_area = list_entry_ensure(model=FocusArea, name=document.focus_area)
    agreement, _created = Agreement.objects.get_or_create(
        programme=programme, focus_area=focus_area
    )
    if agreement.versions.exclude(status=VersionStatus.APPROVED).exists():
        raise ValidationError(
            _(
                "Delaftalen har allerede en kladde eller et forslag. Godkend eller kassér den, "
                "før du importerer en ny version."
            )
        )
    version = AgreementVersion(
        agreement=agreement,
        number=_next_number(agreement),
        status=VersionStatus.DRAFT,
        source_name=source_name[:255],
        source_sha256=source_sha256,
        created_by=user,
    )
    _apply_fields(version, document)
    version.full_clean(exclude=["estates"])
    version.save()
    version.estates.set(estates)
    _fill_version(version, document)
    return version


@transaction.atomic
def version_start_draft(*, agreement: Agreement, user: User) -> AgreementVersion:
    """Open a draft that starts as a copy of the newest version."""
    if agreement.versions.exclude(status=VersionStatus.APPROVED).exists():
        raise ValidationError(_("Delaftalen har allerede en åben kladde."))
    latest = agreement.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("Delaftalen har ingen version at bygge videre på."))
    draft = AgreementVersion(agreement=agreement, number=_next_number(agreement), created_by=user)
    _apply_fields(draft, document_of(latest))
    draft.import_warnings = []
    draft.save()
    draft.estates.set(latest.estates.all())
    _fill_version(draft, document_of(latest))
    return draft


@transaction.atomic
def version_update(
    *, version: AgreementVersion, document: doc.AgreementDocument, estates: Iterable[Estate]
) -> AgreementVersion:
    """Replace a draft's content with ``document`` and its estates with ``estates``."""
    _require_draft(version)
    estates = list(estates)
    _require_estates_of(version.agreement.programme, estates)
    _apply_fields(version, document)
    version.import_warnings = []
    version.full_clean(exclude=["estates"])
    version.save()
    version.estates.set(estates)
    _fill_version(version, document)
    return version


# Editing a draft one part at a time; each change keeps the rest of the draft as it is --------


def _with_document(version: AgreementVersion, document: doc.AgreementDocument) -> AgreementVersion:
    return version_update(version=version, document=document, estates=version.estates.all())


def _activities_with(
    version: AgreementVersion, position: int
) -> tuple[doc.AgreementDocument, list[doc.Activity]]:
    """The draft's document and a copy of its activities, after checking ``position``."""
    document = document_of(version)
    if not 0 <= position < len(document.activities):
        raise ValidationError(
            _("Kladden har ingen aktivitet nr. %(number)s.") % {"number": position + 1}
        )
    return document, list(document.activities)


@transaction.atomic
def draft_text_update(
    *,
    version: AgreementVersion,
    estates: Iterable[Estate],
    title: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    parties: str,
    working_groups: str,
    problem_complex: str,
    purpose: str,
    municipal_services: str,
    budget_note: str,
    conflict_handling: str,
    revision: str,
) -> AgreementVersion:
    """Change a draft's text sections, its period and the estates it covers."""
    document = replace(
        document_of(version),
        title=title,
        period_start=period_start,
        period_end=period_end,
        parties=parties,
        working_groups=working_groups,
        problem_complex=problem_complex,
        purpose=purpose,
        municipal_services=municipal_services,
        budget_note=budget_note,
        conflict_handling=conflict_handling,
        revision=revision,
    )
    return version_update(version=version, document=document, estates=estates)


@transaction.atomic
def draft_criteria_replace(
    *, version: AgreementVersion, criteria: Sequence[doc.Criterion]
) -> AgreementVersion:
    """Replace a draft's overall success criteria (those of its activities stay)."""
    document = replace(document_of(version), overall_success_criteria=list(criteria))
    return _with_document(version, document)


@transaction.atomic
def draft_activity_update(
    *,
    version: AgreementVersion,
    position: int,
    name: str,
    content: str,
    purpose: str,
    target_groups: str | None,
    responsibilities: str,
    working_group: str,
    success_criteria: Sequence[doc.Criterion],
) -> AgreementVersion:
    """Change the activity at ``position`` of a draft; the sections the template does not know,
    which the activity may hold from its import, stay."""
    document, activities = _activities_with(version, position)
    activities[position] = replace(
        activities[position],
        name=name,
        content=content,
        purpose=purpose,
        target_groups=target_groups,
        responsibilities=responsibilities,
        working_group=working_group,
        success_criteria=list(success_criteria),
    )
    return _with_document(version, replace(document, activities=activities))


@transaction.atomic
def draft_activity_add(*, version: AgreementVersion, name: str) -> int:
    """Add an empty activity called ``name`` after a draft's last; its position."""
    document = document_of(version)
    activities = [*document.activities, doc.Activity(name=name)]
    _with_document(version, replace(document, activities=activities))
    return len(activities) - 1


@transaction.atomic
def draft_activity_remove(*, version: AgreementVersion, position: int) -> AgreementVersion:
    """Remove the activity at ``position`` from a draft, with its success criteria."""
    document, activities = _activities_with(version, position)
    del activities[position]
    return _with_document(version, replace(document, activities=activities))


@transaction.atomic
def draft_staff_replace(
    *, version: AgreementVersion, staff_resources: Sequence[doc.StaffResource]
) -> AgreementVersion:
    """Replace a draft's staff resources. The wording they were imported from stays, and the
    Word export uses it only while it still says the same."""
    document = replace(document_of(version), staff_resources=list(staff_resources))
    return _with_document(version, document)


@transaction.atomic
def draft_budget_replace(
    *, version: AgreementVersion, budget: Sequence[doc.BudgetLine]
) -> AgreementVersion:
    """Replace a draft's budget lines."""
    return _with_document(version, replace(document_of(version), budget=list(budget)))


@transaction.atomic
def version_propose(*, version: AgreementVersion, user: User) -> AgreementVersion:
    _require_draft(version)
    version.status = VersionStatus.PROPOSED
    version.proposed_by = user
    version.proposed_at = timezone.now()
    version.save(update_fields=["status", "proposed_by", "proposed_at"])
    return version


@transaction.atomic
def version_withdraw(*, version: AgreementVersion) -> AgreementVersion:
    """Send a proposal back to draft, so it can be changed before the board decides."""
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Kun et forslag kan trækkes tilbage."))
    version.status = VersionStatus.DRAFT
    version.proposed_by = None
    version.proposed_at = None
    version.save(update_fields=["status", "proposed_by", "proposed_at"])
    return version


@transaction.atomic
def version_approve(
    *,
    version: AgreementVersion,
    user: User | None,
    note: str = "",
    in_force_from: datetime.date | None = None,
) -> AgreementVersion:
    """The board approves a proposal (or, for an import of an already approved agreement, a
    draft). From now on the version is immutable and in force from ``in_force_from``."""
    if version.status == VersionStatus.APPROVED:
        raise ValidationError(_("Versionen er allerede godkendt."))
    now = timezone.now()
    version.status = VersionStatus.APPROVED
    version.approved_by = user
    version.approved_at = now
    version.approval_note = note
    version.in_force_from = in_force_from or timezone.localdate(now)
    # The board was warned of these on the approval page; they are kept with the approval.
    version.funder_changes = funder_changes(version)
    version.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "approval_note",
            "in_force_from",
            "funder_changes",
        ]
    )
    return version


@transaction.atomic
def proposal_approve(
    *,
    version: AgreementVersion,
    user: User,
    note: str,
    in_force_from: datetime.date,
) -> AgreementVersion:
    """The board approves what was proposed to it; a draft must be proposed first."""
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError(_("Kun et forslag kan godkendes."))
    return version_approve(version=version, user=user, note=note, in_force_from=in_force_from)


@transaction.atomic
def version_discard(*, version: AgreementVersion) -> Agreement | None:
    """Throw away a draft. An agreement without any version goes with it; otherwise it is
    returned."""
    _require_draft(version)
    agreement = version.agreement
    version.delete()
    if not agreement.versions.exists():
        agreement.delete()
        return None
    return agreement
