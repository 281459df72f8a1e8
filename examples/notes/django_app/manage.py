"""Django's command line for the notebook example, runnable from anywhere:

    uv run python examples/notes/django_app/manage.py migrate
    uv run python examples/notes/django_app/manage.py add_users
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # examples/
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notes.django_app.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
