#!/usr/bin/env python
"""Django's manage.py; the installed `xiezuo` command does the same."""
from xiezuo.cli import main

if __name__ == "__main__":
    main()
