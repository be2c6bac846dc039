"""The system check of ``REQUIRE_TWO_FACTOR_FOR``: a misspelt role would require nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from helhedsplan.accounts.models import Role


@register(Tags.security)
def check_two_factor_roles(app_configs=None, **kwargs) -> list[Error]:
    unknown = sorted(set(settings.REQUIRE_TWO_FACTOR_FOR) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"REQUIRE_TWO_FACTOR_FOR names unknown roles: {', '.join(unknown)}.",
            hint=f"Use some of {', '.join(Role.values)}, comma-separated.",
            id="helhedsplan.E101",
        )
    ]
