"""Import blocks laid out as isort does: `__future__`, standard library, third party,
then this package's own modules, each sorted, one `from` line per module."""

from __future__ import annotations

from mizan_spec.generate.python.pytypes import Imports

_STDLIB = {"collections.abc", "datetime", "decimal", "typing", "uuid"}
_LINE = 99


def _name_key(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
    return kind, name.lower()


def _from_line(module: str, names: set[str]) -> str:
    ordered = sorted(names, key=_name_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= _LINE:
        return line
    inner = "".join(f"    {n},\n" for n in ordered)
    return f"from {module} import (\n{inner})"


def import_lines(imports: Imports) -> list[str]:
    """The import block (without `from __future__`), sections separated by blank lines."""
    sections: list[list[str]] = [[], [], []]
    modules = dict(imports.names)
    if imports.models:
        modules[".models"] = imports.models
    for module, names in sorted(modules.items()):
        section = 2 if module.startswith(".") else 0 if module in _STDLIB else 1
        sections[section].append(_from_line(module, names))
    out: list[str] = []
    for lines in sections:
        if lines:
            if out:
                out.append("")
            out.extend(lines)
    return out
