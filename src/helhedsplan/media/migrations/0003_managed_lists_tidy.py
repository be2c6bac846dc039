"""Tidy the outlets' names and number their positions before 0004 makes their names unique
regardless of case (see core.lists.upgrade)."""

from django.db import migrations

from helhedsplan.core.lists.upgrade import tidy_list


def tidy(apps, schema_editor):
    for model_name in ("Outlet",):
        tidy_list(apps, "media", model_name)


class Migration(migrations.Migration):
    dependencies = [("media", "0002_managed_lists")]
    operations = [migrations.RunPython(tidy, migrations.RunPython.noop)]
