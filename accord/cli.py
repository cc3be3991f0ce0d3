"""The `accord` command: Django's manage.py, installed as a console script."""

import os
import sys

# Spelled with a hyphen on the command line, as the deployment guide does.
ALIASES = {"mail-in": "mail_in", "mail-poll": "mail_poll"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    execute_from_command_line(argv)
