"""Who may see and change the managed lists: the one rule for every list.

- A programme's list is seen and changed by those who keep that programme's lists (its
  administrators), and by no one from another programme.
- A global list is changed only by a superuser: it is shared by every programme, so no
  programme's administrator may change it for the others. Those who keep any programme's
  lists may read it.

Core imports no other app, so which programmes a person keeps the lists of is told by the
app that knows the roles (``accounts``), which registers its rule here in its
``AppConfig.ready``. Until one is registered, only superusers keep lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import models as auth_models
from django.db.models import Model, QuerySet

from helhedsplan.core.lists.registry import ManagedList

User = auth_models.User | auth_models.AnonymousUser


@dataclass(frozen=True)
class Keepers:
    # (user, programme) -> whether the user keeps the lists of that programme.
    keeps: Callable[[Any, Any], bool]
    # (user) -> the programmes whose lists the user keeps (every one for a superuser).
    programmes: Callable[[Any], QuerySet]


# The rule the accounts app registers; at most one.
_rule: dict[str, Keepers] = {}


def register_keepers(
    *, keeps: Callable[[Any, Any], bool], programmes: Callable[[Any], QuerySet]
) -> None:
    _rule["keepers"] = Keepers(keeps=keeps, programmes=programmes)


def _is_superuser(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def kept_programmes(user: User) -> list[Model]:
    """The programmes whose lists the user keeps."""
    keepers = _rule.get("keepers")
    return list(keepers.programmes(user)) if keepers is not None else []


def _keeps(user: User, programme: Model) -> bool:
    if _is_superuser(user):
        return True
    keepers = _rule.get("keepers")
    return keepers is not None and keepers.keeps(user, programme)


def may_open_lists(user: User) -> bool:
    """Whether the user has any list to see: the index of the lists and the links to it."""
    if _is_superuser(user):
        return True
    keepers = _rule.get("keepers")
    return keepers is not None and keepers.programmes(user).exists()


def may_view(user: User, managed: ManagedList, programme: Model | None) -> bool:
    if managed.is_global:
        return may_open_lists(user)
    return programme is not None and _keeps(user, programme)


def may_change(user: User, managed: ManagedList, programme: Model | None) -> bool:
    if managed.is_global:
        return _is_superuser(user)
    return programme is not None and _keeps(user, programme)
