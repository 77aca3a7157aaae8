from django.db import migrations

SECTORS = [
    ("industry", "产业"), ("employment", "就业"), ("infrastructure", "基础设施"),
    ("education", "教育"), ("health", "医疗"), ("housing", "住房/易地搬迁"),
    ("culture_tourism", "文旅"), ("digital", "数字"), ("training", "培训"), ("other", "其他"),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("projects", "Sector")
    for order, (code, name) in enumerate(SECTORS, 1):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
