from django.apps import AppConfig


class SampleLedgerConfig(AppConfig):
    name = "tests.sample_ledger"
    label = "sample_ledger"
    verbose_name = "样例台账"
