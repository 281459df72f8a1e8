"""The server's side of the check worker: one child process, recycled to bound memory.

Requests are serialised (one in flight); one whose caller gave up (a newer edit
superseded its check) before its turn came is dropped unsent, so fast typing never
queues a check per keystroke. The worker is replaced after `max_checks` requests
(checks and index requests) or once its resident memory passes `max_rss`, whichever
comes first (a fresh worker compiles again for its first index request); the
replacement starts right away so it is warm by the next keystroke. A worker that dies
or hangs is killed and replaced, and the check reports an error instead of a result.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from typing import Any

DEFAULT_MAX_CHECKS = 200
DEFAULT_MAX_RSS = 256 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
_READ_LIMIT = 512 * 1024 * 1024


class WorkerError(Exception):
    """The worker died, hung or answered nonsense."""


class CheckWorker:
    def __init__(self, max_checks: int | None = None, max_rss: int | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.max_checks = max_checks or int(os.environ.get("MIZAN_LSP_RECYCLE_CHECKS", 0)) \
            or DEFAULT_MAX_CHECKS
        self.max_rss = max_rss or DEFAULT_MAX_RSS
        self.timeout = timeout
        self.process: asyncio.subprocess.Process | None = None
        self.checks = 0
        self.recycled = 0
        self.dropped = 0  # requests whose caller gave up before they were sent
        self.last_rss = 0
        self.lock = asyncio.Lock()

    async def _start(self) -> asyncio.subprocess.Process:
        self.checks = 0
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "mizan_spec.lsp.worker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, limit=_READ_LIMIT)

    async def _stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        with contextlib.suppress(Exception):
            await process.wait()

    async def check(self, paths: list[str], overlay: dict[str, str],
                    encoding: str = "utf-16", root: str | None = None) -> dict[str, Any]:
        """Compile in the worker: every file's diagnostics, and the spec's names
        (`root`: the project's configured spec root, where includes may lead too).
        Shielded, so a cancelled caller never desyncs the pipe."""
        return await self._send({"op": "check", "paths": paths, "overlay": overlay,
                                 "encoding": encoding, "root": root})

    async def index(self, path: str, paths: list[str], overlay: dict[str, str],
                    encoding: str = "utf-16", root: str | None = None) -> dict[str, Any]:
        """The symbols and hover/definition entries of `path`, in the spec of `paths` with
        these buffers (the worker's last compilation when it was of the same)."""
        return await self._send(
            {"op": "index", "path": path, "paths": paths, "overlay": overlay,
             "encoding": encoding, "root": root})

    async def _send(self, request: dict[str, Any]) -> dict[str, Any]:
        """Shielded: a request already sent is always read back, so a cancelled caller
        never desyncs the pipe; one not sent yet is dropped."""
        wanted = [True]
        inner = asyncio.ensure_future(self._request(request, wanted))
        inner.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            wanted[0] = False
            raise

    async def _request(self, request: dict[str, Any], wanted: list[bool]) -> dict[str, Any]:
        async with self.lock:
            if not wanted[0]:
                self.dropped += 1
                return {}
            if self.process is None or self.process.returncode is not None:
                self.process = await self._start()
            process = self.process
            assert process.stdin is not None and process.stdout is not None
            line = json.dumps(request) + "\n"
            try:
                process.stdin.write(line.encode("utf-8", "surrogatepass"))
                await process.stdin.drain()
                raw = await asyncio.wait_for(process.stdout.readline(), self.timeout)
                reply: dict[str, Any] = json.loads(raw) if raw else {}
            except (OSError, ValueError, TimeoutError) as e:
                await self._stop()
                raise WorkerError(f"the check worker failed: {type(e).__name__}") from e
            if not reply:
                await self._stop()
                raise WorkerError("the check worker stopped unexpectedly")
            self.checks += 1
            self.last_rss = int(reply.get("rss", 0))
            if self.checks >= self.max_checks or self.last_rss > self.max_rss:
                await self._stop()
                self.recycled += 1
                self.process = await self._start()
            return reply

    async def close(self) -> None:
        async with self.lock:
            await self._stop()
