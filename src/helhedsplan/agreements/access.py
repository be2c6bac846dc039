"""Who may read, import, edit, propose and approve agreements."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from helhedsplan.accounts import access
from helhedsplan.accounts.models import Role
from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme

# Staff and working groups propose changes; the board decides.
EDITORS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF, Role.WORKING_GROUP})
IMPORTERS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_HEAD, Role.STAFF})
APPROVERS = frozenset({Role.BOARD})


def may_view(user: AbstractBaseUser, agreement: Agreement) -> bool:
    return access.may_view_programme(user, agreement.programme)


def may_view_any(user: AbstractBaseUser) -> bool:
    return access.has_role_anywhere(user, access.PROGRAMME_READERS)


def may_import(user: AbstractBaseUser, programme: Programme) -> bool:
    return access.has_role(user, programme, IMPORTERS)


def may_import_anywhere(user: AbstractBaseUser) -> bool:
    return access.has_role_anywhere(user, IMPORTERS)


def importable_programmes(user: AbstractBaseUser):
    return access.programmes_with_role(user, IMPORTERS)


def may_edit(user: AbstractBaseUser, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, EDITORS)


def may_approve(user: AbstractBaseUser, agreement: Agreement) -> bool:
    return access.has_role(user, agreement.programme, APPROVERS)


def may_manage_focus_areas(user: AbstractBaseUser) -> bool:
    return access.may_manage_users_anywhere(user)
