"""The `mizan-spec` command group. Each command lives in its own module,
named here and imported only when it runs.

Exit codes: 0 clean (warnings allowed), 1 when the spec has errors, 2 for usage errors
(a path that does not exist, an unknown option), 3 for an internal error, which is
reported in one line without a traceback (set MIZAN_SPEC_DEBUG=1 to see it).
"""

from __future__ import annotations

import os
import sys

import click

from mizan_spec import __version__
from mizan_spec.cli.lazy import LazyGroup

# command name -> where it lives; a run imports only the module of the command it runs
COMMANDS = {
    "check": "mizan_spec.cli.spec_commands:check",
    "ir": "mizan_spec.cli.spec_commands:ir",
    "gen": "mizan_spec.cli.gen_group:gen",
    "lsp": "mizan_spec.cli.lsp_command:lsp",
    "fmt": "mizan_spec.cli.fmt_command:fmt",
    "breaking": "mizan_spec.cli.breaking_command:breaking",
    "import": "mizan_spec.cli.import_command:import_",
    "openapi": "mizan_spec.cli.openapi_command:openapi",
}


@click.group(cls=LazyGroup, lazy=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mizan-spec")
def cli() -> None:
    """Spec-first toolkit for the Mizan RPC protocol."""


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # the last line of defence: no traceback reaches a user
        if os.environ.get("MIZAN_SPEC_DEBUG"):
            raise
        click.echo(f"mizan-spec: internal error: {type(e).__name__}: {e} "
                   "(set MIZAN_SPEC_DEBUG=1 for details)", err=True)
        sys.exit(3)
