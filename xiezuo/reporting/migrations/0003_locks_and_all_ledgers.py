"""Approved periods are locked by the ledger layer (``ledgers.PeriodLock``): a lock for each
approved submission. A data set may cover every work ledger (the default 月度报送 does, so a
ledger added later is owed too); other data sets keep their list."""

from django.db import migrations, models

#: what the default data set listed when it was seeded (0002)
OLD_DEFAULT = {
    "projects.project", "funds.fundmovement", "people.cadre", "people.team",
    "people.training", "labour.labourrecord", "labour.labourcount", "labour.trainingbase",
    "consumption.consumption", "industry.enterprise", "industry.park",
    "social.socialpairing", "meetings.meeting", "meetings.agreement",
}


def forward(apps, schema_editor):
    DataSet = apps.get_model("reporting", "DataSet")
    Submission = apps.get_model("reporting", "Submission")
    PeriodLock = apps.get_model("ledgers", "PeriodLock")
    for data_set in DataSet.objects.all():
        if set(data_set.ledgers or ()) == OLD_DEFAULT:
            data_set.all_ledgers = True
            data_set.save(update_fields=["all_ledgers"])
    for sub in Submission.objects.filter(status="approved").select_related("data_set"):
        PeriodLock.objects.update_or_create(holder=f"reporting.submission:{sub.pk}", defaults={
            "region_id": sub.region_id, "region_key": sub.region_key,
            "period_start": sub.period_start, "period_end": sub.period_end,
            "ledgers": sorted(set(sub.data_set.ledgers or ())),
            "locked_at": sub.approved_at or sub.updated_at, "locked_by_id": sub.approved_by_id})


def backward(apps, schema_editor):
    apps.get_model("ledgers", "PeriodLock").objects.filter(
        holder__startswith="reporting.submission:").delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_default_data_set"), ("ledgers", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="dataset", name="all_ledgers",
            field=models.BooleanField(default=False, help_text="勾选时涵盖每一本工作台账（以后新增的台账也包括在内）",
                                      verbose_name="涵盖全部工作台账")),
        migrations.AlterField(
            model_name="dataset", name="ledgers",
            field=models.JSONField(blank=True, default=list,
                                   help_text="台账标识，如 projects.project、funds.fundmovement",
                                   verbose_name="涵盖台账")),
        migrations.RunPython(forward, backward),
    ]
