"""The language server driven as an editor drives it: open, edit, hover, jump, complete."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

COMMON = """mizan 1
context library {
    doc "One library."
}
type Author {
    doc "Who wrote a post."
    field name str
}
"""
POSTS = """mizan 1
type Post {
    doc "😀 a post"; field author Author
}
function posts context=library returns="list[Post]" {
    param library_id int
}
"""
WORKSPACE = Path(tempfile.mkdtemp(prefix="mizan-lsp-"))
(WORKSPACE / "spec").mkdir()
(WORKSPACE / "spec" / "common.mizan.kdl").write_text(COMMON, encoding="utf-8")
(WORKSPACE / "spec" / "posts.mizan.kdl").write_text(POSTS, encoding="utf-8")
POSTS_URI = (WORKSPACE / "spec" / "posts.mizan.kdl").as_uri()
COMMON_URI = (WORKSPACE / "spec" / "common.mizan.kdl").as_uri()
PUBLISH_TIMEOUT = 10.0


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "mizan_spec", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=t.ClientCapabilities(), root_uri=WORKSPACE.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _published(client: LanguageClient, uri: str) -> None:
    """Wait for the next diagnostics of `uri` (the caller removed the previous ones); a
    server that publishes nothing fails the test instead of hanging it."""
    async def arrived() -> None:
        while uri not in client.diagnostics:
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    try:
        await asyncio.wait_for(arrived(), PUBLISH_TIMEOUT)
    except TimeoutError:
        pytest.fail(f"no diagnostics were published for {uri}")


async def _open(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri=uri, language_id="kdl", version=version, text=text)))
    await _published(client, uri)


async def _change(client: LanguageClient, uri: str, text: str, version: int,
                  wait_for: str | None = None) -> None:
    client.diagnostics.pop(wait_for or uri, None)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [t.TextDocumentContentChangeWholeDocument(text=text)]))
    await _published(client, wait_for or uri)


@pytest.mark.asyncio
async def test_diagnostics_count_utf16_columns_and_clear_when_fixed(
        client: LanguageClient) -> None:
    broken = POSTS.replace("field author Author", "field author Auther")
    await _open(client, POSTS_URI, broken)
    [d] = client.diagnostics[POSTS_URI]
    assert d.code == "E302" and "Auther" in d.message
    # `    doc "😀 a post"; field author ` : the emoji is two UTF-16 units
    line = '    doc "😀 a post"; field author '
    assert d.range.start == t.Position(2, len(line.encode("utf-16-le")) // 2)
    assert d.range.end.character - d.range.start.character == len("Auther")
    await _change(client, POSTS_URI, POSTS, 2)
    assert list(client.diagnostics[POSTS_URI]) == []


@pytest.mark.asyncio
async def test_diagnostics_reach_other_files_of_the_spec(client: LanguageClient) -> None:
    await _open(client, POSTS_URI, POSTS.replace("context=library", "context=librar"))
    assert [d.code for d in client.diagnostics[POSTS_URI]] == ["E501"]
    # renaming the type in the other (unsaved) buffer breaks this file, not that one
    client.diagnostics.pop(POSTS_URI)
    await _open(client, COMMON_URI, COMMON.replace("type Author", "type Writer"))
    await _published(client, POSTS_URI)
    codes = sorted(d.code for d in client.diagnostics[POSTS_URI])
    assert codes == ["E302", "E501"]


@pytest.mark.asyncio
async def test_hover_and_definition_across_files(client: LanguageClient) -> None:
    await _open(client, POSTS_URI, POSTS)
    where = t.TextDocumentIdentifier(uri=POSTS_URI)
    author = t.Position(2, len('    doc "😀 a post"; field author '.encode("utf-16-le")) // 2 + 1)
    hover = await client.text_document_hover_async(t.HoverParams(where, author))
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    assert "type Author" in hover.contents.value and "Who wrote a post." in hover.contents.value
    target = await client.text_document_definition_async(t.DefinitionParams(where, author))
    assert isinstance(target, t.Location) and target.uri == COMMON_URI
    assert target.range.start == t.Position(4, 5)
    context = t.Position(4, len("function posts context=") + 2)
    target = await client.text_document_definition_async(t.DefinitionParams(where, context))
    assert isinstance(target, t.Location) and target.range.start == t.Position(1, 8)
    returns = t.Position(4, len('function posts context=library returns="list[') + 1)
    hover = await client.text_document_hover_async(t.HoverParams(where, returns))
    assert hover is not None and "type Post" in str(hover.contents)
    fn = await client.text_document_hover_async(t.HoverParams(where, t.Position(4, 10)))
    assert fn is not None and "function posts(library_id: int) -> list[Post]" in str(fn.contents)


@pytest.mark.asyncio
async def test_completion_in_place(client: LanguageClient) -> None:
    text = POSTS + "function more context= {\n    \n}\n"
    await _open(client, POSTS_URI, text)
    where = t.TextDocumentIdentifier(uri=POSTS_URI)
    lines = text.split("\n")
    at_context = t.Position(7, len("function more context="))
    result = await client.text_document_completion_async(t.CompletionParams(where, at_context))
    assert result is not None and not isinstance(result, list)
    assert [i.label for i in result.items] == ["library"]
    in_block = t.Position(8, 4)
    assert lines[8] == "    "
    result = await client.text_document_completion_async(t.CompletionParams(where, in_block))
    assert result is not None and not isinstance(result, list)
    assert {i.label for i in result.items} == {"doc", "param", "affects"}


@pytest.mark.asyncio
async def test_document_symbols(client: LanguageClient) -> None:
    await _open(client, POSTS_URI, POSTS)
    symbols = await client.text_document_document_symbol_async(
        t.DocumentSymbolParams(t.TextDocumentIdentifier(uri=POSTS_URI)))
    assert symbols is not None
    names = [(s.name, [c.name for c in s.children or []])
             for s in symbols if isinstance(s, t.DocumentSymbol)]
    assert names == [("Post", ["author"]), ("posts", ["library_id"])]


@pytest.mark.asyncio
async def test_garbage_never_breaks_the_server(client: LanguageClient) -> None:
    await _open(client, POSTS_URI, "mizan 1\ntype {{{ \"\\u{D800}\" \x00 /*")
    assert client.diagnostics[POSTS_URI]
    for version, text in enumerate(["", "(", "mizan 1\nfunction f returns=\"list[\"", POSTS], 2):
        await _change(client, POSTS_URI, text, version)
    assert list(client.diagnostics[POSTS_URI]) == []
    hover = await client.text_document_hover_async(t.HoverParams(
        t.TextDocumentIdentifier(uri=POSTS_URI), t.Position(999, 999)))
    assert hover is None


@pytest.mark.asyncio
async def test_a_buffer_not_yet_saved_is_checked_with_its_spec(client: LanguageClient) -> None:
    new = WORKSPACE / "spec" / "new.mizan.kdl"
    uri = new.as_uri()
    assert not new.exists()
    await _open(client, uri, "mizan 1\nfunction f returns=Nope\n")
    [d] = client.diagnostics[uri]
    assert d.code == "E302" and "unknown type `Nope`" in d.message
    # checked with the rest of its folder: `Author` (common.mizan.kdl) resolves
    await _change(client, uri, "mizan 1\nfunction f returns=Author\n", 2)
    assert list(client.diagnostics[uri]) == []
    assert not new.exists()


async def _close(client: LanguageClient, uri: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_close(t.DidCloseTextDocumentParams(
        t.TextDocumentIdentifier(uri=uri)))
    await _published(client, uri)


@pytest.mark.asyncio
async def test_a_new_buffer_in_a_folder_without_specs(client: LanguageClient) -> None:
    folder = WORKSPACE / "fresh"
    folder.mkdir(exist_ok=True)
    uri = (folder / "first.mizan.kdl").as_uri()
    await _open(client, uri, "mizan 1\nfunction f returns=Nope\n")
    assert [d.code for d in client.diagnostics[uri]] == ["E302"]
    assert folder.as_uri() not in client.diagnostics  # no "no spec files in this directory"
    await _close(client, uri)  # discarded unsaved: its diagnostics go, nothing else appears
    assert list(client.diagnostics[uri]) == []
    assert folder.as_uri() not in client.diagnostics
    missing = WORKSPACE / "not-yet" / "made.mizan.kdl"  # nor does its folder exist yet
    await _open(client, missing.as_uri(), "mizan 1\nfunction f returns=Nope\n")
    assert [d.code for d in client.diagnostics[missing.as_uri()]] == ["E302"]
    assert missing.parent.as_uri() not in client.diagnostics


@pytest.mark.asyncio
async def test_untitled_buffers_are_checked_on_their_own(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    own = "mizan 1\ntype Own { field a int }\nfunction g returns=Own\n"
    await _open(client, uri, own + "function f returns=Nope\n")
    [d] = client.diagnostics[uri]
    assert "unknown type `Nope`" in d.message and d.range.start.line == 3
    # on its own: the workspace's `Author` is not part of it, its own `Own` is
    await _change(client, uri, own + "function f returns=Author\n", 2)
    assert [d.message.split("\n")[0] for d in client.diagnostics[uri]] == [
        "unknown type `Author`"]
    hover = await client.text_document_hover_async(t.HoverParams(
        t.TextDocumentIdentifier(uri=uri), t.Position(2, len("function g returns=") + 1)))
    assert hover is not None and "type Own" in str(hover.contents)
    target = await client.text_document_definition_async(t.DefinitionParams(
        t.TextDocumentIdentifier(uri=uri), t.Position(2, len("function g returns=") + 1)))
    assert isinstance(target, t.Location) and target.uri == uri
    assert target.range.start == t.Position(1, 5)
    await _close(client, uri)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_hover_and_symbols_follow_each_edit(client: LanguageClient) -> None:
    """Hover data is built per file on demand after a check: never that of an older one."""
    await _open(client, POSTS_URI, POSTS)
    where = t.TextDocumentIdentifier(uri=POSTS_URI)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(where))
    assert symbols and symbols[0].range.start.line == 1
    await _change(client, POSTS_URI, "mizan 1\n\n\n" + POSTS.removeprefix("mizan 1\n"), 2)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(where))
    assert symbols and symbols[0].range.start.line == 3
    fn = await client.text_document_hover_async(t.HoverParams(where, t.Position(6, 10)))
    assert fn is not None and "function posts(" in str(fn.contents)
    # an edit of the other file reaches this one, and its fix clears it again (each
    # check publishes every open file: wait for the state, not for one publish)
    await _open(client, COMMON_URI, COMMON)
    await _change(client, COMMON_URI, COMMON.replace("type Author", "type Writer"), 2)
    await _until(client, POSTS_URI, ["E302"])
    await _change(client, COMMON_URI, COMMON, 3)
    await _until(client, POSTS_URI, [])


@pytest.mark.asyncio
async def test_an_edit_republishes_only_what_changed(client: LanguageClient) -> None:
    await _open(client, COMMON_URI, COMMON)
    await _open(client, POSTS_URI, POSTS)
    client.diagnostics.pop(COMMON_URI)
    await _change(client, POSTS_URI, POSTS + "\n", 2)  # still clean: published, it changed
    await _change(client, POSTS_URI, POSTS.replace("int", "inx"), 3)  # after that check
    assert [d.code for d in client.diagnostics[POSTS_URI]] == ["E302"]
    assert COMMON_URI not in client.diagnostics  # unchanged and still clean: left alone
    # a change that reaches the other file publishes it
    await _change(client, COMMON_URI, COMMON.replace("type Author", "type Writer"), 2,
                  wait_for=POSTS_URI)
    assert sorted(d.code for d in client.diagnostics[POSTS_URI]) == ["E302", "E302"]


async def _until(client: LanguageClient, uri: str, codes: list[str]) -> None:
    """Wait until the diagnostics of `uri` have these codes (or fail the test)."""
    async def reached() -> None:
        while [d.code for d in client.diagnostics.get(uri, [])] != codes:
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    try:
        await asyncio.wait_for(reached(), PUBLISH_TIMEOUT)
    except TimeoutError:
        pytest.fail(f"the diagnostics of {uri} never became {codes}")
