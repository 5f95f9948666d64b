#!/usr/bin/env python
"""Django's command-line utility for the Cổng TTĐT platform."""

import os
import sys

# Commands of the demo app, installed only with DEMO=1 (config/settings.py).
DEMO_COMMANDS = {"load_demo", "demo_summary", "demo_pages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in DEMO_COMMANDS:
        from django.conf import settings

        if "demo" not in settings.INSTALLED_APPS:
            sys.exit(
                f"manage.py {sys.argv[1]}: the demo is not installed here. Run it with DEMO=1 "
                "(bin/demo does), never on a production database."
            )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
