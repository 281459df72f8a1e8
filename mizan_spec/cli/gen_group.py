"""`mizan-spec gen`: the group every code generator command is added to (each imported
only when it runs)."""

from __future__ import annotations

import click

from mizan_spec.cli.lazy import LazyGroup


@click.group("gen", cls=LazyGroup, lazy={
    "python": "mizan_spec.cli.gen_python_command:python",
    "python-client": "mizan_spec.cli.gen_python_client_command:python_client",
    "typescript": "mizan_spec.cli.gen_typescript_command:typescript",
})
def gen() -> None:
    """Generate servers and clients from a spec or an IR file."""
