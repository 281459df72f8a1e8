"""The one error the TypeScript generator raises."""

from __future__ import annotations


class GenerateError(Exception):
    """The IR cannot be rendered as TypeScript: a declaration's name is no TypeScript
    identifier (possible only in an IR file: the checker refuses such names)."""
