"""Who may do what in the counselling: the actions of ``accounts.permissions`` for it.

Staff, secretariat heads and administrators register and list the programme's inquiries and
book counselling; board and working-group members see only the mapping, with small counts
suppressed; the police see nothing of the counselling. A membership limited to some estates
sees, registers, books and changes only in those estates: the inquiries and bookings of the
others (the residents' names above all) stay out of their lists and forms, and a direct
address of one of them is refused (403).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from helhedsplan.accounts import access
from helhedsplan.accounts.access import User
from helhedsplan.accounts.permissions import Action
from helhedsplan.counselling.models import Booking, Inquiry
from helhedsplan.programmes.models import Estate, Programme

# How long the staff member who registered an inquiry may correct or delete it. A day covers
# a slip noticed after the drop-in hour; after that the inquiry counts in the reported
# figures and only the secretariat head (or an administrator) changes it.
CORRECTION_WINDOW = datetime.timedelta(hours=24)


def may_register(user: User, programme: Programme) -> bool:
    """Register and list inquiries: the people who run the counselling (in some estates)."""
    return access.may(user, programme, Action.REGISTER_INQUIRIES)


def registering_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates whose inquiries the user registers, lists and may start from."""
    return access.estates_where(user, programme, Action.REGISTER_INQUIRIES)


def may_book(user: User, programme: Programme) -> bool:
    return access.may(user, programme, Action.BOOK_COUNSELLING)


def booking_estates(user: User, programme: Programme) -> QuerySet[Estate]:
    """The estates whose bookings (with the residents' names) the user sees and makes."""
    return access.estates_where(user, programme, Action.BOOK_COUNSELLING)


def may_cancel_booking(user: User, booking: Booking) -> bool:
    return access.may_in_estates(
        user, booking.estate.programme, Action.BOOK_COUNSELLING, [booking.estate_id]
    )


def may_view_mapping(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def sees_exact_counts(user: User, programme: Programme, estates: Iterable[Estate]) -> bool:
    """Whether the mapping of ``estates`` shows this user its small counts: only to those who
    register the inquiries of every one of them; everyone else sees small cells as <5."""
    mine = access.estate_ids_where(user, programme, Action.REGISTER_INQUIRIES)
    if mine is None:
        return may_register(user, programme)
    return {estate.pk for estate in estates} <= mine


def may_view_opening_hours(user: User, programme: Programme) -> bool:
    return access.may_view_programme(user, programme)


def may_manage_schedule(user: User, estate: Estate) -> bool:
    """Set the opening hours and closures of one estate."""
    return access.may_in_estates(user, estate.programme, Action.MANAGE_OPENING_HOURS, [estate.pk])


def may_correct(user: User, inquiry: Inquiry, *, now: datetime.datetime | None = None) -> bool:
    """Correct or delete an inquiry of the user's estates: its registrar within the window,
    heads always."""
    programme = inquiry.estate.programme
    estate_ids = [inquiry.estate_id]
    if access.may_in_estates(user, programme, Action.CORRECT_INQUIRIES, estate_ids):
        return True
    if not access.may_in_estates(user, programme, Action.REGISTER_INQUIRIES, estate_ids):
        return False
    if inquiry.registered_by_id != user.pk:
        return False
    return (now or timezone.now()) - inquiry.registered_at <= CORRECTION_WINDOW
