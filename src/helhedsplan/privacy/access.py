"""Who may see, export, review and erase the people of a personal register.

A register names the action of ``accounts.permissions`` that keeps it (for volunteers: staff,
secretariat heads and administrators, limited to their estates); reviewing retention,
renewing consents and erasing is ``REVIEW_PERSONAL_DATA`` (secretariat heads and
administrators), limited to their estates as well. A person who is not a resident belongs to
no estate and so to every keeper of the programme: a staff member limited to one estate who
registers a volunteer from outside it keeps seeing them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.privacy import registry
from helhedsplan.privacy.registry import PersonalRegister
from helhedsplan.programmes.models import Programme


def in_estates(user: User, programme: Programme, action: Action) -> Q:
    """The people of ``programme`` the user may act on: those of their estates, and those of
    no estate."""
    ids = access.estate_ids_where(user, programme, action)
    if ids is None:
        return Q()
    return Q(estate__in=ids) | Q(estate__isnull=True)


def _may_act_on(user: User, person: Any, action: Action) -> bool:
    if person.estate_id is None:
        return access.may(user, person.programme, action)
    return access.may_in_estates(user, person.programme, action, [person.estate_id])


def may_keep(user: User, personal_register: PersonalRegister, programme: Programme) -> bool:
    return access.may(user, programme, personal_register.keep_action)


def may_keep_person(user: User, personal_register: PersonalRegister, person: Any) -> bool:
    """See the person's page and data, export them, record a withdrawal."""
    return _may_act_on(user, person, personal_register.keep_action)


def kept_people(
    user: User, personal_register: PersonalRegister, programme: Programme
) -> QuerySet[Any]:
    if not may_keep(user, personal_register, programme):
        return personal_register.model._default_manager.none()
    return personal_register.model._default_manager.filter(
        in_estates(user, programme, personal_register.keep_action), programme=programme
    )


def may_review_anywhere(user: User) -> bool:
    return access.may_anywhere(user, Action.REVIEW_PERSONAL_DATA)


def reviewed_programmes(user: User) -> QuerySet[Programme]:
    return access.programmes_where(user, Action.REVIEW_PERSONAL_DATA)


def may_review(user: User, programme: Programme) -> bool:
    """Publish consent texts, set retention, see the review list."""
    return access.may(user, programme, Action.REVIEW_PERSONAL_DATA)


def may_review_person(user: User, person: Any) -> bool:
    """Renew a person's consent or erase them."""
    return _may_act_on(user, person, Action.REVIEW_PERSONAL_DATA)


def reviewed_people(
    user: User, personal_register: PersonalRegister, programme: Programme
) -> QuerySet[Any]:
    if not may_review(user, programme):
        return personal_register.model._default_manager.none()
    return personal_register.model._default_manager.filter(
        in_estates(user, programme, Action.REVIEW_PERSONAL_DATA), programme=programme
    )


def may_read_scan(user: User, consent: Any) -> bool:
    """A consent's scan, to whom keeps its person."""
    personal_register = registry.get(consent.register)
    if personal_register is None or consent.person_id is None:
        return False
    person = (
        personal_register.model._default_manager.select_related("programme")
        .filter(pk=consent.person_id)
        .first()
    )
    return person is not None and may_keep_person(user, personal_register, person)
