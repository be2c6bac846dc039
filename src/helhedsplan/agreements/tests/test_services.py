from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from helhedsplan.agreements import document as doc
from helhedsplan.agreements import queries, services
from helhedsplan.agreements.models import Agreement, AgreementVersion, SuccessCriterion
from helhedsplan.agreements.tests.factories import import_seed


def test_import_stores_the_seed_as_a_draft(world: World) -> None:
    version = import_seed(world.programme)
    assert (version.number, version.status) == (1, "draft")
    assert version.agreement.focus_area.name == "Tryghed og trivsel"
    assert set(version.estates.values_list("name", flat=True)) == {"Nøjsomhed", "Vapnagaard"}
    assert (version.period_start, version.period_end) == (
        datetime.date(2018, 1, 1),
        datetime.date(2021, 12, 31),
    )
    assert version.criteria.filter(activity=None).count() == 4
    assert version.activities.count() == 4
    assert version.criteria.exclude(activity=None).count() == 14


def test_importing_the_same_file_twice_duplicates_nothing(world: World) -> None:
    first = import_seed(world.programme)
    second = import_seed(world.programme)
    assert first == second
    assert AgreementVersion.objects.count() == 1
    assert SuccessCriterion.objects.count() == 18


def test_the_stored_document_equals_the_imported_one(world: World) -> None:
    from helhedsplan.agreements.demo import seed_bytes
    from helhedsplan.agreements.importer import parse_docx

    imported = parse_docx(seed_bytes())
    stored = queries.document_of(import_seed(world.programme))
    assert stored.overall_success_criteria == imported.overall_success_criteria
    assert stored.activities == imported.activities
    assert stored.staff_resources == imported.staff_resources
    assert stored.budget == imported.budget
    assert stored.problem_complex == imported.problem_complex


def test_an_approved_version_is_immutable(world: World) -> None:
    version = import_seed(world.programme, approve=True)
    document = queries.document_of(version)
    with pytest.raises(ValidationError, match="godkendt version ændres aldrig"):
        services.version_update(
            version=version,
            document=dataclasses.replace(document, title="Changed"),
            estates=version.estates.all(),
        )
    with pytest.raises(ValidationError):
        services.version_propose(version=version, user=world.user("staff"))
    version.refresh_from_db()
    assert version.title == document.title


def test_a_revision_goes_from_draft_to_proposal_to_approval(world: World) -> None:
    first = import_seed(world.programme, approve=True)
    draft = services.version_start_draft(agreement=first.agreement, user=world.user("staff"))
    assert (draft.number, draft.status) == (2, "draft")
    document = queries.document_of(draft)
    services.version_update(
        version=draft,
        document=dataclasses.replace(document, revision=document.revision + " Tilføjet."),
        estates=draft.estates.all(),
    )
    services.version_propose(version=draft, user=world.user("working_group"))
    services.version_approve(
        version=draft,
        user=world.user("board"),
        note="Bestyrelsesmøde 12.03.2020",
        in_force_from=datetime.date(2020, 4, 1),
    )
    draft.refresh_from_db()
    assert draft.approved_by == world.user("board")
    assert draft.proposed_by == world.user("working_group")
    agreement = first.agreement
    assert queries.version_in_force(agreement, datetime.date(2020, 3, 31)) == first
    assert queries.version_in_force(agreement, datetime.date(2020, 4, 1)) == draft
    assert queries.version_in_force(agreement, datetime.date(2017, 12, 31)) is None


def test_only_one_open_draft_at_a_time(world: World) -> None:
    first = import_seed(world.programme, approve=True)
    services.version_start_draft(agreement=first.agreement, user=world.user("staff"))
    with pytest.raises(ValidationError, match="åben kladde"):
        services.version_start_draft(agreement=first.agreement, user=world.user("staff"))


def test_the_diff_shows_changed_words_and_new_criteria(world: World) -> None:
    first = import_seed(world.programme, approve=True)
    draft = services.version_start_draft(agreement=first.agreement, user=world.user("staff"))
    document = queries.document_of(draft)
    criteria = [
        *document.overall_success_criteria,
        dataclasses.replace(document.overall_success_criteria[0], text="Et nyt kriterium"),
    ]
    services.version_update(
        version=draft,
        document=dataclasses.replace(
            document,
            conflict_handling="Konflikter løses i bestyrelsen.",
            overall_success_criteria=criteria,
        ),
        estates=draft.estates.all(),
    )
    diffs = {d.label: d for d in queries.version_diff(first, draft)}
    assert diffs["Overordnet succeskriterium 5"].kind == "added"
    changed = diffs["Konfliktløsning"]
    assert changed.kind == "changed"
    assert any(s.kind == "insert" and "bestyrelsen" in s.text for s in changed.segments)
    assert "Problemkompleks" not in diffs


def test_discarding_the_only_draft_removes_the_agreement(world: World) -> None:
    version = import_seed(world.programme)
    services.version_discard(version=version)
    assert not Agreement.objects.exists()


def test_estates_of_another_programme_are_refused(world: World) -> None:
    from helhedsplan.agreements.demo import seed_bytes
    from helhedsplan.agreements.importer import parse_docx

    with pytest.raises(ValidationError):
        services.agreement_import(
            programme=world.programme,
            document=parse_docx(seed_bytes()),
            estates=world.other_programme.estates.all(),
            user=None,
        )
    assert not Agreement.objects.exists()


def _draft(world: World) -> AgreementVersion:
    first = import_seed(world.programme, approve=True)
    return services.version_start_draft(agreement=first.agreement, user=world.user("staff"))


def test_editing_one_part_of_a_draft_keeps_the_rest(world: World) -> None:
    draft = _draft(world)
    before = queries.document_of(draft)
    services.draft_criteria_replace(
        version=draft, criteria=[doc.Criterion(text="Trygheden stiger.", data_source=None)]
    )
    services.draft_budget_replace(
        version=draft, budget=[doc.BudgetLine(organisation="Kommunen", amount=Decimal(1000))]
    )
    after = queries.document_of(AgreementVersion.objects.get(pk=draft.pk))
    assert after.overall_success_criteria == [doc.Criterion("Trygheden stiger.", None)]
    assert after.budget == [doc.BudgetLine("Kommunen", Decimal(1000))]
    assert after.activities == before.activities
    assert after.staff_resources == before.staff_resources
    assert after.problem_complex == before.problem_complex
    assert set(draft.estates.all()) == {world.nojsomhed, world.vapnagaard}


def test_an_activity_changes_and_keeps_the_sections_the_template_lacks(world: World) -> None:
    draft = _draft(world)
    document = queries.document_of(draft)
    kept = doc.Section(heading="Tidsplan", text="Hele perioden.")
    activities = [dataclasses.replace(document.activities[0], other_sections=[kept])]
    services.version_update(
        version=draft,
        document=dataclasses.replace(document, activities=activities),
        estates=draft.estates.all(),
    )
    services.draft_activity_update(
        version=AgreementVersion.objects.get(pk=draft.pk),
        position=0,
        name="Lektiecafé",
        content="Hver tirsdag.",
        purpose="",
        target_groups=None,
        responsibilities="",
        working_group="",
        success_criteria=[doc.Criterion("20 børn deltager.", "Egen registrering")],
    )
    (activity,) = queries.document_of(AgreementVersion.objects.get(pk=draft.pk)).activities
    assert (activity.name, activity.content, activity.target_groups) == (
        "Lektiecafé",
        "Hver tirsdag.",
        None,
    )
    assert activity.success_criteria == [doc.Criterion("20 børn deltager.", "Egen registrering")]
    assert activity.other_sections == [kept]


def test_activities_are_added_and_removed_by_position(world: World) -> None:
    draft = _draft(world)
    names = [a.name for a in queries.document_of(draft).activities]
    position = services.draft_activity_add(version=draft, name="Sommerlejr")
    draft = AgreementVersion.objects.get(pk=draft.pk)
    assert position == len(names)
    assert [a.name for a in queries.document_of(draft).activities] == [*names, "Sommerlejr"]
    services.draft_activity_remove(version=draft, position=0)
    draft = AgreementVersion.objects.get(pk=draft.pk)
    assert [a.name for a in queries.document_of(draft).activities] == [*names[1:], "Sommerlejr"]
    with pytest.raises(ValidationError, match=r"ingen aktivitet nr\. 9"):
        services.draft_activity_remove(version=draft, position=8)


def test_draft_changes_refuse_an_approved_version_and_foreign_estates(world: World) -> None:
    version = import_seed(world.programme, approve=True)
    with pytest.raises(ValidationError, match="godkendt version ændres aldrig"):
        services.draft_staff_replace(version=version, staff_resources=[])
    draft = services.version_start_draft(agreement=version.agreement, user=world.user("staff"))
    document = queries.document_of(draft)
    with pytest.raises(ValidationError, match="høre til den valgte indsats"):
        services.draft_text_update(
            version=draft,
            estates=world.other_programme.estates.all(),
            title=document.title,
            period_start=document.period_start,
            period_end=document.period_end,
            parties=document.parties,
            working_groups=document.working_groups,
            problem_complex=document.problem_complex,
            purpose=document.purpose,
            municipal_services=document.municipal_services,
            budget_note=document.budget_note,
            conflict_handling=document.conflict_handling,
            revision=document.revision,
        )
    assert len(queries.document_of(version).staff_resources) == len(document.staff_resources)


def test_the_board_approves_only_what_was_proposed(world: World) -> None:
    draft = _draft(world)
    with pytest.raises(ValidationError, match="Kun et forslag"):
        services.proposal_approve(
            version=draft, user=world.user("board"), note="", in_force_from=datetime.date.today()
        )
    services.version_propose(version=draft, user=world.user("staff"))
    services.proposal_approve(
        version=draft, user=world.user("board"), note="", in_force_from=datetime.date(2020, 1, 1)
    )
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_discarding_a_later_draft_keeps_the_agreement(world: World) -> None:
    draft = _draft(world)
    assert services.version_discard(version=draft) == draft.agreement
    assert AgreementVersion.objects.count() == 1
