"""What the editor asks about a checked spec, in LSP terms.

Built from a `Compilation` in the check worker, so the server never parses. Each check
gives every file's diagnostics and the spec's names (`build_diagnostics`); a file's
document symbols and hover/definition entries (each name token with the markdown to
show and where its declaration is) are built when the editor first asks for that file
(`build_file_index`), since most checks are never followed by a hover. Ranges are LSP
ranges (0-based lines, UTF-16 columns); files are absolute paths.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from mizan_spec.check.declarations import (
    ChannelDecl,
    Declaration,
    EnumDecl,
    FieldDecl,
    FormDecl,
    FunctionDecl,
    TypeDecl,
    TypeRef,
)
from mizan_spec.compile import Compilation
from mizan_spec.diagnostics.codes import Severity
from mizan_spec.diagnostics.model import Diagnostic, Span
from mizan_spec.ir.types import format_type, name_offsets
from mizan_spec.lsp.form_index import form_lines, form_refs
from mizan_spec.lsp.positions import UTF16, client_col
from mizan_spec.parse.document import Node, content_offset
from mizan_spec.parse.source import SourceText

Json = dict[str, Any]

# LSP SymbolKind numbers
_KIND = {"type": 23, "enum": 10, "context": 2, "predicate": 12, "function": 12,
         "field": 8, "param": 7, "member": 22, "include": 2, "channel": 24, "form": 5}


@functools.lru_cache(maxsize=4096)
def absolute(path: str) -> str:
    """The resolved path of a display path (cached: a spec names few files, often)."""
    return str(Path(path).resolve())


class IndexBuilder:
    def __init__(self, result: Compilation, encoding: str = UTF16) -> None:
        self.result = result
        self.encoding = encoding
        self.sources = result.sources
        self.files: dict[str, Json] = {}
        self.targets: dict[str, tuple[str, Json, str]] = {}  # "kind:name" -> path, range, hover
        self.decls: dict[str, Declaration] | None = None  # "kind:name" -> first declaration

    def file(self, path: str) -> Json:
        key = absolute(path)
        if key not in self.files:
            self.files[key] = {"diagnostics": [], "symbols": [], "entries": []}
        return self.files[key]

    # -- ranges --------------------------------------------------------------------------

    def pos(self, source: SourceText, line: int, col: int) -> Json:
        if line < 1:
            return {"line": 0, "character": 0}
        character = client_col(source.line_text(line), col, self.encoding)
        return {"line": line - 1, "character": character}

    def span_range(self, span: Span) -> Json:
        source = self.sources.get(span.path)
        if source is None or span.line < 1:
            zero = {"line": 0, "character": 0}
            return {"start": zero, "end": zero}
        return {"start": self.pos(source, span.line, span.col),
                "end": self.pos(source, span.end_line, span.end_col)}

    def offsets_range(self, source: SourceText, start: int, end: int) -> Json:
        return self.span_range(source.span(start, end))

    def node_range(self, node: Node) -> Json:
        name = node.span()
        s = node.spans
        if s is None or s.end < s.start:
            return self.span_range(name)
        return self.offsets_range(node.file.source, s.start, s.end)

    # -- diagnostics ---------------------------------------------------------------------

    def diagnostic(self, d: Diagnostic) -> None:
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        item: Json = {
            "range": self.span_range(d.span), "message": message, "code": d.code.id,
            "severity": 1 if d.severity is Severity.ERROR else 2, "source": "mizan-spec",
            "related": [{"path": absolute(r.span.path), "range": self.span_range(r.span),
                         "message": r.message} for r in d.related],
        }
        self.file(d.span.path)["diagnostics"].append(item)

    # -- declarations ----------------------------------------------------------------------

    def build(self) -> Json:
        """Everything, for every file."""
        diagnostics = self.build_diagnostics()
        for decl in self.result.declarations.all():
            self.symbols_and_refs(decl)
        for parsed in self.result.files:
            self.include_entries(parsed.path, parsed.nodes)
        return diagnostics

    def build_diagnostics(self) -> Json:
        """Every file's diagnostics, and the names completion offers."""
        for source in self.sources.values():
            self.file(source.path)
        for d in self.result.diagnostics:
            self.diagnostic(d)
        decls = self.result.declarations
        names = {kind: sorted({d.name for d in getattr(decls, attr) if d.name})
                 for kind, attr in (("types", "types"), ("enums", "enums"),
                                    ("contexts", "contexts"), ("predicates", "predicates"),
                                    ("functions", "functions"), ("channels", "channels"))}
        return {"files": self.files, "names": names}

    def build_file(self, path: str) -> Json:
        """The symbols and hover/definition entries of one file (an absolute path)."""
        self.files[path] = {"diagnostics": [], "symbols": [], "entries": []}
        for decl in self.result.declarations.all():
            if absolute(decl.node.file.path) == path:
                self.symbols_and_refs(decl)
        for parsed in self.result.files:
            if absolute(parsed.path) == path:
                self.include_entries(parsed.path, parsed.nodes)
        found = self.files[path]
        return {"symbols": found["symbols"], "entries": found["entries"]}

    def include_entries(self, path: str, nodes: list[Node]) -> None:
        for node in nodes:
            if node.name == "include" and node.args and isinstance(node.args[0], str):
                target = (Path(path).resolve().parent / node.args[0]).resolve()
                if target.is_file():
                    zero = {"line": 0, "character": 0}
                    self.file(path)["entries"].append({
                        "range": self.span_range(node.arg_span(0)),
                        "hover": f"include `{target.name}`",
                        "target": {"path": str(target),
                                   "range": {"start": zero, "end": zero}}})

    def declared(self) -> dict[str, Declaration]:
        """The declaration each reference resolves to (the first of a name wins)."""
        if self.decls is None:
            self.decls = {}
            for decl in self.result.declarations.all():
                kind = _kind_of(decl)
                key = f"{'type' if kind in ('type', 'enum') else kind}:{decl.name}"
                if decl.name and key not in self.decls:
                    self.decls[key] = decl
        return self.decls

    def hover(self, decl: Declaration) -> str:
        kind = _kind_of(decl)
        lines = [f"{kind} {decl.name}"]
        if isinstance(decl, TypeDecl):
            lines += [f"    {_field_text(f)}" for f in decl.fields]
        elif isinstance(decl, EnumDecl):
            lines += [f"    {m.name}" for m in decl.members]
        elif isinstance(decl, FunctionDecl):
            lines = [_signature(decl)]
        elif isinstance(decl, ChannelDecl):
            lines = [_channel_signature(decl)]
        elif isinstance(decl, FormDecl):
            lines = form_lines(decl)
        elif kind == "context":
            members = [f.name for f in self.result.declarations.functions
                       if f.context == decl.name]
            lines.append(f"    members: {', '.join(members) or '(none)'}")
        return _markdown(lines, decl.doc)

    def target(self, kind: str, name: str) -> Json | None:
        key = f"{kind}:{name}"
        found = self.targets.get(key)
        if found is None:
            decl = self.declared().get(key)
            if decl is None:
                return None
            found = self.targets[key] = (absolute(decl.node.file.path),
                                         self.span_range(decl.node.arg_span(0)),
                                         self.hover(decl))
        return {"path": found[0], "range": found[1], "hover": found[2]}

    def entry(self, node: Node, rng: Json, hover: str, target: Json | None) -> None:
        self.file(node.file.path)["entries"].append({"range": rng, "hover": hover,
                                                     "target": target})

    def ref(self, node: Node, rng: Json, kind: str, name: str) -> None:
        target = self.target(kind, name)
        if target is not None:
            self.entry(node, rng, target.pop("hover"), target)

    def symbols_and_refs(self, decl: Declaration) -> None:
        node = decl.node
        kind = _kind_of(decl)
        name_range = self.span_range(node.arg_span(0))
        children: list[Json] = []
        self.entry(node, name_range, self.hover(decl),
                   {"path": absolute(node.file.path), "range": name_range})
        if isinstance(decl, TypeDecl | FunctionDecl | ChannelDecl):
            fields = decl.fields if isinstance(decl, TypeDecl) else decl.params
            for f in fields:
                children.append(self.field(f, "field" if isinstance(decl, TypeDecl) else "param"))
        if isinstance(decl, EnumDecl):
            for m in decl.members:
                rng = self.span_range(m.node.span())
                self.entry(m.node, rng, _markdown([f"{decl.name}.{m.name}"], m.doc), None)
                children.append(_symbol(m.name, "member", "", self.node_range(m.node), rng, []))
        if isinstance(decl, FunctionDecl):
            self.function_refs(decl)
        if isinstance(decl, ChannelDecl):
            self.channel_refs(decl)
        if isinstance(decl, FormDecl):
            children.extend(form_refs(self, decl))
        detail = (_signature(decl) if isinstance(decl, FunctionDecl) else
                  _channel_signature(decl) if isinstance(decl, ChannelDecl) else kind)
        self.file(node.file.path)["symbols"].append(
            _symbol(decl.name, kind, detail, self.node_range(node), name_range, children))

    def field(self, f: FieldDecl, kind: str) -> Json:
        rng = self.span_range(f.node.arg_span(0))
        self.entry(f.node, rng, _markdown([f"{kind} {_field_text(f)}"], f.doc), None)
        self.type_refs(f.type)
        return _symbol(f.name, kind, f.type.text, self.node_range(f.node), rng, [])

    def type_refs(self, ref: TypeRef) -> None:
        node = ref.node
        if ref.prop is None:
            start = node.arg_content_offset(1)
        else:
            start = self.prop_content_offset(node, ref.prop)
        if start is None:
            return
        for name, offset in name_offsets(ref.text):
            rng = self.offsets_range(node.file.source, start + offset, start + offset + len(name))
            self.ref(node, rng, "type", name)

    def prop_content_offset(self, node: Node, key: str) -> int | None:
        value = node.props.get(key)
        span = node.prop_span(key)
        if not isinstance(value, str) or span == node.span():
            return None
        source = node.file.source
        start = source.offset(span.line, span.col)
        end = source.offset(span.end_line, span.end_col)
        return content_offset(source.text[start:end], value, start)

    def channel_refs(self, ch: ChannelDecl) -> None:
        for ref in (ch.message, ch.send):
            if ref is not None:
                self.type_refs(ref)
        if isinstance(ch.auth, str):
            self.ref(ch.node, self.span_range(ch.node.prop_span("auth")), "predicate", ch.auth)

    def function_refs(self, fn: FunctionDecl) -> None:
        node = fn.node
        if fn.returns is not None:
            self.type_refs(fn.returns)
        if fn.context is not None:
            self.ref(node, self.span_range(node.prop_span("context")), "context", fn.context)
        if isinstance(fn.auth, str):
            self.ref(node, self.span_range(node.prop_span("auth")), "predicate", fn.auth)
        for target in fn.affects:
            rng = self.span_range(target.node.arg_span(target.index))
            if f"context:{target.name}" in self.declared():
                self.ref(target.node, rng, "context", target.name)
            else:
                self.ref(target.node, rng, "function", target.name)


def _kind_of(decl: Declaration) -> str:
    return {"TypeDecl": "type", "EnumDecl": "enum", "ContextDecl": "context",
            "PredicateDecl": "predicate", "FunctionDecl": "function",
            "ChannelDecl": "channel", "FormDecl": "form"}[type(decl).__name__]


def _type_text(ref: TypeRef) -> str:
    return format_type(ref.parsed) if ref.parsed is not None else ref.text


def _field_text(f: FieldDecl) -> str:
    extras = [f"{k}={v!r}" for k, v in f.constraints.items()]
    if f.has_default:
        extras.append(f"default={'null' if f.default is None else repr(f.default)}")
    return " ".join([f"{f.name}: {_type_text(f.type)}", *extras])


def _auth_text(auth: str | bool) -> str:
    return ("signed in" if auth else "public") if isinstance(auth, bool) else auth


def _signature(fn: FunctionDecl) -> str:
    params = ", ".join(_field_text(p) for p in fn.params)
    returns = _type_text(fn.returns) if fn.returns is not None else "null"
    extras = [f"auth: {_auth_text(fn.auth)}"]
    if fn.context:
        extras.append(f"context: {fn.context}")
    if fn.affects:
        extras.append("affects: " + " ".join(a.name for a in fn.affects))
    if fn.cache is not None:
        extras.append(f"cached on the server for {fn.cache}")
    return f"function {fn.name}({params}) -> {returns}\n    " + "; ".join(extras)


def _channel_signature(ch: ChannelDecl) -> str:
    """`channel chat(room: str) -> ChatMessage`, then what clients send and who may."""
    params = ", ".join(_field_text(p) for p in ch.params)
    message = _type_text(ch.message) if ch.message is not None else "?"
    send = _type_text(ch.send) if ch.send is not None else "nothing (listen only)"
    return (f"channel {ch.name}({params}) -> {message}\n    "
            f"clients send: {send}; auth: {_auth_text(ch.auth)}")


def _markdown(lines: list[str], doc: str | None) -> str:
    text = "```\n" + "\n".join(lines) + "\n```"
    return text + (f"\n\n{doc.strip()}" if doc else "")


def _symbol(name: str, kind: str, detail: str, rng: Json, selection: Json,
            children: list[Json]) -> Json:
    return {"name": name or "?", "kind": _KIND[kind], "detail": detail.split("\n")[0],
            "range": rng, "selection": selection, "children": children}


def build_index(result: Compilation, encoding: str = UTF16) -> Json:
    """The per-file diagnostics, symbols and entries of a compilation, and its names."""
    return IndexBuilder(result, encoding).build()


def build_diagnostics(result: Compilation, encoding: str = UTF16) -> Json:
    """The per-file diagnostics of a compilation, and its names (what a check publishes)."""
    return IndexBuilder(result, encoding).build_diagnostics()


def build_file_index(result: Compilation, path: str, encoding: str = UTF16) -> Json:
    """The symbols and hover/definition entries of one file of a compilation."""
    return IndexBuilder(result, encoding).build_file(absolute(path))
