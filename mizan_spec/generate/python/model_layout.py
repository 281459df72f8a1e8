"""The models module laid out as every other generated module is: the first custom
formatter of the model generator (its `custom_formatters` extension point), standing in
for its builtin formatter.

The templates (`generators/python-models/`) print every line of the classes final: the
type printer's annotations, a blank line after each class docstring, two between top-level
statements, double quotes everywhere. Only the import block is left: this step writes it
again, as `imports.block` lays out those of every generated module, from what the type
printer imported for the lines it wrote and, of the generator's own imports, what the
class lines use (the bases and `ConfigDict`). The generator's imports for the field types
it would have written are dropped, so it runs with none of the options that shape those
types, and its input holds no docs or constraints (`model_scalars.py`): the printer writes
them from the IR. The builtin formatter cost a tenth of the generator's run (about 0.5 s
at 1,000 types), parsing the whole module and tokenizing it again for quotes and blank
lines that were already right; the type options and constraints, another twentieth.
"""

from __future__ import annotations

import ast
import re

from datamodel_code_generator.format import CustomCodeFormatter

from mizan_spec.generate.python.imports import block
from mizan_spec.generate.python.pytypes import Imports

_FUTURE = "__future__"
_BASES = re.compile(r"^class \w+\((.*)\):", re.MULTILINE)


def layout(code: str, printed: Imports) -> str:
    """`code` with its leading imports as one sorted, sectioned block (`from __future__`
    first, apart), and no trailing blanks on any line. The block holds what the type
    printer imported for the lines it wrote (`printed`), and of the generator's own imports
    only what the class lines it writes use: the bases and `ConfigDict`."""
    lines = [line.rstrip() for line in code.split("\n")]
    end = next((i for i, line in enumerate(lines) if line.startswith(("class ", "@"))),
               len(lines))
    statements = [node for node in ast.parse("\n".join(lines[:end])).body
                  if isinstance(node, ast.Import | ast.ImportFrom)]
    if not statements:
        return "\n".join(lines)
    used = {"ConfigDict", *(name.strip() for bases in _BASES.findall(code)
                           for name in bases.split(","))}
    future: list[str] = []
    modules: dict[str, dict[str, str]] = {m: dict(n) for m, n in printed.names.items()}
    for node in statements:
        if isinstance(node, ast.ImportFrom) and node.module == _FUTURE:
            future += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if (a.asname or a.name) in used:
                    modules.setdefault("." * node.level + (node.module or ""), {})[a.name] = (
                        a.asname or a.name)
    first = statements[0].lineno - 1
    last = statements[-1].end_lineno or statements[-1].lineno
    imports = block(modules, [])
    if future:
        imports = [f"from {_FUTURE} import {', '.join(sorted(set(future)))}", "", *imports]
    return "\n".join([*lines[:first], *imports, *lines[last:]])


class CodeFormatter(CustomCodeFormatter):
    """The generator's formatting step for the models module: `layout`."""

    def apply(self, code: str) -> str:
        printed: Imports = self.formatter_kwargs["imports"]
        return layout(code, printed)
