"""The server cache, measured: `ctx/global/` of a context whose five members each take
about 2 ms of work, served by FastAPI under uvicorn (one worker) on loopback.

- cached vs uncached requests per second (target: 10x or more), in memory and in Redis
  (the system's redis-server, started here on 127.0.0.1 and stopped by PID);
- a 304 revalidation vs the full reply;
- a miss (every request with new arguments, so the cache computes and stores each time)
  vs no cache at all (target: at most 5% slower).

Not a test: run it and read the figures (one run, each figure against its baseline
measured in the same run).

    uv run python bench/bench_cache.py [--seconds 3] [--clients 1]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from mizan_spec.runtime import Call, Registry, client

registry = Registry()
WORK = 0.002


def _member(name: str) -> None:
    def member(call: Call, n: int = 0) -> dict[str, int]:
        time.sleep(WORK)  # ~2 ms of work: a database query, say
        return {"n": n, "value": len(name)}
    member.__name__ = name
    client(context="global", cache="1m", registry=registry)(member)


for _name in ("alpha", "beta", "gamma", "delta", "epsilon"):
    _member(_name)


def _app() -> object:
    from fastapi import FastAPI

    from mizan_spec.runtime.fastapi_adapter import mizan_router
    from mizan_spec.runtime.server_cache import server_cache

    mode = os.environ.get("BENCH_CACHE", "off")
    cache: object = False if mode == "off" else server_cache(
        secret=os.environ.get("MIZAN_CACHE_SECRET"),
        redis_url=os.environ.get("MIZAN_CACHE_REDIS_URL") if mode == "redis" else None)
    app = FastAPI()
    app.include_router(mizan_router(registry, cache=cache))  # type: ignore[arg-type]
    return app


if os.environ.get("BENCH_CACHE"):
    app = _app()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"server did not come up: {url}")


def serve(mode: str, extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, **extra, "BENCH_CACHE": mode,
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.getcwd()])}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench_cache:app", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/mizan/"
    wait_for(base + "session/", proc)
    return proc, base


def rate(seconds: float, clients: int, request: Callable[[httpx.Client, int], None]) -> float:
    """Requests per second, `clients` threads each sending `request` in a loop."""
    counts = [0] * clients
    stop = time.monotonic() + seconds
    serial = itertools.count()

    def loop(i: int) -> None:
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < stop:
                request(http, next(serial))
                counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=1)
    opts = parser.parse_args()
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed")
    tmp = tempfile.mkdtemp()
    redis_port = free_port()
    redis_proc = subprocess.Popen([exe, "--port", str(redis_port), "--bind", "127.0.0.1",
                                   "--save", "", "--appendonly", "no", "--dir", tmp],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    redis_env = {"MIZAN_CACHE_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                 "MIZAN_CACHE_SECRET": "bench-" + "s" * 32}
    servers = {}
    try:
        time.sleep(0.3)
        for mode in ("off", "memory", "redis"):
            servers[mode] = serve(mode, redis_env)
        s, c = opts.seconds, opts.clients

        def same(base: str) -> Callable[[httpx.Client, int], None]:
            return lambda http, _: http.get(base + "ctx/global/").raise_for_status()

        def fresh(base: str) -> Callable[[httpx.Client, int], None]:
            def send(http: httpx.Client, i: int) -> None:  # new args each time: all misses
                http.get(base + "ctx/global/", params={"args": f'{{"n": {i + 1}}}'})
            return send

        etag = httpx.get(servers["memory"][1] + "ctx/global/").headers["etag"]

        def revalidate(http: httpx.Client, _: int) -> None:
            r = http.get(servers["memory"][1] + "ctx/global/", headers={"If-None-Match": etag})
            assert r.status_code == 304

        uncached = rate(s, c, same(servers["off"][1]))
        memory = rate(s, c, same(servers["memory"][1]))
        in_redis = rate(s, c, same(servers["redis"][1]))
        not_modified = rate(s, c, revalidate)
        no_cache = rate(s, c, fresh(servers["off"][1]))
        misses = rate(s, c, fresh(servers["memory"][1]))
        redis_misses = rate(s, c, fresh(servers["redis"][1]))
        print(f"ctx/global/, five members of ~{WORK * 1000:.0f} ms, {c} clients, {s:.0f} s each")
        print(f"  uncached            {uncached:8.0f} req/s")
        print(f"  cached, in memory   {memory:8.0f} req/s   {memory / uncached:5.1f}x (target 10x)")
        print(f"  cached, in Redis    {in_redis:8.0f} req/s   {in_redis / uncached:5.1f}x "
              "(target 10x)")
        print(f"  304 revalidation    {not_modified:8.0f} req/s   {not_modified / memory:5.2f}x "
              "the full cached reply")
        print(f"  no cache, new args  {no_cache:8.0f} req/s")
        print(f"  misses, in memory   {misses:8.0f} req/s   {(1 - misses / no_cache) * 100:+5.1f}% "
              "slower (target at most 5%)")
        print(f"  misses, in Redis    {redis_misses:8.0f} req/s   "
              f"{(1 - redis_misses / no_cache) * 100:+5.1f}% slower")
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(10)
        redis_proc.kill()
        redis_proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
