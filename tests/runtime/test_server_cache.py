"""The server cache core: HMAC keys, the scope rule, the bounded in-memory LRU,
generations, single flight and versioned writes; then the protocol with it, over real
HTTP (tests/runtime/cache_app.py served by uvicorn on 127.0.0.1)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.server_cache import ANONYMOUS, SHARED, MemoryBackend, ServerCache
from mizan_spec.runtime.server_cache import memory as memory_module
from mizan_spec.runtime.server_cache.keys import KeyMaker
from mizan_spec.runtime.server_cache.scope import is_shared, scope_of
from tests.runtime.livecalls import call, ctx
from tests.servers import run_servers

HERE = Path(__file__).resolve().parent
ADA, BOB = Principal("1", "ada"), Principal("2", "bob")


# -- keys ------------------------------------------------------------------------------

def test_keys_cover_every_part_and_are_opaque() -> None:
    keys = KeyMaker(b"s" * 32, "hash")
    base = keys.entry("f", 1, SHARED, b'[["a",1]]')
    variants = [KeyMaker(b"t" * 32, "hash").entry("f", 1, SHARED, b'[["a",1]]'),
                KeyMaker(b"s" * 32, "other").entry("f", 1, SHARED, b'[["a",1]]'),
                keys.entry("g", 1, SHARED, b'[["a",1]]'),
                keys.entry("f", 2, SHARED, b'[["a",1]]'),
                keys.entry("f", 1, "u:1", b'[["a",1]]'),
                keys.entry("f", 1, SHARED, b'[["a",2]]')]
    assert len({base, *variants}) == 7
    assert keys.entry("f", 1, SHARED, b'[["a",1]]') == base
    digest = base.removeprefix("mizan:e:")  # nothing of the function or args shows
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    # parts are length-prefixed: moving a byte from one part to the next is another key
    assert keys.entry("ab", 1, "c", b"") != keys.entry("a", 1, "bc", b"")
    assert keys.generation("f", "u:1") != keys.generation("f", "u:2")
    assert keys.generation("f", SHARED) != keys.entry("f", 1, SHARED, b"")
    with pytest.raises(ValueError, match="16 bytes"):
        KeyMaker(b"short", "hash")


def test_a_shared_backend_needs_a_secret() -> None:
    class Store:
        def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None]:
            return 0, None

        def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
                  ttl: int) -> None:
            pass

        def bump(self, gen_key: str) -> int:
            return 1

    with pytest.raises(ValueError, match="MIZAN_CACHE_SECRET"):
        ServerCache(Store())
    assert ServerCache(Store(), secret=b"k" * 32).secret == b"k" * 32
    assert ServerCache().secret != ServerCache().secret  # random per process


# -- scope -----------------------------------------------------------------------------

@pytest.mark.parametrize(("auth", "context", "shared"), [
    ("public", None, True), ("public", "global", True), ("public", "shelf", False),
    ("authenticated", None, False), ("authenticated", "global", False),
    ("staff", None, False), ("superuser", None, False), ("can_edit", None, False),
])
def test_the_scope_rule(auth: str, context: str | None, shared: bool) -> None:
    f = irm.Function("f", auth=auth, context=context, cache=30)
    assert is_shared(f) is shared
    assert scope_of(f, ADA) == (SHARED if shared else "u:1")
    assert scope_of(f, None) == (SHARED if shared else ANONYMOUS)


# -- the in-memory backend ---------------------------------------------------------------

def test_memory_is_bounded_by_entries_and_bytes_least_recently_used_first() -> None:
    m = MemoryBackend(max_entries=3, max_bytes=10_000)
    for k in "abc":
        m.set(k, b"x", 60)
    assert m.get("a") == b"x"  # a is now the most recently used
    m.set("d", b"x", 60)
    assert [m.get(k) for k in "abcd"] == [b"x", None, b"x", b"x"]
    small = MemoryBackend(max_entries=100, max_bytes=25)
    small.set("k1", b"0123456789", 60)  # 12 bytes
    small.set("k2", b"0123456789", 60)  # 24
    small.set("k3", b"0123456789", 60)  # 36 > 25: k1 goes
    assert small.get("k1") is None and small.get("k2") and small.get("k3")
    assert small.size == (2, 24)
    small.set("big", b"x" * 100, 60)  # larger than the whole cache: not kept
    assert small.get("big") is None and small.size == (2, 24)


def test_memory_entries_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(memory_module.time, "monotonic", lambda: now[0])
    m = MemoryBackend()
    m.set("k", b"v", 30)
    now[0] += 29.9
    assert m.get("k") == b"v"
    now[0] += 0.2
    assert m.get("k") is None and m.size == (0, 0)


def test_an_entry_counts_only_under_the_generation_it_was_written_in() -> None:
    m = MemoryBackend()
    g = m.generation("g")
    m.write("g", g, "e", b"value", 60)
    assert m.read("g", "e") == (g, b"value")
    m.write("g", g - 1, "e2", b"late", 60)  # computed before the last bump: not stored
    assert m.read("g", "e2") == (g, None)
    m.bump("g")
    assert m.read("g", "e") == (g + 1, None)  # still held, no longer current


def test_a_dropped_generation_restarts_above_every_value_it_had() -> None:
    m = MemoryBackend(max_generations=2)
    first = m.generation("g1")
    for _ in range(5):
        m.bump("g1")
    reached = m.generation("g1")
    assert reached == first + 5
    m.generation("g2")
    m.generation("g3")  # g1 is dropped
    assert m.generation("g1") > reached


# -- single flight and versioned writes --------------------------------------------------

FN = irm.Function("slow", returns=None, cache=60)
IR = irm.IR(functions=(FN, irm.Function("poke", affects_functions=("slow",))))


def test_one_computation_per_key_at_a_time() -> None:
    cache = ServerCache().bind(IR, "h")
    runs: list[int] = []
    gate = threading.Event()

    def compute() -> bytes:
        runs.append(1)
        gate.wait(5)
        return b"42"

    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(
        cache.get_or_compute(FN, None, b"[]", compute))) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(5)
    assert runs == [1] and results == [b"42"] * 8
    assert cache.get_or_compute(FN, None, b"[]", lambda: b"other") == b"42"  # stored


def test_errors_are_shared_by_the_flight_but_never_stored() -> None:
    cache = ServerCache().bind(IR, "h")

    def boom() -> bytes:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.get_or_compute(FN, None, b"[]", boom)
    assert cache.get_or_compute(FN, None, b"[]", lambda: b"1") == b"1"


def test_a_read_that_started_before_a_mutation_does_not_store_its_result() -> None:
    cache = ServerCache().bind(IR, "h")

    def stale() -> bytes:
        cache.invalidate("poke", None)  # the mutation finishes while this read computes
        return b"old"

    assert cache.get_or_compute(FN, None, b"[]", stale) == b"old"  # answered, not kept
    assert cache.get_or_compute(FN, None, b"[]", lambda: b"new") == b"new"
    assert cache.get_or_compute(FN, None, b"[]", lambda: b"newer") == b"new"


def test_per_caller_invalidation_touches_only_the_caller() -> None:
    mine = irm.Function("mine", auth="authenticated", cache=60)
    ir = irm.IR(functions=(mine, irm.Function("edit", auth="authenticated",
                                              affects_functions=("mine",))))
    cache = ServerCache().bind(ir, "h")
    assert cache.get_or_compute(mine, ADA, b"[]", lambda: b"ada1") == b"ada1"
    assert cache.get_or_compute(mine, BOB, b"[]", lambda: b"bob1") == b"bob1"
    cache.invalidate("edit", ADA)
    assert cache.get_or_compute(mine, ADA, b"[]", lambda: b"ada2") == b"ada2"
    assert cache.get_or_compute(mine, BOB, b"[]", lambda: b"bob2") == b"bob1"


# -- over HTTP ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The cache app twice, each with its own database: cached, and not cached."""
    root = tmp_path_factory.mktemp("cache-app")
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    specs = {"on": ("uvicorn", "cache_app:app", {**env, "MIZAN_TEST_DB": str(root / "on.db")},
                    HERE),
             "off": ("uvicorn", "cache_app:app", {**env, "MIZAN_TEST_DB": str(root / "off.db"),
                                                  "MIZAN_TEST_CACHE": "off"}, HERE)}
    with run_servers(specs, root) as urls:
        yield urls




def test_cached_members_compute_once_and_mutations_invalidate(apps: dict[str, str]) -> None:
    on, off = apps["on"], apps["off"]
    for base in (on, off):
        call(base, "add_note", {"text": "first"}, "ada")
    before = call(on, "computed_here")
    replies = [ctx(on, "global") for _ in range(5)]
    assert all(r == replies[0] for r in replies)
    assert replies[0] == ctx(off, "global")
    ran = call(on, "computed_here")
    assert ran.get("public_notes", 0) - before.get("public_notes", 0) <= 1
    call(on, "add_note", {"text": "second"}, "bob")
    call(off, "add_note", {"text": "second"}, "bob")
    after = ctx(on, "global")
    assert [n["text"] for n in after["public_notes"]["result"]][-1] == "second"
    assert after == ctx(off, "global")
    assert call(on, "count_of", {"owner": "bob"}) == call(off, "count_of", {"owner": "bob"}) == 1
    call(on, "set_motd", {"text": "hi"}, "staff")
    assert ctx(on, "global")["motd"] == {"result": "hi"}


def test_per_caller_entries_never_reach_another_caller(apps: dict[str, str]) -> None:
    on = apps["on"]
    call(on, "add_note", {"text": "ada's secret", "public": False}, "ada")
    ada = ctx(on, "user", "ada")["my_notes"]["result"]
    assert "ada's secret" in [n["text"] for n in ada]
    bob = ctx(on, "user", "bob")["my_notes"]["result"]
    assert all(n["owner"] == "bob" for n in bob)
    assert ctx(on, "user")["my_notes"]["error"]["code"] == "not_authenticated"
    assert ctx(on, "shelf", "ada")["greeting"] == {"result": "hello ada"}
    assert ctx(on, "shelf", "bob")["greeting"] == {"result": "hello bob"}
    assert ctx(on, "shelf")["greeting"] == {"result": "hello stranger"}
    assert ctx(on, "shelf", "ada")["greeting"] == {"result": "hello ada"}  # still hers


def test_a_mutation_refreshes_the_callers_own_entries_at_once(apps: dict[str, str]) -> None:
    on = apps["on"]
    ctx(on, "user", "bob")
    ran = call(on, "computed_here").get("my_notes", 0)
    ctx(on, "user", "bob")
    assert call(on, "computed_here").get("my_notes", 0) == ran  # a hit
    call(on, "add_note", {"text": "bob's new one", "public": False}, "bob")
    texts = [n["text"] for n in ctx(on, "user", "bob")["my_notes"]["result"]]
    assert texts[-1] == "bob's new one"


def test_a_network_store_is_called_off_the_event_loop() -> None:
    """Under an event loop (FastAPI), a backend that does network I/O (anything but the
    in-memory one) is called through `offload`, in a thread, never on the loop."""
    import asyncio

    threads: list[int] = []

    class Remote:
        def __init__(self) -> None:
            self.inner = MemoryBackend()

        def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None]:
            threads.append(threading.get_ident())
            return self.inner.read(gen_key, entry_key)

        def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
                  ttl: int) -> None:
            threads.append(threading.get_ident())
            self.inner.write(gen_key, generation, entry_key, value, ttl)

        def bump(self, gen_key: str) -> int:
            return self.inner.bump(gen_key)

    cache = ServerCache(Remote(), secret=b"k" * 32).bind(IR, "h")
    assert cache.blocking and not ServerCache().blocking

    async def compute() -> bytes:
        return b"7"

    async def main() -> tuple[int, list[bytes]]:
        loop_thread = threading.get_ident()
        got = [await cache.get_or_compute_async(FN, None, b"[]", compute, asyncio.to_thread)
               for _ in range(2)]
        return loop_thread, got

    loop_thread, got = asyncio.run(main())
    assert got == [b"7", b"7"]
    assert len(threads) == 3 and loop_thread not in threads  # read, write, read
