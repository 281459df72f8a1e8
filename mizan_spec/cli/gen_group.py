"""`mizan-spec gen`: the group every code generator command is added to."""

from __future__ import annotations

import click

from mizan_spec.cli.gen_python_client_command import python_client
from mizan_spec.cli.gen_python_command import python
from mizan_spec.cli.gen_typescript_command import typescript


@click.group("gen")
def gen() -> None:
    """Generate servers and clients from a spec or an IR file."""


gen.add_command(python)
gen.add_command(python_client)
gen.add_command(typescript)
