"""The generated FastAPI wiring takes the server cache: `create_router(impl, cache=...)`
reaches the protocol (a cached member is computed once), and `cache=False` turns it off."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from mizan_spec.runtime.server_cache import server_cache
from tests.generate.pkgutil import gen_python, import_package

SPEC = 'mizan 1\ncontext global\nfunction hits context=global returns=int cache="1m"\n'
IMPL = '''"""Counts its calls."""

from __future__ import annotations

from typing import Any

from mizan_spec.runtime import Call

CALLS: list[int] = []


class Implementation:
    def hits(self, call: Call[Any]) -> int:
        CALLS.append(1)
        return len(CALLS)
'''


def _hits_seen(package: object, impl: object, cache: object) -> list[int]:
    app = FastAPI()
    app.include_router(package.create_router(impl.Implementation(), cache=cache))  # type: ignore[attr-defined]
    with TestClient(app) as http:
        return [http.get("/api/mizan/ctx/global/").json()["results"]["hits"]["result"]
                for _ in range(3)]


def test_create_router_passes_the_server_cache(tmp_path: Path) -> None:
    spec = tmp_path / "app.mizan.kdl"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "api"
    result = gen_python(spec, out, "fastapi")
    assert result.exit_code == 0, result.output
    (out / "impl.py").write_text(IMPL, encoding="utf-8")
    package, impl = import_package(out)
    assert _hits_seen(package, impl, server_cache(secret="s" * 32)) == [1, 1, 1]  # cached
    assert _hits_seen(package, impl, False) == [2, 3, 4]  # no cache: computed every time
