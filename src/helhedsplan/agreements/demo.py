"""The seed delaftale, packaged with the application, as approved version 1 of Helsingør
Syd's "Tryghed og trivsel"."""

from __future__ import annotations

import datetime
from importlib import resources

from helhedsplan.agreements import services
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Programme

SEED_FILE = "delaftale-tryghed-og-trivsel-helsingor-syd.docx"


def seed_bytes() -> bytes:
    return resources.files("helhedsplan.agreements").joinpath("seed", SEED_FILE).read_bytes()


def load_demo_data() -> None:
    data = seed_bytes()
    fingerprint = services.source_fingerprint(data)
    if AgreementVersion.objects.filter(source_sha256=fingerprint).exists():
        return
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
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
