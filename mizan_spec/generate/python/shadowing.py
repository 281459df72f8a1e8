"""Spec names in datamodel-code-generator's output, exactly as the spec has them: a
custom formatter of the model generator (its `custom_formatters` extension point), the
last of its formatting steps, so the module it returns is final.

Needed only when the spec names something like an import of the models module. The
generator renames a class whose name it imports (`Field` -> `FieldModel`), and the runtime
names IR types after their classes, so such a type goes through the generator under a
placeholder name, which the templates and the type printer use too; it aliases an import
a field or class would hide (`Any as Any_aliased`) where the type printer writes `_Any`.
The formatter gives every import of a name the spec uses the printer's `_` alias (`from
pydantic import Field as _Field`, which no spec name can be), makes each name read through
the generator's alias follow, and turns the placeholders into the spec names again. The
code is edited at the positions `ast` reports, never by search.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from datamodel_code_generator.format import CustomCodeFormatter

from mizan_spec.generate.python.imports import block
from mizan_spec.generate.python.pytypes import Imports

_PLACEHOLDER = "MizanSpecType{}"


def class_names(code: str) -> set[str]:
    return {m[1] for m in re.finditer(r"^class (\w+)", code, re.MULTILINE)}


def placeholders(renamed: list[str], taken: set[str]) -> dict[str, str]:
    """A placeholder class name for each spec type the generator would rename."""
    out: dict[str, str] = {}
    i = 0
    for name in renamed:
        while _PLACEHOLDER.format(i) in taken:
            i += 1
        out[name] = _PLACEHOLDER.format(i)
        i += 1
    return out


def rename_schema(schema: object, names: dict[str, str]) -> object:
    """The JSON Schema with each `$defs` entry (key, title, `$ref`s) renamed."""
    if isinstance(schema, dict):
        out: dict[object, object] = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                target = value.removeprefix("#/$defs/")
                out[key] = "#/$defs/" + names.get(target, target)
            elif key == "title" and isinstance(value, str) and value in names:
                out[key] = names[value]
            elif key == "$defs" and isinstance(value, dict):
                out[key] = {names.get(k, k): rename_schema(v, names) for k, v in value.items()}
            else:
                out[key] = rename_schema(value, names)
        return out
    if isinstance(schema, list):
        return [rename_schema(v, names) for v in schema]
    return schema


def needs_restoring(code: str, taken: frozenset[str], names: dict[str, str]) -> bool:
    """Whether the module imports a name the spec uses, or holds placeholders."""
    if names:
        return True
    head = code[:code.find("\nclass ")] if "\nclass " in code else code  # the imports
    imported = {alias.name for node in ast.parse(head).body if isinstance(node, ast.ImportFrom)
                and node.module != "__future__" for alias in node.names}
    return bool(imported & taken)


def restore(code: str, taken: frozenset[str], names: dict[str, str],
            plain: list[str]) -> str:
    """Imports of `taken` names aliased `_name`, placeholders (`names`) back to spec names,
    the `plain` imports the printer asked for (`import builtins as _builtins`) added."""
    tree = ast.parse(code)
    back = {placeholder: name for name, placeholder in names.items()}
    imports = [n for n in tree.body
               if isinstance(n, ast.ImportFrom) and n.module != "__future__"]
    modules: dict[str, dict[str, str]] = {}
    renames: dict[str, str] = {}  # a local name of the generator's -> the printer's
    for node in imports:
        for alias in node.names:
            local = alias.asname or alias.name
            if alias.name in taken:
                renames[local] = f"_{alias.name}"
                local = f"_{alias.name}"
            modules.setdefault(str(node.module), {})[alias.name] = local
    renames = {old: new for old, new in renames.items() if old != new}
    edits: list[tuple[int, int, int, str]] = []  # line, start, end (bytes), text
    for name in ast.walk(tree):
        if (isinstance(name, ast.Name) and isinstance(name.ctx, ast.Load)
                and (name.id in renames or name.id in back)):
            new = renames.get(name.id) or back[name.id]
            edits.append((name.lineno, name.col_offset, name.end_col_offset or 0, new))
    lines = code.split("\n")
    encoded = [line.encode() for line in lines]
    for row, start, end, text in sorted(edits, reverse=True):
        raw = encoded[row - 1]
        encoded[row - 1] = raw[:start] + text.encode() + raw[end:]
    lines = [raw.decode() for raw in encoded]
    for i, line in enumerate(lines):
        found = re.match(r"class (\w+)", line)
        if found and found[1] in back:
            lines[i] = f"class {back[found[1]]}{line[found.end():]}"
    if imports:
        first, last = imports[0].lineno - 1, (imports[-1].end_lineno or imports[-1].lineno)
        lines[first:last] = block(modules, plain)
    return "\n".join(lines)


def formatter_kwargs(taken: frozenset[str], names: dict[str, str],
                     imports: Imports) -> dict[str, Any]:
    """What `CodeFormatter` reads: the generator's `custom_formatters_kwargs`. `imports`
    is the type printer's record, complete once the templates have printed the classes."""
    return {"taken": taken, "names": dict(names), "imports": imports}


class CodeFormatter(CustomCodeFormatter):
    """The generator's last formatting step: `restore`, when the module needs it."""

    def apply(self, code: str) -> str:
        taken: frozenset[str] = self.formatter_kwargs["taken"]
        names: dict[str, str] = self.formatter_kwargs["names"]
        imports: Imports = self.formatter_kwargs["imports"]
        plain = ["import builtins as _builtins"] if imports.builtins else []
        if not plain and not needs_restoring(code, taken, names):
            return code
        return restore(code, taken, names, plain)
