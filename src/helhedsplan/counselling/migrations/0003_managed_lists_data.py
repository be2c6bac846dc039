"""Carry ``retired`` over to ``active`` (inverted), also in the history, so that the history
still says when an entry was in use; then tidy the lists' names and positions (see
core.lists.upgrade) before 0004 makes the names unique regardless of case."""

from django.db import migrations

from helhedsplan.core.lists.upgrade import tidy_list

MODELS = ("Topic", "Referral", "HistoricalTopic", "HistoricalReferral")


def forwards(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("counselling", model_name)
        model.objects.filter(retired=True).update(active=False)
    for model_name in ("Topic", "Referral"):
        tidy_list(apps, "counselling", model_name)


def backwards(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("counselling", model_name)
        model.objects.filter(active=False).update(retired=True)


class Migration(migrations.Migration):
    dependencies = [("counselling", "0002_managed_lists")]
    operations = [migrations.RunPython(forwards, backwards)]
