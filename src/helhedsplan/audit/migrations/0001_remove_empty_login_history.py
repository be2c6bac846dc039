"""Removes the history records that logins wrote on users.

Until Django's login receiver was replaced (``accounts.signals.record_last_login``), every
login saved the user, and the save wrote a history record identical to the one before it:
no change, only the time of a login. The sign-in log keeps logins now, for a limited time; these
records would keep them for ever and fill the trail's pages with nothing.
"""

from django.db import migrations

BATCH = 500


def remove_login_records(apps, schema_editor):
    historical_user = apps.get_model("accounts", "HistoricalUser")
    compared = [
        field.attname
        for field in historical_user._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    rows = historical_user.objects.order_by("id", "history_date", "history_id").values_list(
        "history_id", "history_type", *compared
    )
    empty = []
    before = None
    for history_id, history_type, *values in rows.iterator():
        if history_type == "~" and before == values:
            empty.append(history_id)
        before = values
    for start in range(0, len(empty), BATCH):
        historical_user.objects.filter(history_id__in=empty[start : start + BATCH]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(remove_login_records, migrations.RunPython.noop)]
