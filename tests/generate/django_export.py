"""Print the IR a generated Django package's registry exports (run as a script: Django is
configured once per process, and a form's `url` field reads its settings).

    python django_export.py PACKAGE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[2])  # not this folder: its pkgutil.py

from django.conf import settings  # noqa: E402

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])

from tests.generate.pkgutil import import_package  # noqa: E402

package, impl = import_package(Path(sys.argv[1]))
sys.stdout.write(package.build_registry(impl.Implementation()).ir_text())
