from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helhedsplan.accounts"
    verbose_name = _("Brugere og roller")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from simple_history import register

        from helhedsplan.accounts import (
            access,
            checks,  # noqa: F401 - importing registers the check
            signals,
        )
        from helhedsplan.accounts.models import Membership
        from helhedsplan.core import audit_registry
        from helhedsplan.core.lists import access as lists_access

        user_model = get_user_model()
        # Password hashes and login times are not domain data and stay out of the trail.
        register(user_model, app=__package__, excluded_fields=["password", "last_login"])
        # Replaces Django's receiver (same dispatch uid), whose save made every login a change.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(signals.record_last_login, dispatch_uid="update_last_login")
        audit_registry.register(Membership, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(user_model, scope=_users_of_programmes)
        lists_access.register_keepers(
            keeps=access.may_keep_lists, programmes=access.list_kept_programmes
        )


def _users_of_programmes(records, programme_ids):
    from helhedsplan.accounts.models import Membership

    user_ids = Membership.objects.filter(programme__in=programme_ids).values("user_id")
    return records.filter(id__in=user_ids)
