"""The `accord` command: Django's manage.py, installed as a console script."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
