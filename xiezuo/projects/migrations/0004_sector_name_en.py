"""Sectors get an English name, shown when the interface is English; the seeded sectors get
theirs (a sector an office adds is named as it types it)."""

from django.db import migrations, models

NAMES_EN = {
    "industry": "Industry", "employment": "Employment", "infrastructure": "Infrastructure",
    "education": "Education", "health": "Health care",
    "housing": "Housing / relocation", "culture_tourism": "Culture and tourism",
    "digital": "Digital", "training": "Training", "other": "Other",
}


def fill(apps, schema_editor):
    Sector = apps.get_model("projects", "Sector")
    for sector in Sector.objects.filter(code__in=NAMES_EN, name_en=""):
        sector.name_en = NAMES_EN[sector.code]
        sector.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_record_version")]
    operations = [
        migrations.AddField(
            model_name="sector",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
