"""Receivers of Django's authentication signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone


def record_last_login(sender: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
    """Stores the login time without saving the user.

    Django's own receiver saves the user, and django-simple-history writes a history record on
    every save of an audited model, even one that changes only an excluded field: every login
    became an empty change in the audit trail. Logins belong in the sign-in log (django-axes
    keeps it), so the time is written with an update, which sends no save signals.
    """
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
