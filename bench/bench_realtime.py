"""The WebSocket transport, measured against live servers on loopback (the realtime
test app of tests/realtime, FastAPI and Django Channels, each under uvicorn):

- call round trips per second over one WebSocket vs `call/` over one keep-alive HTTP
  connection (checked), the same function (`echo`), each backend (target: 2x or more);
- fan-out: one publish delivered to 500 subscribers spread over two processes of one
  app sharing a Redis (the system's redis-server, started here and stopped by PID):
  p50 and p99 delivery latency, and deliveries per second sustained under a flood;
- memory per idle connection (the server process's RSS, before and after 1000 idle
  sockets).

Not a test: run it and read the figures (one run, each ratio from figures measured in
the same run).

    uv run python bench/bench_realtime.py [--seconds 3] [--subscribers 500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
APP_DIR = ROOT / "tests" / "realtime"
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, wait_until_up  # noqa: E402

TARGETS = {"fastapi": "rt_fastapi:app", "django": "rt_django:asgi_app"}


@contextmanager
def server(backend: str, logs: Path, **env: str) -> Iterator[tuple[str, int]]:
    """One server process, started as users start it (`uvicorn --host --port`): (base
    URL, its PID)."""
    port = free_port()
    log = logs / f"{backend}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", TARGETS[backend], "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"], cwd=APP_DIR, stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(APP_DIR), str(ROOT)]),
                 **env})
    base = f"http://127.0.0.1:{port}/api/mizan/"
    try:
        wait_until_up(proc, base + "session/", log)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(directory)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.3)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait(10)


def ws(base: str) -> str:
    return base.replace("http://", "ws://") + "ws/"


CALL = {"type": "call", "id": 1, "function": "echo", "args": {"text": "hi"}}


async def socket_calls(base: str, seconds: float) -> float:
    """`echo` round trips per second over one WebSocket, one call at a time."""
    frame = json.dumps(CALL)
    async with websockets.connect(ws(base)) as sock:
        done, end = 0, time.perf_counter() + seconds
        start = time.perf_counter()
        while time.perf_counter() < end:
            await sock.send(frame)
            reply = json.loads(await sock.recv())
            assert reply["status"] == 200 and reply["body"]["result"] == "hi", reply
            done += 1
        return done / (time.perf_counter() - start)


def http_calls(base: str, seconds: float) -> float:
    """`echo` round trips per second over `call/`, one keep-alive connection (checked:
    every answer came over the same client port), one call at a time."""
    body = {"function": CALL["function"], "args": CALL["args"]}
    ports: set[object] = set()
    with httpx.Client() as http:
        done, end = 0, time.perf_counter() + seconds
        start = time.perf_counter()
        while time.perf_counter() < end:
            r = http.post(base + "call/", json=body)
            assert r.status_code == 200 and r.json()["result"] == "hi", r.text
            ports.add(r.extensions["network_stream"].get_extra_info("client_addr"))
            done += 1
        rate = done / (time.perf_counter() - start)
    assert len(ports) == 1, f"{len(ports)} connections were used"
    return rate


async def fan_out(bases: list[str], subscribers: int, publishes: int,
                  flood: int) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, deliveries per second): subscribers spread over `bases`, the
    publishes made through the first."""
    topic = f"bench-{time.time_ns()}"
    sub = json.dumps({"type": "subscribe", "id": "t", "channel": "ticker",
                      "params": {"topic": topic}})
    socks = []
    for i in range(subscribers):
        sock = await websockets.connect(ws(bases[i % len(bases)]), max_queue=None)
        await sock.send(sub)
        await sock.recv()
        socks.append(sock)
    latencies: list[float] = []

    async def listen(sock: websockets.ClientConnection, count: int) -> None:
        for _ in range(count):
            frame = json.loads(await sock.recv())
            if frame["type"] == "message" and not frame["message"]["note"]:
                latencies.append(time.time() * 1e6 - frame["message"]["n"])

    async with websockets.connect(ws(bases[0])) as caller:
        listeners = [asyncio.create_task(listen(s, publishes)) for s in socks]
        for _ in range(publishes):
            now = int(time.time() * 1e6)
            await caller.send(json.dumps({"type": "call", "id": 1, "function": "atick",
                                          "args": {"topic": topic, "n": now}}))
            await caller.recv()
            await asyncio.sleep(0.02)
        await asyncio.gather(*listeners)
        listeners = [asyncio.create_task(listen(s, flood)) for s in socks]
        start = time.perf_counter()
        await caller.send(json.dumps({"type": "call", "id": 2, "function": "flood",
                                      "args": {"topic": topic, "count": flood, "size": 10}}))
        await asyncio.gather(*listeners)
        rate = subscribers * flood / (time.perf_counter() - start)
    for sock in socks:
        await sock.close()
    latencies.sort()
    return (statistics.median(latencies) / 1000,
            latencies[int(len(latencies) * 0.99) - 1] / 1000, rate)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def idle_memory(base: str, pid: int, count: int) -> float:
    before = rss_kib(pid)
    socks = [await websockets.connect(ws(base)) for _ in range(count)]
    await asyncio.sleep(1)
    after = rss_kib(pid)
    for sock in socks:
        await sock.close()
    return (after - before) * 1024 / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--publishes", type=int, default=100)
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--backends", nargs="+", choices=sorted(TARGETS), default=list(TARGETS))
    parser.add_argument("--skip-calls", action="store_true", help="only the fan-out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp)
        print("call round trips per second, one connection, `echo`")
        for backend in [] if args.skip_calls else args.backends:
            with server(backend, logs) as (base, pid):
                over_http = http_calls(base, args.seconds)
                over_socket = asyncio.run(socket_calls(base, args.seconds))
                memory = asyncio.run(idle_memory(base, pid, args.idle))
            print(f"  {backend:8} WebSocket {over_socket:8.0f}/s   call/ {over_http:8.0f}/s   "
                  f"ratio {over_socket / over_http:.2f}x")
            print(f"  {backend:8} memory per idle connection: {memory / 1024:.1f} KiB")
        print(f"fan-out to {args.subscribers} subscribers over two processes through Redis")
        for backend in args.backends:
            with redis_server(logs) as url, server(backend, logs, RT_REDIS_URL=url) as (a, _), \
                    server(backend, logs, RT_REDIS_URL=url) as (b, _):
                p50, p99, rate = asyncio.run(fan_out([a, b], args.subscribers, args.publishes,
                                                     args.flood))
            print(f"  {backend:8} latency p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
                  f"{rate:,.0f} deliveries/s sustained")


if __name__ == "__main__":
    main()
