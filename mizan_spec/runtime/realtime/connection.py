"""One WebSocket connection: reads its frames, runs them, and writes its own frames
through a bounded queue (spec/protocol.md §11).

The adapter hands every text frame to `receive` and runs `serve` (the writer: frames
out, heartbeats, the close) for the socket's lifetime; `Transport` is how it sends. A
connection whose queue fills is a slow consumer: it is closed (4008) and its frames
dropped, so that it never holds up the hub or any other connection.

Channel messages reach a subscription in sequence order, each once: a message older
than the last one delivered is dropped, and one that jumps ahead is preceded by those
in between, read from the group's history (or by a `gap` when they are gone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.errors import INTERNAL, ProtocolError
from mizan_spec.runtime.realtime import frames
from mizan_spec.runtime.realtime.declare import ChannelEntry
from mizan_spec.runtime.realtime.frames import Frame, FrameError, id_key
from mizan_spec.runtime.realtime.history import HistoryUnavailable

if TYPE_CHECKING:
    from mizan_spec.runtime.realtime.hub import Hub

log = logging.getLogger("mizan_spec.runtime")

CLOSE_HEARTBEAT = (4000, "no_heartbeat")
CLOSE_SIGNED_OUT = (4001, "signed_out")
CLOSE_SLOW = (4008, "slow_consumer")
CLOSE_TOO_MANY = (4029, "too_many_connections")
CLOSE_GOING_AWAY = (1001, "going_away")
CLOSE_INTERNAL = (1011, "internal_error")


class Transport(Protocol):
    async def send(self, text: str, /) -> None: ...
    async def close(self, code: int, reason: str, /) -> None: ...


@dataclass
class Subscription:
    id: Any
    entry: ChannelEntry
    key: str  # the group's key in the hub (channel and group name, hashed)
    params: BaseModel
    last: int = 0
    catching: bool = True  # replaying or filling a jump: live messages wait in `pending`
    pending: list[tuple[int, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


class Connection:
    def __init__(self, hub: Hub, transport: Transport, principal: Principal | None,
                 native: Any, run_sync: Callable[[Callable[[], Any]], Awaitable[Any]]) -> None:
        self.hub = hub
        self.transport = transport
        self.principal = principal
        self.native = native
        self.run_sync = run_sync
        self.id = uuid.uuid4().hex
        self.client_id: str | None = None  # `ws/?client=`: named by its HTTP calls too
        self.limits = hub.limits
        self.queue: asyncio.Queue[bytes | _Close] = asyncio.Queue()
        self.subs: dict[tuple[str, Any], Subscription] = {}
        self.by_group: dict[str, list[Subscription]] = {}
        self.closed: _Close | None = None
        self.heard = time.monotonic()
        self._calls = asyncio.Semaphore(self.limits.calls_in_flight)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._writer: asyncio.Task[Any] | None = None
        self._sending = False

    @property
    def user_id(self) -> str | None:
        return self.principal.id if self.principal is not None else None

    # -- writing -------------------------------------------------------------------------

    def push(self, frame: bytes) -> None:
        """Queue a frame; a full queue closes the connection as a slow consumer."""
        if self.closed is not None:
            return
        if self.queue.qsize() >= self.limits.send_queue:
            self.close(*CLOSE_SLOW)
            return
        self.queue.put_nowait(frame)

    def close(self, code: int, reason: str) -> None:
        """Close after nothing more: frames still queued are dropped, and a frame being
        written (to a client that does not read) is abandoned."""
        if self.closed is not None:
            return
        self.closed = _Close(code, reason)
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(self.closed)
        if self._sending and self._writer is not None:
            self._writer.cancel()

    async def serve(self) -> None:
        """Write queued frames until the connection closes; ping a silent client, and
        close one silent for two heartbeats."""
        self._writer = asyncio.current_task()
        beat = self.limits.heartbeat
        pinged = False
        try:
            while True:
                try:
                    item = self.queue.get_nowait() if not self.queue.empty() else \
                        await asyncio.wait_for(self.queue.get(), beat / 2)
                except TimeoutError:
                    silent = time.monotonic() - self.heard
                    if silent >= 2 * beat:
                        self.close(*CLOSE_HEARTBEAT)
                    elif silent >= beat and not pinged:
                        pinged = True
                        self.push(frames.ping())
                    elif silent < beat:
                        pinged = False
                    continue
                if isinstance(item, _Close):
                    break
                self._sending = True
                try:
                    await self.transport.send(item.decode())
                except asyncio.CancelledError:
                    if self.closed is None:
                        raise
                    break  # closed while this frame was stuck: go and close
                except Exception:
                    self.close(*CLOSE_GOING_AWAY)
                    break
                finally:
                    self._sending = False
        finally:
            self._writer = None
        closing = self.closed or _Close(*CLOSE_GOING_AWAY)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.transport.close(closing.code, closing.reason), 5)

    # -- reading -------------------------------------------------------------------------

    async def receive(self, data: str | bytes) -> None:
        """One frame from the client (binary frames are refused: frames are JSON text)."""
        self.heard = time.monotonic()
        if self.closed is not None:
            return
        if isinstance(data, bytes):
            self.push(frames.error(None, ProtocolError(
                "invalid_request", "frames are JSON text frames, not binary")))
            return
        try:
            frame = frames.read_frame(data, self.limits.max_frame)
            await self._dispatch(frame)
        except FrameError as err:
            self.push(frames.error(err.frame_id, err.error))
        except Exception:
            log.exception("mizan: a WebSocket frame failed")
            self.push(frames.error(None, INTERNAL))

    async def _dispatch(self, frame: Frame) -> None:
        kind = frame.type
        if kind == "ping":
            self.push(frames.pong(frame.id))
        elif kind == "pong":
            return
        elif kind == "call":
            await self._calls.acquire()
            self._spawn(self._call(frame), self._calls.release)
        elif kind == "subscribe":
            await self._subscribe(frame)
        elif kind == "unsubscribe":
            await self._unsubscribe(frame)
        elif kind == "send":
            await self._calls.acquire()
            self._spawn(self._send(frame), self._calls.release)

    def _spawn(self, work: Awaitable[Any], done: Callable[[], None] | None = None) -> None:
        async def run() -> None:
            try:
                await work
            except FrameError as err:
                self.push(frames.error(err.frame_id, err.error))
            except Exception:
                log.exception("mizan: a WebSocket frame failed")
                self.push(frames.error(None, INTERNAL))
            finally:
                if done is not None:
                    done()
        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _call(self, frame: Frame) -> None:
        out, inv = await self.hub.calls.serve(frame.body, frame.raw, self.principal,
                                              self.native, self.run_sync)
        self.push(frames.reply(frame.id, out.status, out.body))
        if inv is not None and out.status == 200:
            await self.hub.invalidated(inv.entry.name, self.principal, self.id)

    # -- channels ------------------------------------------------------------------------

    async def _subscribe(self, frame: Frame) -> None:
        def fail(code: str, message: str) -> FrameError:
            return FrameError(frame.id, ProtocolError(code, message))

        entry = self.hub.registry.channel(frame.body["channel"])
        if entry is None:
            raise fail("unknown_channel", "no channel has this name")
        if id_key(frame.id) in self.subs:
            raise fail("invalid_request", "this id already names a subscription of this "
                       "connection")
        if len(self.subs) >= self.limits.subscriptions:
            raise fail("too_many_subscriptions",
                       f"a connection may hold {self.limits.subscriptions} subscriptions")
        call = Call(entry.name, self.native, self.principal, self.hub.protocol.backend)
        try:
            params = await self.hub.admit(entry, frame, call)
        except ProtocolError as err:
            raise FrameError(frame.id, err) from None
        key = self.hub.group_key(entry, params)
        sub = Subscription(frame.id, entry, key, params)
        self.subs[id_key(frame.id)] = sub
        members = self.by_group.setdefault(key, [])
        members.append(sub)
        if len(members) == 1:
            await self.hub.fanout.join(key, self)
        after = frame.body.get("after")
        try:
            current = await self.hub.history.current(key)
            missed = [] if after is None else await self.hub.history.since(key, after, current)
        except HistoryUnavailable:
            await self._drop(sub)
            raise fail("unavailable", "channels are unavailable, try again") from None
        if missed is None and after is not None:
            self.push(frames.gap(sub.id, after))
        for seq, payload in missed or ():
            self.push(frames.message(sub.id, seq, payload))
        self.push(frames.subscribed(sub.id, current))
        sub.last = current
        await self._drain(sub)

    async def _drop(self, sub: Subscription) -> None:
        self.subs.pop(id_key(sub.id), None)
        members = self.by_group.get(sub.key, [])
        if sub in members:
            members.remove(sub)
        if not members and sub.key in self.by_group:
            del self.by_group[sub.key]
            await self.hub.fanout.leave(sub.key, self)

    async def _unsubscribe(self, frame: Frame) -> None:
        sub = self.subs.get(id_key(frame.id))
        if sub is None:
            raise FrameError(frame.id, ProtocolError("unknown_subscription",
                                                     "no subscription has this id"))
        await self._drop(sub)
        self.push(frames.unsubscribed(frame.id))

    async def _send(self, frame: Frame) -> None:
        sub = self.subs.get(id_key(frame.body["sub"]))
        if sub is None:
            raise FrameError(frame.id, ProtocolError("unknown_subscription",
                                                     "no subscription has this id"))
        try:
            await self.hub.client_send(sub, frame, self)
        except ProtocolError as err:
            raise FrameError(frame.id, err) from None

    # -- events from the fan-out ---------------------------------------------------------

    def on_event(self, group: str, event: bytes) -> None:
        if self.closed is not None:
            return
        if event.startswith(b"m "):
            seq_text, payload = event[2:].split(b" ", 1)
            seq = int(seq_text)
            for sub in list(self.by_group.get(group, ())):
                self._deliver(sub, seq, payload)
        elif event.startswith(b"i "):
            frame = self.hub.invalidation_for(self, event[2:])
            if frame is not None:
                self.push(frame)
        elif event.startswith(b"o ") and event[2:].decode() == self.user_id:
            self.close(*CLOSE_SIGNED_OUT)

    def _deliver(self, sub: Subscription, seq: int, payload: bytes) -> None:
        if sub.catching:
            sub.pending.append((seq, payload))
        elif seq <= sub.last:
            return
        elif seq == sub.last + 1:
            sub.last = seq
            self.push(frames.message(sub.id, seq, payload))
        else:
            sub.catching = True
            sub.pending.append((seq, payload))
            self._spawn(self._drain(sub))

    async def _drain(self, sub: Subscription) -> None:
        """Deliver what waited in `pending`, filling any jump from the history."""
        while True:
            sub.pending.sort(key=lambda item: item[0])
            while sub.pending and sub.pending[0][0] <= sub.last + 1:
                seq, payload = sub.pending.pop(0)
                if seq == sub.last + 1:
                    sub.last = seq
                    self.push(frames.message(sub.id, seq, payload))
            if not sub.pending:
                sub.catching = False
                return
            await self._fill(sub, sub.pending[0][0] - 1)

    async def _fill(self, sub: Subscription, upto: int) -> None:
        try:
            missed = await self.hub.history.since(sub.key, sub.last, upto)
        except HistoryUnavailable:
            missed = None
        if missed is None:
            self.push(frames.gap(sub.id, sub.last))
        else:
            for seq, payload in missed:
                self.push(frames.message(sub.id, seq, payload))
        sub.last = upto

    async def catch_up(self) -> None:
        """After the fan-out was down: deliver what each subscription missed meanwhile."""
        for sub in list(self.subs.values()):
            if sub.catching:
                continue
            try:
                current = await self.hub.history.current(sub.key)
            except HistoryUnavailable:
                continue
            if current > sub.last and not sub.catching:
                sub.catching = True
                await self._fill(sub, current)
                await self._drain(sub)

    async def finish(self) -> None:
        """The socket is gone: leave every group, stop running work."""
        if self.closed is None:
            self.closed = _Close(*CLOSE_GOING_AWAY)
        for key in list(self.by_group):
            self.by_group.pop(key, None)
            with contextlib.suppress(Exception):
                await self.hub.fanout.leave(key, self)
        self.subs.clear()
        for task in list(self._tasks):
            task.cancel()
