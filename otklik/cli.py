"""The ``otklik`` console command: every Django management command, plus ``otklik run``."""

from __future__ import annotations

import os
import sys

from otklik.config.env import ConfigError


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["otklik", *(argv if argv is not None else sys.argv[1:])])
    except ConfigError as exc:
        # A bad variable is the operator's to fix: one line naming it, not a traceback through Django.
        sys.exit(f"otklik: configuration error: {exc}")


if __name__ == "__main__":
    main()
