"""The target groups indicators count, by code, with their Danish names."""

from django.db import migrations

TARGET_GROUPS = [
    ("youth", "Unge 15-25 år"),
    ("mixed", "Blandet gruppe på tværs af etnicitet og generationer"),
]


def create_target_groups(apps, schema_editor):
    TargetGroup = apps.get_model("events", "TargetGroup")
    for code, name in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name})


def delete_target_groups(apps, schema_editor):
    TargetGroup = apps.get_model("events", "TargetGroup")
    TargetGroup.objects.filter(code__in=[code for code, _name in TARGET_GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0004_event_target_groups_resident_volunteers")]

    operations = [migrations.RunPython(create_target_groups, delete_target_groups)]
