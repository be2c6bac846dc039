"""Agreements for tests, made through the services from the packaged seed."""

from __future__ import annotations

from helhedsplan.agreements import services
from helhedsplan.agreements.demo import seed_bytes
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.programmes.models import Programme


def import_seed(programme: Programme, *, approve: bool = False) -> AgreementVersion:
    data = seed_bytes()
    document = parse_docx(data)
    version = services.agreement_import(
        programme=programme,
        document=document,
        estates=programme.estates.filter(name__in=document.housing_areas),
        user=None,
        source_name="seed.docx",
        source_sha256=services.source_fingerprint(data),
    )
    if approve and not version.is_approved:
        services.version_approve(version=version, user=None, in_force_from=document.period_start)
    return version


def seed_agreement(programme: Programme) -> Agreement:
    return import_seed(programme, approve=True).agreement
