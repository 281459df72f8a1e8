"""Declarations: what a spec declares, as written, each still tied to its node.

The structure pass builds these from the node tree; the rule passes read them and report
against their nodes; lowering turns the checked declarations into the IR.
Each declaration is one place in one file, so they compare by identity (`eq=False`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mizan_spec.ir.types import TypeExpr
from mizan_spec.parse.document import Node, Scalar


@dataclass(eq=False)
class TypeRef:
    """A type expression as written: its text, where it stands, and its parse (if it parses)."""

    text: str
    node: Node
    prop: str | None  # the property holding it (`returns`), or None for argument 1
    parsed: TypeExpr | None = None


@dataclass(eq=False)
class FieldDecl:
    """A struct field or a function parameter."""

    node: Node
    name: str
    type: TypeRef
    doc: str | None = None
    has_default: bool = False
    default: Scalar = None
    constraints: dict[str, Scalar] = field(default_factory=dict)  # spec keys: min-length...


@dataclass(eq=False)
class TypeDecl:
    """A struct type: its fields in order."""

    node: Node
    name: str
    fields: list[FieldDecl] = field(default_factory=list)
    doc: str | None = None


@dataclass(eq=False)
class MemberDecl:
    """One member of an enum."""

    node: Node
    name: str
    doc: str | None = None
    label: str | None = None  # what a form shows for this choice


@dataclass(eq=False)
class EnumDecl:
    """An enum: its members in order."""

    node: Node
    name: str
    members: list[MemberDecl] = field(default_factory=list)
    doc: str | None = None


@dataclass(eq=False)
class ContextDecl:
    """A named context (`ctx/<name>/`) that functions read into and invalidate."""

    node: Node
    name: str
    doc: str | None = None


@dataclass(eq=False)
class PredicateDecl:
    """An auth predicate that functions and channels may name."""

    node: Node
    name: str
    doc: str | None = None


@dataclass(eq=False)
class AffectsTarget:
    """One argument of a function's `affects`: the context (or function) it names."""

    node: Node  # the `affects` node
    index: int  # which argument
    name: str


@dataclass(eq=False)
class FunctionDecl:
    """A server function and everything its node says about calling it."""

    node: Node
    name: str
    params: list[FieldDecl] = field(default_factory=list)
    returns: TypeRef | None = None
    doc: str | None = None
    context: str | None = None
    auth: str | bool = False  # True (signed in), False (public), or a level/predicate name
    websocket: bool = False
    route: str | None = None
    rev: int = 1
    affects: list[AffectsTarget] = field(default_factory=list)
    cache: str | None = None  # the duration as written (`"30s"`); checked by the functions pass


@dataclass(eq=False)
class ChannelDecl:
    """A pub/sub channel (language.md §5.7): its params pick the group."""

    node: Node
    name: str
    params: list[FieldDecl] = field(default_factory=list)
    message: TypeRef | None = None  # required; its absence is reported by the channels pass
    send: TypeRef | None = None
    doc: str | None = None
    auth: str | bool = False


@dataclass(eq=False)
class FormFieldDecl:
    """One `field NAME KIND ...` of a form, as written; `check.forms` fills in the
    defaults (`label`) and normalises `initial` and the constraints."""

    node: Node
    name: str
    kind: str
    doc: str | None = None
    label: str | None = None
    required: bool = True
    help: str | None = None
    placeholder: str | None = None
    enum: str | None = None
    has_initial: bool = False
    initial: Scalar | tuple[str, ...] = None  # a tuple: the `initial a b` child of `choices`
    initial_node: Node | None = None  # that child, when it is given
    constraints: dict[str, Scalar] = field(default_factory=dict)  # spec keys: min-length...


@dataclass(eq=False)
class FormDecl:
    """A form: its fields in order and what a submit returns."""

    node: Node
    name: str
    fields: list[FormFieldDecl] = field(default_factory=list)
    doc: str | None = None
    title: str | None = None
    submit_label: str | None = None
    auth: str | bool = False
    returns: TypeRef | None = None


Declaration = (TypeDecl | EnumDecl | ContextDecl | PredicateDecl | FunctionDecl | ChannelDecl
               | FormDecl)


@dataclass(eq=False)
class Declarations:
    """Everything a spec declares, by kind, each list in the order of the source."""

    types: list[TypeDecl] = field(default_factory=list)
    enums: list[EnumDecl] = field(default_factory=list)
    contexts: list[ContextDecl] = field(default_factory=list)
    predicates: list[PredicateDecl] = field(default_factory=list)
    functions: list[FunctionDecl] = field(default_factory=list)
    channels: list[ChannelDecl] = field(default_factory=list)
    forms: list[FormDecl] = field(default_factory=list)

    def all(self) -> list[Declaration]:
        """Every declaration, kind by kind."""
        out: list[Declaration] = []
        out.extend(self.types)
        out.extend(self.enums)
        out.extend(self.contexts)
        out.extend(self.predicates)
        out.extend(self.functions)
        out.extend(self.channels)
        out.extend(self.forms)
        return out
