"""The models module laid out as every other generated module is: the first custom
formatter of the model generator (its `custom_formatters` extension point), standing in
for its builtin formatter.

What the generator returns unformatted differs from the final module only in its import
block: the modules in the order it met them, the sections not apart. The templates
(`generators/python-models/`) print the rest as it stays: the type printer's lines, a
blank line after each class docstring, two between top-level statements, double quotes
everywhere. So this step writes the import block again, as `imports.block` lays out those
of every generated module, and leaves every other line as it is. The builtin formatter
did the same at a tenth of the generator's run (about 0.5 s at 1,000 types): it parses the
whole module and tokenizes it again for quotes and blank lines that were already right.
"""

from __future__ import annotations

import ast

from datamodel_code_generator.format import CustomCodeFormatter

from mizan_spec.generate.python.imports import block

_FUTURE = "__future__"


def layout(code: str) -> str:
    """`code` with its leading imports as one sorted, sectioned block (`from __future__`
    first, apart), and no trailing blanks on any line."""
    lines = [line.rstrip() for line in code.split("\n")]
    end = next((i for i, line in enumerate(lines) if line.startswith(("class ", "@"))),
               len(lines))
    statements = [node for node in ast.parse("\n".join(lines[:end])).body
                  if isinstance(node, ast.Import | ast.ImportFrom)]
    if not statements:
        return "\n".join(lines)
    future: list[str] = []
    modules: dict[str, dict[str, str]] = {}
    plain: list[str] = []
    for node in statements:
        if isinstance(node, ast.Import):
            plain += [f"import {a.name}" + (f" as {a.asname}" if a.asname else "")
                      for a in node.names]
        elif node.module == _FUTURE:
            future += [a.name for a in node.names]
        else:
            names = modules.setdefault("." * node.level + (node.module or ""), {})
            names.update({a.name: a.asname or a.name for a in node.names})
    first = statements[0].lineno - 1
    last = statements[-1].end_lineno or statements[-1].lineno
    imports = block(modules, plain)
    if future:
        imports = [f"from {_FUTURE} import {', '.join(sorted(set(future)))}", "", *imports]
    return "\n".join([*lines[:first], *imports, *lines[last:]])


class CodeFormatter(CustomCodeFormatter):
    """The generator's formatting step for the models module: `layout`."""

    def apply(self, code: str) -> str:
        return layout(code)
