"""The language server on channels, driven as an editor drives it: hover on a channel
and its params, jump to the types and predicate it names, complete its properties and
the types of `message=` / `send=`."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

TYPES = """mizan 1
type ChatMessage {
    doc "One line of chat."
    field text str
}
predicate in_room
"""
CHAT = """mizan 1
channel chat message=ChatMessage auth=in_room {
    doc "Messages of one room."
    param room str max-length=64 {
        doc "The room's slug."
    }
}
channel scores message=int send=
"""
WORKSPACE = Path(tempfile.mkdtemp(prefix="mizan-lsp-channels-"))
(WORKSPACE / "spec").mkdir()
(WORKSPACE / "spec" / "types.mizan.kdl").write_text(TYPES, encoding="utf-8")
(WORKSPACE / "spec" / "chat.mizan.kdl").write_text(CHAT, encoding="utf-8")
CHAT_URI = (WORKSPACE / "spec" / "chat.mizan.kdl").as_uri()
TYPES_URI = (WORKSPACE / "spec" / "types.mizan.kdl").as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "mizan_spec", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=t.ClientCapabilities(), root_uri=WORKSPACE.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, text: str) -> None:
    client.diagnostics.pop(CHAT_URI, None)
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri=CHAT_URI, language_id="kdl", version=1, text=text)))

    async def arrived() -> None:
        while CHAT_URI not in client.diagnostics:
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await asyncio.wait_for(arrived(), 10.0)


async def _hover(client: LanguageClient, line: int, character: int) -> str:
    where = t.TextDocumentIdentifier(uri=CHAT_URI)
    hover = await client.text_document_hover_async(
        t.HoverParams(where, t.Position(line, character)))
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    return hover.contents.value


@pytest.mark.asyncio
async def test_hover_and_definition_on_a_channel(client: LanguageClient) -> None:
    text = CHAT.replace(" send=\n", " send=ChatMessage\n")
    await _open(client, text)
    assert list(client.diagnostics[CHAT_URI]) == []
    channel = await _hover(client, 1, len("channel c"))
    assert "channel chat(room: str max-length=64) -> ChatMessage" in channel
    assert "clients send: nothing (listen only); auth: in_room" in channel
    assert "Messages of one room." in channel
    param = await _hover(client, 3, len("    param r"))
    assert "param room: str max-length=64" in param and "The room's slug." in param
    message = await _hover(client, 1, len("channel chat message=Chat"))
    assert "type ChatMessage" in message and "One line of chat." in message
    where = t.TextDocumentIdentifier(uri=CHAT_URI)
    for position, line in ((t.Position(1, len("channel chat message=Chat")), 1),
                           (t.Position(1, len("channel chat message=ChatMessage auth=in")), 5),
                           (t.Position(7, len("channel scores message=int send=Chat")), 1)):
        target = await client.text_document_definition_async(
            t.DefinitionParams(where, position))
        assert isinstance(target, t.Location) and target.uri == TYPES_URI
        assert target.range.start.line == line
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(where))
    assert symbols is not None
    assert [(s.name, s.kind, [c.name for c in s.children or []]) for s in symbols
            if isinstance(s, t.DocumentSymbol)] == [
        ("chat", t.SymbolKind.Event, ["room"]), ("scores", t.SymbolKind.Event, [])]


@pytest.mark.asyncio
async def test_completion_on_a_channel(client: LanguageClient) -> None:
    text = CHAT + "channel more \n"
    await _open(client, text)
    where = t.TextDocumentIdentifier(uri=CHAT_URI)

    async def labels(line: int, character: int) -> set[str]:
        result = await client.text_document_completion_async(
            t.CompletionParams(where, t.Position(line, character)))
        assert result is not None and not isinstance(result, list)
        return {i.label for i in result.items}

    send = await labels(7, len("channel scores message=int send="))
    assert {"ChatMessage", "int", "str"} <= send and "in_room" not in send
    assert await labels(8, len("channel more ")) == {"message", "send", "auth"}
    assert "channel" in await labels(9, 0)
    assert await labels(2, 4) == {"doc", "param"}
    assert "ChatMessage" in await labels(3, len("    param room "))
