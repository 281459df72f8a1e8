"""The spec language's node grammar: which nodes go where, and which properties each takes.

The structure pass uses these tables both to accept nodes and to suggest the right name
when one is misspelt ("did you mean `max-length`?").
"""

from __future__ import annotations

SPEC_VERSION = 1
TOP_LEVEL = ("mizan", "include", "type", "enum", "context", "predicate", "function",
             "channel", "form", "accept-break")
CONSTRAINTS = ("min", "max", "min-length", "max-length", "pattern")
FIELD_PROPS = ("default", *CONSTRAINTS)
FUNCTION_PROPS = ("context", "auth", "websocket", "route", "rev", "returns", "cache")
TYPE_CHILDREN = ("doc", "field")
FUNCTION_CHILDREN = ("doc", "param", "affects")
CHANNEL_PROPS = ("message", "send", "auth")
CHANNEL_CHILDREN = ("doc", "param")
FORM_PROPS = ("title", "submit-label", "returns", "auth")
FORM_CHILDREN = ("doc", "field")
FORM_FIELD_PROPS = ("enum", "label", *CONSTRAINTS, "required", "initial", "placeholder", "help")
FORM_FIELD_CHILDREN = ("doc", "initial")
DOC_ONLY = ("doc",)
MEMBER_CHILDREN = ("doc", "label")


def suggest(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    """A hint naming the closest option, if one is close."""
    import difflib  # loaded by the first misspelling, not by every check

    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None
