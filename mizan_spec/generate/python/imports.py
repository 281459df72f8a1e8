"""Import blocks laid out as isort does: `__future__`, standard library, third party,
then this package's own modules, each sorted, one `from` line per module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mizan_spec.generate.python.pytypes import Imports

_STDLIB = {"builtins", "collections.abc", "dataclasses", "datetime", "decimal", "enum", "inspect",
           "json", "typing", "uuid", "warnings"}
_LINE = 99


def _name_key(name: str) -> tuple[int, str]:
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
    return kind, name.lower()


def _from_line(module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= _LINE:
        return line
    inner = "".join(f"    {n},\n" for n in names)
    return f"from {module} import (\n{inner})"


def _module_lines(module: str, names: dict[str, str]) -> list[str]:
    """`from module import a, b` for names under their own name, one `import x as _x`
    statement each for aliases (ruff's isort, which never combines `as` imports), ordered
    by their first name."""
    plain = sorted((n for n, local in names.items() if n == local), key=_name_key)
    statements = [([n], _from_line(module, [f"{n} as {names[n]}"]))
                  for n in names if names[n] != n]
    if plain:
        statements.append((plain, _from_line(module, plain)))
    return [line for _, line in sorted(statements, key=lambda s: _name_key(s[0][0]))]


def import_lines(imports: Imports) -> list[str]:
    """The import block (without `from __future__`), sections separated by blank lines."""
    modules = dict(imports.names)
    if imports.models:
        modules[".models"] = imports.models
    plain = [f"import {m}" for m in imports.modules]
    if imports.builtins:
        plain.append("import builtins as _builtins")
    return block(modules, plain)


def block(modules: dict[str, dict[str, str]], plain: list[str]) -> list[str]:
    """`from` imports (module -> name -> local name) after the `plain` `import` lines of
    their section, in isort's sections and order."""
    sections: list[list[str]] = [[], [], []]
    for line in sorted(plain):
        sections[0 if line.split()[1] in _STDLIB else 1].append(line)
    for module, names in sorted(modules.items()):
        section = 2 if module.startswith(".") else 0 if module in _STDLIB else 1
        sections[section].extend(_module_lines(module, names))
    out: list[str] = []
    for lines in sections:
        if lines:
            if out:
                out.append("")
            out.extend(lines)
    return out
