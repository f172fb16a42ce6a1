#!/usr/bin/env python
"""Django's manage.py, kept for habit; `alyansa` does the same."""

import sys

from alyansa.cli import main

if __name__ == "__main__":
    sys.exit(main())
