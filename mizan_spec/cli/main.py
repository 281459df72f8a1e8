"""The `mizan-spec` command group. Each command lives in its own module and is added here.

Exit codes: 0 clean (warnings allowed), 1 when the spec has errors, 2 for usage errors
(a path that does not exist, an unknown option), 3 for an internal error, which is
reported in one line without a traceback (set MIZAN_SPEC_DEBUG=1 to see it).
"""

from __future__ import annotations

import os
import sys

import click

from mizan_spec import __version__
from mizan_spec.cli.breaking_command import breaking
from mizan_spec.cli.fmt_command import fmt
from mizan_spec.cli.gen_group import gen
from mizan_spec.cli.import_command import import_
from mizan_spec.cli.lsp_command import lsp
from mizan_spec.cli.openapi_command import openapi
from mizan_spec.cli.spec_commands import check, ir


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mizan-spec")
def cli() -> None:
    """Spec-first toolkit for the Mizan RPC protocol."""


cli.add_command(check)
cli.add_command(ir)
cli.add_command(gen)
cli.add_command(lsp)
cli.add_command(fmt)
cli.add_command(breaking)
cli.add_command(import_)
cli.add_command(openapi)


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
