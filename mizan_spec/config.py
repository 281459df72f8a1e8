"""Project configuration: the `[tool.mizan-spec]` table of the nearest `pyproject.toml`.

    [tool.mizan-spec]
    paths = ["spec"]                 # what `check`, `ir`, `fmt`, `breaking` read by default
    root = "."                       # includes may lead anywhere below it (default: the
                                     # directories of the paths checked)
    ir-output = "build/spec.ir.kdl"  # where `ir` writes when no -o is given
    ignore = ["W004"]                # diagnostic codes `check` does not report
    warnings-as-errors = false       # `check` exits 1 on warnings too

    [tool.mizan-spec.breaking]
    against = "origin/main"          # default baseline for `breaking`
    fail-on = "error"                # error | danger | warning
    accept = ["function-removed:get_post"]   # acknowledged changes, by finding id

Paths are relative to the directory holding `pyproject.toml`. A malformed table is a
`ConfigError` with a message naming the key, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mizan_spec.diagnostics.codes import CODES, Severity

GRADES = ("error", "danger", "warning")


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key and why."""


@dataclass
class BreakingConfig:
    """`[tool.mizan-spec.breaking]`: what `breaking` compares against and fails on."""

    against: str | None = None
    fail_on: str = "error"
    accept: list[str] = field(default_factory=list)


@dataclass
class Config:
    """`[tool.mizan-spec]` of the nearest pyproject.toml, with defaults."""

    root: Path | None = None  # the directory of the pyproject.toml, None without one
    paths: list[Path] = field(default_factory=list)
    spec_root: Path | None = None  # `root`: where includes may lead, besides the paths' dirs
    ir_output: Path | None = None
    ignore: list[str] = field(default_factory=list)
    warnings_as_errors: bool = False
    python_style: str | None = None  # `python-style`: sync or async, for `gen python`
    breaking: BreakingConfig = field(default_factory=BreakingConfig)


def find_pyproject(start: Path) -> Path | None:
    for directory in [start.resolve(), *start.resolve().parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}.{key} must be a list of strings")
    return list(value)


def _string(table: dict[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}.{key} must be a string")
    return value


def parse_config(data: dict[str, Any], root: Path) -> Config:
    tool = data.get("tool", {})
    table = tool.get("mizan-spec", {}) if isinstance(tool, dict) else {}
    where = "[tool.mizan-spec]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    known = {"paths", "root", "ir-output", "ignore", "warnings-as-errors", "breaking",
             "python-style"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where} has no key `{unknown[0]}` (known: {', '.join(sorted(known))})")
    config = Config(root=root)
    config.paths = [root / p for p in _strings(table, "paths", where)]
    spec_root = _string(table, "root", where)
    config.spec_root = root / spec_root if spec_root is not None else None
    output = _string(table, "ir-output", where)
    config.ir_output = root / output if output else None
    config.ignore = _strings(table, "ignore", where)
    for code in config.ignore:
        if code not in CODES:
            raise ConfigError(f"{where}.ignore: `{code}` is not a diagnostic code")
        if CODES[code].severity is not Severity.WARNING:
            raise ConfigError(f"{where}.ignore: `{code}` is an error; only warnings (W...) "
                              "can be ignored")
    wae = table.get("warnings-as-errors", False)
    if not isinstance(wae, bool):
        raise ConfigError(f"{where}.warnings-as-errors must be true or false")
    config.warnings_as_errors = wae
    style = _string(table, "python-style", where)
    if style is not None and style not in ("sync", "async"):
        raise ConfigError(f"{where}.python-style must be \"sync\" or \"async\"")
    config.python_style = style
    breaking = table.get("breaking", {})
    bwhere = f"{where[:-1]}.breaking]"
    if not isinstance(breaking, dict):
        raise ConfigError(f"{bwhere} must be a table")
    unknown = sorted(set(breaking) - {"against", "fail-on", "accept"})
    if unknown:
        raise ConfigError(f"{bwhere} has no key `{unknown[0]}` (known: accept, against, fail-on)")
    fail_on = _string(breaking, "fail-on", bwhere) or "error"
    if fail_on not in GRADES:
        raise ConfigError(f"{bwhere}.fail-on must be one of {', '.join(GRADES)}")
    config.breaking = BreakingConfig(_string(breaking, "against", bwhere), fail_on,
                                     _strings(breaking, "accept", bwhere))
    return config


def load_config(start: Path | None = None) -> Config:
    """The configuration governing `start` (the working directory by default)."""
    pyproject = find_pyproject(start or Path.cwd())
    if pyproject is None:
        return Config()
    import tomllib  # only a project with a pyproject.toml pays for the parser

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{pyproject}: cannot read it: {e}") from e
    try:
        return parse_config(data, pyproject.parent)
    except ConfigError as e:
        raise ConfigError(f"{pyproject}: {e}") from e
