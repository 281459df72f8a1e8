"""The structure pass: node trees to declarations, reporting every problem of shape.

Catches unknown nodes and properties (with the closest right name as a hint), repeated
properties (which ckdl merges silently), wrong argument counts, values of the wrong KDL
kind, type annotations, children where none belong, and the `mizan` version node.
What is malformed is reported and left out; everything well-formed is kept, so later
passes still report their own problems in the same run.
"""

from __future__ import annotations

from mizan_spec.check.channel_structure import channel_decl
from mizan_spec.check.declarations import (
    AffectsTarget,
    ContextDecl,
    Declarations,
    EnumDecl,
    FieldDecl,
    FunctionDecl,
    MemberDecl,
    PredicateDecl,
    TypeDecl,
    TypeRef,
)
from mizan_spec.check.form_structure import form_decl
from mizan_spec.check.grammar import (
    DOC_ONLY,
    FIELD_PROPS,
    FUNCTION_CHILDREN,
    FUNCTION_PROPS,
    MEMBER_CHILDREN,
    SPEC_VERSION,
    TOP_LEVEL,
    TYPE_CHILDREN,
    suggest,
)
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related, Span
from mizan_spec.parse.document import Node, ParsedFile, Scalar


def _kind(value: Scalar) -> str:
    if value is None:
        return "#null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


class StructurePass:
    def __init__(self, out: list[Diagnostic]) -> None:
        self.out = out
        self.decls = Declarations()

    def report(self, code: codes.Code, span: Span, message: str, hint: str | None = None,
               related: tuple[Related, ...] = ()) -> None:
        self.out.append(Diagnostic(code, span, message, hint, related))

    # -- generic shape checks ------------------------------------------------------------

    def common(self, node: Node) -> None:
        """Type annotations and repeated properties, for every node."""
        if node.annotation is not None:
            self.report(codes.ANNOTATION, node.span(), f"the annotation `({node.annotation})` on "
                        f"`{node.name}` means nothing in a spec", "remove it")
        if node.annotated:
            for e in node.entries():
                if e.annotation_start >= 0:
                    span = node.file.source.span(e.annotation_start, e.start)
                    self.report(codes.ANNOTATION, span,
                                "type annotations on values mean nothing in a spec", "remove it")

    def duplicate_props(self, node: Node) -> None:
        source = node.file.source
        for key, first, again in node.duplicate_keys():
            self.report(
                codes.DUPLICATE_PROPERTY, source.span(again.key_start, again.key_start + len(key)),
                f"property `{key}` is given twice on `{node.name}`; KDL keeps only the last",
                "remove one of them",
                (Related(source.span(first.key_start, first.key_start + len(key)),
                         "first given here"),),
            )

    def args(self, node: Node, low: int, high: int, usage: str) -> bool:
        n = len(node.args)
        if low <= n <= high:
            return True
        if n > high:
            self.report(codes.ARGUMENTS, node.arg_span(high), f"`{node.name}` takes "
                        f"{_count(high)}; this is one too many", f"write it as `{usage}`")
        else:
            self.report(codes.ARGUMENTS, node.span(), f"`{node.name}` needs {_count(low)}",
                        f"write it as `{usage}`")
        return False

    def string_arg(self, node: Node, index: int, what: str) -> str | None:
        value = node.args[index] if index < len(node.args) else None
        if isinstance(value, str):
            return value
        self.report(codes.VALUE_KIND, node.arg_span(index),
                    f"{what} must be a string, not {_kind(value)}",
                    "quote it" if value is not None else None)
        return None

    def props(self, node: Node, allowed: tuple[str, ...]) -> None:
        for key in node.props:
            if key not in allowed:
                listed = ", ".join(f"`{a}`" for a in allowed) or "none"
                self.report(codes.UNKNOWN_PROPERTY, node.key_span(key),
                            f"`{node.name}` has no property `{key}`",
                            suggest(key, allowed) or f"it takes: {listed}")

    def no_children(self, node: Node) -> None:
        if node.children or node.dropped_depth:
            self.report(codes.CHILDREN, node.children_span(),
                        f"`{node.name}` takes no children block", "remove the `{ ... }`")

    def prop_kind(self, node: Node, key: str, expected: type | tuple[type, ...], what: str,
                  hint: str | None = None) -> bool:
        value = node.props[key]
        ok = isinstance(value, expected) and not (
            isinstance(value, bool) and bool not in (expected if isinstance(expected, tuple)
                                                     else (expected,)))
        if not ok:
            self.report(codes.VALUE_KIND, node.prop_span(key),
                        f"`{key}` must be {what}, not {_kind(value)}", hint)
        return ok

    def children(self, node: Node, allowed: tuple[str, ...], place: str) -> tuple[str | None,
                                                                               list[Node]]:
        """The doc of a block, and its other children whose names are allowed."""
        doc: str | None = None
        doc_node: Node | None = None
        kept: list[Node] = []
        for child in node.children:
            self.common(child)
            if child.name == "doc":
                text = self.doc(child)
                if doc_node is not None:
                    self.report(codes.DUPLICATE_NODE, child.span(), f"{place} has two `doc` nodes",
                                "join them into one", (Related(doc_node.span(), "first doc here"),))
                else:
                    doc, doc_node = text, child
            elif child.name in allowed:
                kept.append(child)
            else:
                self.unknown(child, allowed, place)
        return doc, kept

    def unknown(self, node: Node, allowed: tuple[str, ...], place: str) -> None:
        listed = ", ".join(f"`{a}`" for a in allowed)
        self.report(codes.UNKNOWN_NODE, node.span(), f"`{node.name}` is not allowed in {place}",
                    suggest(node.name, allowed) or f"allowed here: {listed}")

    def doc(self, node: Node) -> str | None:
        self.props(node, ())
        self.no_children(node)
        if not self.args(node, 1, 1, 'doc "text"'):
            return None
        return self.string_arg(node, 0, "a doc")

    def named(self, node: Node, what: str, usage: str) -> str | None:
        if not node.args:
            self.report(codes.ARGUMENTS, node.span(), f"`{node.name}` needs a name",
                        f"write it as `{usage}`")
            return None
        if len(node.args) > 1:
            self.report(codes.ARGUMENTS, node.arg_span(1), f"`{node.name}` takes one name; "
                        "the rest belongs in its properties or children block",
                        f"write it as `{usage}`")
        return self.string_arg(node, 0, f"a {what} name")

    # -- files -----------------------------------------------------------------------------

    def file(self, parsed: ParsedFile) -> None:
        if parsed.may_repeat_properties():
            stack = list(parsed.nodes)
            while stack:
                node = stack.pop()
                self.duplicate_props(node)
                stack.extend(node.children)
        versions = [n for n in parsed.nodes if n.name == "mizan"]
        if not versions:
            self.report(codes.VERSION_MISSING, parsed.source.span(0),
                        "this spec file does not say which language version it is written in",
                        f"start it with `mizan {SPEC_VERSION}`")
        for extra in versions[1:]:
            self.report(codes.DUPLICATE_NODE, extra.span(), "`mizan` may appear once per file",
                        "remove this one", (Related(versions[0].span(), "first given here"),))
        for node in parsed.nodes:
            self.common(node)
            handler = _TOP_LEVEL_HANDLERS.get(node.name)
            if handler is None:
                self.unknown(node, TOP_LEVEL, "a spec file")
            else:
                handler(self, node)

    def version(self, node: Node) -> None:
        self.props(node, ())
        self.no_children(node)
        if not self.args(node, 1, 1, f"mizan {SPEC_VERSION}"):
            return
        value = node.args[0]
        if value != SPEC_VERSION or isinstance(value, bool):
            self.report(codes.VERSION_UNSUPPORTED, node.arg_span(0),
                        f"spec language version {value!r} is not supported",
                        f"this toolkit reads `mizan {SPEC_VERSION}`")

    def include(self, node: Node) -> None:
        self.props(node, ())
        self.no_children(node)
        if self.args(node, 1, 1, 'include "other.mizan.kdl"'):
            self.string_arg(node, 0, "an include path")

    def accept_break(self, node: Node) -> None:
        """`accept-break "rule:subject" reason="..."`: a change the team accepts
        (read by `mizan-spec breaking`; no meaning for the IR)."""
        self.props(node, ("reason",))
        self.no_children(node)
        if self.args(node, 1, 1, 'accept-break "function-removed:name" reason="why"'):
            self.string_arg(node, 0, "a breaking-change id")

    # -- declarations ----------------------------------------------------------------------

    def type_decl(self, node: Node) -> None:
        name = self.named(node, "type", "type Name { field name type }")
        self.props(node, ())
        doc, kids = self.children(node, TYPE_CHILDREN, f"type `{name}`")
        decl = TypeDecl(node, name or "", doc=doc)
        decl.fields = [f for f in (self.field(k, "field") for k in kids) if f is not None]
        if name is not None:
            self.decls.types.append(decl)

    def field(self, node: Node, kind: str) -> FieldDecl | None:
        self.props(node, FIELD_PROPS)
        doc, _ = self.children(node, DOC_ONLY, f"a {kind}")
        if not self.args(node, 2, 2, f"{kind} name type"):
            return None
        name = self.string_arg(node, 0, f"a {kind} name")
        type_text = self.string_arg(node, 1, "a type")
        if name is None or type_text is None:
            return None
        decl = FieldDecl(node, name, TypeRef(type_text, node, None), doc)
        for key, value in node.props.items():
            if key == "default":
                decl.has_default, decl.default = True, value
            elif key in FIELD_PROPS:
                decl.constraints[key] = value
        return decl

    def enum_decl(self, node: Node) -> None:
        name = self.named(node, "enum", "enum Name { member_a; member_b }")
        self.props(node, ())
        decl = EnumDecl(node, name or "")
        doc_node: Node | None = None
        for child in node.children:
            self.common(child)
            if child.name == "doc" and child.args:
                if doc_node is not None:
                    self.report(codes.DUPLICATE_NODE, child.span(), "an enum has one `doc`",
                                "join them into one", (Related(doc_node.span(), "first doc here"),))
                    continue
                decl.doc, doc_node = self.doc(child), child
                continue
            self.props(child, ())
            if child.args:
                self.report(codes.ARGUMENTS, child.arg_span(0),
                            f"enum member `{child.name}` takes no arguments",
                            "members are bare names, one per line; docs go in `{ doc \"...\" }`")
            mdoc, kids = self.children(child, MEMBER_CHILDREN, f"enum member `{child.name}`")
            decl.members.append(MemberDecl(child, child.name, mdoc, self.label(kids)))
        if name is not None:
            self.decls.enums.append(decl)

    def label(self, kids: list[Node]) -> str | None:
        """The text of the one `label "..."` among `kids` (a member's, like its doc)."""
        label: str | None = None
        first: Node | None = None
        for kid in kids:
            self.props(kid, ())
            self.no_children(kid)
            if first is not None:
                self.report(codes.DUPLICATE_NODE, kid.span(), "a member has one `label`",
                            "remove one of them", (Related(first.span(), "first label here"),))
                continue
            first = kid
            if self.args(kid, 1, 1, 'label "Text"'):
                label = self.string_arg(kid, 0, "a label")
        return label

    def context_decl(self, node: Node) -> None:
        name = self.named(node, "context", 'context name { doc "..." }')
        self.props(node, ())
        doc, _ = self.children(node, DOC_ONLY, f"context `{name}`")
        if name is not None:
            self.decls.contexts.append(ContextDecl(node, name, doc))

    def predicate_decl(self, node: Node) -> None:
        name = self.named(node, "predicate", 'predicate name { doc "..." }')
        self.props(node, ())
        doc, _ = self.children(node, DOC_ONLY, f"predicate `{name}`")
        if name is not None:
            self.decls.predicates.append(PredicateDecl(node, name, doc))

    def function_decl(self, node: Node) -> None:
        name = self.named(node, "function", "function name returns=Type { param name type }")
        self.props(node, FUNCTION_PROPS)
        doc, kids = self.children(node, FUNCTION_CHILDREN, f"function `{name}`")
        decl = FunctionDecl(node, name or "", doc=doc)
        props = node.props
        if "context" in props and self.prop_kind(node, "context", str, "a context name"):
            decl.context = str(props["context"])
        if "auth" in props and self.prop_kind(
                node, "auth", (bool, str), "#true, #false, `staff`, `superuser` or a predicate"):
            auth = props["auth"]
            assert isinstance(auth, bool | str)
            decl.auth = auth
        if "websocket" in props and self.prop_kind(node, "websocket", bool, "#true or #false"):
            decl.websocket = bool(props["websocket"])
        if "route" in props and self.prop_kind(node, "route", str, 'a path such as "/p/<id>/"'):
            decl.route = str(props["route"])
        if "rev" in props and self.prop_kind(node, "rev", int, "an integer", "write it as `rev=2`"):
            rev = props["rev"]
            assert isinstance(rev, int)
            decl.rev = rev
        if "cache" in props and self.prop_kind(node, "cache", str, "a duration",
                                               'write it as a string: `cache="30s"`'):
            decl.cache = str(props["cache"])
        if "returns" in props and self.prop_kind(node, "returns", str, "a type",
                                                 'quote it: `returns="list[Post]"`'):
            decl.returns = TypeRef(str(props["returns"]), node, "returns")
        for kid in kids:
            if kid.name == "param":
                param = self.field(kid, "param")
                if param is not None:
                    decl.params.append(param)
            else:
                self.affects(kid, decl)
        if name is not None:
            self.decls.functions.append(decl)

    def affects(self, node: Node, decl: FunctionDecl) -> None:
        self.props(node, ())
        self.no_children(node)
        if not node.args:
            self.report(codes.ARGUMENTS, node.span(), "`affects` needs at least one target",
                        "name contexts or functions: `affects global list_posts`")
        for index in range(len(node.args)):
            target = self.string_arg(node, index, "an affects target")
            if target is not None:
                decl.affects.append(AffectsTarget(node, index, target))


def _count(n: int) -> str:
    return {0: "no arguments", 1: "one argument", 2: "two arguments"}.get(n, f"{n} arguments")


_TOP_LEVEL_HANDLERS = {
    "mizan": StructurePass.version,
    "include": StructurePass.include,
    "accept-break": StructurePass.accept_break,
    "type": StructurePass.type_decl,
    "enum": StructurePass.enum_decl,
    "context": StructurePass.context_decl,
    "predicate": StructurePass.predicate_decl,
    "function": StructurePass.function_decl,
    "channel": channel_decl,
    "form": form_decl,
}


def build_declarations(files: list[ParsedFile], out: list[Diagnostic]) -> Declarations:
    """Declarations of every file, reporting problems of shape into `out`."""
    structure = StructurePass(out)
    for parsed in files:
        structure.file(parsed)
    return structure.decls
