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
from helhedsplan.surveys.models import ScanBatch, ScanPage, Wave


def may_view_results(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_manage(user: User, programme: Programme) -> bool:
    """Write the programme's questionnaires: for those who manage surveys in all its estates."""
    return access.may(user, programme, Action.MANAGE_SURVEYS) and (
        access.estate_ids_where(user, programme, Action.MANAGE_SURVEYS) is None
    )


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


# Scanned batches (helper SD) ---------------------------------------------------------------


def entered_estate_ids(user: User, programme: Programme) -> frozenset[int] | None:
    """The ids of the estates whose answers a person enters, or None for every estate."""
    return access.estate_ids_where(user, programme, Action.ENTER_SURVEY_ANSWERS)


def may_enter_page(user: User, page: ScanPage) -> bool:
    """See a scanned page's cut-outs and decide its marks: those who enter its wave's answers."""
    return page.wave is not None and may_enter(user, page.wave)


def may_import(user: User, batch: ScanBatch) -> bool:
    """Store a batch's answers: for those who enter answers in every estate its forms are of."""
    if not may_enter_anywhere(user, batch.programme):
        return False
    ids = entered_estate_ids(user, batch.programme)
    if ids is None:
        return True
    estates = batch.pages.filter(wave__isnull=False).values_list("wave__estate", flat=True)
    return set(estates) <= ids


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
