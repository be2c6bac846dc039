"""Reads of agreements: the document a version holds, the version in force, and diffs."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from helhedsplan.accounts import access as account_access
from helhedsplan.agreements import document as doc
from helhedsplan.agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    SuccessCriterion,
    VersionStatus,
)
from helhedsplan.core.numbers import format_percent


def agreements_for(user: AbstractBaseUser) -> QuerySet[Agreement]:
    programmes = [
        p
        for p in account_access.visible_programmes(user)
        if account_access.may_view_programme(user, p)
    ]
    return (
        Agreement.objects.filter(programme__in=programmes)
        .select_related("programme", "focus_area")
        .prefetch_related("versions")
    )


def versions_with_content() -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.select_related("agreement__programme").prefetch_related(
        "estates",
        "staff_resources",
        "budget",
        Prefetch("criteria", queryset=SuccessCriterion.objects.filter(activity=None)),
        Prefetch(
            "activities",
            queryset=Activity.objects.prefetch_related("criteria", "other_sections"),
        ),
        "other_sections",
    )


def _criterion(criterion: SuccessCriterion) -> doc.Criterion:
    return doc.Criterion(
        text=criterion.text,
        data_source=criterion.data_source or None,
        required_share=criterion.required_share,
    )


def document_of(version: AgreementVersion) -> doc.AgreementDocument:
    """The version's content as the interchange document the exporter writes."""
    overall = [c for c in version.criteria.all() if c.activity_id is None]
    return doc.AgreementDocument(
        title=version.title,
        focus_area=version.agreement.focus_area.name,
        programme=version.agreement.programme.name,
        housing_areas=sorted(e.name for e in version.estates.all()),
        period_start=version.period_start,
        period_end=version.period_end,
        period_text=version.period_text,
        preamble=version.preamble,
        parties=version.parties,
        working_groups=version.working_groups,
        problem_complex=version.problem_complex,
        purpose=version.purpose,
        overall_success_criteria=[_criterion(c) for c in sorted(overall, key=lambda c: c.position)],
        activities_overview=version.activities_overview,
        activities=[
            doc.Activity(
                name=activity.name,
                content=activity.content,
                purpose=activity.purpose,
                target_groups=activity.target_groups or None,
                success_criteria=[_criterion(c) for c in activity.criteria.all()],
                responsibilities=activity.responsibilities,
                working_group=activity.working_group,
                other_sections=[
                    doc.Section(heading=s.heading, text=s.text)
                    for s in activity.other_sections.all()
                ],
            )
            for activity in version.activities.all()
        ],
        staff_resources=[
            doc.StaffResource(
                role=s.role,
                count=s.count,
                hours=None if s.hours is None else float(s.hours),
                per=doc.staff_period(s.per),
                employer=s.employer,
            )
            for s in version.staff_resources.all()
        ],
        staff_resources_text=version.staff_resources_text,
        municipal_services=version.municipal_services,
        budget=[
            doc.BudgetLine(
                organisation=b.organisation,
                amount=None if b.amount is None else Decimal(b.amount).normalize(),
            )
            for b in version.budget.all()
        ],
        budget_note=version.budget_note,
        conflict_handling=version.conflict_handling,
        revision=version.revision,
        other_sections=[
            doc.Section(heading=s.heading, text=s.text)
            for s in version.other_sections.all()
            if s.activity_id is None
        ],
        warnings=list(version.import_warnings),
    )


def activity_at(version: AgreementVersion, position: int) -> doc.Activity | None:
    """The version's activity at ``position`` (counted from 0), if it has one."""
    activities = document_of(version).activities
    return activities[position] if 0 <= position < len(activities) else None


def versions_of(agreement: Agreement) -> list[AgreementVersion]:
    """The agreement's versions, oldest first."""
    return list(agreement.versions.order_by("number"))


def version_in_force(agreement: Agreement, on: datetime.date) -> AgreementVersion | None:
    """The approved version that governed the agreement on ``on``."""
    return (
        agreement.versions.filter(status=VersionStatus.APPROVED, in_force_from__lte=on)
        .order_by("-in_force_from", "-number")
        .first()
    )


def current_version(agreement: Agreement, on: datetime.date) -> AgreementVersion | None:
    """The version the agreement's page shows, with its content: the one in force on ``on``,
    else the newest."""
    versions = versions_with_content().filter(agreement=agreement)
    in_force = version_in_force(agreement, on)
    if in_force is not None:
        return versions.get(pk=in_force.pk)
    return versions.order_by("-number").first()


def open_version(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.exclude(status=VersionStatus.APPROVED).first()


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class SectionDiff:
    label: str
    kind: str  # "changed", "added" or "removed"
    segments: list[Segment]


def _labelled_text(document: doc.AgreementDocument) -> dict[str, str]:
    """The document flattened to labelled pieces of text, in the template's order."""
    pieces: dict[str, str] = {
        _("Titel"): document.title,
        _("Periode"): f"{document.period_start or '–'} – {document.period_end or '–'}",
        _("Boligområder"): ", ".join(document.housing_areas),
        _("Aftalens parter"): document.parties,
        _("Faglige arbejdsgrupper"): document.working_groups,
        _("Problemkompleks"): document.problem_complex,
        _("Formål og mål"): document.purpose,
    }
    for number, criterion in enumerate(document.overall_success_criteria, start=1):
        pieces[_("Overordnet succeskriterium %(number)s") % {"number": number}] = _criterion_text(
            criterion
        )
    for activity in document.activities:
        prefix = _("Aktivitet «%(name)s»") % {"name": activity.name}
        pieces[f"{prefix}: {_('Indhold og praksis')}"] = activity.content
        pieces[f"{prefix}: {_('Formål og mål')}"] = activity.purpose
        pieces[f"{prefix}: {_('Målgruppe(r)')}"] = activity.target_groups or ""
        for number, criterion in enumerate(activity.success_criteria, start=1):
            label = _("succeskriterium %(number)s") % {"number": number}
            pieces[f"{prefix}: {label}"] = _criterion_text(criterion)
        pieces[f"{prefix}: {_('Ansvars- og rollefordeling')}"] = activity.responsibilities
    for staff in document.staff_resources:
        pieces[f"{_('Medarbejderressource')}: {staff.role}"] = (
            f"{staff.count or '–'} · {staff.hours if staff.hours is not None else '–'} "
            f"{staff.per or ''} · {staff.employer}"
        )
    pieces[_("Relation til kommunale serviceydelser")] = document.municipal_services
    for line in document.budget:
        pieces[f"{_('Budget')}: {line.organisation}"] = str(line.amount or "–")
    pieces[_("Konfliktløsning")] = document.conflict_handling
    pieces[_("Revision")] = document.revision
    for section in document.other_sections:
        pieces[section.heading] = section.text
    return pieces


def _criterion_text(criterion: doc.Criterion) -> str:
    text = f"{criterion.text} [{_('Datakilde')}: {criterion.data_source or '–'}]"
    if criterion.required_share != 100:
        # The board decides a required share by approving the version: a change shows here.
        share = _("Krævet andel af perioder: %(share)s") % {
            "share": format_percent(criterion.required_share, 0)
        }
        text = f"{text} [{share}]"
    return text


def _word_diff(old: str, new: str) -> list[Segment]:
    old_words, new_words = old.split(), new.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(old_words[i1:i2])))
            continue
        if tag in {"delete", "replace"}:
            segments.append(Segment("delete", " ".join(old_words[i1:i2])))
        if tag in {"insert", "replace"}:
            segments.append(Segment("insert", " ".join(new_words[j1:j2])))
    return segments


def version_diff(old: AgreementVersion, new: AgreementVersion) -> list[SectionDiff]:
    """What changed from ``old`` to ``new``, section by section, word by word."""
    before, after = _labelled_text(document_of(old)), _labelled_text(document_of(new))
    diffs: list[SectionDiff] = []
    for label, text in after.items():
        if label not in before:
            if text:
                diffs.append(SectionDiff(label, "added", [Segment("insert", text)]))
        elif before[label] != text:
            diffs.append(SectionDiff(label, "changed", _word_diff(before[label], text)))
    for label, text in before.items():
        if label not in after and text:
            diffs.append(SectionDiff(label, "removed", [Segment("delete", text)]))
    return diffs
