"""The server cache as the protocol core uses it: look up or compute a result, and
invalidate what a mutation `affects`.

Reads: the generation of (function, scope) and the entry are read together; an entry
counts only if it was stored under the current generation. On a miss one caller per
key and generation computes (single flight) and the result is stored only if the
generation has not moved meanwhile (a versioned write, atomic in the store). A mutation
bumps the generations of what it affects after it ran and before its reply is sent, so
a read that starts after that reply sees the new generation and can never reach an
entry computed before the mutation, on any process sharing the backend.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.server_cache.backend import Backend
from mizan_spec.runtime.server_cache.flight import Flights
from mizan_spec.runtime.server_cache.keys import KeyMaker
from mizan_spec.runtime.server_cache.memory import MemoryBackend
from mizan_spec.runtime.server_cache.scope import SHARED, caller_scope, is_shared, scope_of

log = logging.getLogger("mizan_spec.runtime")
Offload = Callable[[Callable[[], Any]], Awaitable[Any]]
Prefetched = dict[tuple[str, str], tuple[int, bytes | None]]
"""(generation key, entry key) -> (generation, entry), read before the calls ran."""


class ServerCache:
    """`backend` defaults to a bounded in-memory LRU; `secret` (bytes, at least 16) to a
    random key of this process, which only an in-memory backend may use."""

    def __init__(self, backend: Backend | None = None, *, secret: bytes | None = None) -> None:
        self.backend: Backend = backend if backend is not None else MemoryBackend()
        if secret is None and not isinstance(self.backend, MemoryBackend):
            raise ValueError("a shared cache backend needs a secret (MIZAN_CACHE_SECRET): "
                             "without one, keys would differ between processes")
        self.secret = secret if secret is not None else os.urandom(32)
        self.flights = Flights()
        self._keys: KeyMaker | None = None
        self._affected: dict[str, tuple[irm.Function, ...]] = {}
        self._cached: dict[str, irm.Function] = {}

    def bind(self, ir: irm.IR, ir_hash: str) -> ServerCache:
        """Serve this IR: its hash goes into every key, its `affects` into invalidation."""
        self._keys = KeyMaker(self.secret, ir_hash)
        self._cached = {f.name: f for f in ir.functions if f.cache is not None}
        members = {c.name: c.members for c in ir.contexts}
        for f in ir.functions:
            names = {*f.affects_functions}
            for c in f.affects_contexts:
                names.update(members.get(c, ()))
            self._affected[f.name] = tuple(self._cached[n] for n in sorted(names)
                                           if n in self._cached)
        return self

    @property
    def keys(self) -> KeyMaker:
        assert self._keys is not None, "bind the cache to an IR first"
        return self._keys

    def is_cached(self, name: str) -> bool:
        return name in self._cached

    def affects_cache(self, name: str) -> bool:
        return bool(self._affected.get(name))

    # -- reads ---------------------------------------------------------------------------

    def _lookup(self, function: irm.Function, user: Principal | None, args: bytes,
                ) -> tuple[str, str, int, bytes | None] | None:
        """(entry key, generation key, generation, the entry if stored under that
        generation), in one round trip; None when the store cannot tell the generation:
        then the call bypasses the cache."""
        scope = scope_of(function, user)
        gen_key = self.keys.generation(function.name, scope)
        key = self.keys.entry(function.name, function.rev, scope, args)
        found = self.backend.read(gen_key, key)
        if found is None:
            return None
        return key, gen_key, found[0], found[1]

    def _store(self, function: irm.Function, key: str, gen_key: str, generation: int,
               value: bytes) -> None:
        assert function.cache is not None
        self.backend.write(gen_key, generation, key, value, function.cache)

    def get_or_compute(self, function: irm.Function, user: Principal | None, args: bytes,
                       compute: Callable[[], bytes]) -> bytes:
        looked = self._lookup(function, user, args)
        if looked is None:
            return compute()
        key, gen_key, generation, found = looked
        if found is not None:
            return found
        flight = f"{key}:{generation}"  # never join a computation from before a mutation
        future, leader = self.flights.join(flight)
        if not leader:
            return future.result()
        try:
            value = compute()
        except BaseException as err:
            self.flights.land(flight, future, None, err)
            raise
        self._store(function, key, gen_key, generation, value)
        self.flights.land(flight, future, value, None)
        return value

    @property
    def blocking(self) -> bool:
        """The backend does network I/O, which an event loop should not wait on."""
        return not isinstance(self.backend, MemoryBackend)

    async def _aread(self, gen_key: str, key: str, offload: Offload | None,
                     ) -> tuple[int, bytes | None] | None:
        backend: Any = self.backend
        if hasattr(backend, "aread"):
            found: tuple[int, bytes | None] | None = await backend.aread(gen_key, key)
            return found
        if offload is not None and self.blocking:
            return await offload(lambda: self.backend.read(gen_key, key))  # type: ignore[no-any-return]
        return self.backend.read(gen_key, key)

    async def _awrite(self, function: irm.Function, gen_key: str, generation: int, key: str,
                      value: bytes, offload: Offload | None) -> None:
        assert function.cache is not None
        backend: Any = self.backend
        if hasattr(backend, "awrite"):
            await backend.awrite(gen_key, generation, key, value, function.cache)
        elif offload is not None and self.blocking:
            await offload(lambda: self._store(function, key, gen_key, generation, value))
        else:
            self._store(function, key, gen_key, generation, value)

    async def prefetch_async(self, calls: list[tuple[irm.Function, Principal | None, bytes]],
                             ) -> Prefetched:
        """Look up several cached calls at once (a context's members), in one round trip
        when the backend can (Redis); what `get_or_compute_async` then starts from."""
        backend: Any = self.backend
        if len(calls) < 2 or not hasattr(backend, "aread_many"):
            return {}
        keys = []
        for function, user, args in calls:
            scope = scope_of(function, user)
            keys.append((self.keys.generation(function.name, scope),
                         self.keys.entry(function.name, function.rev, scope, args)))
        found: list[tuple[int, bytes | None]] | None = await backend.aread_many(keys)
        return {} if found is None else dict(zip(keys, found, strict=True))

    async def get_or_compute_async(self, function: irm.Function, user: Principal | None,
                                   args: bytes, compute: Callable[[], Awaitable[bytes]],
                                   offload: Offload | None = None,
                                   prefetched: Prefetched | None = None) -> bytes:
        """As `get_or_compute`, never waiting on the store's sockets on the event loop:
        through the backend's own async calls (Redis), else through `offload` (a
        thread) for a backend that is `blocking`."""
        scope = scope_of(function, user)
        gen_key = self.keys.generation(function.name, scope)
        key = self.keys.entry(function.name, function.rev, scope, args)
        looked = (prefetched or {}).get((gen_key, key)) or await self._aread(gen_key, key,
                                                                              offload)
        if looked is None:
            return await compute()
        generation, found = looked
        if found is not None:
            return found
        flight = f"{key}:{generation}"
        future, leader = self.flights.join(flight)
        if not leader:
            return await asyncio.wrap_future(future)
        try:
            value = await compute()
        except BaseException as err:
            self.flights.land(flight, future, None, err)
            raise
        try:
            await self._awrite(function, gen_key, generation, key, value, offload)
        finally:
            self.flights.land(flight, future, value, None)
        return value

    async def invalidate_async(self, name: str, user: Principal | None,
                               offload: Offload | None = None) -> None:
        """As `invalidate`, off the event loop as `get_or_compute_async` is."""
        backend: Any = self.backend
        for target in self._affected.get(name, ()):
            scope = SHARED if is_shared(target) else caller_scope(user)
            gen_key = self.keys.generation(target.name, scope)
            if hasattr(backend, "abump"):
                await backend.abump(gen_key)
            elif offload is not None and self.blocking:
                await offload(lambda k=gen_key: self.backend.bump(k))  # type: ignore[misc]
            else:
                self.backend.bump(gen_key)

    # -- invalidation ----------------------------------------------------------------------

    def invalidate(self, name: str, user: Principal | None) -> None:
        """What calling `name` affects: every shared entry of a cached target, and the
        caller's own per-caller entries of the others."""
        for target in self._affected.get(name, ()):
            scope = SHARED if is_shared(target) else caller_scope(user)
            self.backend.bump(self.keys.generation(target.name, scope))
