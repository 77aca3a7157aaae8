"""The default data set: every ledger of work done, monthly, due on the 28th."""

import datetime as dt

from django.db import migrations

DEFAULT_LEDGERS = [
    "projects.project", "funds.fundmovement", "people.cadre", "people.team",
    "people.training", "labour.labourrecord", "labour.labourcount", "labour.trainingbase",
    "consumption.consumption", "industry.enterprise", "industry.park",
    "social.socialpairing", "meetings.meeting", "meetings.agreement",
]


def seed(apps, schema_editor):
    DataSet = apps.get_model("reporting", "DataSet")
    DataSet.objects.get_or_create(name="月度报送", defaults={
        "ledgers": list(DEFAULT_LEDGERS), "frequency": "monthly", "deadline_day": 28,
        "owed_by": "recipient", "start_date": dt.date(2026, 1, 1), "active": True})


def unseed(apps, schema_editor):
    apps.get_model("reporting", "DataSet").objects.filter(name="月度报送").delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
