#!/usr/bin/env python
"""Django's command-line utility for Khamrap."""
import os
import sys
from pathlib import Path

# The Django project package lives in site/khamrap (a package named "site" would be
# shadowed by Python's own stdlib "site" module), so site/ goes on the path first.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
