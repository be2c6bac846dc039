"""Who may see or change volunteers: the actions of ``accounts.permissions`` for them.

Staff, secretariat heads and administrators keep the register, each limited to their estates
(a volunteer who is not a resident is every keeper's); the board, the working groups and the
police see how many volunteers there are, never who. Reviewing retention, renewing a consent
and erasing are the privacy lifecycle's (``privacy.access``).

A task belongs to one estate, and its keepers are those who keep that estate's volunteers:
they register, edit and end it, assign and unassign its volunteers and log their hours. Its
volunteers are residents of that estate or not residents (``services.task_assign``), so
whoever keeps a task keeps the people on it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.events import access as events_access
from helhedsplan.events.models import Event
from helhedsplan.privacy import access as privacy_access
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import Task, Volunteer
from helhedsplan.volunteers.register import REGISTER


def may_count(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.COUNT_VOLUNTEERS)


def may_count_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.COUNT_VOLUNTEERS)


def counted_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.COUNT_VOLUNTEERS)


def may_keep(user: User, programme: Programme) -> bool:
    return privacy_access.may_keep(user, REGISTER, programme)


def kept_volunteers(user: User, programme: Programme) -> QuerySet[Volunteer]:
    return privacy_access.kept_people(user, REGISTER, programme)


def own_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a keeper may place a volunteer in."""
    return access.estates_where(user, programme, Action.KEEP_VOLUNTEERS)


def may_keep_volunteer(user: User, volunteer: Volunteer) -> bool:
    return privacy_access.may_keep_person(user, REGISTER, volunteer)


def may_review_volunteer(user: User, volunteer: Volunteer) -> bool:
    return privacy_access.may_review_person(user, volunteer)


def may_keep_task(user: User, task: Task) -> bool:
    return access.may_in_estates(user, task.programme, Action.KEEP_VOLUNTEERS, [task.estate_id])


def kept_tasks(user: User, programme: Programme) -> QuerySet[Task]:
    if not may_keep(user, programme):
        return Task.objects.none()
    return Task.objects.filter(programme=programme, estate__in=own_estates(user, programme))


# Volunteer parties, invitations and events' helpers
#
# Who keeps volunteers in an event's programme invites them to it and marks who came and
# helped; estate limits bind through the people: each sees, invites and marks only the
# volunteers they keep (a party of one estate may invite the volunteers of another). The
# event's own helper count is the events app's: setting it from the links also takes
# changing the event.


def may_keep_event_volunteers(user: User, event: Event) -> bool:
    return may_keep(user, event.programme)


def may_set_helper_figure(user: User, event: Event) -> bool:
    return may_keep(user, event.programme) and events_access.may_change_event(user, event)


# The certificate: those who keep a volunteer issue their certificates and download them;
# the secretariat head and administrators set the programme's rules for them.


def may_set_certificate_rules(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.SET_CERTIFICATE_RULES)
