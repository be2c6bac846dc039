"""The focus areas of Landsbyggefonden's recent funding periods, as a starting list that
administrators extend or retire."""

from django.db import migrations

FOCUS_AREAS = [
    "Tryghed og trivsel",
    "Uddannelse og livschancer",
    "Beskæftigelse",
    "Kriminalitetsforebyggelse",
    "Forebyggelse og forældreansvar",
    "Sundhed og trivsel",
]


def add_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("agreements", "FocusArea")
    for name in FOCUS_AREAS:
        FocusArea.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(add_focus_areas, migrations.RunPython.noop)]
