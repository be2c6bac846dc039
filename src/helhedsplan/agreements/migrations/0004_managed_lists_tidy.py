"""Tidy the focus areas' names and number their positions before 0005 makes their names
unique regardless of case (see core.lists.upgrade)."""

from django.db import migrations

from helhedsplan.core.lists.upgrade import tidy_list


def tidy(apps, schema_editor):
    for model_name in ("FocusArea",):
        tidy_list(apps, "agreements", model_name)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_managed_lists")]
    operations = [migrations.RunPython(tidy, migrations.RunPython.noop)]
