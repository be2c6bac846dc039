"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

from helhedsplan.surveys.models import Questionnaire, Response, Version


def latest_version(questionnaire: Questionnaire) -> Version:
    return questionnaire.versions.order_by("-number").first() or Version.objects.none().get()


def version_locked(version: Version) -> bool:
    """Whether the version is answered: its questions may then no longer change."""
    return Response.objects.filter(wave__version=version).exists()
