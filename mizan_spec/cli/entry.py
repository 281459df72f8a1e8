"""The `mizan-spec` executable: start-up with the cyclic collector out of the way.

A command line owns its process. Loading click, the command group and the one command's
modules makes tens of thousands of objects that all live until the process ends; the
collections their allocation triggers free nothing, and every later collection would
walk them all again. So the collector is paused while those modules load, and what they
made is then frozen (`gc.freeze`: kept out of every later collection). The command itself
runs with the collector as usual (its compiles pause it on their own, see
`compiling.py`). This module imports nothing of its own before that.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys


def main() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from mizan_spec.cli import main as command_line

        _preload(command_line.COMMANDS, sys.argv[1:2])
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    command_line.main()


def _preload(commands: dict[str, str], first: list[str]) -> None:
    """Load the module of the command named first on the command line, if it names one
    (the group would load it a moment later, with the collector running)."""
    if first and first[0] in commands:
        with contextlib.suppress(Exception):  # the group loads it again, and reports why
            importlib.import_module(commands[first[0]].partition(":")[0])
