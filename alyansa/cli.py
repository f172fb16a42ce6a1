"""The `alyansa` command: demo, serve, worker, createadmin, check, backup, restore, tally, and
every Django management command behind them."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
    # Django and our settings are imported only now, once the settings module is named.
    from alyansa.core.env import ConfigError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading it loads and validates the settings
    except ConfigError as error:
        print(f"alyansa: configuration error: {error}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alyansa", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
