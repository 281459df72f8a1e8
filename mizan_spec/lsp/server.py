"""The language server: pygls handlers wired to the check worker and the spec index.

Every open buffer is checked together with the rest of its spec (see `units`), saved
or not, in the check worker, debounced while typing; an `untitled:` buffer on its own.
The debounce adapts: an edit waits a tenth of the unit's last check time (at most
`DEBOUNCE_SECONDS`), so a small spec answers at once and a large one does not queue a
check per keystroke. Diagnostics are published for every file of the spec whose
diagnostics or buffer changed since the last check, and cleared for files that became
clean. Hover, definition and symbols read the index of a file,
asked of the worker the first time after each check (after finishing a pending check);
completion reads the buffer.
No handler lets an exception reach the client: failures are logged, answers empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from mizan_spec import __version__
from mizan_spec.config import Config, ConfigError, load_config
from mizan_spec.lsp.completion import complete
from mizan_spec.lsp.pool import CheckWorker, WorkerError
from mizan_spec.lsp.positions import codepoint_col
from mizan_spec.lsp.units import in_unit, unit_roots, untitled_path

DEBOUNCE_SECONDS = 0.15  # the longest an edit waits before its check starts
DEBOUNCE_SHARE = 0.1  # of the unit's last check time
log = logging.getLogger(__name__)

_COMPLETION_KINDS = {
    "keyword": t.CompletionItemKind.Keyword, "property": t.CompletionItemKind.Property,
    "type": t.CompletionItemKind.Class, "enum": t.CompletionItemKind.Enum,
    "context": t.CompletionItemKind.Module, "function": t.CompletionItemKind.Function,
    "predicate": t.CompletionItemKind.Interface, "value": t.CompletionItemKind.Value,
}


@dataclass
class Unit:
    roots: tuple[str, ...]
    index: dict[str, Any] = field(default_factory=dict)  # the last check: diagnostics, names
    published: set[str] = field(default_factory=set)
    sent: dict[str, list[Any]] = field(default_factory=dict)  # last diagnostics published
    pending: asyncio.Task[None] | None = None
    checked: tuple[dict[str, str], str] | None = None  # buffers and encoding of that check
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # symbols, entries
    seconds: float = 0.0  # how long the last check took

    def debounce(self) -> float:
        return min(DEBOUNCE_SECONDS, self.seconds * DEBOUNCE_SHARE)


class MizanServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("mizan-spec", __version__)
        self.worker = CheckWorker()
        self.config = Config()
        self.units: dict[tuple[str, ...], Unit] = {}
        self.untitled: dict[str, str] = {}  # stand-in path -> `untitled:` URI

    # -- units and checks --------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        stand_in = untitled_path(uri)
        if stand_in is not None:
            self.untitled[stand_in] = uri
            return stand_in
        path = to_fs_path(uri)
        return str(Path(path).resolve()) if path else None

    def uri_of(self, path: str) -> str:
        return self.untitled.get(path) or from_fs_path(path) or path

    def unit_for(self, path: str) -> Unit:
        roots = unit_roots(Path(path), self.config)
        unit = self.units.get(roots)
        if unit is None:
            unit = self.units[roots] = Unit(roots)
        return unit

    def spec_root(self) -> str | None:
        """`root` of `[tool.mizan-spec]`: includes may lead there, as on the command line."""
        root = self.config.spec_root
        return str(root) if root is not None else None

    def open_paths(self) -> dict[str, str]:
        out = {}
        for uri, doc in self.workspace.text_documents.items():
            path = self.path_of(uri)
            if path is not None:
                out[path] = doc.source
        return out

    def schedule(self, unit: Unit, delay: float) -> None:
        if unit.pending is not None and not unit.pending.done():
            unit.pending.cancel()
        unit.pending = asyncio.get_running_loop().create_task(self.run_check(unit, delay))

    async def run_check(self, unit: Unit, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        overlay = {p: text for p, text in self.open_paths().items() if in_unit(p, unit.roots)}
        encoding = str(self.workspace.position_encoding or "utf-16")
        started = time.perf_counter()
        try:
            reply = await self.worker.check(list(unit.roots), overlay, encoding,
                                            self.spec_root())
        except WorkerError as e:
            self.window_log_message(t.LogMessageParams(t.MessageType.Error, str(e)))
            return
        unit.seconds = time.perf_counter() - started
        if "error" in reply:
            self.window_log_message(t.LogMessageParams(
                t.MessageType.Error, f"mizan-spec could not check this spec: {reply['error']}"))
        before = unit.checked
        unit.index, unit.checked, unit.files = reply, (overlay, encoding), {}
        self.publish(unit, reply.get("files", {}), _edited(before, overlay, encoding))

    async def file_index(self, unit: Unit, path: str) -> dict[str, Any]:
        """The symbols and entries of `path` as of the unit's last check."""
        checked = unit.checked
        if path not in unit.files and checked is not None:
            overlay, encoding = checked
            try:
                reply = await self.worker.index(path, list(unit.roots), overlay, encoding,
                                                self.spec_root())
            except WorkerError as e:
                self.window_log_message(t.LogMessageParams(t.MessageType.Error, str(e)))
                return {}
            if unit.checked is checked:  # no newer check came meanwhile
                unit.files[path] = reply
            return reply
        return unit.files.get(path, {})

    def publish(self, unit: Unit, files: dict[str, Any], edited: set[str] | None) -> None:
        """Publish what changed: a file whose diagnostics are what was last published
        for it, and whose buffer did not change (`edited`; None: all may have), is
        left alone (the editor still shows them)."""
        now: set[str] = set()
        open_now = self.open_paths()
        for path, info in files.items():
            raw = info.get("diagnostics", [])
            if raw:
                now.add(path)
            if not (raw or path in unit.published or path in open_now):
                continue
            if edited is not None and path not in edited and unit.sent.get(path) == raw:
                continue
            unit.sent[path] = raw
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
                uri=self.uri_of(path), diagnostics=[_diagnostic(d, self.uri_of) for d in raw]))
        for path in unit.published - set(files):
            unit.sent.pop(path, None)
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
                uri=self.uri_of(path), diagnostics=[]))
        unit.published = now

    async def current(self, uri: str) -> tuple[str, Unit] | None:
        """The file and its unit, with any pending check of it finished first."""
        path = self.path_of(uri)
        if path is None:
            return None
        unit = self.unit_for(path)
        task = unit.pending
        if task is not None and not task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
        if not unit.index:
            await self.run_check(unit, 0)
        return path, unit

    async def entry_at(self, unit: Unit, path: str, pos: t.Position) -> dict[str, Any] | None:
        entries = (await self.file_index(unit, path)).get("entries", [])
        here = (pos.line, pos.character)
        for e in entries:
            r = e["range"]
            if (r["start"]["line"], r["start"]["character"]) <= here <= (
                    r["end"]["line"], r["end"]["character"]):
                return dict(e)
        return None


def _edited(before: tuple[dict[str, str], str] | None, overlay: dict[str, str],
            encoding: str) -> set[str] | None:
    """The buffers opened, changed or closed since the check `before` (None: no check
    yet, or one in another position encoding, so every file is new to the editor)."""
    if before is None or before[1] != encoding:
        return None
    old = before[0]
    return {p for p in old.keys() | overlay.keys() if old.get(p) != overlay.get(p)}


def _range(r: dict[str, Any]) -> t.Range:
    return t.Range(t.Position(**r["start"]), t.Position(**r["end"]))


def _diagnostic(d: dict[str, Any], uri_of: Callable[[str], str]) -> t.Diagnostic:
    related = [t.DiagnosticRelatedInformation(
        t.Location(uri_of(r["path"]), _range(r["range"])), r["message"])
        for r in d.get("related", [])]
    return t.Diagnostic(
        range=_range(d["range"]), message=d["message"], code=d["code"], source=d["source"],
        severity=t.DiagnosticSeverity(d["severity"]), related_information=related or None)


def _symbol(s: dict[str, Any]) -> t.DocumentSymbol:
    return t.DocumentSymbol(
        name=s["name"], kind=t.SymbolKind(s["kind"]), range=_range(s["range"]),
        selection_range=_range(s["selection"]), detail=s["detail"] or None,
        children=[_symbol(c) for c in s["children"]])


server = MizanServer()


@server.feature(t.INITIALIZED)
def initialized(ls: MizanServer, params: t.InitializedParams) -> None:
    root = ls.workspace.root_path
    try:
        ls.config = load_config(Path(root)) if root else Config()
    except ConfigError as e:
        ls.window_log_message(t.LogMessageParams(t.MessageType.Warning, str(e)))


@server.feature(t.SHUTDOWN)
async def shutdown(ls: MizanServer, params: None) -> None:
    await ls.worker.close()


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MizanServer, params: t.DidOpenTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if path is not None:
        ls.schedule(ls.unit_for(path), 0)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MizanServer, params: t.DidChangeTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if path is not None:
        unit = ls.unit_for(path)
        ls.schedule(unit, unit.debounce())


@server.feature(t.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MizanServer, params: t.DidSaveTextDocumentParams) -> None:
    did_change_path(ls, params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MizanServer, params: t.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    stand_in = untitled_path(uri)
    if stand_in is None:
        did_change_path(ls, uri)
        return
    unit = ls.units.pop((stand_in,), None)  # gone for good: nothing on disk to recheck
    if unit is not None and unit.pending is not None:
        unit.pending.cancel()
    ls.untitled.pop(stand_in, None)
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def did_change_path(ls: MizanServer, uri: str) -> None:
    path = ls.path_of(uri)
    if path is not None:
        ls.schedule(ls.unit_for(path), 0)


@server.feature(t.TEXT_DOCUMENT_HOVER)
async def hover(ls: MizanServer, params: t.HoverParams) -> t.Hover | None:
    found = await ls.current(params.text_document.uri)
    if found is None:
        return None
    entry = await ls.entry_at(found[1], found[0], params.position)
    if entry is None:
        return None
    return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, entry["hover"]), _range(entry["range"]))


@server.feature(t.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: MizanServer, params: t.DefinitionParams) -> t.Location | None:
    found = await ls.current(params.text_document.uri)
    if found is None:
        return None
    entry = await ls.entry_at(found[1], found[0], params.position)
    if entry is None or not entry.get("target"):
        return None
    target = entry["target"]
    return t.Location(ls.uri_of(target["path"]), _range(target["range"]))


@server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def symbols(ls: MizanServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
    found = await ls.current(params.text_document.uri)
    if found is None:
        return []
    path, unit = found
    return [_symbol(s) for s in (await ls.file_index(unit, path)).get("symbols", [])]


@server.feature(t.TEXT_DOCUMENT_COMPLETION,
                t.CompletionOptions(trigger_characters=["=", " ", "[", '"']))
def completion(ls: MizanServer, params: t.CompletionParams) -> t.CompletionList:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    path = ls.path_of(params.text_document.uri)
    names = ls.unit_for(path).index.get("names", {}) if path else {}
    lines = doc.lines
    line_no = min(params.position.line, len(lines))
    line = lines[line_no] if line_no < len(lines) else ""
    encoding = str(ls.workspace.position_encoding or "utf-16")
    col = codepoint_col(line.rstrip("\r\n"), params.position.character, encoding)
    offset = sum(len(x) for x in lines[:line_no]) + col - 1
    items = [t.CompletionItem(label=s.label, kind=_COMPLETION_KINDS.get(s.kind),
                              insert_text=s.insert)
             for s in complete(doc.source, offset, names)]
    return t.CompletionList(is_incomplete=False, items=items)


def run() -> None:
    """Serve on stdio until the client disconnects."""
    server.start_io()
