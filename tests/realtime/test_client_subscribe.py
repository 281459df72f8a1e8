"""The generated Python client's `subscribe_<channel>` against the realtime test app on
both backends: the client is generated from the app's exported IR, a subscription whose
connection dropped resumes from its last sequence, and when the messages it missed are
no longer kept (the app keeps 20 per group) it reports the gap, then goes on."""

from __future__ import annotations

import asyncio
import importlib
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from rt_app import registry

from mizan_spec.generate.python.models import render_models
from mizan_spec.generate.python_client import render_python_client

WAIT = 10.0


def _client_module(tmp: Path) -> ModuleType:
    ir = registry.export_ir()
    name = f"rtclient_{uuid.uuid4().hex}"
    package = tmp / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(render_models(ir, "# test\n")[0])
    (package / "client.py").write_text(render_python_client(ir, "rt_app"))
    sys.path.insert(0, str(tmp))
    try:
        return importlib.import_module(f"{name}.client")
    finally:
        sys.path.remove(str(tmp))


async def _until(done: Callable[[], bool]) -> None:
    """Wait until `done()` (`gap` comes before `subscribed`); bounded by the caller."""
    while not done():
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_resume_and_gap(rt_servers: dict[str, str], backend: str, tmp_path: Path) -> None:
    client = _client_module(tmp_path)
    topic = f"gap-{backend}-{uuid.uuid4().hex[:8]}"

    async def scenario() -> None:
        gaps: list[int | None] = []
        async with client.AsyncClient(rt_servers[backend], session=False) as api:
            sub = api.subscribe_ticker(topic=topic, on_gap=gaps.append)
            async with sub:
                await api.atick(topic=topic, n=1)
                assert (await asyncio.wait_for(anext(sub), WAIT)).n == 1
                seen = sub.last_seq
                await sub._ws.close()
                await api.atick(topic=topic, n=2, count=3)  # kept: resumed without loss
                got = [(await asyncio.wait_for(anext(sub), WAIT)).n for _ in range(3)]
                assert got == [2, 3, 4] and gaps == []
                await sub._ws.close()
                last = sub.last_seq
                assert last is not None and seen is not None and last == seen + 3
                await api.atick(topic=topic, n=100, count=25)  # more than the 20 kept
                await api.atick(topic=topic, n=500)
                # the gap is reported, then the next message published after the resume
                first = asyncio.create_task(anext(sub))
                await asyncio.wait_for(_until(lambda: bool(gaps) and sub.subscribed), WAIT)
                await api.atick(topic=topic, n=900)
                assert (await asyncio.wait_for(first, WAIT)).n == 900
                assert gaps == [last] == sub.gaps
    asyncio.run(scenario())
