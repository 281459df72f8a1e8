"""The closed registry of diagnostic codes.

Every diagnostic the toolkit reports has one of these codes. Codes are stable: once
published, an id keeps its meaning forever; retired codes are never reused.
E0xx files and syntax, E1xx document structure, E2xx names, E3xx types,
E4xx values and constraints, E5xx functions and contexts, E6xx forms, E7xx channels,
W... warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A diagnostic code: its id (`E101`), kebab-case name, severity and one-line summary."""

    id: str
    name: str
    severity: Severity
    summary: str


CODES: dict[str, Code] = {}


def _code(id: str, name: str, summary: str) -> Code:
    severity = Severity.WARNING if id.startswith("W") else Severity.ERROR
    code = Code(id, name, severity, summary)
    assert id not in CODES, id
    CODES[id] = code
    return code


# Files and syntax
NO_SPECS = _code("E001", "no-specs", "no .mizan.kdl file was found where one was expected")
UNREADABLE = _code("E002", "unreadable-file", "the file cannot be read")
INVALID_UTF8 = _code("E003", "invalid-utf8", "the file is not valid UTF-8")
FILE_TOO_LARGE = _code("E004", "file-too-large", "the file is larger than a spec may be")
SYNTAX = _code("E005", "kdl-syntax", "the file is not valid KDL 2.0")
DISALLOWED_CHAR = _code("E006", "disallowed-character", "a code point KDL forbids in documents")
INCLUDE_MISSING = _code("E007", "include-missing", "an included file does not exist")
INCLUDE_CYCLE = _code("E008", "include-cycle", "files include each other in a cycle")
INCLUDE_OUTSIDE_ROOT = _code("E009", "include-outside-root",
                             "an include (or a linked file) that leads outside the spec root")
NOT_A_FILE = _code("E010", "not-a-file", "a directory, pipe, device or socket named as a spec file")

# Document structure
VERSION_MISSING = _code("E101", "version-missing", "a spec file lacks its `mizan 1` node")
VERSION_UNSUPPORTED = _code("E102", "version-unsupported", "the spec language version is unknown")
UNKNOWN_NODE = _code("E103", "unknown-node", "a node this place does not accept")
UNKNOWN_PROPERTY = _code("E104", "unknown-property", "a property this node does not accept")
DUPLICATE_PROPERTY = _code("E105", "duplicate-property", "the same property given twice")
ARGUMENTS = _code("E106", "wrong-arguments", "a node has too many or too few arguments")
VALUE_KIND = _code("E107", "wrong-value-kind", "a value of the wrong KDL kind (string, number...)")
ANNOTATION = _code("E108", "type-annotation", "KDL type annotations carry no meaning in specs")
DUPLICATE_NODE = _code("E109", "duplicate-node", "a node that may appear once appears twice")
CHILDREN = _code("E110", "unexpected-children", "a node that takes no children has some")

# Names
INVALID_NAME = _code("E201", "invalid-name", "a name that is not a valid identifier")
RESERVED_NAME = _code("E202", "reserved-name", "a name reserved in Python or TypeScript")
DUPLICATE_NAME = _code("E203", "duplicate-name", "two declarations share one name")
DUPLICATE_MEMBER = _code("E204", "duplicate-member", "two fields, params or members share a name")
ESCAPE_CLASH = _code("E205", "escaped-name-clash", "a name clashes with another's escaped form")
PYTHON_NAME_CLASH = _code("E206", "python-client-name-clash",
                          "two names would meet in the generated Python client")

# Types
TYPE_SYNTAX = _code("E301", "malformed-type", "a type expression that does not parse")
UNKNOWN_TYPE = _code("E302", "unknown-type", "a type name that nothing declares")
DICT_KEY = _code("E303", "dict-key", "dictionary keys must be `str`")
INFINITE_TYPE = _code("E304", "infinite-type", "a type that contains itself with no way out")
NOT_A_TYPE = _code("E305", "not-a-type", "a name used as a type that declares something else")

# Values and constraints
DEFAULT_TYPE = _code("E401", "default-mismatch", "a default that does not fit its type")
CONSTRAINT_TYPE = _code("E402", "constraint-mismatch", "a constraint not applicable to its type")
CONSTRAINT_VALUE = _code("E403", "constraint-invalid", "a constraint with an impossible value")
DEFAULT_CONSTRAINT = _code("E404", "default-violates", "a default that breaks its own constraints")
PATTERN = _code("E405", "invalid-pattern", "a pattern that is not a valid regular expression")
UNSAFE_TEXT = _code("E406", "control-character",
                    "a doc or string holding a bidi control, NUL or other control character")

# Functions and contexts
UNKNOWN_CONTEXT = _code("E501", "unknown-context", "a context name that nothing declares")
UNKNOWN_TARGET = _code("E502", "unknown-affects-target", "`affects` names nothing declared")
MEMBER_MUTATES = _code("E503", "context-member-mutates", "a context member with `affects`")
MEMBER_SHAPE = _code("E504", "context-member-shape", "a context member that cannot be fetched")
CONTEXT_PARAMS = _code("E505", "context-param-conflict", "context members disagree on a parameter")
AUTH = _code("E506", "invalid-auth", "an auth level or predicate that is not known")
ROUTE = _code("E507", "invalid-route", "a route path that does not fit its function")
REV = _code("E508", "invalid-rev", "a cache revision that is not a positive integer")
NOT_A_TARGET = _code("E509", "invalid-affects-target", "`affects` names what cannot be affected")
CACHE = _code("E510", "invalid-cache", "a cache duration that is malformed, zero or over a week")
UNCACHEABLE = _code("E511", "uncacheable-function",
                    "`cache` on a mutation (a function with `affects`) or a route function")

# Forms
FORM_FIELD_KIND = _code("E601", "unknown-field-kind", "a form field of a kind forms do not have")
FORM_FIELD_ENUM = _code("E602", "invalid-field-enum",
                        "a choice field without a declared enum, or `enum=` on another kind")
FORM_CONSTRAINT = _code("E603", "field-constraint-mismatch",
                        "a form field constraint (or placeholder) its kind does not take")
FORM_INITIAL = _code("E604", "initial-mismatch", "a form field's initial value that does not fit")
FORM_NAME_CLASH = _code("E605", "form-name-clash",
                        "a form's generated names meet a function or predicate")
FORM_GENERATED_NAME = _code("E606", "form-generated-name-clash",
                            "a form's generated classes or methods meet a spec name")
# Channels
CHANNEL_MESSAGE = _code("E701", "channel-message-missing", "a channel without a `message` type")
GROUP_KEY = _code("E702", "channel-param-not-a-key",
                  "a channel param whose type has no one canonical text to name a group by")
CHANNEL_NAME_CLASH = _code("E703", "channel-name-clash",
                           "a channel's generated names meet another declaration's")

# Warnings
UNUSED_TYPE = _code("W001", "unused-type", "a type no function uses (left out of the IR)")
UNUSED_CONTEXT = _code("W002", "empty-context", "a context with no members")
UNUSED_PREDICATE = _code("W003", "unused-predicate", "a predicate no function uses")
NAMING = _code("W004", "naming-convention", "a name that breaks the naming convention")
DUPLICATE_TARGET = _code("W005", "duplicate-affects", "the same `affects` target twice")
SELF_AFFECTS = _code("W006", "self-affects", "a function that affects itself")
