"""A focus area's name is unique regardless of case."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0004_managed_lists_tidy'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='focusarea',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='agreements_focusarea_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
    ]
