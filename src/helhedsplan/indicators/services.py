"""Every change to indicators: one function per action, used by pages, commands and the demo."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.accounts.access import User, person_of
from helhedsplan.agreements.models import Agreement, AgreementVersion, VersionStatus
from helhedsplan.indicators import engine, presentation, queries
from helhedsplan.indicators.definitions import DEFINITION_FIELDS, definition_of
from helhedsplan.indicators.models import (
    Indicator,
    IndicatorBaseline,
    IndicatorStatus,
    IndicatorTarget,
    PeriodLock,
    Snapshot,
)
from helhedsplan.programmes.models import Estate


@dataclass(frozen=True)
class TargetSpec:
    value: Decimal
    estate: Estate | None = None
    year: int | None = None
    guide: bool = False


@dataclass(frozen=True)
class BaselineSpec:
    year: int
    value: Decimal | None = None
    estate: Estate | None = None


def _check_estates(agreement: Agreement, estates: Sequence[Estate | None]) -> None:
    for estate in estates:
        if estate is not None and estate.programme_id != agreement.programme_id:
            raise ValidationError(_("Boligområdet hører ikke til delaftalens indsats."))


@transaction.atomic
def indicator_create(
    *,
    agreement: Agreement,
    criterion_key: str,
    user: User | None = None,
    status: str = IndicatorStatus.CONFIRMED,
    provenance: dict[str, Any] | None = None,
    targets: Sequence[TargetSpec] = (),
    baselines: Sequence[BaselineSpec] = (),
    **definition: Any,
) -> Indicator:
    """Create an indicator for a criterion, with its targets and baselines, all or nothing."""
    unknown = set(definition) - set(DEFINITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator(
        agreement=agreement,
        criterion_key=criterion_key,
        status=status,
        provenance=provenance,
        created_by=person_of(user),
        **definition,
    )
    indicator.full_clean()
    indicator.save()
    targets_replace(indicator=indicator, targets=targets)
    baselines_replace(indicator=indicator, baselines=baselines)
    return indicator


@transaction.atomic
def proposal_confirm(
    *,
    agreement: Agreement,
    proposal: queries.Proposal,
    user: User | None,
    definition: dict[str, Any],
    targets: Sequence[TargetSpec],
    baselines: Sequence[BaselineSpec],
) -> Indicator:
    """The parser's proposal for a criterion, as staff corrected it, becomes a confirmed
    indicator; what the parser proposed is kept as the indicator's provenance."""
    return indicator_create(
        agreement=agreement,
        criterion_key=proposal.criterion.key,
        user=user,
        provenance=proposal.proposed.as_json(),
        targets=targets,
        baselines=baselines,
        **definition,
    )


@transaction.atomic
def proposal_submit(
    *,
    agreement: Agreement,
    proposal: queries.Proposal,
    user: User | None,
    definition: dict[str, Any],
    targets: Sequence[TargetSpec],
    baselines: Sequence[BaselineSpec],
) -> Indicator:
    """A working group's proposal of how a criterion is measured: an indicator that waits,
    counting nothing, until the secretariat confirms it on its page (``indicator_define``)."""
    return indicator_create(
        agreement=agreement,
        criterion_key=proposal.criterion.key,
        user=user,
        status=IndicatorStatus.PROPOSED,
        provenance=proposal.proposed.as_json(),
        targets=targets,
        baselines=baselines,
        **definition,
    )


@transaction.atomic
def indicator_define(*, indicator: Indicator, definition: dict[str, Any]) -> Indicator:
    """Staff's definition of an indicator, as its page saves it; saving a proposed indicator's
    definition confirms it."""
    return indicator_update(indicator=indicator, status=IndicatorStatus.CONFIRMED, **definition)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, status: str | None = None, **definition: Any
) -> Indicator:
    unknown = set(definition) - set(DEFINITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    for name, value in definition.items():
        setattr(indicator, name, value)
    if status is not None:
        indicator.status = status
    indicator.full_clean()
    indicator.save()
    return indicator


def _target_version(indicator: Indicator) -> AgreementVersion | None:
    """The version targets are confirmed for when none is named: the latest one the
    indicator already has targets for, else the agreement's first approved version."""
    latest = (
        indicator.targets.filter(version__status=VersionStatus.APPROVED)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if latest is not None:
        return latest.version
    return (
        indicator.agreement.versions.filter(status=VersionStatus.APPROVED)
        .order_by("number")
        .first()
    )


@transaction.atomic
def targets_replace(
    *,
    indicator: Indicator,
    targets: Sequence[TargetSpec],
    version: AgreementVersion | None = None,
) -> None:
    """The indicator's targets for ``version`` become exactly ``targets``; the targets other
    versions confirmed stay theirs. Without a version: the latest the indicator has targets
    for (at first, the agreement's first approved version)."""
    if version is None:
        version = _target_version(indicator)
    elif version.agreement_id != indicator.agreement_id:
        raise ValidationError(_("Versionen hører ikke til indikatorens delaftale."))
    _check_estates(indicator.agreement, [t.estate for t in targets])
    seen = set()
    for target in targets:
        key = (target.estate.pk if target.estate else None, target.year)
        if key in seen:
            raise ValidationError(_("Det samme mål er angivet to gange."))
        seen.add(key)
    indicator.targets.filter(version=version).delete()
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=indicator,
            version=version,
            estate=target.estate,
            year=target.year,
            value=target.value,
            guide=target.guide,
        )
        for target in targets
    )


@transaction.atomic
def baselines_replace(*, indicator: Indicator, baselines: Sequence[BaselineSpec]) -> None:
    _check_estates(indicator.agreement, [b.estate for b in baselines])
    estates = [b.estate.pk if b.estate else None for b in baselines]
    if len(set(estates)) != len(estates):
        raise ValidationError(_("Et boligområde kan kun have ét udgangspunkt."))
    indicator.baselines.all().delete()
    IndicatorBaseline.objects.bulk_create(
        IndicatorBaseline(indicator=indicator, estate=b.estate, year=b.year, value=b.value)
        for b in baselines
    )


@transaction.atomic
def indicator_targets_set(
    *,
    indicator: Indicator,
    targets: Sequence[TargetSpec],
    baselines: Sequence[BaselineSpec],
    version: AgreementVersion | None = None,
) -> None:
    """The indicator's targets (for ``version``, see ``targets_replace``) and baselines
    become exactly these, all or nothing, as the targets page saves them."""
    targets_replace(indicator=indicator, targets=targets, version=version)
    baselines_replace(indicator=indicator, baselines=baselines)


@transaction.atomic
def indicator_revise(
    *,
    indicator: Indicator,
    version: AgreementVersion,
    targets: Sequence[TargetSpec],
) -> None:
    """A revision of the agreement changed the indicator's criterion: its targets for that
    version, confirmed. They apply from the version's first day in force, and the years
    before keep the targets of the version then in force."""
    if version.agreement_id != indicator.agreement_id:
        raise ValidationError(_("Versionen hører ikke til indikatorens delaftale."))
    first = indicator.agreement.versions.filter(status=VersionStatus.APPROVED).order_by("number")
    earliest = first.first()
    if earliest is not None and version.number <= earliest.number:
        raise ValidationError(_("Den første godkendte version har allerede sine mål."))
    if not targets:
        raise ValidationError(_("Angiv mindst ét mål for den nye version."))
    targets_replace(indicator=indicator, targets=targets, version=version)


def straight_path(
    *, baselines: list[BaselineSpec], final_year: int, final_value: Decimal
) -> list[TargetSpec]:
    """The final target and, for each year between a baseline and it, the guide on the
    straight line from the baseline's value to the target (O2: 59,2 % in 2016 → 65 % in
    2021 guides 60,4 % in 2017, 61,5 % in 2018, …).."""
    found = []
    for baseline in baselines:
        if baseline.value is None:
            raise ValidationError(_("Et lige forløb kræver udgangspunktets værdi."))
        steps = final_year - baseline.year
        for year in range(baseline.year + 1, final_year):
            share = Decimal(year - baseline.year) / Decimal(steps)
            value = baseline.value + (final_value - baseline.value) * share
            found.append(
                # To the tenth, as the statistics are published: 63,84 is shown and met as 63,8.
                TargetSpec(value.quantize(Decimal("0.1")), baseline.estate, year, guide=True)
            )
        found.append(TargetSpec(final_value, baseline.estate, final_year))
    return found


@transaction.atomic
def period_lock(
    *,
    agreement: Agreement,
    year: int,
    user: User | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> PeriodLock:
    """Close a year of an agreement: its figures are kept as they are now."""
    today = today or timezone.localdate()
    if datetime.date(year + 1, 1, 1) > today:
        raise ValidationError(_("Et år kan først afsluttes, når det er slut."))
    if PeriodLock.objects.filter(agreement=agreement, year=year).exists():
        raise ValidationError(_("Året %(year)s er allerede afsluttet.") % {"year": year})
    board = queries.dashboard(agreement, today=today, years=[year])
    lock = PeriodLock.objects.create(
        agreement=agreement,
        year=year,
        locked_at=timezone.now(),
        locked_by=person_of(user),
        note=note,
    )
    fingerprints: dict[int, str] = {}
    for result in board.results.values():
        if result.indicator.pk not in fingerprints:
            fingerprints[result.indicator.pk] = definition_of(result.indicator).fingerprint()
    Snapshot.objects.bulk_create(
        Snapshot(
            lock=lock,
            indicator=result.indicator,
            estate=result.estate,
            value=engine.decimal_or_none(result.value),
            target=engine.decimal_or_none(result.target),
            status=result.status,
            words=presentation.words(result)[:300],
            # What the figure was judged under, for the reason of a later restatement.
            definition=fingerprints[result.indicator.pk],
            required_share=result.required_share,
        )
        for result in board.results.values()
    )
    return lock
