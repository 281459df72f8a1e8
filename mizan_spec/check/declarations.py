"""Declarations: what a spec declares, as written, each still tied to its node.

The structure pass builds these from the node tree; the rule passes read them and report
against their nodes; lowering turns the checked declarations into the IR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mizan_spec.ir.types import TypeExpr
from mizan_spec.parse.document import Node, Scalar


@dataclass
class TypeRef:
    """A type expression as written: its text, where it stands, and its parse (if it parses)."""

    text: str
    node: Node
    prop: str | None  # the property holding it (`returns`), or None for argument 1
    parsed: TypeExpr | None = None


@dataclass
class FieldDecl:
    """A struct field or a function parameter."""

    node: Node
    name: str
    type: TypeRef
    doc: str | None = None
    has_default: bool = False
    default: Scalar = None
    constraints: dict[str, Scalar] = field(default_factory=dict)  # spec keys: min-length...


@dataclass
class TypeDecl:
    node: Node
    name: str
    fields: list[FieldDecl] = field(default_factory=list)
    doc: str | None = None


@dataclass
class MemberDecl:
    node: Node
    name: str
    doc: str | None = None
    label: str | None = None  # what a form shows for this choice


@dataclass
class EnumDecl:
    node: Node
    name: str
    members: list[MemberDecl] = field(default_factory=list)
    doc: str | None = None


@dataclass
class ContextDecl:
    node: Node
    name: str
    doc: str | None = None


@dataclass
class PredicateDecl:
    node: Node
    name: str
    doc: str | None = None


@dataclass
class AffectsTarget:
    node: Node  # the `affects` node
    index: int  # which argument
    name: str


@dataclass
class FunctionDecl:
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


@dataclass
class ChannelDecl:
    """A pub/sub channel (language.md §5.7): its params pick the group."""

    node: Node
    name: str
    params: list[FieldDecl] = field(default_factory=list)
    message: TypeRef | None = None  # required; its absence is reported by the channels pass
    send: TypeRef | None = None
    doc: str | None = None
    auth: str | bool = False


@dataclass
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


@dataclass
class FormDecl:
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


@dataclass
class Declarations:
    types: list[TypeDecl] = field(default_factory=list)
    enums: list[EnumDecl] = field(default_factory=list)
    contexts: list[ContextDecl] = field(default_factory=list)
    predicates: list[PredicateDecl] = field(default_factory=list)
    functions: list[FunctionDecl] = field(default_factory=list)
    channels: list[ChannelDecl] = field(default_factory=list)
    forms: list[FormDecl] = field(default_factory=list)

    def all(self) -> list[Declaration]:
        out: list[Declaration] = []
        out.extend(self.types)
        out.extend(self.enums)
        out.extend(self.contexts)
        out.extend(self.predicates)
        out.extend(self.functions)
        out.extend(self.channels)
        out.extend(self.forms)
        return out
