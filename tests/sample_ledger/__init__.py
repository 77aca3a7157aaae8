"""A ledger declared in an app of its own, and nothing else: the proof that a new ledger is
one app (``xiezuo/ledgers/tests/test_one_list.py`` installs it with XIEZUO_EXTRA_APPS)."""
