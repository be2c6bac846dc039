"""Tidy the names and number the positions of the four lists before 0008 makes their names
unique regardless of case (see core.lists.upgrade)."""

from django.db import migrations

from helhedsplan.core.lists.upgrade import tidy_list


def tidy(apps, schema_editor):
    for model_name in ("EventType", "TargetGroup", "Venue", "Partner"):
        tidy_list(apps, "events", model_name)


class Migration(migrations.Migration):
    dependencies = [("events", "0006_managed_lists")]
    operations = [migrations.RunPython(tidy, migrations.RunPython.noop)]
