"""Docs of enum members, written as attribute docstrings (the string right after a
member, as pydantic and Sphinx read them):

    class Visibility(StrEnum):
        public = "public"
        \"\"\"Everyone.\"\"\"
"""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import textwrap


def member_docs(cls: type[enum.Enum]) -> dict[str, str]:
    """Member value -> doc, for members followed by a string literal in the class source.
    Empty when the source is not available."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    body = next((n.body for n in tree.body if isinstance(n, ast.ClassDef)), [])
    docs: dict[str, str] = {}
    for current, following in itertools.pairwise(body):
        if (isinstance(current, ast.Assign) and len(current.targets) == 1
                and isinstance(current.targets[0], ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            member = cls.__members__.get(current.targets[0].id)
            if member is not None:
                docs[str(member.value)] = inspect.cleandoc(following.value.value)
    return docs
