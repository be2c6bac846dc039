"""``helhedsplan import-agreement``: a delaftale from a file into a programme's agreements.

It lives in the project shell because it composes two apps: the agreements app imports the
file, and the indicators app proposes an indicator for each criterion of a dry run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from helhedsplan.agreements import services
from helhedsplan.agreements.document import AgreementDocument, as_dry_run_json
from helhedsplan.agreements.importer import AgreementImportError, parse_file
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.indicators.phrases import propose_indicator
from helhedsplan.programmes.models import Programme


def _with_proposals(document: AgreementDocument) -> dict[str, Any]:
    """The dry-run JSON, each criterion with the indicator its text proposes."""
    result = as_dry_run_json(document)
    areas = document.housing_areas
    for criterion in result["overall_success_criteria"]:
        criterion["proposed_indicator"] = propose_indicator(
            criterion["text"], areas, data_source=criterion["data_source"]
        ).as_json()
    for activity in result["activities"]:
        for criterion in activity["success_criteria"]:
            criterion["proposed_indicator"] = propose_indicator(
                criterion["text"], areas, data_source=criterion["data_source"]
            ).as_json()
    return result


class Command(BaseCommand):
    help = (
        "Import a delaftale from .docx or text (Landsbyggefonden's template) as a new draft "
        "version, or with --dry-run show what would be stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--programme", help="the programme to import into (default: the one the text names)"
        )
        parser.add_argument(
            "--estate",
            action="append",
            default=[],
            help="an estate the agreement covers (default: those proposed from the text)",
        )
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan ikke læse {path}: {error.strerror}") from error
        try:
            document = parse_file(path.name, data)
        except AgreementImportError as error:
            raise CommandError(str(error)) from error
        if options["dry_run"]:
            self._report(document, options, version=None)
            return
        programme = self._programme(options["programme"] or document.programme)
        names = options["estate"] or document.housing_areas
        estates = list(programme.estates.filter(name__in=names))
        missing = sorted(set(names) - {e.name for e in estates})
        if missing:
            raise CommandError(
                f"{programme.name} har ingen boligområder ved navn {', '.join(missing)}."
            )
        try:
            version = services.agreement_import(
                programme=programme,
                document=document,
                estates=estates,
                user=None,
                source_name=path.name,
                source_sha256=services.source_fingerprint(data),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._report(document, options, version=version)

    def _programme(self, name: str) -> Programme:
        programme = Programme.objects.filter(name__iexact=name.strip()).first()
        if programme is None:
            raise CommandError(f"Der er ingen indsats ved navn «{name}». Brug --programme.")
        return programme

    def _report(
        self,
        document: AgreementDocument,
        options: dict[str, Any],
        version: AgreementVersion | None,
    ) -> None:
        if options["json"]:
            result = _with_proposals(document)
            if version is not None:
                result["stored"] = {
                    "agreement": version.agreement_id,
                    "version": version.number,
                    "status": version.status,
                }
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        criteria = len(document.overall_success_criteria) + sum(
            len(a.success_criteria) for a in document.activities
        )
        self.stdout.write(
            f"{document.title}\n"
            f"  indsats: {document.programme}; boligområder: {', '.join(document.housing_areas)}\n"
            f"  periode: {document.period_start} – {document.period_end}\n"
            f"  {len(document.activities)} aktiviteter, {criteria} succeskriterier, "
            f"{len(document.staff_resources)} medarbejderressourcer, "
            f"{len(document.budget)} budgetlinjer"
        )
        for warning in document.warnings:
            self.stdout.write(f"  advarsel: {warning}")
        if version is not None:
            self.stdout.write(
                f"Gemt som version {version.number} ({version.get_status_display()})."
            )
