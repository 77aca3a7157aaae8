"""Preload the national indicator catalogue (data; edit it in the admin or by a later
migration, never in code)."""

from django.db import migrations


def seed(apps, schema_editor):
    from xiezuo.indicators import catalogue

    catalogue.load(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
