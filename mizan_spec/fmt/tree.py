"""A comment-keeping tree of a KDL document, for the formatter.

The parser's tree (ckdl) drops comments and layout; this one keeps every comment where
the author put it: on its own line before a node, at the end of a node's line, after an
opening brace, between entries, after a line continuation, and slashdash-commented
nodes, entries and blocks (which are kept as trees too, so they get formatted). Values
are kept as their source text: the formatter never re-encodes a number or escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mizan_spec.parse.spans import ANNOTATION, TOKEN, ScanError, skip_block_comment


class TreeError(Exception):
    """The text cannot be read as a layout tree (it is not valid KDL)."""


@dataclass
class Entry:
    """An argument (`key` None) or property, a comment between entries, or a line
    continuation kept because a comment follows it."""

    kind: str  # "arg" | "prop" | "comment" | "break"
    value: str = ""  # source text, annotation included
    key: str | None = None
    dropped: bool = False
    value_kind: str = ""  # the token kind of the value: ms, qs, raw, kw, bare
    comment: str | None = None


@dataclass
class Block:
    items: list[Item] = field(default_factory=list)
    dropped: bool = False
    open_comment: str | None = None  # a line comment right after `{`


@dataclass
class NodeItem:
    name: str
    name_kind: str
    annotation: str = ""
    dropped: bool = False
    entries: list[Entry] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    trailing: str | None = None  # a comment ending the node's (last) line


@dataclass
class Comment:
    text: str


@dataclass
class Blank:
    pass


Item = NodeItem | Comment | Blank
Token = tuple[str, str]  # (kind, text)


def tokens(text: str) -> list[Token]:
    """Every token, comments included; a line continuation is one `esc` token whose text
    is its comment (or empty)."""
    out: list[Token] = []
    pos = 0
    pending_esc = False
    esc_comment = ""
    while True:
        m = TOKEN.match(text, pos)
        if m is None:
            raise TreeError("unreadable text")
        kind = m.lastgroup or "bad"
        start, end = m.span(kind)
        pos = end
        if kind == "bc":
            try:
                pos = skip_block_comment(text, start)
            except ScanError as e:
                raise TreeError(e.message) from e
            if not pending_esc:
                out.append(("bc", text[start:pos]))
            continue
        if kind == "ann":
            a = ANNOTATION.match(text, start)
            if a is None:
                raise TreeError("malformed annotation")
            pos = a.end()
            out.append(("ann", re.sub(r"\s+", "", text[start + 1:pos - 1])))
            continue
        if pending_esc:
            if kind == "lc":
                esc_comment = m.group(kind)
                continue
            if kind not in ("nl", "eof"):
                raise TreeError("a line continuation must end its line")
            out.append(("esc", esc_comment))
            pending_esc, esc_comment = False, ""
            if kind == "eof":
                out.append(("eof", ""))
                return out
            continue
        if kind == "esc":
            pending_esc = True
            continue
        if kind == "bad":
            raise TreeError(f"unexpected {m.group(kind)!r}")
        out.append((kind, m.group(kind)))
        if kind == "eof":
            return out


_VALUES = frozenset({"ms", "qs", "raw", "kw", "bare"})


class _Reader:
    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        tok = self.toks[self.i]
        if tok[0] != "eof":
            self.i += 1
        return tok

    def block(self, top: bool) -> list[Item]:
        items: list[Item] = []
        line_used = False
        while True:
            kind, text = self.take()
            if kind == "eof":
                if not top:
                    raise TreeError("a children block is never closed")
                return items
            if kind == "close":
                if top:
                    raise TreeError("a `}` closes nothing")
                return items
            if kind == "nl":
                if not line_used and items and not isinstance(items[-1], Blank):
                    items.append(Blank())
                line_used = False
                continue
            line_used = True
            if kind in ("lc", "bc"):
                items.append(Comment(text))
                if kind == "lc" and self.peek()[0] == "nl":
                    self.take()
                    line_used = False
                continue
            if kind == "semi":
                continue
            dropped = kind == "sd"
            if dropped:
                kind, text = self.skip_line_space()
            node = self.node(kind, text, dropped)
            items.append(node)
            end = self.peek()[0]
            if end in ("nl", "semi"):
                self.take()
                line_used = False

    def skip_line_space(self) -> Token:
        while True:
            tok = self.take()
            if tok[0] not in ("nl", "lc"):
                return tok

    def node(self, kind: str, text: str, dropped: bool) -> NodeItem:
        annotation = ""
        if kind == "ann":
            annotation = text
            kind, text = self.take()
        if kind not in ("ms", "qs", "raw", "bare"):
            raise TreeError("a node name was expected")
        node = NodeItem(text, kind, annotation, dropped)
        while True:
            kind, text = self.peek()
            if kind in ("nl", "semi", "eof", "close"):
                return node
            self.take()
            if kind == "lc":
                node.trailing = text
                return node
            if kind == "bc":
                node.entries.append(Entry("comment", comment=text))
                continue
            if kind == "esc":
                if text:
                    node.entries.append(Entry("break", comment=text))
                continue
            entry_dropped = kind == "sd"
            if entry_dropped:
                kind, text = self.skip_line_space()
            if kind == "open":
                node.blocks.append(self.children(entry_dropped))
                continue
            node.entries.append(self.entry(kind, text, entry_dropped))

    def children(self, dropped: bool) -> Block:
        block = Block(dropped=dropped)
        if self.peek()[0] == "lc":
            block.open_comment = self.take()[1]
        block.items = self.block(top=False)
        return block

    def value(self, kind: str, text: str) -> tuple[str, str]:
        prefix = ""
        if kind == "ann":
            prefix = f"({text})"
            kind, text = self.take()
        if kind not in _VALUES:
            raise TreeError("a value was expected")
        return prefix + text, kind

    def entry(self, kind: str, text: str, dropped: bool) -> Entry:
        if kind in ("ms", "qs", "raw", "bare") and self.peek()[0] == "eq":
            self.take()
            value, value_kind = self.value(*self.take())
            return Entry("prop", value, text, dropped, value_kind)
        value, value_kind = self.value(kind, text)
        return Entry("arg", value, None, dropped, value_kind)


def read_tree(text: str) -> list[Item]:
    """The layout tree of a document ckdl accepts; TreeError otherwise."""
    try:
        return _Reader(tokens(text)).block(top=True)
    except RecursionError as e:
        raise TreeError("the document nests too deeply to format") from e
    except IndexError as e:
        raise TreeError("the document ends unexpectedly") from e
