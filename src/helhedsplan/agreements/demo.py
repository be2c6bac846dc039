"""The seed delaftale, packaged with the application, as approved version 1 of Helsingør
Syd's "Tryghed og trivsel", its revision (version 2, in force from 01.01.2021: eight theme
evenings a year instead of six, and 68 % safe residents instead of 65 %), and its follow-up
for a period that holds today.

The follow-up is the seed with a period of its own (``programmes.demo.follow_up_period``):
the same activities and success criteria, so the indicators go on counting under it. It is
demo data, and marked as such where a person reads it (its source and the board's note);
the loader knows it by a fingerprint of its own, as it knows the seed by the file's.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from importlib import resources

from helhedsplan.agreements import services
from helhedsplan.agreements.document import AgreementDocument, Criterion
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.models import Agreement, AgreementVersion, VersionStatus
from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Programme

SEED_FILE = "delaftale-tryghed-og-trivsel-helsingor-syd.docx"
FOLLOW_UP_SOURCE = f"Demo: opfølgning af {SEED_FILE}"
REVISION_SOURCE = f"Demo: revision af {SEED_FILE}"
REVISION_IN_FORCE = datetime.date(2021, 1, 1)
# The revision's rewording, criterion by criterion (the seed's words -> the revision's).
REVISED_WORDS = {
    "Afholdelse af seks temaaftner pr. år": "Afholdelse af otte temaaftner pr. år",
    "til 65% eller derover i 2021": "til 68% eller derover i 2021",
}


def seed_bytes() -> bytes:
    return resources.files("helhedsplan.agreements").joinpath("seed", SEED_FILE).read_bytes()


def follow_up_fingerprint() -> str:
    """What marks the follow-up as the demo's: the seed's bytes with the source's name."""
    return services.source_fingerprint(seed_bytes() + FOLLOW_UP_SOURCE.encode())


def revision_fingerprint() -> str:
    """What marks the revision as the demo's: the seed's bytes with the source's name."""
    return services.source_fingerprint(seed_bytes() + REVISION_SOURCE.encode())


def _revised(criteria: list[Criterion]) -> list[Criterion]:
    found = []
    for criterion in criteria:
        text = criterion.text
        for old, new in REVISED_WORDS.items():
            text = text.replace(old, new)
        found.append(replace(criterion, text=text))
    return found


def revised_document(document: AgreementDocument) -> AgreementDocument:
    """The seed's document as the revision words its criteria."""
    return replace(
        document,
        overall_success_criteria=_revised(document.overall_success_criteria),
        activities=[
            replace(activity, success_criteria=_revised(activity.success_criteria))
            for activity in document.activities
        ],
    )


def _load_seed(programme: Programme) -> None:
    data = seed_bytes()
    fingerprint = services.source_fingerprint(data)
    if AgreementVersion.objects.filter(source_sha256=fingerprint).exists():
        return
    document = parse_docx(data)
    version = services.agreement_import(
        programme=programme,
        document=document,
        estates=programme.estates.filter(name__in=document.housing_areas),
        user=None,
        source_name=SEED_FILE,
        source_sha256=fingerprint,
    )
    services.version_approve(
        version=version,
        user=None,
        note="Godkendt af bestyrelsen for Helsingør Syd (demo).",
        in_force_from=document.period_start or datetime.date(2018, 1, 1),
    )


def _load_revision(programme: Programme) -> list[str]:
    fingerprint = revision_fingerprint()
    if AgreementVersion.objects.filter(source_sha256=fingerprint).exists():
        return []
    seed = parse_docx(seed_bytes())
    agreement = Agreement.objects.filter(
        programme=programme, focus_area__name=seed.focus_area
    ).first()
    if agreement and agreement.versions.exclude(status=VersionStatus.APPROVED).exists():
        return [
            "The demo's revision was not added: the agreement has an open draft. "
            "Approve or discard it and run the demo again."
        ]
    document = replace(revised_document(seed), warnings=[])
    version = services.agreement_import(
        programme=programme,
        document=document,
        estates=programme.estates.filter(name__in=document.housing_areas),
        user=None,
        source_name=REVISION_SOURCE,
        source_sha256=fingerprint,
    )
    services.version_approve(
        version=version,
        user=None,
        note=(
            "Revision: otte temaaftener om året og 68 % trygge beboere fra 2021, godkendt af "
            "bestyrelsen for Helsingør Syd (demo)."
        ),
        in_force_from=REVISION_IN_FORCE,
    )
    return []


def _load_follow_up(programme: Programme) -> list[str]:
    fingerprint = follow_up_fingerprint()
    if AgreementVersion.objects.filter(source_sha256=fingerprint).exists():
        return []
    seed = parse_docx(seed_bytes())
    agreement = Agreement.objects.filter(
        programme=programme, focus_area__name=seed.focus_area
    ).first()
    if agreement and agreement.versions.exclude(status=VersionStatus.APPROVED).exists():
        # A person's draft in a data directory an earlier version made: the follow-up would
        # have to replace it, which is theirs to decide.
        return [
            "The demo's follow-up agreement was not added: the agreement has an open draft. "
            "Approve or discard it and run the demo again."
        ]
    first, last = follow_up_period(programme)
    document = replace(
        # The follow-up carries on the revised agreement.
        revised_document(seed),
        title=f"{seed.title} {first.year}-{last.year}",
        period_start=first,
        period_end=last,
        period_text=f"1. januar {first.year} til 31. december {last.year}.",
        warnings=[],
    )
    version = services.agreement_import(
        programme=programme,
        document=document,
        estates=programme.estates.filter(name__in=document.housing_areas),
        user=None,
        source_name=FOLLOW_UP_SOURCE,
        source_sha256=fingerprint,
    )
    services.version_approve(
        version=version,
        user=None,
        note=(
            f"Opfølgende delaftale for {first.year}-{last.year}, godkendt af bestyrelsen for "
            "Helsingør Syd (demo)."
        ),
        in_force_from=first,
    )
    return []


def load_demo_data() -> list[str]:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    _load_seed(programme)
    return _load_revision(programme) + _load_follow_up(programme)
