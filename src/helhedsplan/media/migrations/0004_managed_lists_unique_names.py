"""An outlet's name is unique in its programme regardless of case."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('media', '0003_managed_lists_tidy'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='outlet',
            constraint=models.UniqueConstraint(models.F('programme'), django.db.models.functions.text.Lower('name'), name='media_outlet_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
    ]
