"""`mizan-spec lsp`: the language server, on stdio, for any LSP editor."""

from __future__ import annotations

import click


@click.command()
def lsp() -> None:
    """Run the language server on stdin/stdout (diagnostics, hover, definition, completion)."""
    from mizan_spec.cli.extras import require

    require("lsp", "the language server")
    from mizan_spec.lsp.server import run  # pygls loads only for this command

    run()
