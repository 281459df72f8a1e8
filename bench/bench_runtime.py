"""Throughput of `call/` served by the Mizan runtime vs a hand-written route doing the
same work (validate the same args, run the same function, return the same JSON).

FastAPI under uvicorn (a `def` function, and an `async def` one against an `async def`
route, as `gen python --style async` wires it, without and with the same `authenticate`
dependency on both sides) and Django under gunicorn (sync worker),
one worker process each;
both sides of a comparison are served by the same server process, measured in the same
run, on loopback, alternating rounds. Two figures per side: throughput (the best round),
and the server's CPU time per request (user + system, read from /proc, the least of
the rounds), which stays meaningful on a machine other processes share. Not a test:
run it and read the figures.

    uv run python bench/bench_runtime.py [--seconds 2] [--rounds 3] [--clients 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from typing import Annotated, Any

from fastapi import Depends, Header
from pydantic import BaseModel, Field, ValidationError

from mizan_spec.runtime import Call, Principal, Registry

# -- the work, once for each side -------------------------------------------------------


class EchoOut(BaseModel):
    text: str
    count: int
    tags: list[str]


class EchoBody(BaseModel):
    text: str
    count: int = Field(default=1, ge=1, le=10)


def echo_work(text: str, count: int) -> EchoOut:
    return EchoOut(text=text * count, count=count, tags=["a", "b"])


registry = Registry()


def echo(call: Call, text: str, count: Annotated[int, Field(ge=1, le=10)] = 1) -> EchoOut:
    return echo_work(text, count)


registry.add(echo)


async def echo_async(call: Call, text: str,
                     count: Annotated[int, Field(ge=1, le=10)] = 1) -> EchoOut:
    await asyncio.sleep(0)  # an await, as real async work (a database driver) has
    return echo_work(text, count)


registry.add(echo_async)

MIZAN_PATH = "/api/mizan/call/"
MIZAN_BODY = b'{"function":"echo","args":{"text":"hello","count":2}}'
HAND_PATH = "/hand/echo/"
HAND_BODY = b'{"text":"hello","count":2}'
MIZAN_ASYNC_BODY = b'{"function":"echo_async","args":{"text":"hello","count":2}}'
HAND_ASYNC_PATH = "/hand/echo-async/"
AUTH_PATH = "/api/signed/call/"
HAND_AUTH_PATH = "/hand/echo-signed/"
TOKEN = "Bearer bench-token"


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    """The same dependency on both sides: a bearer token looked up."""
    return Principal(id="1", username="bench") if authorization == TOKEN else None


def fastapi_app() -> Any:
    from fastapi import FastAPI

    from mizan_spec.runtime.fastapi_adapter import mizan_router

    app = FastAPI()
    app.include_router(mizan_router(registry))
    app.include_router(mizan_router(registry, authenticate=authenticate, prefix="/api/signed"))

    @app.post(HAND_PATH)
    def hand(body: EchoBody) -> EchoOut:
        return echo_work(body.text, body.count)

    @app.post(HAND_ASYNC_PATH)
    async def hand_async(body: EchoBody) -> EchoOut:
        await asyncio.sleep(0)
        return echo_work(body.text, body.count)

    @app.post(HAND_AUTH_PATH)
    async def hand_signed(body: EchoBody,
                          who: Principal | None = Depends(authenticate),  # noqa: B008
                          ) -> EchoOut:
        await asyncio.sleep(0)
        return echo_work(body.text, body.count)

    return app


def django_wsgi_app() -> Any:
    import django
    from django.conf import settings

    settings.configure(DEBUG=False, SECRET_KEY="bench", ALLOWED_HOSTS=["*"],
                       ROOT_URLCONF=__name__, MIDDLEWARE=[], INSTALLED_APPS=[])
    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpRequest, HttpResponse
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    from mizan_spec.runtime.django_adapter import mizan_urls

    @csrf_exempt
    def hand(request: HttpRequest) -> HttpResponse:
        try:
            body = EchoBody.model_validate_json(request.body)
        except ValidationError as e:
            return HttpResponse(e.json(), status=422, content_type="application/json")
        out = echo_work(body.text, body.count)
        return HttpResponse(out.model_dump_json(), content_type="application/json")

    global urlpatterns
    urlpatterns = [path("api/mizan/", include(mizan_urls(registry))),
                   path(HAND_PATH.lstrip("/"), hand)]
    return get_wsgi_application()


urlpatterns: list[Any] = []

# -- serving -----------------------------------------------------------------------------


def serve(kind: str, port: int) -> None:
    if kind == "fastapi":
        import uvicorn
        uvicorn.run(fastapi_app(), host="127.0.0.1", port=port, log_level="warning")
        return
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for k, v in {"bind": f"127.0.0.1:{port}", "workers": 1,
                         "worker_class": "sync", "loglevel": "warning"}.items():
                self.cfg.set(k, v)

        def load(self) -> Any:
            return django_wsgi_app()

    Gunicorn().run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- load: a minimal HTTP/1.1 client over raw sockets, so the client is not the limit ----


def _request(path: str, body: bytes, port: int) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"Authorization: {TOKEN}\r\n\r\n"
            ).encode() + body


def _one(sock: socket.socket, request: bytes, buf: bytearray) -> tuple[int, bool]:
    sock.sendall(request)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    close = headers.get("connection", "").lower() == "close"
    body = bytearray(rest)
    if "content-length" in headers:
        need = int(headers["content-length"])
        while len(body) < need:
            body += sock.recv(65536)
        del buf[:]
        buf += body[need:]
    elif headers.get("transfer-encoding") == "chunked":
        while not body.endswith(b"0\r\n\r\n"):
            body += sock.recv(65536)
        del buf[:]
    else:
        while chunk := sock.recv(65536):
            body += chunk
        close = True
    return status, close


def _client(port: int, path: str, body: bytes, seconds: float, limit: int) -> int:
    request = _request(path, body, port)
    done, deadline = 0, time.perf_counter() + seconds
    sock: socket.socket | None = None
    buf = bytearray()
    while done < limit and time.perf_counter() < deadline:
        if sock is None:
            sock = socket.create_connection(("127.0.0.1", port))
            buf = bytearray()
        status, close = _one(sock, request, buf)
        if status != 200:
            raise RuntimeError(f"status {status} from {path}")
        done += 1
        if close:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    return done


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc; gunicorn
    serves from a forked worker), or NaN where /proc cannot tell."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    try:
        while pending:
            current = pending.pop()
            with open(f"/proc/{current}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    pending.extend(int(c) for c in f.read().split())
    except OSError:
        return float("nan")
    return total


def measure(port: int, path: str, body: bytes, seconds: float, clients: int,
            limit: int, server: int) -> tuple[float, float]:
    """(requests per second, server CPU microseconds per request)."""
    with multiprocessing.Pool(clients) as pool:
        cpu = cpu_seconds(server)
        start = time.perf_counter()
        counts = pool.starmap(_client, [(port, path, body, seconds, limit // clients)] * clients)
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(server) - cpu
    done = sum(counts)
    return done / elapsed, cpu / done * 1e6


Side = tuple[str, bytes, str, bytes]
"""(mizan path, mizan body, hand-written path, hand-written body)."""
SIDES: dict[str, list[tuple[str, Side]]] = {
    "fastapi": [("FastAPI (uvicorn)", (MIZAN_PATH, MIZAN_BODY, HAND_PATH, HAND_BODY)),
                ("FastAPI async def", (MIZAN_PATH, MIZAN_ASYNC_BODY, HAND_ASYNC_PATH,
                                       HAND_BODY)),
                ("FastAPI async, signed in", (AUTH_PATH, MIZAN_ASYNC_BODY, HAND_AUTH_PATH,
                                              HAND_BODY))],
    "django": [("Django (gunicorn sync)", (MIZAN_PATH, MIZAN_BODY, HAND_PATH, HAND_BODY))],
}


Figures = tuple[str, float, float, float, float]
"""(label, mizan req/s, hand-written req/s, mizan CPU us/request, hand-written CPU us)."""


def run(kind: str, seconds: float, rounds: int, clients: int, limit: int) -> list[Figures]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--port", str(port)],
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{kind} server did not start") from None
                time.sleep(0.05)
        figures = []
        for label, (m_path, m_body, h_path, h_body) in SIDES[kind]:
            measure(port, m_path, m_body, 0.5, clients, limit, proc.pid)  # warm up both
            measure(port, h_path, h_body, 0.5, clients, limit, proc.pid)
            mizan, hand = [], []
            for _ in range(rounds):
                mizan.append(measure(port, m_path, m_body, seconds, clients, limit, proc.pid))
                hand.append(measure(port, h_path, h_body, seconds, clients, limit, proc.pid))
            figures.append((label, max(r for r, _ in mizan), max(r for r, _ in hand),
                            min(c for _, c in mizan), min(c for _, c in hand)))
        return figures
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--serve", choices=["fastapi", "django"])
    parser.add_argument("--port", type=int)
    parser.add_argument("--seconds", type=float, default=2.0, help="per round and side")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per round and side")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    print(f"{'server':<24}{'mizan req/s':>12}{'hand req/s':>12}{'ratio':>8}"
          f"{'mizan CPU us':>14}{'hand CPU us':>13}{'ratio':>8}")
    for kind in SIDES:
        for label, mizan, hand, mizan_cpu, hand_cpu in run(
                kind, args.seconds, args.rounds, args.clients, args.max_requests):
            print(f"{label:<24}{mizan:>12.0f}{hand:>12.0f}{mizan / hand:>7.2f}x"
                  f"{mizan_cpu:>14.0f}{hand_cpu:>13.0f}{hand_cpu / mizan_cpu:>7.2f}x")


if __name__ == "__main__":
    main()
