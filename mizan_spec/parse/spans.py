"""Where things are: a KDL 2.0 span scanner that ckdl lacks.

ckdl parses values exactly but reports no positions at all. This scanner walks the same
text and records, for every node in document order (slashdashed ones dropped), where
its name, each argument, each property key and value, and its children block stand.
It does not decode values: ckdl stays the authority on what the text means; the scanner
only says where. On text ckdl rejects it also names the first place it cannot read,
which is how syntax errors get a line and column.

It is iterative (an explicit stack), so nesting depth costs memory, never recursion.
After an edit, `rescan` reads again only the top-level nodes around what changed and
takes the others from the previous text's scan.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from dataclasses import dataclass, field

# KDL 2 inline whitespace and newlines, as ckdl reads them. The 2025 errata make U+000B
# (vertical tab) a newline; ckdl 1.0 still reads it as whitespace, and ckdl decides the
# tree the scanner must line up with, so here it is whitespace.
_WS = "\t\x0b \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff"
_NL = "\n\r\x85\x0c\u2028\u2029"

# One token per match, leading inline whitespace folded in. Group names drive dispatch.
# A `\` in a quoted string escapes one character or a whole run of whitespace and
# newlines (possessive, so a long run never backtracks). A raw string opened with
# `#"""` runs to the first `"""` with as many hashes; one opened with `#"` stays on its line.
_TOKEN = re.compile(
    rf"""[{_WS}]*
    (?:
      (?P<nl>\r\n|[{_NL}])
    | (?P<lc>//[^{_NL}]*)
    | (?P<bc>/\*)
    | (?P<sd>/-)
    | (?P<esc>\\)
    | (?P<semi>;)
    | (?P<open>\{{)
    | (?P<close>\}})
    | (?P<ann>\()
    | (?P<eq>=)
    | (?P<ms>\"\"\"(?:[^"\\]|\\(?:[{_WS}{_NL}]++|.)|"(?!""))*\"\"\")
    | (?P<qs>"(?:[^"\\{_NL}]|\\(?:[{_WS}{_NL}]++|.))*")
    | (?P<raw>(?P<hashes>\#+)(?:\"\"\".*?\"\"\"|"[^{_NL}]*?")(?P=hashes))
    | (?P<kw>\#[A-Za-z-]+)
    | (?P<bare>[^\s\\/(){{}}\[\];"\#=]+)
    | (?P<eof>\Z)
    | (?P<bad>.)
    )""",
    re.VERBOSE | re.DOTALL,
)
# The formatter's reading of a type annotation (the scanner reads annotations token by
# token, so comments and line continuations inside the parentheses are allowed there).
_ANNOTATION = re.compile(
    r"""\([\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*
    (?:"(?:[^"\\]|\\.)*"|\#+".*?"|[^\s\\/(){}\[\];"\#=]+)
    [\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*\)""",
    re.VERBOSE | re.DOTALL,
)
_BLOCK_COMMENT_PART = re.compile(r"/\*|\*/")
_VALUE_KINDS = frozenset({"ms", "qs", "raw", "kw", "bare"})
_KEYWORDS = frozenset({"#true", "#false", "#null", "#inf", "#-inf", "#nan"})
_BARE_KEYWORDS = frozenset({"true", "false", "null", "inf", "-inf", "nan"})
_NUMBER_START = re.compile(r"[+-]?\.?[0-9]")
_NUMBER = re.compile(
    r"""[+-]?(?:0x[0-9a-fA-F][0-9a-fA-F_]*|0o[0-7][0-7_]*|0b[01][01_]*
    |[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9][0-9_]*)?)\Z""",
    re.VERBOSE,
)


class ScanError(Exception):
    """The first place the scanner cannot read, as a code point offset and a message."""

    def __init__(self, offset: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class EntrySpan:
    """One argument or property. `key` is the raw key text for properties, else None."""

    key: str | None
    key_start: int
    start: int  # the value (after any annotation)
    end: int
    annotation_start: int = -1


@dataclass(slots=True)
class NodeSpan:
    """Where one node and its parts stand in the text, as character offsets."""

    start: int  # first character of the node (its annotation, if any)
    name_start: int
    name_end: int
    end: int = -1  # just after the last entry or the closing brace
    annotated: bool = False
    entries: list[EntrySpan] = field(default_factory=list)
    children: list[NodeSpan] = field(default_factory=list)
    children_start: int = -1  # offset of `{`, or -1 without a children block


@dataclass(slots=True)
class _Frame:
    """An open children block while scanning: its node and the list its children join."""

    owner: NodeSpan
    target: list[NodeSpan]


def _skip_block_comment(text: str, start: int) -> int:
    depth = 0
    pos = start
    while True:
        m = _BLOCK_COMMENT_PART.search(text, pos)
        if m is None:
            raise ScanError(start, "this block comment is never closed", "close it with `*/`")
        depth += 1 if m.group() == "/*" else -1
        pos = m.end()
        if depth == 0:
            return pos


class _Scanner:
    """Tokens come from one `finditer` stream; `peek` holds one token of lookahead."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.finditer(text)
        self.peeked: re.Match[str] | None = None
        # (offset just after an entry or node, open brace depth there, where to blame)
        self.checkpoints: list[tuple[int, int, int]] = []
        self.synced: int | None = None  # see `scan`

    def restart(self, pos: int) -> None:
        self.tokens = _TOKEN.finditer(self.text, pos)

    def next(self) -> re.Match[str]:
        """The next significant token; block comments and line continuations are skipped."""
        m = self.peeked
        if m is not None:
            self.peeked = None
            return m
        while True:
            m = next(self.tokens)
            kind = m.lastgroup
            if kind == "bc":
                self.restart(_skip_block_comment(self.text, m.start("bc")))
                continue
            if kind == "esc":
                after = next(self.tokens)
                while after.lastgroup == "bc":
                    self.restart(_skip_block_comment(self.text, after.start("bc")))
                    after = next(self.tokens)
                if after.lastgroup == "lc":
                    after = next(self.tokens)
                if after.lastgroup not in ("nl", "eof"):
                    raise ScanError(m.start("esc"), "a `\\` line continuation must end its line")
                if after.lastgroup == "eof":
                    return after
                continue
            return m

    def annotations(self, m: re.Match[str]) -> re.Match[str]:
        """Skip the type annotations starting at `m` (an `(`); the token after them.

        Inside the parentheses the type name may be any string form, with whitespace,
        block comments and line continuations around it; ckdl also takes several
        annotations in a row, so the scanner does too."""
        while m.lastgroup == "ann":
            start = m.start("ann")
            name = self.next()
            if name.lastgroup not in _NAME_KINDS:
                raise ScanError(start, "this type annotation is malformed or never closed")
            close = self.next()
            if close.lastgroup != "bad" or close.group("bad") != ")":
                raise ScanError(start, "this type annotation is malformed or never closed")
            m = self.next()
        return m

    def value(self, m: re.Match[str]) -> tuple[int, int, int]:
        """(annotation start or -1, value start, value end) for a value token or annotation."""
        ann = -1
        if m.lastgroup == "ann":
            ann = m.start("ann")
            m = self.annotations(m)
            if m.lastgroup in ("nl", "lc", "sd", "eof"):
                raise ScanError(m.start(m.lastgroup or 0),
                                "a value must follow its type annotation")
        kind = m.lastgroup
        if kind not in _VALUE_KINDS:
            raise _unexpected(m)
        start, end = m.span(kind)
        if kind == "kw":
            token = m.group(kind)
            if token not in _KEYWORDS:
                raise ScanError(start, f"`{token}` is not a KDL keyword",
                                "keywords are #true, #false, #null, #inf, #-inf and #nan")
        elif kind == "bare":
            token = m.group(kind)
            if token in _BARE_KEYWORDS:
                raise ScanError(start, f"bare `{token}` is not allowed in KDL 2.0",
                                f'write `#{token}` for the keyword or "{token}" for the string')
            if _NUMBER_START.match(token) and not _NUMBER.match(token):
                raise ScanError(start, f"`{token}` is neither a number nor an identifier",
                                "quote it if it is a string")
        return ann, start, end

    def scan(self, sync: dict[int, int] | None = None) -> list[NodeSpan]:
        """The top-level nodes from where the tokens start (between two nodes). With
        `sync`, the scan stops after a top-level node whose terminator starts at one of
        its offsets, and `synced` is the value found there."""
        text = self.text
        root: list[NodeSpan] = []
        stack: list[_Frame] = []
        target = root
        checkpoints = self.checkpoints
        node: NodeSpan | None = None  # the node whose entries are being read
        while True:
            m = self.next()
            kind = m.lastgroup
            if node is None:
                if kind in ("nl", "lc", "semi"):
                    continue
                if kind == "eof":
                    if stack:
                        raise ScanError(stack[-1].owner.children_start,
                                        "this children block is never closed", "add a `}`")
                    return root
                if kind == "close":
                    if not stack:
                        raise ScanError(m.start("close"), "this `}` closes nothing")
                    node = stack.pop().owner
                    target = stack[-1].target if stack else root
                    continue
                dropped = kind == "sd"
                if dropped:
                    m = self._after_slashdash()
                    kind = m.lastgroup
                start = m.start(kind or 0)
                annotated = kind == "ann"
                if annotated:
                    m = self.annotations(m)
                    kind = m.lastgroup
                if kind not in _NAME_KINDS:
                    raise _unexpected(m, "a node name")
                _, name_start, name_end = self.value(m)
                node = NodeSpan(start, name_start, name_end, annotated=annotated)
                if not dropped:
                    target.append(node)
                continue

            if kind in _NODE_ENDS:
                end = node.end = m.start(kind or 0)
                if kind == "close":
                    self.peeked = m
                else:
                    if kind == "eof":
                        self.peeked = m
                    blame = end if node.entries else node.start
                    checkpoints.append((end, len(stack), blame))
                node = None
                if sync and not stack and end in sync:
                    self.synced = sync[end]
                    return root
                continue
            dropped = kind == "sd"
            if dropped:
                m = self._after_slashdash()
                kind = m.lastgroup
            if kind == "open":
                holder: list[NodeSpan] = []
                if not dropped:
                    node.children_start = m.start("open")
                    holder = node.children
                stack.append(_Frame(node, holder))
                target = holder
                node = None
                continue
            ann, start, end = self.value(m)
            key: str | None = None
            key_start = -1
            after = self.next()
            if after.lastgroup == "eq":
                if ann != -1:
                    raise ScanError(ann, "a property key cannot carry a type annotation")
                key, key_start = text[start:end], start
                ann, start, end = self.value(self.next())
            else:
                self.peeked = after
            checkpoints.append((end, len(stack), key_start if key is not None else (
                ann if ann != -1 else start)))
            if not dropped:
                node.entries.append(EntrySpan(key, key_start, start, end, ann))

    def _after_slashdash(self) -> re.Match[str]:
        while True:
            m = self.next()
            if m.lastgroup in ("nl", "lc"):
                continue
            if m.lastgroup == "eof":
                raise ScanError(m.start("eof"), "`/-` comments out nothing")
            return m


_NAME_KINDS = frozenset({"ms", "qs", "raw", "bare"})
_NODE_ENDS = frozenset({"nl", "semi", "eof", "lc", "close"})


def _unexpected(m: re.Match[str], wanted: str = "a value") -> ScanError:
    kind = m.lastgroup or ""
    start = m.start(kind) if kind else m.start()
    if kind == "eof":
        return ScanError(start, f"the file ends where {wanted} was expected")
    if kind in ("nl", "lc", "semi"):
        return ScanError(start, f"the line ends where {wanted} was expected")
    if kind == "bad":
        ch = m.group("bad")
        if ch == '"':
            return ScanError(start, "this string is never closed",
                             'close it with `"` on the same line, or use `"""` for several lines')
        if ch in "[]":
            return ScanError(start, f"`{ch}` cannot appear in a bare identifier",
                             "quote the text that contains it")
        if ch == "#":
            return ScanError(start, "this raw string is never closed")
        return ScanError(start, f"unexpected {_describe(ch)}")
    token = m.group(kind)
    return ScanError(start, f"unexpected `{token[:20]}` where {wanted} was expected")


def _describe(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"`{ch}`"
    return f"character U+{ord(ch):04X}"


def scan(text: str) -> list[NodeSpan]:
    """The spans of every top-level node, or ScanError at the first place that cannot be read."""
    return _Scanner(text).scan()


def rescan(text: str, base_text: str, base: list[NodeSpan]) -> list[NodeSpan]:
    """What `scan(text)` returns (or raises), reading again only what changed since
    `base_text`, whose scan is `base`.

    A top-level node is kept when it ends, terminator included (at most two characters:
    `//`, `\\r\\n`), before the first changed character: nothing after a token changes
    what it is. The scan resumes at the end of the last node kept; once it ends a
    top-level node where one of `base` ended inside the unchanged end of the text, the
    scanner is where it was then, on the same text, so the rest of `base` follows,
    moved by the change in length.
    """
    prefix = _common_prefix(text, base_text)
    suffix = _common_suffix(text, base_text, min(len(text), len(base_text)) - prefix)
    ends = [n.end for n in base]
    kept = bisect.bisect_right(ends, prefix - 2)
    delta = len(text) - len(base_text)
    unchanged = len(base_text) - suffix  # base offsets from here on have the same text
    sync = {ends[i] + delta: i for i in range(kept, len(ends)) if ends[i] >= unchanged}
    scanner = _Scanner(text)
    if kept:
        scanner.restart(ends[kept - 1])
    middle = scanner.scan(sync)
    if scanner.synced is None:
        return base[:kept] + middle
    tail = base[scanner.synced + 1:]
    return base[:kept] + middle + (tail if delta == 0 else [_moved(n, delta) for n in tail])


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))  # a[:lo] == b[:lo]; they differ within a[:hi + 1]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    la, lb = len(a), len(b)
    lo, hi = 0, max(0, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _moved(top: NodeSpan, delta: int) -> NodeSpan:
    """A copy of a node's spans, every offset moved by `delta`."""
    def entry(e: EntrySpan) -> EntrySpan:
        return EntrySpan(e.key, e.key_start + delta if e.key_start >= 0 else -1,
                         e.start + delta, e.end + delta,
                         e.annotation_start + delta if e.annotation_start >= 0 else -1)

    def node(n: NodeSpan) -> NodeSpan:
        return NodeSpan(n.start + delta, n.name_start + delta, n.name_end + delta,
                        n.end + delta, n.annotated, [entry(e) for e in n.entries],
                        n.children, n.children_start + delta if n.children_start >= 0 else -1)

    copy = node(top)
    work = [copy]
    while work:
        n = work.pop()
        if n.children:
            n.children = [node(c) for c in n.children]
            work.extend(n.children)
    return copy


def syntax_checkpoints(text: str) -> list[tuple[int, int, int]]:
    """Places to cut the text for bisecting a syntax error with ckdl.

    Each is (offset, depth, blame): the prefix up to `offset`, closed with `depth` braces,
    is a complete document when everything before it is valid; `blame` is where the
    entry or node that ends there starts.
    """
    scanner = _Scanner(text)
    with contextlib.suppress(ScanError):
        scanner.scan()
    return scanner.checkpoints


# Public names for tools that need the raw token stream (the formatter keeps comments).
TOKEN = _TOKEN
ANNOTATION = _ANNOTATION
skip_block_comment = _skip_block_comment
