"""The pipeline, end to end: load -> parse -> structure -> rules -> lower.

`compile_spec` is what the CLI, the language server and the generators call. It never
raises on bad input: every problem comes back as a diagnostic, sorted by place, and the
IR is produced only when there is no error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mizan_spec.check.channels import check_channels
from mizan_spec.check.declarations import Declarations
from mizan_spec.check.forms import check_forms
from mizan_spec.check.functions import check_functions
from mizan_spec.check.generated_names import check_generated_names
from mizan_spec.check.names import check_names
from mizan_spec.check.structure import build_declarations
from mizan_spec.check.text import check_text
from mizan_spec.check.types import check_types
from mizan_spec.check.usage import check_usage
from mizan_spec.check.values import check_values
from mizan_spec.diagnostics.codes import Severity
from mizan_spec.diagnostics.model import Diagnostic, sort_diagnostics
from mizan_spec.parse.cache import ParseCache
from mizan_spec.parse.document import ParsedFile
from mizan_spec.parse.loader import load_spec
from mizan_spec.parse.source import SourceText

if TYPE_CHECKING:  # the IR model and lowering load only when an IR is wanted
    from mizan_spec.ir.model import IR


@dataclass
class Compilation:
    """What compiling a spec gives: its files, declarations, diagnostics and the IR
    (None unless asked for and error-free)."""

    files: list[ParsedFile] = field(default_factory=list)
    declarations: Declarations = field(default_factory=Declarations)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ir: IR | None = None
    sources: dict[str, SourceText] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)  # every file read, even if it did not parse

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def compile_spec(paths: list[Path], overlay: dict[Path, str] | None = None, *,
                 want_ir: bool = True, root: Path | None = None,
                 cache: ParseCache | None = None) -> Compilation:
    """Check the spec made of these files and directories; lower it to IR if it is clean
    (and `want_ir`).

    `overlay` maps resolved paths to text that replaces the file on disk (editor buffers);
    `cache` keeps parsed files for the next compilation of the same spec (`parse.cache`).
    Includes must stay inside the directories of `paths` or inside `root`.
    The host's garbage collector is left alone: pausing it is for a process's owner to
    decide (the CLI does, around its own compiles).
    """
    loaded = load_spec(paths, overlay, root=root, cache=cache)
    found = list(loaded.diagnostics)
    decls = build_declarations(loaded.files, found)
    check_names(decls, found)
    check_generated_names(decls, found)
    check_types(decls, found)
    check_values(decls, found)
    check_text(decls, found)
    check_functions(decls, found)
    check_channels(decls, found)
    check_forms(decls, found)
    check_usage(decls, found)
    result = Compilation(loaded.files, decls, sort_diagnostics(found), sources=loaded.sources,
                         checked=loaded.checked)
    if want_ir and not result.errors:
        from mizan_spec.ir.lower import lower

        result.ir = lower(decls)
    return result
