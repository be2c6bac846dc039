"""The event types indicators count, by code, with their Danish names."""

from django.db import migrations

EVENT_TYPES = [
    ("theme_evening", "Temaaften"),
    ("cultural", "Kulturelt arrangement"),
    ("open_house", "Åbent hus"),
    ("resident_activity", "Beboerdrevet social aktivitet"),
    ("youth_initiative", "Frivilligt initiativ for unge"),
    ("network_meeting", "Netværksmøde for frivillige"),
    ("other", "Andet"),
]


def create_event_types(apps, schema_editor):
    EventType = apps.get_model("events", "EventType")
    for code, name in EVENT_TYPES:
        EventType.objects.get_or_create(code=code, defaults={"name": name})


def delete_event_types(apps, schema_editor):
    EventType = apps.get_model("events", "EventType")
    EventType.objects.filter(code__in=[code for code, _name in EVENT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_event_types, delete_event_types)]
