"""Who may see or change the surveys: ``MANAGE_SURVEYS`` and ``ENTER_SURVEY_ANSWERS`` of
``accounts.permissions``; the results are read with ``VIEW_PROGRAMME``.

A questionnaire is the programme's: those who manage surveys anywhere in it write it, and an
estate-limited person only where they manage every estate (a questionnaire is asked in all of
them). A wave belongs to its estate: it is opened, printed, keyed in and scanned by those of
that estate. The free-text answers are read only by those who collect the wave's answers. The
answer pages themselves are public: a wave's random link is the key.
"""

from __future__ import annotations

from django.db.models import QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys.models import Questionnaire, Wave


def may_view_results(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_manage(user: User, programme: Programme) -> bool:
    """Write the programme's questionnaires: for those who manage surveys in all its estates."""
    return access.may(user, programme, Action.MANAGE_SURVEYS) and (
        access.estate_ids_where(user, programme, Action.MANAGE_SURVEYS) is None
    )


def may_manage_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    return may_manage(user, questionnaire.programme)


def managed_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates a person may open waves in."""
    return access.estates_where(user, programme, Action.MANAGE_SURVEYS)


def may_manage_wave(user: User, wave: Wave) -> bool:
    return access.may_in_estates(
        user, wave.questionnaire.programme, Action.MANAGE_SURVEYS, [wave.estate_id]
    )


def may_enter(user: User, wave: Wave) -> bool:
    """Print the wave's poster and forms, key in and scan its paper, read its free text."""
    return access.may_in_estates(
        user, wave.questionnaire.programme, Action.ENTER_SURVEY_ANSWERS, [wave.estate_id]
    )


def may_enter_anywhere(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.ENTER_SURVEY_ANSWERS)


def entered_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates whose waves a person collects answers for (and reads the free text of)."""
    return access.estates_where(user, programme, Action.ENTER_SURVEY_ANSWERS)


# Helper SA: the questionnaires' pages and menu, the wave's page ----------------------------------


def may_see_surveys(user: User, programme: Programme) -> bool:
    """The questionnaires' pages: for readers of the programme and those who collect answers."""
    return may_view_results(user, programme) or may_enter_anywhere(user, programme)


def surveyed_programmes(user: User) -> QuerySet[Programme]:
    return (
        access.readable_programmes(user)
        | access.programmes_where(user, Action.ENTER_SURVEY_ANSWERS)
    ).distinct()


def may_see_surveys_anywhere(user: User) -> bool:
    return access.may_view_any_programme(user) or access.may_anywhere(
        user, Action.ENTER_SURVEY_ANSWERS
    )


def may_open_waves(user: User, programme: Programme) -> bool:
    """Open waves in some estate of the programme (the form offers those estates)."""
    return access.may(user, programme, Action.MANAGE_SURVEYS)


def may_see_wave(user: User, wave: Wave) -> bool:
    return may_view_results(user, wave.questionnaire.programme) or may_enter(user, wave)


def managed_waves(user: User, programme: Programme) -> QuerySet[Wave]:
    """The programme's waves in the estates a person manages surveys in."""
    return Wave.objects.filter(
        questionnaire__programme=programme, estate__in=managed_estates(user, programme)
    )
