"""H4 and F3 live (issue 15): a questionnaire's indicator is the share of the answers to the
questions linked to its criterion that agree, counted from ``surveys.answer``; the status of a
share shown without a target ("measured") joins the statuses a closed year keeps.

Definitions made before the surveys existed named the planned source ``surveys.response``
filtered by questionnaire; they are rewritten to count the answers linked to the indicator's
code. The reverse leaves them as they are: the old source counted nothing."""

from django.db import migrations, models

OLD_SOURCE, SOURCE = "surveys.response", "surveys.answer"


def count_the_answers(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(source=OLD_SOURCE):
        indicator.source = SOURCE
        indicator.source_filter = {"indicator": indicator.code, "agrees": True}
        indicator.denominator_source = SOURCE
        indicator.denominator_filter = {"indicator": indicator.code}
        indicator.unit = "percent"
        indicator.save(
            update_fields=[
                "source",
                "source_filter",
                "denominator_source",
                "denominator_filter",
                "unit",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_baseline_status_and_snapshot_judgement"),
    ]

    operations = [
        migrations.AlterField(
            model_name="snapshot",
            name="status",
            field=models.CharField(
                choices=[
                    ("met", "Nået"),
                    ("not_met", "Ikke nået"),
                    ("baseline", "Udgangspunkt"),
                    ("on_track", "På vej"),
                    ("at_risk", "I risiko"),
                    ("no_data", "Ingen data"),
                    ("not_due", "Ikke begyndt"),
                    ("measured", "Målt, uden mål"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(count_the_answers, migrations.RunPython.noop),
    ]
