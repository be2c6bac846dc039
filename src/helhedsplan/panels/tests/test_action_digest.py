"""The owners' weekly digest of their open actions (issue 14, part 2), sent by the
scheduler on Monday morning, once per slot."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from conftest import World
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Organisation
from helhedsplan.core import schedule
from helhedsplan.panels import services
from helhedsplan.panels.models import ActionStatus
from helhedsplan.panels.tests.helpers import a_concern_in, an_action

TODAY = datetime.date(2021, 3, 8)  # a Monday


def _owners(world: World) -> None:
    account_services.user_update(
        user=world.user("partner"), first_name="Karen", last_name="Kommune", email="k@kommune.dk"
    )
    account_services.user_update(
        user=world.user("police"), first_name="Per", last_name="Politi", email="p@politi.dk"
    )


def _actions(world: World) -> None:
    concern = a_concern_in(world.programme, world.vapnagaard)
    by = world.user("staff")
    partner = world.user("partner")
    an_action(
        concern, by=by, owner=partner, due_on=datetime.date(2021, 4, 1), description="Ny lygte"
    )
    an_action(
        concern, by=by, owner=partner, due_on=datetime.date(2021, 3, 1), description="Gammel lygte"
    )
    done = an_action(concern, by=by, owner=partner, description="Klaret lygte")
    services.action_set_status(action=done, status=ActionStatus.DONE, by=by)
    # The police officer's only action is done: no digest for them.
    police = an_action(
        concern,
        by=by,
        owner=world.user("police"),
        party=Organisation.POLICE,
        description="Patrulje",
    )
    services.action_set_status(action=police, status=ActionStatus.DONE, by=by)
    # An owner without an e-mail address gets none either.
    an_action(concern, by=by, owner=world.user("staff"), party=Organisation.PROGRAMME)


def test_each_owner_gets_their_open_actions_the_overdue_first_and_marked(world: World) -> None:
    _owners(world)
    _actions(world)

    result = services.action_digests_send(today=TODAY)

    assert result == services.DigestsSent(sent=1, failed=0)
    [message] = mail.outbox
    assert message.to == ["k@kommune.dk"]
    assert message.subject == "Dine åbne handlinger fra beboerpanelet"
    body = message.body
    assert "Kære Karen Kommune" in body
    assert "2 åbne handlinger" in body
    assert body.index("Gammel lygte") < body.index("Ny lygte")
    assert "OVERSKREDET * Frist 01.03.2021" in body
    assert "OVERSKREDET * Frist 01.04.2021" not in body
    assert "Klaret lygte" not in body and "Patrulje" not in body


@pytest.mark.django_db(transaction=True)
def test_the_weekly_job_sends_once_per_slot_on_monday_morning(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        schedule,
        "_jobs",
        {name: job for name, job in schedule._jobs.items() if name == "panels.send_action_digests"},
    )
    _owners(world)
    _actions(world)
    monday = datetime.datetime(2021, 3, 8, 6, 30, tzinfo=datetime.UTC)
    job = schedule.jobs()[0]
    assert job.slot(monday) == datetime.datetime(2021, 3, 8, 6, tzinfo=datetime.UTC)

    for moment in (
        monday,
        monday + datetime.timedelta(hours=3),
        monday + datetime.timedelta(days=6),
    ):
        with time_machine.travel(moment, tick=False):
            call_command("worker", "--batch", verbosity=0)
    assert len(mail.outbox) == 1

    with time_machine.travel(monday + datetime.timedelta(weeks=1), tick=False):
        call_command("worker", "--batch", verbosity=0)
    assert len(mail.outbox) == 2
