"""The panel's yearly evaluation, written with the template or uploaded,
one per panel and year; its file served to the panel's keepers only; P2 met by it on the
dashboard, a joint panel's for every estate."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.indicators import queries as indicator_queries
from helhedsplan.indicators.demo import create_from_catalogue
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.panels import services
from helhedsplan.panels.forms import QUESTIONS
from helhedsplan.panels.models import Evaluation, EvaluationKind
from helhedsplan.panels.tests.helpers import PDF, a_meeting, a_panel, a_planned_meeting, upload

DAY = datetime.date(2020, 11, 20)


def _answers() -> list[services.Answer]:
    return [
        services.Answer(audience=audience, question=str(question), answer="Godt")
        for audience, questions in QUESTIONS.items()
        for question in questions
    ]


def test_an_evaluation_is_written_once_a_year(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    evaluation = services.evaluation_write(
        panel=panel, evaluated_on=DAY, answers=_answers(), summary="Nyttigt", created_by=police
    )
    assert evaluation.year == 2020 and evaluation.kind == EvaluationKind.TEMPLATE
    assert len(evaluation.answers) == 10
    assert evaluation.answers[0]["question"] == str(QUESTIONS["police"][0])
    with pytest.raises(ValidationError, match="allerede en evaluering for 2020"):
        services.evaluation_upload(
            panel=panel, evaluated_on=DAY, upload=upload(PDF), summary="", created_by=police
        )
    with pytest.raises(ValidationError, match="fremtiden"):
        services.evaluation_write(
            panel=panel,
            evaluated_on=datetime.date.today() + datetime.timedelta(days=1),
            answers=_answers(),
            summary="x",
            created_by=police,
        )
    with pytest.raises(ValidationError, match="PDF eller et Word"):
        services.evaluation_upload(
            panel=panel,
            evaluated_on=datetime.date(2019, 12, 1),
            upload=upload(b"not a pdf", "x.pdf"),
            summary="",
            created_by=police,
        )
    uploaded = services.evaluation_upload(
        panel=panel,
        evaluated_on=datetime.date(2019, 12, 1),
        upload=upload(PDF),
        summary="",
        created_by=police,
    )
    assert uploaded.file_kind == "pdf" and uploaded.year == 2019


def test_the_evaluation_pages_and_file(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    slug = world.programme.slug
    client.force_login(world.user("police"))
    form = client.get(reverse("panels:evaluation_write", args=[slug, panel.pk]))
    assert str(QUESTIONS["participants"][0]) in form.content.decode()
    data = {
        "evaluated_on": "20.11.2020",
        "police_1": "Meget",
        "summary": "Panelet er nyttigt.",
        "idempotency_key": "evaluation-1",
    }
    url = reverse("panels:evaluation_write", args=[slug, panel.pk])
    listed = reverse("panels:evaluations", args=[slug, panel.pk])
    assert client.post(url, data).url == listed
    assert client.post(url, data).url == listed
    assert Evaluation.objects.count() == 1
    upload_url = reverse("panels:evaluation_upload", args=[slug, panel.pk])
    sent = {
        "evaluated_on": "01.12.2019",
        "file": upload(PDF, "evaluering.pdf"),
        "idempotency_key": "evaluation-2",
    }
    assert client.post(upload_url, sent).url == listed
    uploaded = Evaluation.objects.get(year=2019)
    page = client.get(listed).content.decode()
    assert "Panelet er nyttigt." in page and "evaluering.pdf" in page
    file_url = reverse("core:private_file", args=["panel-evaluation", uploaded.pk])
    assert client.get(file_url).status_code == 200
    # Not to the board, nor to a staff member of another programme, nor to anyone outside.
    for other in ("board", "outsider"):
        client.force_login(world.user(other))
        assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code in (302, 404)


def test_p2_is_met_by_a_year_with_an_evaluation(world: World) -> None:
    police = world.user("police")
    joint = a_panel(world.programme, None)
    services.evaluation_write(
        panel=joint, evaluated_on=DAY, answers=_answers(), summary="Godt", created_by=police
    )
    # The estates' panels met in both years; only 2020 was evaluated (by the joint panel).
    for estate in (world.vapnagaard, world.nojsomhed):
        panel = a_panel(world.programme, estate)
        for year in (2019, 2020):
            a_meeting(panel, datetime.date(year, 3, 10), by=police)
    # Planned, not held: no meeting of 2021 counts.
    a_planned_meeting(panel, datetime.date(2021, 3, 10), by=police)
    services.evaluation_write(
        panel=joint,
        evaluated_on=datetime.date(2021, 5, 1),
        answers=_answers(),
        summary="Godt",
        created_by=police,
    )
    agreement = seed_agreement(world.programme)
    create_from_catalogue(agreement)
    p2 = Indicator.objects.get(agreement=agreement, code="P2")
    board = indicator_queries.dashboard(agreement, years=[2019, 2020, 2021])
    status = {year: board.cell(p2, None, year).result.status for year in (2019, 2020, 2021)}  # type: ignore[union-attr]
    assert status == {2019: Outcome.NOT_MET, 2020: Outcome.MET, 2021: Outcome.NOT_MET}
