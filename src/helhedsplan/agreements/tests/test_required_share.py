"""A criterion's required share of periods: edited in a draft, approved by the board, shown
on the agreement's page and written to Word and read back from it."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.urls import reverse

from conftest import World
from helhedsplan.agreements import services
from helhedsplan.agreements.document import (
    Activity,
    AgreementDocument,
    Criterion,
    as_dry_run_json,
    criterion_text,
    from_dry_run_json,
    split_required_share,
)
from helhedsplan.agreements.docx_export import render_docx
from helhedsplan.agreements.importer import parse_docx
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.agreements.queries import document_of
from helhedsplan.agreements.tests.factories import import_seed
from helhedsplan.agreements.tests.test_views import _draft_args


def _activity_post(client, url: str, shares: dict[int, str]) -> dict[str, str]:
    """The activity form as the page fills it, with the criteria's required shares set."""
    page = client.get(url)
    form, formset = page.context["form"], page.context["formset"]
    data = {f"activity-{k}": v for k, v in form.initial.items()}
    data |= {
        "criteria-TOTAL_FORMS": str(formset.total_form_count()),
        "criteria-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for i, initial in enumerate(formset.initial):
        data[f"criteria-{i}-text"] = initial["text"]
        data[f"criteria-{i}-data_source"] = initial["data_source"]
        data[f"criteria-{i}-required_share"] = shares.get(i, str(initial["required_share"]))
    return data


def test_the_board_approves_a_required_share_set_in_the_drafts_criteria_editor(
    client, world: World
) -> None:
    url_args = _draft_args(client, world)
    url = reverse("agreements:edit_activity", kwargs=url_args | {"position": 0})

    response = client.post(url, _activity_post(client, url, {0: "80"}))

    assert response.status_code == 302
    draft = AgreementVersion.objects.get(number=2)
    shares = dict(draft.criteria.values_list("key", "required_share"))
    assert shares["A1.1"] == 80
    assert {share for key, share in shares.items() if key != "A1.1"} == {100}
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Krævet andel af perioder" in page
    assert "80\N{NO-BREAK SPACE}%" in page
    diff = client.get(
        reverse("agreements:diff", kwargs={"agreement_id": draft.agreement_id}),
        {"from": 1, "to": 2},
    )
    [changed] = diff.context["diffs"]
    assert changed.label.endswith("succeskriterium 1")
    assert "Krævet andel af perioder" in " ".join(s.text for s in changed.segments)

    services.version_propose(version=draft, user=world.user("secretariat_head"))
    services.proposal_approve(
        version=draft,
        user=world.user("board"),
        note="Bestyrelsesmøde",
        in_force_from=datetime.date(2020, 1, 1),
    )

    approved = AgreementVersion.objects.get(number=2)
    assert approved.is_approved
    assert approved.criteria.get(key="A1.1").required_share == 80


def test_a_required_share_outside_one_to_a_hundred_is_refused(client, world: World) -> None:
    url_args = _draft_args(client, world)
    url = reverse("agreements:edit_activity", kwargs=url_args | {"position": 0})

    responses = [client.post(url, _activity_post(client, url, {0: v})) for v in ("0", "101")]

    assert [r.status_code for r in responses] == [400, 400]
    assert set(AgreementVersion.objects.get(number=2).criteria.values_list("required_share")) == {
        (100,)
    }


def test_a_left_out_required_share_means_every_period(client, world: World) -> None:
    url_args = _draft_args(client, world)
    url = reverse("agreements:edit_activity", kwargs=url_args | {"position": 0})
    data = _activity_post(client, url, {0: ""})

    response = client.post(url, data)

    assert response.status_code == 302
    draft = AgreementVersion.objects.get(number=2)
    assert draft.criteria.get(key="A1.1").required_share == 100


def test_a_required_share_survives_word_export_and_reimport(world: World) -> None:
    version = import_seed(world.programme)
    document = document_of(version)
    activities = list(document.activities)
    first = activities[0]
    criteria = [replace(first.success_criteria[0], required_share=80), *first.success_criteria[1:]]
    activities[0] = replace(first, success_criteria=criteria)
    overall = [
        replace(document.overall_success_criteria[0], required_share=75),
        *document.overall_success_criteria[1:],
    ]
    document = replace(document, activities=activities, overall_success_criteria=overall)

    again = parse_docx(render_docx(document))

    assert again.activities[0].success_criteria == document.activities[0].success_criteria
    assert again.overall_success_criteria == document.overall_success_criteria
    assert again.activities[0].success_criteria[0].required_share == 80
    assert again.overall_success_criteria[0].required_share == 75
    # Twice over, nothing drifts.
    assert parse_docx(render_docx(again)).activities == again.activities


def test_the_required_share_line_is_read_back_and_only_a_percentage_is_taken() -> None:
    criterion = Criterion("Mindst 10 beboere får hjælp hver uge.", "Egen registrering", 80)

    assert criterion_text(criterion) == (
        "Mindst 10 beboere får hjælp hver uge.\nKrævet andel af perioder: 80 %"
    )
    assert split_required_share(criterion_text(criterion)) == (criterion.text, 80)
    assert criterion_text(replace(criterion, required_share=100)) == criterion.text
    # A share that is no percentage stays in the text, where a person sees it.
    assert split_required_share("Tekst\nKrævet andel af perioder: 180 %") == (
        "Tekst\nKrævet andel af perioder: 180 %",
        100,
    )


def test_a_staged_parse_keeps_the_required_share(world: World) -> None:
    document = document_of(import_seed(world.programme))
    overall = [replace(document.overall_success_criteria[0], required_share=90)]
    document = replace(document, overall_success_criteria=overall)
    stored = as_dry_run_json(document)

    assert from_dry_run_json(stored) == document
    # A parse stored before required shares existed asks for every period.
    del stored["overall_success_criteria"][0]["required_share"]
    assert from_dry_run_json(stored).overall_success_criteria[0].required_share == 100


def test_a_required_share_and_a_footnote_on_one_criterion_both_survive_word() -> None:
    document = AgreementDocument(
        title="Delaftale for indsatsområdet Tryghed og trivsel",
        focus_area="Tryghed og trivsel",
        programme="Helsingør Syd",
        overall_success_criteria=[
            Criterion("Trygheden stiger.¹\n¹ Målt af politiet.", "Politiets Tryghedsindeks", 80),
            Criterion("Tilliden holdes.", "Politiets Tryghedsindeks"),
        ],
        activities=[
            Activity(
                name="Hverdagsrådgivning",
                success_criteria=[Criterion("Mindst 10 hver uge.²\n² De åbne uger.", "Egen", 75)],
            )
        ],
    )

    again = parse_docx(render_docx(document))

    assert again.overall_success_criteria == document.overall_success_criteria
    assert again.activities[0].success_criteria == document.activities[0].success_criteria
