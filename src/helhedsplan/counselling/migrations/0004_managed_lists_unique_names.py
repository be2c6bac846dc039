"""``retired`` has been carried over to ``active``; a list's names are unique per programme
regardless of case."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('counselling', '0003_managed_lists_data'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalreferral',
            name='retired',
        ),
        migrations.RemoveField(
            model_name='historicaltopic',
            name='retired',
        ),
        migrations.RemoveField(
            model_name='referral',
            name='retired',
        ),
        migrations.RemoveField(
            model_name='topic',
            name='retired',
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(models.F('programme'), django.db.models.functions.text.Lower('name'), name='counselling_referral_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
        migrations.AddConstraint(
            model_name='topic',
            constraint=models.UniqueConstraint(models.F('programme'), django.db.models.functions.text.Lower('name'), name='counselling_topic_unique_name', violation_error_message='Listen har allerede et punkt med det navn.'),
        ),
    ]
