"""The pre-aggregated figures moved down to the ledger layer (``ledgers.LedgerMeasure`` and
``ledgers.LedgerFigure``, kept current by the ledger write action): the indicators' own tables
go. ``xiezuo setup`` (or ``xiezuo indicators rebuild``) builds the figures again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_aggregates")]

    operations = [
        migrations.DeleteModel(name="Aggregate"),
        migrations.DeleteModel(name="AggregateState"),
        migrations.DeleteModel(name="AggregateSource"),
    ]
