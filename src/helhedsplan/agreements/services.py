"""State changes of agreements: import, drafts, proposals and approval.

An approved version is immutable: every function here that changes content refuses anything
but a draft, and approval is the only way out of a proposal.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
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
from helhedsplan.agreements.queries import document_of
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


@transaction.atomic
def focus_area_ensure(*, name: str) -> FocusArea:
    name = " ".join(name.split())
    existing = FocusArea.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    focus_area = FocusArea(name=name)
    focus_area.full_clean()
    focus_area.save()
    return focus_area


@transaction.atomic
def focus_area_update(*, focus_area: FocusArea, name: str, active: bool) -> FocusArea:
    focus_area.name = " ".join(name.split())
    focus_area.active = active
    focus_area.full_clean()
    focus_area.save()
    return focus_area


def _require_draft(version: AgreementVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Kun en kladde kan ændres; en godkendt version ændres aldrig."))


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
    user: AbstractBaseUser | None,
    source_name: str = "",
    source_sha256: str = "",
) -> AgreementVersion:
    """Store an imported delaftale as a new draft version of the programme's agreement for its
    focus area, creating the agreement (and the focus area) when it is the first.

    Importing the same file again returns the version it made the first time.
    """
    estates = list(estates)
    if any(estate.programme_id != programme.pk for estate in estates):
        raise ValidationError(_("Boligområderne skal høre til den valgte indsats."))
    if not document.focus_area:
        raise ValidationError(_("Dokumentet nævner intet indsatsområde."))
    focus_area = focus_area_ensure(name=document.focus_area)
    agreement, _created = Agreement.objects.get_or_create(
        programme=programme, focus_area=focus_area
    )
    if source_sha256:
        earlier = agreement.versions.filter(source_sha256=source_sha256).first()
        if earlier is not None:
            return earlier
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
def version_start_draft(*, agreement: Agreement, user: AbstractBaseUser) -> AgreementVersion:
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
    """Replace a draft's content with ``document`` (the edit forms build it)."""
    _require_draft(version)
    _apply_fields(version, document)
    version.import_warnings = []
    version.full_clean(exclude=["estates"])
    version.save()
    version.estates.set(list(estates))
    _fill_version(version, document)
    return version


@transaction.atomic
def version_propose(*, version: AgreementVersion, user: AbstractBaseUser) -> AgreementVersion:
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
    user: AbstractBaseUser | None,
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
    version.save(
        update_fields=["status", "approved_by", "approved_at", "approval_note", "in_force_from"]
    )
    return version


@transaction.atomic
def version_discard(*, version: AgreementVersion) -> None:
    """Throw away a draft. An agreement without any version goes with it."""
    _require_draft(version)
    agreement = version.agreement
    version.delete()
    if not agreement.versions.exists():
        agreement.delete()
