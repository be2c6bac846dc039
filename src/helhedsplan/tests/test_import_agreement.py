from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from helhedsplan.agreements.models import Agreement, AgreementVersion

SEED = Path(__file__).resolve().parents[1] / "agreements" / "seed"
DRY_RUN_KEYS = {
    "title",
    "focus_area",
    "programme",
    "housing_areas",
    "period_start",
    "period_end",
    "overall_success_criteria",
    "activities",
    "staff_resources",
    "budget",
    "warnings",
}
INDICATOR_KEYS = {
    "kind",
    "comparator",
    "target",
    "targets_by_area",
    "per_area",
    "period",
    "direction",
    "baseline",
    "target_year",
    "change",
    "unit",
}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_agreement", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name",
    [
        "delaftale-tryghed-og-trivsel-helsingor-syd.docx",
        "delaftale-tryghed-og-trivsel-helsingor-syd.txt",
    ],
)
def test_dry_run_json_writes_nothing(world: World, name: str) -> None:
    result = json.loads(_run(str(SEED / name), "--dry-run", "--json"))
    assert result.keys() >= DRY_RUN_KEYS
    assert result["programme"] == "Helsingør Syd"
    assert result["period_start"] == "2018-01-01"
    assert result["period_end"] == "2021-12-31"
    assert len(result["overall_success_criteria"]) == 4
    assert [len(a["success_criteria"]) for a in result["activities"]] == [4, 4, 4, 2]
    for criterion in result["overall_success_criteria"]:
        assert criterion.keys() >= {"text", "data_source", "proposed_indicator"}
        assert criterion["proposed_indicator"].keys() >= INDICATOR_KEYS
    assert not Agreement.objects.exists()


def test_import_stores_a_draft_once(world: World) -> None:
    seed = str(SEED / "delaftale-tryghed-og-trivsel-helsingor-syd.docx")
    assert "Gemt som version 1" in _run(seed)
    _run(seed)
    assert AgreementVersion.objects.count() == 1


def test_a_bad_file_fails_with_the_message(world: World, tmp_path: Path) -> None:
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="tom"):
        _run(str(empty))
    with pytest.raises(CommandError, match="Kan ikke læse"):
        _run(str(tmp_path / "findes-ikke.docx"))
    assert not Agreement.objects.exists()


def test_an_unknown_programme_is_named(world: World) -> None:
    seed = str(SEED / "delaftale-tryghed-og-trivsel-helsingor-syd.txt")
    with pytest.raises(CommandError, match="Korsbæk"):
        _run(seed, "--programme", "Korsbæk")
