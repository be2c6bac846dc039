"""A list's names are unique regardless of case, per programme for venues and partners."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_managed_lists_tidy'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='eventtype',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='events_eventtype_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(models.F('programme'), django.db.models.functions.text.Lower('name'), name='events_partner_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
        migrations.AddConstraint(
            model_name='targetgroup',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='events_targetgroup_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(models.F('programme'), django.db.models.functions.text.Lower('name'), name='events_venue_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
    ]
