"""``helhedsplan import-series FILE --programme NAME [--dry-run]``."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from conftest import World
from helhedsplan import cli
from helhedsplan.series.models import Observation
from helhedsplan.series.tests.factories import safety_series

GOOD = (
    "serie;boligområde;periode;værdi\ntryghed;Nøjsomhed;2016;59,2\ntryghed;Vapnagaard;2016;59,9\n"
)
BAD = (
    "serie;boligområde;periode;værdi\ntryghed;Nøjsomhed;2016;59,2\ntryghed;Vapnagård;2016;ca. 60\n"
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch) -> None:
    """``helhedsplan`` runs the command as from a shell, which closes the database
    connections when it ends; the test's transaction must outlive it."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.fixture
def files(tmp_path: Path, world: World) -> dict[str, Path]:
    safety_series(world)
    paths = {"good": tmp_path / "good.csv", "bad": tmp_path / "bad.csv"}
    paths["good"].write_text(GOOD, encoding="utf-8")
    paths["bad"].write_text(BAD, encoding="utf-8")
    return paths


def test_the_command_imports_a_good_file_and_exits_zero(files) -> None:
    status = cli.main(["import-series", str(files["good"]), "--programme", "Helsingør Syd"])
    assert status == 0
    assert sorted(Observation.objects.values_list("value", flat=True)) == [
        Decimal("59.2"),
        Decimal("59.9"),
    ]


def test_a_bad_file_exits_non_zero_naming_each_row_and_stores_nothing(files, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["import-series", str(files["bad"]), "--programme", "Helsingør Syd"])
    assert exit_.value.code != 0
    errors = capsys.readouterr().err
    assert "Række 3: ukendt boligområde «Vapnagård»" in errors
    assert "Række 3: værdien «ca. 60» er ikke et tal" in errors
    assert not Observation.objects.exists()


def test_a_dry_run_tells_what_would_happen_and_writes_nothing(files) -> None:
    out = io.StringIO()
    call_command(
        "import_series", str(files["good"]), "--programme", "helsingør syd", "--dry-run", stdout=out
    )
    assert "2 nye, 0 ændrede og 0 uændrede målinger (intet gemt)" in out.getvalue()
    assert not Observation.objects.exists()


def test_importing_twice_with_the_command_updates_nothing_twice(files) -> None:
    for _ in range(2):
        out = io.StringIO()
        call_command(
            "import_series", str(files["good"]), "--programme", "Helsingør Syd", stdout=out
        )
    assert "0 nye, 0 ændrede og 2 uændrede målinger" in out.getvalue()
    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "Aarhus Vest"], "Der er ingen indsats ved navn «Aarhus Vest»."),
        (["--programme", "Helsingør Syd", "--dry-run"], "Kan ikke læse"),
    ],
)
def test_an_unknown_programme_or_missing_file_is_an_error(world, tmp_path, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("import_series", str(tmp_path / "missing.csv"), *args)
