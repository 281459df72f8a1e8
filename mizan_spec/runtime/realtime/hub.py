"""A process's realtime state: its connections, the channel groups they joined, and
publishing (channel messages, live invalidations) through the fan-out.

One hub serves one `Protocol`. Adapters `open` a `Connection` per accepted socket and
`close` it when the socket goes; server functions publish with `registry.publish(...)`
(sync code) or `await registry.apublish(...)` (async code), which reach every hub
serving the registry. Live invalidation (spec/protocol.md §11.8): after a mutation
succeeded, over `call/` or over a socket, `invalidated` sends one event to every
connection; each takes from it what it may see.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from mizan_spec.ir import model as irm
from mizan_spec.runtime.auth import ask_predicate, check_level, is_pending, verdict
from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.errors import INTERNAL, ProtocolError, invalid_args, is_too_deep
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.realtime import frames, tokens
from mizan_spec.runtime.realtime.connection import (
    CLOSE_TOO_MANY,
    Connection,
    Subscription,
    Transport,
)
from mizan_spec.runtime.realtime.declare import ChannelEntry
from mizan_spec.runtime.realtime.fanout import Fanout, LocalFanout
from mizan_spec.runtime.realtime.frames import Frame
from mizan_spec.runtime.realtime.history import HistoryUnavailable, MemoryHistory, RedisHistory
from mizan_spec.runtime.realtime.limits import Limits
from mizan_spec.runtime.realtime.loop_thread import TIMEOUT, LoopThread
from mizan_spec.runtime.realtime.revocation import (
    MemoryRevocations,
    Revocations,
    RevocationsUnavailable,
)
from mizan_spec.runtime.realtime.socket_call import SocketCalls
from mizan_spec.runtime.realtime.user_slots import LocalSlots, Slots
from mizan_spec.runtime.server_cache import is_shared
from mizan_spec.runtime.wire import dump_json

log = logging.getLogger("mizan_spec.runtime")
EVERYONE = "*"
"""The group every connection joins: live invalidations are sent to it."""

_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def valid_client_id(value: str | None) -> str | None:
    """A client id (`ws/?client=`, `Mizan-Client-Id`): 1 to 64 letters, digits, `-`,
    `_`; anything else is no id."""
    return value if value is not None and _CLIENT_ID.fullmatch(value) else None


_NOT_SIGNED_IN = ProtocolError("not_authenticated", "sign in to subscribe to this channel")
_FORBIDDEN = ProtocolError("forbidden", "you may not subscribe to this channel")


class PublishError(Exception):
    """A message could not be published (the shared store is unreachable): it reached no
    one, and no subscriber will be told it missed it."""


History = MemoryHistory | RedisHistory


class Hub:
    def __init__(self, protocol: Protocol, *, limits: Limits | None = None,
                 fanout: Fanout | None = None, history: History | None = None,
                 revocations: Revocations | None = None, slots: Slots | None = None) -> None:
        self.protocol = protocol
        self.registry = protocol.registry
        self.limits = limits or Limits()
        self.fanout: Fanout = fanout or LocalFanout()
        self.history: History = history or MemoryHistory(self.limits.history,
                                                          self.limits.history_seconds)
        self.revocations: Revocations = revocations or MemoryRevocations()
        self.slots: Slots = slots or LocalSlots()
        self.calls = SocketCalls(protocol)
        self.connections: dict[str, Connection] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = LoopThread()
        self._started = False
        self._pending: set[asyncio.Task[Any]] = set()
        self._renewing: asyncio.Task[None] | None = None
        self.token_key: bytes | None = None
        self.token_ttl = tokens.DEFAULT_TTL
        self.registry.publishers.append(self)
        protocol.after_mutation = self.mutated

    # -- connections ---------------------------------------------------------------------

    async def start(self) -> None:
        if not self._started:
            self._started = True
            self.loop = asyncio.get_running_loop()
            await self.fanout.start()
            if self.slots.renews:
                self._renewing = asyncio.create_task(self._renew_slots())

    async def _renew_slots(self) -> None:
        """Keep this process's slots of connections per user alive in the shared store."""
        while True:
            await asyncio.sleep(self.slots.lease / 3)
            await self.slots.renew([(c.user_id, c.id) for c in list(self.connections.values())
                                    if c.user_id is not None])

    async def open(self, transport: Transport, principal: Principal | None, native: Any,
                   run_sync: Callable[[Callable[[], Any]], Awaitable[Any]],
                   client_id: str | None = None) -> Connection:
        """A connection for an accepted socket (closed at once, 4029, when the user
        already holds as many as allowed: on this process, or on every process sharing
        the hub's Redis)."""
        await self.start()
        conn = Connection(self, transport, principal, native, run_sync)
        conn.client_id = valid_client_id(client_id)
        if principal is not None and not await self.slots.take(
                principal.id, conn.id, self.limits.connections_per_user):
            conn.close(*CLOSE_TOO_MANY)
            return conn
        self.connections[conn.id] = conn
        await self.fanout.join(EVERYONE, conn)
        return conn

    async def close(self, conn: Connection) -> None:
        if self.connections.pop(conn.id, None) is not None:
            if conn.user_id is not None:
                await self.slots.give(conn.user_id, conn.id)
            await self.fanout.leave(EVERYONE, conn)
        await conn.finish()

    def use_tokens(self, key: bytes, ttl: int) -> None:
        """Issue connection tokens from `session/` and accept them on `ws/?token=`."""
        self.token_key = key
        self.token_ttl = ttl
        self.protocol.ws_token = lambda user: None if user is None else tokens.issue(
            key, user, ttl)

    async def token_principal(self, token: str) -> Principal | None:
        """Who a connection token names; None when it is malformed, forged, expired,
        issued before its user signed out, or not issued here (or when sign-outs cannot
        be read: the shared store is down)."""
        if self.token_key is None:
            return None
        found = tokens.read(self.token_key, token)
        if found is None:
            return None
        principal, expiry = found
        try:
            out = await self.revocations.signed_out_at(principal.id)
        except RevocationsUnavailable:
            log.warning("mizan: sign-outs cannot be read; a connection token is refused",
                        exc_info=True)
            return None
        if out is not None and expiry - self.token_ttl <= out:
            return None
        return principal

    async def sign_out(self, user_id: str) -> None:
        """Revoke this user's connection tokens and close every socket of theirs, on
        every process (4001)."""
        if self.token_key is not None:
            try:
                await self.revocations.revoke(user_id, time.time(), self.token_ttl)
            except RevocationsUnavailable:
                log.warning("mizan: the sign-out of user %r could not revoke their "
                            "connection tokens (the shared store is down)", user_id,
                            exc_info=True)
        await self.fanout.send(EVERYONE, b"o " + user_id.encode())

    def sign_out_sync(self, user_id: str) -> None:
        """`sign_out` from sync code (a worker thread, a Django signal handler)."""
        self.run_from_thread(lambda: self.sign_out(user_id))

    # -- subscribing ---------------------------------------------------------------------

    @staticmethod
    def group_key(entry: ChannelEntry, params: BaseModel) -> str:
        name = f"{entry.name}\0{entry.group_of(params)}"
        return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    async def admit(self, entry: ChannelEntry, frame: Frame, call: Call) -> BaseModel:
        """The subscribe's checks: auth level, params, predicate, `authorize`; the
        validated params."""
        auth = entry.channel.auth
        denied = check_level(auth, call.user)
        if denied is not None:
            raise _NOT_SIGNED_IN if denied.code == "not_authenticated" else _FORBIDDEN
        if "params" in frame.body:
            try:
                params: BaseModel = entry.subscribe_frame.__pydantic_validator__.validate_json(
                    frame.raw, strict=True, by_alias=True, by_name=False).__dict__["params"]
            except ValidationError as err:
                if is_too_deep(err):
                    raise ProtocolError("malformed_json", "the JSON is not valid or nests "
                                        "too deeply") from None
                raise invalid_args(err, 1) from None
        else:
            try:
                params = entry.params_model.model_validate_json(b"{}", strict=True)
            except ValidationError as err:
                raise invalid_args(err) from None
        if auth not in irm.AUTH_LEVELS:
            answer = ask_predicate(auth, self.registry.predicate(auth), call,
                                   dict(params.__dict__))
            await self._check(auth, answer, call)
        if entry.authorize is not None:
            await self._check("authorize", await self._sync_or_async(
                entry.authorize, call, entry.user_params(params), run_sync=None), call)
        try:
            self.group_key(entry, params)
        except Exception:
            log.exception("mizan: group() of channel %r failed", entry.name)
            raise INTERNAL from None
        return params

    @staticmethod
    async def _check(name: str, answer: object, call: Call) -> None:
        if is_pending(answer):
            answer = await answer  # type: ignore[misc]
        denied = verdict(name, answer, call)
        if denied is not None:
            if denied.code == "not_authenticated":
                raise _NOT_SIGNED_IN
            raise _FORBIDDEN if denied.code == "forbidden" else denied

    @staticmethod
    async def _sync_or_async(fn: Callable[..., Any], *args: Any,
                             run_sync: Callable[[Callable[[], Any]], Awaitable[Any]] | None,
                             ) -> Any:
        try:
            if inspect.iscoroutinefunction(fn) or run_sync is None:
                result = fn(*args)
                return await result if inspect.isawaitable(result) else result
            return await run_sync(lambda: fn(*args))
        except ProtocolError:
            raise
        except Exception:
            log.exception("mizan: %s failed", getattr(fn, "__qualname__", fn))
            raise INTERNAL from None

    async def client_send(self, sub: Subscription, frame: Frame, conn: Connection) -> None:
        """Validate a client's message, run `on_send`, answer `sent`, then publish what
        `on_send` returned (a failure to publish is an `unavailable` error frame)."""
        entry = sub.entry
        if entry.send_frame is None or entry.on_send is None:
            raise ProtocolError("send_not_allowed", "clients may not send to this channel")
        try:
            message = entry.send_frame.__pydantic_validator__.validate_json(
                frame.raw, strict=True, by_alias=True, by_name=False).__dict__["message"]
        except ValidationError as err:
            raise invalid_args(err, 1) from None
        call = Call(entry.name, conn.native, conn.principal, self.protocol.backend)
        out = await self._sync_or_async(entry.on_send, call, entry.user_params(sub.params),
                                        message, run_sync=conn.run_sync)
        if out is not None:
            try:
                payload = entry.encode_message(out)
            except Exception:
                log.exception("mizan: on_send of channel %r returned no message of its type",
                              entry.name)
                raise INTERNAL from None
        conn.push(frames.sent(frame.id))
        if out is not None:
            try:
                await self._publish(sub.key, payload)
            except PublishError:
                raise ProtocolError("unavailable", "channels are unavailable, try again") \
                    from None

    # -- publishing ----------------------------------------------------------------------

    async def _publish(self, key: str, payload: bytes) -> int:
        try:
            seq = await self.history.append(key, payload)
        except HistoryUnavailable as err:
            raise PublishError(f"the channel store is unreachable: {err}") from None
        await self.fanout.send(key, b"m " + str(seq).encode() + b" " + payload)
        await asyncio.sleep(0)  # let the writers run: a burst from one publisher must not
        return seq              # fill the queues of consumers that keep up

    async def apublish(self, channel: str, params: Any, message: Any) -> int:
        """Publish from async code; the message's sequence in its group."""
        entry = self.registry.channel(channel)
        if entry is None:
            raise KeyError(f"no channel is named {channel!r}")
        if isinstance(params, BaseModel):
            params = params.model_dump()
        validated = entry.params_model.model_validate(params or {})
        return await self._publish(self.group_key(entry, validated),
                                   entry.encode_message(message))

    def publish(self, channel: str, params: Any, message: Any) -> int:
        """Publish from sync code (a server function running in a worker thread)."""
        return int(self.run_from_thread(lambda: self.apublish(channel, params, message)))

    def run_from_thread(self, make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        """Sync code's work on the loop that serves this process's sockets, or, where
        none is served (yet), on the hub's own loop thread (`loop_thread.py`)."""
        loop = self.loop
        if loop is None:
            return self._loop_thread.run(make)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            raise RuntimeError("publish() blocks: from async code, await apublish()")
        return asyncio.run_coroutine_threadsafe(make(), loop).result(TIMEOUT)

    # -- live invalidation ---------------------------------------------------------------

    def mutated(self, function: str, user: Principal | None,
                client_id: str | None = None) -> None:
        """The protocol's hook: a mutation answered over `call/` (any thread), by a
        caller whose socket (if any) the `Mizan-Client-Id` header names."""
        client_id = valid_client_id(client_id)
        if isinstance(self.fanout, LocalFanout) and not self.connections:
            return  # no socket to tell
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is not None:
            task = running.create_task(self.invalidated(function, user, None, client_id))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
            task.add_done_callback(_log_failure)
            return
        try:
            self.run_from_thread(lambda: self.invalidated(function, user, None, client_id))
        except Exception:
            log.warning("mizan: the live invalidation of %r could not be sent", function,
                        exc_info=True)

    async def invalidated(self, function: str, user: Principal | None,
                          origin: str | None, client_id: str | None = None) -> None:
        """Tell other connections what a successful call of `function` made stale:
        `origin` is the connection the call came over, `client_id` the one an HTTP
        call named as its caller's."""
        f = self.protocol.ir.function(function)
        if f is None or not (f.affects_contexts or f.affects_functions):
            return
        await self.start()
        shared = [n for n in f.affects_functions
                  if (g := self.protocol.ir.function(n)) is not None and is_shared(g)]
        public = ([c for c in f.affects_contexts if c == irm.GLOBAL_CONTEXT], shared)
        event = dump_json({
            "u": user.id if user is not None else None, "o": origin, "c": client_id,
            "p": list(public) if public[0] or public[1] else None,
            "f": [list(f.affects_contexts), list(f.affects_functions)]})
        try:
            await self.fanout.send(EVERYONE, b"i " + event)
        except Exception:
            log.warning("mizan: the live invalidation of %r could not be sent", function,
                        exc_info=True)

    @staticmethod
    def invalidation_for(conn: Connection, event: bytes) -> bytes | None:
        """The `invalidate` frame this connection gets from an event, if any: none for
        the connection that made the call (over it, or over `call/` naming its client id
        with the same caller); everything for the caller's other connections; the shared
        part (`global`, shared functions) for everyone else."""
        data = from_json(event)
        if data["o"] == conn.id:
            return None
        client = data.get("c")
        if client is not None and client == conn.client_id and data["u"] == conn.user_id:
            return None
        part = data["f"] if data["u"] is not None and data["u"] == conn.user_id else data["p"]
        if part is None:
            return None
        return frames.invalidate(part[0], part[1])

    async def resync(self) -> None:
        """The fan-out was down and is back: every connection catches up."""
        for conn in list(self.connections.values()):
            await conn.catch_up()

    async def shutdown(self) -> None:
        for conn in list(self.connections.values()):
            conn.close(1001, "going_away")
        if self._renewing is not None:
            self._renewing.cancel()
        if self._started:
            await self.fanout.close()
            await self.history.close()
            await self.revocations.close()
            await self.slots.close()
        if self in self.registry.publishers:
            self.registry.publishers.remove(self)


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("mizan: a live invalidation failed", exc_info=task.exception())
