"""The calendar feeds a person may subscribe to with their secret calendar address.

The feeds are the apps' (an estate's events, the counselling's opening hours); the token that
opens them and the page that shows their addresses are ``accounts``'. So that the accounts
app, below the others, can list the feeds without knowing them, each app registers in its
``AppConfig.ready`` a function that lists the feeds a person may read, under URLs of the
``feeds`` namespace (``/feeds/<token>/…``, put together in the project's ``urls.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.urls import reverse


@dataclass(frozen=True)
class Feed:
    label: str
    # A URL name in the ``feeds`` namespace, which takes the token and ``kwargs``.
    url_name: str
    kwargs: dict[str, object] = field(default_factory=dict)

    def path(self, token: str) -> str:
        return reverse(self.url_name, kwargs={"token": token, **self.kwargs})


Lister = Callable[[AbstractBaseUser | AnonymousUser], list[Feed]]

_listers: list[Lister] = []


def register(lister: Lister) -> None:
    if lister not in _listers:
        _listers.append(lister)


def feeds_for(user: AbstractBaseUser | AnonymousUser) -> list[Feed]:
    """Every feed the user may read now, in the order the apps registered."""
    return [feed for lister in _listers for feed in lister(user)]
