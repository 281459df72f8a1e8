"""Which optional dependencies a command needs, and the plain message when one is absent.

The core install (spec language, checker, IR, generators) has no server framework and no
language server; `mizan-spec[fastapi]`, `[django]`, `[lsp]` and `[client]` bring them.
"""

from __future__ import annotations

import importlib.util

import click

EXTRAS = {"lsp": ("pygls", "lsprotocol"), "django": ("django",), "fastapi": ("fastapi",),
          "client": ("httpx",)}


def require(extra: str, what: str) -> None:
    """Exit 2 with one line naming the extra to install when its modules are missing."""
    missing = [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]
    if missing:
        click.echo(f"mizan-spec: {what} needs {', '.join(missing)}, which is not installed: "
                   f"pip install 'mizan-spec[{extra}]'", err=True)
        raise SystemExit(2)
