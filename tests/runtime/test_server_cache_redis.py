"""The server cache in a real Redis (the system's redis-server on 127.0.0.1): the backend
itself, refusing to start without a secret, a Redis that is down (a miss and a warning,
never a failed call), two server processes sharing one Redis, and Django's settings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from mizan_spec.ir import model as irm
from mizan_spec.runtime.server_cache import CacheConfigError, ServerCache, server_cache
from mizan_spec.runtime.server_cache.redis_backend import RedisBackend
from tests import redis_server
from tests.redis_server import running_redis
from tests.runtime.livecalls import call, ctx
from tests.servers import free_port, run_servers

redis_url = redis_server.redis_url  # the fixture: a redis-server of this module's own

HERE = Path(__file__).resolve().parent
SECRET = "s" * 32
FN = irm.Function("f", cache=30)
IR = irm.IR(functions=(FN, irm.Function("g", affects_functions=("f",))))


def test_the_backend_keeps_entries_with_their_duration_and_counts(redis_url: str) -> None:
    backend = RedisBackend(redis_url)
    assert backend.get("mizan:e:nothing") is None
    started = backend.read("mizan:g:k", "mizan:e:k")
    assert started is not None and started[1] is None
    start = started[0]
    assert start > 10**15  # starts from the clock, not from 0
    backend.write("mizan:g:k", start, "mizan:e:k", b"value", 30)
    assert backend.read("mizan:g:k", "mizan:e:k") == (start, b"value")
    assert 0 < redis.Redis.from_url(redis_url).ttl("mizan:e:k") <= 30
    backend.write("mizan:g:k", start - 1, "mizan:e:old", b"late", 30)  # versioned: refused
    assert backend.get("mizan:e:old") is None
    assert backend.bump("mizan:g:k") == start + 1
    assert backend.read("mizan:g:k", "mizan:e:k") == (start + 1, None)  # no longer current
    fresh = backend.bump("mizan:g:other")  # bumping a new counter starts it too
    assert fresh is not None and fresh > start


def test_keys_in_redis_are_opaque(redis_url: str) -> None:
    cache = ServerCache(RedisBackend(redis_url), secret=SECRET.encode()).bind(IR, "h")
    cache.get_or_compute(FN, None, b'[["secret_arg","hunter2"]]', lambda: b"1")
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    assert keys and all(k.startswith(("mizan:e:", "mizan:g:")) for k in keys)
    assert not any("hunter2" in k or ":f" in k for k in keys)


def test_redis_refuses_to_start_without_a_secret(redis_url: str) -> None:
    with pytest.raises(ValueError, match="MIZAN_CACHE_SECRET"):
        ServerCache(RedisBackend(redis_url))
    with pytest.raises(CacheConfigError, match="MIZAN_CACHE_REDIS_URL is set but "
                                               "MIZAN_CACHE_SECRET is not"):
        server_cache(redis_url=redis_url)
    with pytest.raises(CacheConfigError, match="at least 32 bytes"):
        server_cache(redis_url=redis_url, secret="short")
    assert isinstance(server_cache(redis_url=redis_url, secret=SECRET).backend, RedisBackend)


def test_a_redis_that_is_down_is_a_miss_and_a_warning(caplog: pytest.LogCaptureFixture,
                                                      ) -> None:
    backend = RedisBackend(f"redis://:pw@127.0.0.1:{free_port()}/0", timeout=0.2)
    cache = ServerCache(backend, secret=SECRET.encode()).bind(IR, "h")
    runs: list[int] = []
    with caplog.at_level(logging.WARNING, "mizan_spec.runtime"):
        for _ in range(3):
            assert cache.get_or_compute(FN, None, b"[]", lambda: runs.append(1) or b"v") == b"v"
        cache.invalidate("g", None)
    assert len(runs) == 3  # every call computed; none failed
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "failed" in warnings[0] and "pw" not in warnings[0]
    assert backend._down()  # left alone for a while: no timeout per call


# -- two server processes behind one Redis ---------------------------------------------

@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], Any]]:
    """Two cache_app processes sharing one sqlite file and one Redis of their own (so a
    test may kill it)."""
    root = tmp_path_factory.mktemp("redis-pair")
    with running_redis(root) as server:
        env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])]),
               "MIZAN_TEST_DB": str(root / "shared.db"), "MIZAN_CACHE_REDIS_URL": server.url,
               "MIZAN_CACHE_SECRET": SECRET}
        specs = {name: ("uvicorn", "cache_app:app", env, HERE) for name in ("a", "b")}
        with run_servers(specs, root) as urls:
            yield urls, server




def test_one_process_computes_and_the_other_reads_it(pair: tuple[dict[str, str], Any]) -> None:
    urls, _ = pair
    a, b = urls["a"], urls["b"]
    call(a, "set_motd", {"text": "from a"}, "staff")
    assert ctx(a, "global")["motd"] == {"result": "from a"}
    before = call(b, "computed_here").get("motd", 0)
    assert ctx(b, "global")["motd"] == {"result": "from a"}
    assert call(b, "computed_here").get("motd", 0) == before  # B read A's entry


def test_invalidation_from_one_process_is_seen_by_the_other(
        pair: tuple[dict[str, str], Any]) -> None:
    urls, _ = pair
    a, b = urls["a"], urls["b"]
    ctx(b, "user", "ada")
    ctx(b, "global")
    call(a, "add_note", {"text": "written on a", "public": False}, "ada")
    assert "written on a" in [n["text"] for n in ctx(b, "user", "ada")["my_notes"]["result"]]
    call(a, "set_motd", {"text": "second"}, "staff")
    assert ctx(b, "global")["motd"] == {"result": "second"}


def test_calls_succeed_after_redis_is_killed(pair: tuple[dict[str, str], Any]) -> None:
    urls, server = pair
    a, b = urls["a"], urls["b"]
    ctx(a, "global")
    server.stop()  # by its PID, mid-run
    for base in (a, b):
        call(base, "add_note", {"text": f"after the kill on {base[-15:]}"}, "bob")
        texts = [n["text"] for n in ctx(base, "global")["public_notes"]["result"]]
        assert f"after the kill on {base[-15:]}" in texts
        assert ctx(base, "user", "bob")["my_notes"]["result"]
        call(base, "set_motd", {"text": "no redis"}, "staff")
        assert ctx(base, "global")["motd"] == {"result": "no redis"}


# -- Django settings -----------------------------------------------------------------------

@pytest.mark.parametrize(("case", "expected"), [
    ("redis-no-secret", "ImproperlyConfigured: MIZAN_CACHE_REDIS_URL is set but "
                        "MIZAN_CACHE_SECRET is not"),
    ("short-secret", "ImproperlyConfigured: MIZAN_CACHE_SECRET must hold at least 32 bytes"),
    ("django-cache", "DjangoCacheBackend 1 1 1"),
    ("off", "no cache: False"),
])
def test_django_settings(case: str, expected: str) -> None:
    out = subprocess.run([sys.executable, str(HERE / "django_cache_settings.py"), case],
                         capture_output=True, text=True, timeout=60, cwd=HERE,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(
                             [str(HERE), str(HERE.parents[1])])})
    assert out.stdout.startswith(expected), out.stdout + out.stderr


def test_a_contexts_members_are_looked_up_in_one_round_trip(redis_url: str) -> None:
    """`prefetch_async` reads every member's generation and entry in one pipeline; the
    members then start from it, and only misses go back to Redis (to store)."""
    import asyncio

    members = [irm.Function(f"m{i}", cache=30, context="global") for i in range(3)]
    ir = irm.IR(functions=tuple(members), contexts=(irm.Context("global", ("m0", "m1", "m2")),))
    backend = RedisBackend(redis_url)
    cache = ServerCache(backend, secret=SECRET.encode()).bind(ir, "prefetch")
    trips: list[str] = []
    for name in ("aread", "aread_many", "awrite"):
        method = getattr(backend, name)

        async def counted(*args: Any, _m: Any = method, _n: str = name) -> Any:
            trips.append(_n)
            return await _m(*args)
        setattr(backend, name, counted)

    async def compute() -> bytes:
        return b"v"

    async def fetch() -> list[bytes]:
        ahead = await cache.prefetch_async([(m, None, b"[]") for m in members])
        return [await cache.get_or_compute_async(m, None, b"[]", compute, None, ahead)
                for m in members]

    assert asyncio.run(fetch()) == [b"v"] * 3
    assert trips == ["aread_many", "awrite", "awrite", "awrite"]  # all missed: stored
    trips.clear()
    assert asyncio.run(fetch()) == [b"v"] * 3
    assert trips == ["aread_many"]  # all hits: one round trip for the context
