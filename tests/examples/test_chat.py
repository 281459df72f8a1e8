"""The chat example (examples/chat): a `chat` channel and three functions, served by
generated FastAPI (async) and Django (sync) packages, both under uvicorn.

Without servers: the committed packages are what `gen python` makes, and each app's
registry (channel included) exports the spec's IR. With servers: two generated
`AsyncClient`s, one subscribed to a room, the other posting to it; the subscriber
receives the message, typed; a message sent over the socket reaches the room too; a
subscription that lost its connection resumes after its last sequence without loss;
an anonymous subscribe is refused with NotAuthenticated.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from tests.examples.conftest import EXAMPLES, ROOT, python_path
from tests.servers import ServerSpec, run_servers

CHAT = EXAMPLES / "chat"
STYLES = {"fastapi": "async", "django": "sync"}
PACKAGES = {b: CHAT / f"{b}_app" / "api" for b in STYLES}
SERVERS = {"fastapi": "chat.fastapi_app.main:app", "django": "chat.django_app.asgi:application"}
WAIT = 10.0


def _gen(backend: str, spec: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(spec),
                           "--backend", backend, "--style", STYLES[backend], "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("backend", sorted(PACKAGES))
def test_committed_packages_are_what_gen_python_makes(backend: str, tmp_path: Path,
                                                      update_golden: bool) -> None:
    committed = PACKAGES[backend]
    if update_golden:
        (committed / ".mizan-stamp").unlink(missing_ok=True)
        _gen(backend, CHAT / "spec", committed)
        return
    shutil.copytree(CHAT / "spec", tmp_path / "spec")
    fresh = tmp_path / committed.relative_to(CHAT)
    _gen(backend, tmp_path / "spec", fresh)
    generated = sorted(p.name for p in fresh.iterdir() if p.name != "impl.py")
    on_disk = sorted(p.name for p in committed.iterdir() if p.is_file() and p.name != "impl.py")
    assert on_disk == generated, "generated file set differs (run pytest --update-golden)"
    for name in generated:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), (
            f"{committed / name} is stale: run `uv run pytest tests/examples --update-golden`")


def test_fastapi_app_exports_the_spec_ir() -> None:
    compiled = compile_spec([CHAT / "spec"])
    assert compiled.ir is not None
    wiring = importlib.import_module("chat.fastapi_app.api.wiring")
    impl = importlib.import_module("chat.fastapi_app.api.impl")
    assert wiring.build_registry(impl.Implementation()).ir_text() == emit_ir(compiled.ir)


@pytest.fixture(scope="module")
def chat_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    specs: dict[str, ServerSpec] = {b: ("uvicorn", target, python_path(EXAMPLES), EXAMPLES)
                                    for b, target in SERVERS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("chat-logs")) as urls:
        yield urls


def _client(base: str, token: str | None) -> Any:
    client = importlib.import_module("chat.fastapi_app.api.client")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.AsyncClient(base, headers=headers, session=False)


@pytest.mark.parametrize("backend", sorted(SERVERS))
def test_a_posted_message_reaches_the_other_client(chat_servers: dict[str, str],
                                                   backend: str) -> None:
    async def scenario() -> None:
        base = chat_servers[backend]
        async with _client(base, "ben-token") as ben, _client(base, "ada-token") as ada:
            async with ben.subscribe_chat(room="lobby") as sub:
                posted = await ada.post_message(room="lobby", text="hello ben")
                got = await asyncio.wait_for(anext(sub), WAIT)
                assert got == posted
                assert (got.user, got.text, got.room) == ("ada", "hello ben", "lobby")
                assert type(got).__name__ == "ChatMessage"
                # another room's message is not this subscription's
                await ada.post_message(room="help", text="elsewhere")
                await ada.post_message(room="lobby", text="second")
                got = await asyncio.wait_for(anext(sub), WAIT)
                assert got.text == "second"
            assert "lobby" in await ada.list_rooms()
    asyncio.run(scenario())


@pytest.mark.parametrize("backend", sorted(SERVERS))
def test_a_dropped_subscription_resumes_without_loss(chat_servers: dict[str, str],
                                                     backend: str) -> None:
    async def scenario() -> None:
        base = chat_servers[backend]
        async with (_client(base, "ben-token") as ben, _client(base, "ada-token") as ada,
                    ben.subscribe_chat(room="resume") as sub):
            await ada.post_message(room="resume", text="one")
            assert (await asyncio.wait_for(anext(sub), WAIT)).text == "one"
            await sub.client.connection._ws.close()  # the connection drops
            for text in ("two", "three"):
                await ada.post_message(room="resume", text=text)
            got = [(await asyncio.wait_for(anext(sub), WAIT)).text for _ in range(2)]
            assert got == ["two", "three"]
            assert sub.gaps == []
    asyncio.run(scenario())


@pytest.mark.parametrize("backend", sorted(SERVERS))
def test_an_anonymous_subscribe_is_refused(chat_servers: dict[str, str],
                                           backend: str) -> None:
    client = importlib.import_module("chat.fastapi_app.api.client")

    async def scenario() -> None:
        async with _client(chat_servers[backend], None) as anonymous:
            with pytest.raises(client.NotAuthenticated):
                await asyncio.wait_for(anext(anonymous.subscribe_chat(room="lobby")), WAIT)
    asyncio.run(scenario())


def test_the_decorator_first_declaration_exports_the_same_ir() -> None:
    compiled = compile_spec([CHAT / "spec"])
    assert compiled.ir is not None
    decorated = importlib.import_module("chat.decorated")
    assert decorated.registry.ir_text() == emit_ir(compiled.ir)


@pytest.mark.parametrize("backend", sorted(SERVERS))
def test_a_message_sent_over_the_socket_reaches_the_room(chat_servers: dict[str, str],
                                                         backend: str) -> None:
    async def scenario() -> None:
        base = chat_servers[backend]
        url = base.replace("http://", "ws://", 1) + "ws/"
        async with (_client(base, "ben-token") as ben,
                    ben.subscribe_chat(room="socket") as sub,
                    websockets.connect(url, additional_headers={
                        "Authorization": "Bearer ada-token"}, open_timeout=WAIT) as ada):
            await ada.send(json.dumps({"type": "subscribe", "id": "s", "channel": "chat",
                                       "params": {"room": "socket"}}))
            assert json.loads(await asyncio.wait_for(ada.recv(), WAIT))["type"] == "subscribed"
            await ada.send(json.dumps({"type": "send", "id": 1, "sub": "s",
                                       "message": {"text": "over the socket"}}))
            got = await asyncio.wait_for(anext(sub), WAIT)
            assert (got.user, got.text, got.room) == ("ada", "over the socket", "socket")
            assert [m.text for m in await ben.history(room="socket")] == ["over the socket"]
    asyncio.run(scenario())
