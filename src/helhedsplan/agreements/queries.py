"""Reads of agreements: the document a version holds, the version in force, and diffs."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.accounts import access as account_access
from helhedsplan.agreements import document as doc
from helhedsplan.agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    BudgetLine,
    Section,
    StaffResource,
    SuccessCriterion,
    VersionStatus,
)
from helhedsplan.core import search
from helhedsplan.core.exports import Column
from helhedsplan.core.lists.services import normalise_name
from helhedsplan.core.numbers import format_percent
from helhedsplan.programmes.models import Estate, Programme


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


# The text of a version, where the list's search box looks: the version's own fields and
# those of its criteria, activities, sections, staff and budget lines.
_SEARCHED: list[tuple[type[Model], str, tuple[str, ...]]] = [
    (
        AgreementVersion,
        "agreement_id",
        (
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
            "approval_note",
        ),
    ),
    (SuccessCriterion, "version__agreement_id", ("key", "text", "data_source")),
    (
        Activity,
        "version__agreement_id",
        ("name", "content", "purpose", "target_groups", "responsibilities", "working_group"),
    ),
    (Section, "version__agreement_id", ("heading", "text")),
    (StaffResource, "version__agreement_id", ("role", "employer")),
    (BudgetLine, "version__agreement_id", ("organisation",)),
]


def agreements_matching(agreements: QuerySet[Agreement], text: str) -> QuerySet[Agreement]:
    """``agreements`` that hold every word of ``text`` in their focus area, programme or the
    text of any of their versions (drafts and earlier versions too: a sentence since removed
    still finds the agreement). One subquery per searched table and word."""
    for term in search.terms(text):
        found = search.matching(term, ("focus_area__name", "programme__name"))
        for model, agreement_field, fields in _SEARCHED:
            rows = model._default_manager.filter(search.matching(term, fields))
            found |= Q(pk__in=rows.values(agreement_field))
        agreements = agreements.filter(found)
    return agreements


def _latest_approved(agreement: Agreement) -> AgreementVersion | None:
    """From the prefetched versions of ``agreements_for``: no query."""
    approved = [version for version in agreement.versions.all() if version.is_approved]
    return approved[-1] if approved else None


def _approved_field(agreement: Agreement, field: str) -> Any:
    latest = _latest_approved(agreement)
    return getattr(latest, field) if latest else None


# The list's export: the list's columns and the latest approved version's period.
EXPORT_COLUMNS: list[Column[Agreement]] = [
    Column(gettext_lazy("Indsatsområde"), lambda a: a.focus_area.name, 28),
    Column(gettext_lazy("Indsats"), lambda a: a.programme.name, 20),
    Column(
        gettext_lazy("Versioner"),
        lambda a: [
            f"{version.number} ({version.get_status_display().lower()})"
            for version in a.versions.all()
        ],
        30,
    ),
    Column(gettext_lazy("Seneste godkendte version"), lambda a: _approved_field(a, "number"), 12),
    Column(gettext_lazy("Gælder fra"), lambda a: _approved_field(a, "period_start"), 11),
    Column(gettext_lazy("Gælder til"), lambda a: _approved_field(a, "period_end"), 11),
    Column(gettext_lazy("I kraft fra"), lambda a: _approved_field(a, "in_force_from"), 11),
]


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


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def funder_changes(version: AgreementVersion) -> list[str]:
    """What ``version`` changes, against the approved version before it, that Landsbyggefonden
    must approve as well: the budget, the agreement's period, an activity dropped. Empty for
    the first version."""
    previous = (
        version.agreement.versions.filter(status=VersionStatus.APPROVED, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return []
    found = []

    def budget(of: AgreementVersion) -> list[tuple[str, Decimal | None]]:
        return [(line.organisation, line.amount) for line in of.budget.order_by("position")]

    if budget(version) != budget(previous):
        found.append(_("Budgettet er ændret (budgetlinjerne)."))
    if (version.period_start, version.period_end) != (previous.period_start, previous.period_end):
        found.append(
            _("Aftaleperioden er ændret fra %(old)s til %(new)s.")
            % {
                "old": f"{_day(previous.period_start)}–{_day(previous.period_end)}",
                "new": f"{_day(version.period_start)}–{_day(version.period_end)}",
            }
        )
    kept = set(version.activities.values_list("name", flat=True))
    for name in previous.activities.order_by("position").values_list("name", flat=True):
        if name not in kept:
            found.append(_("Aktiviteten »%(name)s« udgår.") % {"name": name})
    return found


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
        _("Periodens ordlyd"): document.period_text,
        _("Indledning"): document.preamble,
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
    pieces[_("Oversigt over aktiviteterne")] = document.activities_overview
    for activity in document.activities:
        prefix = _("Aktivitet «%(name)s»") % {"name": activity.name}
        pieces[f"{prefix}: {_('Indhold og praksis')}"] = activity.content
        pieces[f"{prefix}: {_('Formål og mål')}"] = activity.purpose
        pieces[f"{prefix}: {_('Målgruppe(r)')}"] = activity.target_groups or ""
        for number, criterion in enumerate(activity.success_criteria, start=1):
            label = _("succeskriterium %(number)s") % {"number": number}
            pieces[f"{prefix}: {label}"] = _criterion_text(criterion)
        pieces[f"{prefix}: {_('Ansvars- og rollefordeling')}"] = activity.responsibilities
        pieces[f"{prefix}: {_('Faglig arbejdsgruppe')}"] = activity.working_group
        for section in activity.other_sections:
            pieces[f"{prefix}: {section.heading}"] = section.text
    pieces[_("Medarbejderressourcernes ordlyd")] = document.staff_resources_text
    for staff in document.staff_resources:
        pieces[f"{_('Medarbejderressource')}: {staff.role}"] = (
            f"{staff.count or '–'} · {staff.hours if staff.hours is not None else '–'} "
            f"{staff.per or ''} · {staff.employer}"
        )
    pieces[_("Relation til kommunale serviceydelser")] = document.municipal_services
    for line in document.budget:
        pieces[f"{_('Budget')}: {line.organisation}"] = str(line.amount or "–")
    pieces[_("Note til budgettet")] = document.budget_note
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
    return document_diff(document_of(old), document_of(new))


def document_diff(old: doc.AgreementDocument, new: doc.AgreementDocument) -> list[SectionDiff]:
    """What changed from ``old`` to ``new``, section by section, word by word."""
    before, after = _labelled_text(old), _labelled_text(new)
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


# An import compared with what the agreement holds --------------------------------------------


def import_base(programme: Programme, document: doc.AgreementDocument) -> AgreementVersion | None:
    """The version an import of ``document`` follows and is compared with: the newest version
    of the programme's agreement for the document's focus area; None when the import starts the
    agreement."""
    return (
        versions_with_content()
        .filter(
            agreement__programme=programme,
            agreement__focus_area__name__iexact=normalise_name(document.focus_area),
        )
        .order_by("-number")
        .first()
    )


def as_imported(
    document: doc.AgreementDocument, programme: Programme, estates: Iterable[Estate]
) -> doc.AgreementDocument:
    """``document`` as importing it for ``programme`` with ``estates`` would store it, so that
    it compares with what a version holds: the estates chosen rather than those the text names,
    and without the importer's warnings, which are notes on the reading, not content."""
    return replace(
        document,
        programme=programme.name,
        housing_areas=sorted(estate.name for estate in estates),
        warnings=[],
    )


def unchanged_by_import(
    *,
    programme: Programme,
    document: doc.AgreementDocument,
    estates: Iterable[Estate],
    source_sha256: str,
) -> AgreementVersion | None:
    """The version importing ``document`` with ``estates`` would leave as it is, storing
    nothing: the version the same file made before, or the newest version when it already
    says what the document says. None when the import would store a new version."""
    base = import_base(programme, document)
    if base is None:
        return None
    if source_sha256:
        earlier = base.agreement.versions.filter(source_sha256=source_sha256).first()
        if earlier is not None:
            return earlier
    # The focus area is the agreement's, found by its name in any case.
    stored = replace(document_of(base), focus_area=document.focus_area, warnings=[])
    return base if stored == as_imported(document, programme, estates) else None


def versions_awaiting_approval(*, programmes: Iterable[Programme]) -> list[AgreementVersion]:
    """The versions proposed to the board of these programmes, the longest waiting first."""
    return list(
        AgreementVersion.objects.filter(
            status=VersionStatus.PROPOSED, agreement__programme__in=list(programmes)
        )
        .select_related("agreement__programme", "agreement__focus_area", "proposed_by")
        .order_by("proposed_at", "pk")
    )
