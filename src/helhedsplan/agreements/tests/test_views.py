from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.agreements.demo import SEED_FILE, seed_bytes
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.agreements.tests.factories import import_seed
from helhedsplan.core.models import StagedImport


def _upload(client, world: World, name: str, data: bytes):
    return client.post(
        reverse("agreements:import"),
        {"programme": world.programme.pk, "file": SimpleUploadedFile(name, data)},
    )


def _docx_with(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_upload_preview_confirm(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    response = _upload(client, world, SEED_FILE, seed_bytes())
    assert response.status_code == 302
    assert response.url == reverse("agreements:import_preview")
    assert not Agreement.objects.exists()

    preview = client.get(reverse("agreements:import_preview"))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Hverdagsrådgivning – vi hjælper jer videre" in page
    assert "Politiets Tryghedsindeks" in page
    assert "01.01.2018" in page and "31.12.2021" in page
    assert set(preview.context["form"].initial["estates"]) == {world.nojsomhed, world.vapnagaard}
    assert not Agreement.objects.exists()

    response = client.post(
        reverse("agreements:import_confirm"),
        {"estates": [world.nojsomhed.pk, world.vapnagaard.pk]},
    )
    version = AgreementVersion.objects.get()
    assert response.status_code == 302
    assert response.url == version.get_absolute_url()
    assert version.created_by == world.user("secretariat_head")
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Beboerpanel med politi" in page


def test_importing_the_same_file_again_through_the_browser_adds_nothing(
    client, world: World
) -> None:
    import_seed(world.programme)
    client.force_login(world.user("secretariat_head"))
    _upload(client, world, SEED_FILE, seed_bytes())
    client.post(
        reverse("agreements:import_confirm"),
        {"estates": [world.nojsomhed.pk, world.vapnagaard.pk]},
    )
    assert AgreementVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.docx", b"", "tom"),
        ("billede.docx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "ikke"),
        ("ødelagt.docx", b"PK\x03\x04" + b"\x00" * 200, "beskadiget"),
        ("kodeord.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "adgangskode"),
        ("referat.docx", _docx_with("Referat af bestyrelsesmødet den 3. maj."), "delaftale"),
    ],
)
def test_bad_files_get_a_danish_message_and_nothing_is_written(
    client, world: World, name: str, data: bytes, message: str
) -> None:
    client.force_login(world.user("secretariat_head"))
    response = _upload(client, world, name, data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"]).lower()
    assert message in errors
    assert not Agreement.objects.exists()
    assert "agreements.import" not in client.session
    assert not StagedImport.objects.exists()


def test_confirm_without_an_upload_goes_back_to_the_upload(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    response = client.post(reverse("agreements:import_confirm"), {"estates": []})
    assert response.status_code == 302
    assert response.url == reverse("agreements:import")


def test_the_board_approves_a_proposal(client, world: World) -> None:
    version = import_seed(world.programme)
    url_args = {"agreement_id": version.agreement_id, "number": version.number}
    client.force_login(world.user("working_group"))
    client.post(reverse("agreements:propose", kwargs=url_args))
    assert client.post(reverse("agreements:approve", kwargs=url_args)).status_code == 403
    client.force_login(world.user("board"))
    client.post(
        reverse("agreements:approve", kwargs=url_args),
        {"in_force_from": "01.01.2018", "note": "Bestyrelsesmøde 5.12.2017"},
    )
    version.refresh_from_db()
    assert version.status == "approved"
    assert version.approved_by == world.user("board")
    assert str(version.in_force_from) == "2018-01-01"


def test_editing_a_draft_and_reading_the_diff(client, world: World) -> None:
    first = import_seed(world.programme, approve=True)
    client.force_login(world.user("secretariat_head"))
    client.post(reverse("agreements:draft_start", kwargs={"agreement_id": first.agreement_id}))
    draft = AgreementVersion.objects.get(number=2)
    url_args = {"agreement_id": draft.agreement_id, "number": 2}
    edit = client.get(reverse("agreements:edit_activity", kwargs=url_args | {"position": 0}))
    form = edit.context["form"]
    formset = edit.context["formset"]
    data = {f"activity-{k}": v for k, v in form.initial.items()}
    data["activity-target_groups"] = "Alle beboere over 18 år"
    data |= {
        "criteria-TOTAL_FORMS": str(formset.total_form_count()),
        "criteria-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for i, initial in enumerate(formset.initial):
        data[f"criteria-{i}-text"] = initial["text"]
        data[f"criteria-{i}-data_source"] = initial["data_source"]
    response = client.post(
        reverse("agreements:edit_activity", kwargs=url_args | {"position": 0}), data
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.activities.get(position=0).target_groups == "Alle beboere over 18 år"
    diff = client.get(
        reverse("agreements:diff", kwargs={"agreement_id": first.agreement_id}),
        {"from": 1, "to": 2},
    )
    labels = [d.label for d in diff.context["diffs"]]
    assert labels == ["Aktivitet «Hverdagsrådgivning – vi hjælper jer videre»: Målgruppe(r)"]
    assert "<ins>" in diff.content.decode()


def test_an_approved_version_cannot_be_edited(client, world: World) -> None:
    version = import_seed(world.programme, approve=True)
    client.force_login(world.user("secretariat_head"))
    url = reverse("agreements:edit", kwargs={"agreement_id": version.agreement_id, "number": 1})
    response = client.post(url, {"title": "Changed"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title != "Changed"


def test_version_in_force_on_a_date(client, world: World) -> None:
    version = import_seed(world.programme, approve=True)
    client.force_login(world.user("board"))
    url = reverse("agreements:in_force", kwargs={"agreement_id": version.agreement_id})
    assert client.get(url, {"date": "2019-06-01"}).url == version.get_absolute_url()
    before = client.get(url, {"date": "2017-06-01"})
    assert before.url == version.agreement.get_absolute_url()
    assert client.get(url, {"date": "not-a-date"}).status_code == 302


def test_word_export_round_trips(client, world: World) -> None:
    version = import_seed(world.programme, approve=True)
    client.force_login(world.user("board"))
    response = client.get(
        reverse(
            "agreements:version_docx", kwargs={"agreement_id": version.agreement_id, "number": 1}
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    exported = parse_docx(response.content)
    original = parse_docx(seed_bytes())
    assert exported.overall_success_criteria == original.overall_success_criteria
    assert exported.activities == original.activities
    assert exported.staff_resources == original.staff_resources
    assert exported.budget == original.budget
    assert (exported.period_start, exported.period_end) == (
        original.period_start,
        original.period_end,
    )


def test_pdf_export(client, world: World) -> None:
    version = import_seed(world.programme, approve=True)
    url = reverse(
        "agreements:version_pdf", kwargs={"agreement_id": version.agreement_id, "number": 1}
    )
    client.force_login(world.user("police"))
    assert client.get(url).status_code == 403
    client.force_login(world.user("board"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def _draft_args(client, world: World) -> dict[str, int]:
    """A second version opened as a draft by the secretariat head, who stays logged in."""
    first = import_seed(world.programme, approve=True)
    client.force_login(world.user("secretariat_head"))
    client.post(reverse("agreements:draft_start", kwargs={"agreement_id": first.agreement_id}))
    return {"agreement_id": first.agreement_id, "number": 2}


def _lines(prefix: str, lines: list[dict[str, str]]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(lines)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, line in enumerate(lines):
        data |= {f"{prefix}-{i}-{name}": value for name, value in line.items()}
    return data


def test_the_draft_lists_are_replaced_through_their_pages(client, world: World) -> None:
    url_args = _draft_args(client, world)
    staff = [
        {"role": "Projektleder", "count": "1", "hours": "37", "per": "week", "employer": "Os"},
        {"role": "Fjernes", "count": "", "hours": "", "per": "", "employer": "", "DELETE": "on"},
    ]
    response = client.post(
        reverse("agreements:edit_staff", kwargs=url_args), _lines("staff", staff)
    )
    assert response.status_code == 302
    budget = [{"organisation": "Kommunen", "amount": "1500000"}]
    client.post(reverse("agreements:edit_budget", kwargs=url_args), _lines("budget", budget))
    criteria = [{"text": "Trygheden stiger.", "data_source": ""}]
    client.post(reverse("agreements:edit_criteria", kwargs=url_args), _lines("criteria", criteria))
    draft = AgreementVersion.objects.get(number=2)
    assert [(s.role, s.count, s.hours, s.per) for s in draft.staff_resources.all()] == [
        ("Projektleder", 1, 37, "week")
    ]
    assert [(b.organisation, b.amount) for b in draft.budget.all()] == [("Kommunen", 1500000)]
    overall = draft.criteria.filter(activity=None)
    assert [(c.text, c.data_source) for c in overall] == [("Trygheden stiger.", "")]
    assert draft.activities.count() == 4


def test_a_bad_line_is_a_400_and_changes_nothing(client, world: World) -> None:
    url_args = _draft_args(client, world)
    before = AgreementVersion.objects.get(number=2).staff_resources.count()
    staff = [{"role": "Projektleder", "count": "-1", "hours": "", "per": "", "employer": ""}]
    response = client.post(
        reverse("agreements:edit_staff", kwargs=url_args), _lines("staff", staff)
    )
    assert response.status_code == 400
    assert AgreementVersion.objects.get(number=2).staff_resources.count() == before


def test_the_text_form_refuses_a_period_that_ends_before_it_starts(client, world: World) -> None:
    url_args = _draft_args(client, world)
    url = reverse("agreements:edit", kwargs=url_args)
    data = {
        "title": "Ny titel",
        "estates": [world.nojsomhed.pk],
        "period_start": "01.01.2022",
        "period_end": "31.12.2021",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "period_end" in response.context["form"].errors
    response = client.post(url, data | {"period_end": "31.12.2025"})
    assert response.status_code == 302
    draft = AgreementVersion.objects.get(number=2)
    assert draft.title == "Ny titel"
    assert list(draft.estates.all()) == [world.nojsomhed]
    assert str(draft.period_end) == "2025-12-31"


def test_activities_are_added_and_an_unknown_one_is_not_found(client, world: World) -> None:
    url_args = _draft_args(client, world)
    response = client.post(reverse("agreements:activity_add", kwargs=url_args))
    assert response.url == reverse("agreements:edit_activity", kwargs=url_args | {"position": 4})
    assert client.get(response.url).status_code == 200
    missing = url_args | {"position": 5}
    assert client.get(reverse("agreements:edit_activity", kwargs=missing)).status_code == 404
    remove = reverse("agreements:activity_remove", kwargs=missing)
    assert client.post(remove).status_code == 404
    client.post(reverse("agreements:activity_remove", kwargs=url_args | {"position": 0}))
    names = list(AgreementVersion.objects.get(number=2).activities.values_list("name", flat=True))
    assert len(names) == 4
    assert names[-1] == "Ny aktivitet"


def test_a_diff_of_versions_that_do_not_exist_is_a_400_with_a_message(client, world: World) -> None:
    url_args = _draft_args(client, world)
    url = reverse("agreements:diff", kwargs={"agreement_id": url_args["agreement_id"]})
    response = client.get(url, {"from": "1", "to": "7"})
    assert response.status_code == 400
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    assert "Vælg to af delaftalens versioner." in response.content.decode()
    assert client.get(url, {"from": "x", "to": "2"}).status_code == 400
    assert client.get(url).status_code == 200


def test_a_draft_is_not_approved_before_it_is_proposed(client, world: World) -> None:
    url_args = _draft_args(client, world)
    client.force_login(world.user("board"))
    url = reverse("agreements:approve", kwargs=url_args)
    response = client.post(url, {"in_force_from": "01.01.2022"}, follow=True)
    assert "Kun et forslag kan godkendes." in response.content.decode()
    assert AgreementVersion.objects.get(number=2).status == "draft"


def test_discarding_a_later_draft_goes_back_to_the_agreement(client, world: World) -> None:
    url_args = _draft_args(client, world)
    response = client.post(reverse("agreements:discard", kwargs=url_args))
    agreement = Agreement.objects.get()
    assert response.url == agreement.get_absolute_url()
    assert AgreementVersion.objects.count() == 1


def _seed_saying(old: str, new: str) -> bytes:
    """The seed delaftale as another file, with ``old`` replaced by ``new`` in its text (the
    same text when they are equal)."""
    document = docx.Document(io.BytesIO(seed_bytes()))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.text = run.text.replace(old, new)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data", [seed_bytes(), _seed_saying("", "")], ids=["the same file", "the same text"]
)
def test_importing_what_the_agreement_already_says_is_reported_as_unchanged(
    client, world: World, data: bytes
) -> None:
    current = import_seed(world.programme, approve=True)
    client.force_login(world.user("secretariat_head"))
    _upload(client, world, SEED_FILE, data)

    preview = client.get(reverse("agreements:import_preview")).content.decode()
    confirmed = client.post(
        reverse("agreements:import_confirm"),
        {"estates": [world.nojsomhed.pk, world.vapnagaard.pk]},
        follow=True,
    )

    assert "siger det samme som version 1 (godkendt)" in preview
    assert "Gem som kladde" not in preview and "ny kladde" not in preview
    assert confirmed.redirect_chain[-1][0] == current.get_absolute_url()
    page = confirmed.content.decode()
    assert "Delaftalen er uændret" in page and "Intet er gemt" in page
    assert "gemt som version" not in page
    assert list(AgreementVersion.objects.all()) == [current]
    assert not StagedImport.objects.exists()


def test_the_preview_shows_what_an_import_changes_before_it_is_confirmed(
    client, world: World
) -> None:
    import_seed(world.programme, approve=True)
    client.force_login(world.user("secretariat_head"))
    _upload(client, world, SEED_FILE, _seed_saying("et konstruktivt", "et tæt og tillidsfuldt"))

    preview = client.get(reverse("agreements:import_preview")).content.decode()

    assert "Forskelle fra version 1 (godkendt)" in preview
    changes = preview.split('id="changes-heading"', 1)[1].split('id="confirm-heading"', 1)[0]
    assert "Konfliktløsning" in changes
    assert "<del>konstruktivt</del>" in changes
    assert "<ins>tæt og tillidsfuldt</ins>" in changes
    assert "Problemkompleks" not in changes
    assert "Gem som kladde" in preview

    confirmed = client.post(
        reverse("agreements:import_confirm"),
        {"estates": [world.nojsomhed.pk, world.vapnagaard.pk]},
        follow=True,
    )

    assert "Delaftalen er gemt som version 2 (kladde)" in confirmed.content.decode()
    assert AgreementVersion.objects.get(number=2).status == "draft"
