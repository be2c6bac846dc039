"""Who may do what in the counselling, on top of ``helhedsplan.accounts.access``.

Staff, secretariat heads and administrators register and list the programme's inquiries;
board and working-group members see only the mapping, with small counts suppressed; the
police see nothing of the counselling.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from helhedsplan.accounts.access import User, has_role, visible_estates
from helhedsplan.accounts.models import Role
from helhedsplan.counselling.models import Inquiry
from helhedsplan.programmes.models import Estate, Programme

# How long the staff member who registered an inquiry may correct or delete it. A day covers
# a slip noticed after the drop-in hour; after that the inquiry counts in the reported
# figures and only the secretariat head (or an administrator) changes it.
CORRECTION_WINDOW = datetime.timedelta(hours=24)

REGISTRARS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
CORRECTORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD})
MAPPING_READERS = REGISTRARS | {Role.BOARD, Role.WORKING_GROUP}
SCHEDULE_MANAGERS = CORRECTORS


def may_register(user: User, programme: Programme) -> bool:
    """Register, list and book: the people who run the counselling."""
    return has_role(user, programme, REGISTRARS)


def may_view_mapping(user: User, programme: Programme) -> bool:
    return has_role(user, programme, MAPPING_READERS)


def sees_exact_counts(user: User, programme: Programme) -> bool:
    """Staff see exact counts on the mapping page; everyone else sees small cells as <5."""
    return has_role(user, programme, REGISTRARS)


def may_view_opening_hours(user: User, programme: Programme) -> bool:
    return has_role(user, programme, MAPPING_READERS)


def may_manage_schedule(user: User, programme: Programme) -> bool:
    return has_role(user, programme, SCHEDULE_MANAGERS)


def may_correct(user: User, inquiry: Inquiry, *, now: datetime.datetime | None = None) -> bool:
    """Correct or delete an inquiry: its registrar within the window, heads always."""
    programme = inquiry.estate.programme
    if has_role(user, programme, CORRECTORS):
        return True
    if not has_role(user, programme, REGISTRARS):
        return False
    if inquiry.registered_by_id != user.pk:
        return False
    return (now or timezone.now()) - inquiry.registered_at <= CORRECTION_WINDOW


def default_estate(user: User, programme: Programme) -> Estate | None:
    """The estate a new registration starts with: the user's own (the first, if several)."""
    return visible_estates(user, programme).first()


def own_estates(user: User, programme: Programme) -> list[Estate] | None:
    """The estates a list starts filtered to: the user's, or None when they work in all."""
    mine = list(visible_estates(user, programme))
    if len(mine) == programme.estates.count():
        return None
    return mine
