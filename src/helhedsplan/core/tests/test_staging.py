"""Staged imports: an upload stored once, parsed once, read by its owner alone, applied
atomically, and cleaned up with its file."""

from __future__ import annotations

import datetime
import hashlib
import io
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.core import queries, services, staging
from helhedsplan.core.models import StagedImport

KIND = "tests.lines"
LIMIT = 1000


class Lines:
    """A test importer: a file of lines; a line "bad" is refused, naming its row."""

    def __init__(self) -> None:
        self.parsed = 0

    def parse(self, data: bytes, name: str, target: staging.Target) -> list[str]:
        self.parsed += 1
        lines = data.decode().splitlines()
        if "bad" in lines:
            raise ValidationError(f"Række {lines.index('bad') + 1}: ulæselig")
        return lines

    def rebuild(self, parsed: list[str], target: staging.Target) -> list[str]:
        return [line.upper() for line in parsed]


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch) -> Lines:
    importer = Lines()
    monkeypatch.setattr(staging, "_importers", dict(staging._importers))
    staging.register(
        staging.Importer(kind=KIND, parse=importer.parse, rebuild=importer.rebuild, max_bytes=LIMIT)
    )
    return importer


def _stage(world: World, content: bytes, *, who: str = "staff", name: str = "a.txt"):
    return services.staged_import_stage(
        owner=world.user(who),
        kind=KIND,
        upload=SimpleUploadedFile(name, content),
        target={"programme": world.programme.pk},
    )


def _stored_files() -> list[str]:
    directories, _files = default_storage.listdir("")
    return default_storage.listdir("staged-imports")[1] if "staged-imports" in directories else []


def test_an_upload_is_stored_once_with_its_hash_and_parse(world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\ntwo\n", name="tal.txt")

    assert lines.parsed == 1
    assert staged.original_name == "tal.txt"
    assert staged.sha256 == hashlib.sha256(b"one\ntwo\n").hexdigest()
    assert staged.size == 8
    assert staged.parsed == ["one", "two"]
    assert staged.target == {"programme": world.programme.pk}
    assert staged.expires_at > timezone.now()
    with staged.file.open("rb") as stored:
        assert stored.read() == b"one\ntwo\n"
    # The stored name is random: the uploader's name stays in the row.
    assert "tal" not in staged.file.name


def test_the_preview_and_the_confirmation_read_the_stored_parse(
    world: World, lines: Lines, django_capture_on_commit_callbacks
) -> None:
    staged = _stage(world, b"one\ntwo\n")
    found = queries.staged_import_for(owner=world.user("staff"), kind=KIND)
    assert found == staged
    assert queries.staged_import_content(found) == ["ONE", "TWO"]

    applied: list[list[str]] = []

    def apply() -> int:
        applied.append(queries.staged_import_content(found))
        return 7

    with django_capture_on_commit_callbacks(execute=True):
        result = services.staged_import_confirm(staged=found, apply=apply)

    assert (result, applied) == (7, [["ONE", "TWO"]])
    assert lines.parsed == 1
    assert not StagedImport.objects.exists()
    assert not default_storage.exists(staged.file.name)


def test_a_refused_file_names_its_row_and_stores_nothing(world: World, lines: Lines) -> None:
    with pytest.raises(ValidationError, match="Række 2: ulæselig"):
        _stage(world, b"one\nbad\n")
    assert not StagedImport.objects.exists()
    assert _stored_files() == []


class CountingFile(io.BytesIO):
    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_file_over_the_limit_is_refused_while_it_is_read(world: World, lines: Lines) -> None:
    content = CountingFile(b"x" * (LIMIT * 1000))
    with pytest.raises(ValidationError) as refused:
        services.staged_import_stage(
            owner=world.user("staff"),
            kind=KIND,
            upload=File(content, name="stor.txt"),
            target={},
        )
    assert refused.value.code == "too_large"
    assert content.bytes_read < LIMIT * 100
    assert lines.parsed == 0
    assert not StagedImport.objects.exists()


def test_a_file_at_the_limit_is_taken(world: World, lines: Lines) -> None:
    assert _stage(world, b"x" * LIMIT).size == LIMIT


def test_nobody_else_finds_an_upload_and_a_new_one_replaces_the_old(
    world: World, lines: Lines, django_capture_on_commit_callbacks
) -> None:
    first = _stage(world, b"one\n")
    assert queries.staged_import_for(owner=world.user("administrator"), kind=KIND) is None
    assert queries.staged_import_for(owner=world.user("staff"), kind="tests.other") is None

    with django_capture_on_commit_callbacks(execute=True):
        second = _stage(world, b"two\n")

    assert list(StagedImport.objects.all()) == [second]
    assert queries.staged_import_for(owner=world.user("staff"), kind=KIND) == second
    assert not default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)


def test_a_failed_apply_keeps_the_upload(world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\n")

    def refuse() -> Any:
        raise ValidationError("Nej")

    with pytest.raises(ValidationError, match="Nej"):
        services.staged_import_confirm(staged=staged, apply=refuse)
    assert StagedImport.objects.get() == staged
    assert default_storage.exists(staged.file.name)


def test_an_upload_is_confirmed_once(world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\n")
    applied: list[int] = []
    services.staged_import_confirm(staged=staged, apply=lambda: applied.append(1))
    with pytest.raises(ValidationError, match="Upload den igen"):
        services.staged_import_confirm(staged=staged, apply=lambda: applied.append(2))
    assert applied == [1]


def test_expired_uploads_are_cleaned_up_with_their_files(
    world: World, lines: Lines, django_capture_on_commit_callbacks
) -> None:
    start = timezone.make_aware(datetime.datetime(2021, 3, 1, 12))
    with time_machine.travel(start, tick=False):
        old = _stage(world, b"old\n", who="staff")
    with time_machine.travel(start + datetime.timedelta(hours=20), tick=False):
        fresh = _stage(world, b"fresh\n", who="administrator")
    with time_machine.travel(start + services.STAGED_IMPORT_LIFETIME, tick=False):
        assert queries.staged_import_for(owner=world.user("staff"), kind=KIND) is None
        with django_capture_on_commit_callbacks(execute=True):
            assert services.staged_imports_clean_up() == 1

    assert list(StagedImport.objects.all()) == [fresh]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(fresh.file.name)


def test_the_owner_downloads_the_upload_and_nobody_else(client, world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\ntwo\n", name="tryghed 2021.txt")
    url = reverse("core:private_file", kwargs={"kind": "staged-import", "pk": staged.pk})
    assert staged.get_absolute_url() == url

    client.force_login(world.user("staff"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"one\ntwo\n"
    assert response["Content-Disposition"].startswith("attachment")
    assert "tryghed 2021.txt" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"]

    client.force_login(world.user("administrator"))
    assert client.get(url).status_code == 404
    client.force_login(world.user("superuser"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).url.startswith(reverse("accounts:login"))


def test_unknown_files_are_not_found(client, world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\n")
    client.force_login(world.user("staff"))
    unknown_kind = reverse("core:private_file", kwargs={"kind": "minutes", "pk": staged.pk})
    unknown_pk = reverse("core:private_file", kwargs={"kind": "staged-import", "pk": 999999})
    assert client.get(unknown_kind).status_code == 404
    assert client.get(unknown_pk).status_code == 404


def test_an_upload_goes_with_its_owners_account(
    world: World, lines: Lines, django_capture_on_commit_callbacks
) -> None:
    staged = _stage(world, b"one\n", who="staff")
    kept = _stage(world, b"two\n", who="administrator")
    with django_capture_on_commit_callbacks(execute=True):
        world.user("staff").delete()

    assert list(StagedImport.objects.all()) == [kept]
    assert not default_storage.exists(staged.file.name)
    assert default_storage.exists(kept.file.name)


def test_an_upload_parsed_by_an_earlier_importer_is_not_offered(world: World, lines: Lines) -> None:
    staged = _stage(world, b"one\n")
    assert queries.staged_import_for(owner=world.user("staff"), kind=KIND) == staged

    # An upgrade changes the shape of the importer's JSON: the stored parse is not rebuilt.
    staging.register(
        staging.Importer(
            kind=KIND, parse=lines.parse, rebuild=lines.rebuild, max_bytes=LIMIT, version=2
        )
    )
    assert queries.staged_import_for(owner=world.user("staff"), kind=KIND) is None
    fresh = _stage(world, b"two\n")
    assert fresh.parsed_by_version == 2
    assert queries.staged_import_for(owner=world.user("staff"), kind=KIND) == fresh
