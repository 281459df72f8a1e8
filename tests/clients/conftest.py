"""Fixtures for the client tests: the example (spec + servers), live servers on
127.0.0.1, and the npm toolchain (TypeScript, React, jsdom) in tests/clients/ts.

The example is one fixture (`example`): switch it to another app by editing EXAMPLE.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.ir.model import IR
from tests.clients.tsbuild import generate, stale_ir, tsc, workspace
from tests.servers import ServerSpec, run_servers

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = Path(__file__).resolve().parent / "ts"


@dataclass(frozen=True)
class Example:
    spec: Path  # what `gen` reads
    app_dir: Path  # put on PYTHONPATH; servers run from here
    servers: dict[str, tuple[str, str]]  # backend name -> (uvicorn or gunicorn, module:app)
    models_module: str  # where the stand-in models.py takes its pydantic models from

    def ir(self) -> IR:
        result = compile_spec([self.spec])
        assert result.ir is not None, result.diagnostics
        return result.ir


RUNTIME = ROOT / "tests" / "runtime"
EXAMPLE = Example(
    spec=RUNTIME / "app.mizan.kdl",
    app_dir=RUNTIME,
    servers={
        "fastapi": ("uvicorn", "mizan_fastapi_app:app"),
        "django": ("gunicorn", "mizan_django_app:wsgi_app"),
    },
    models_module="mizan_testapp",
)


@pytest.fixture(scope="session")
def example() -> Example:
    return EXAMPLE


@pytest.fixture(scope="session")
def live_servers(example: Example, tmp_path_factory: pytest.TempPathFactory,
                 ) -> Iterator[dict[str, str]]:
    """Base URLs (ending in /api/mizan/) of the example on every backend."""
    logs_dir = tmp_path_factory.mktemp("client-server-logs")
    env = {"PYTHONPATH": os.pathsep.join([str(example.app_dir), str(ROOT)])}
    specs: dict[str, ServerSpec] = {name: (kind, target, env, example.app_dir)
                                    for name, (kind, target) in example.servers.items()}
    with run_servers(specs, logs_dir) as urls:
        yield urls


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """tests/clients/ts/node_modules, installed with `npm ci` when missing."""
    modules = TS_DIR / "node_modules"
    if not (modules / ".bin" / "tsc").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed for the TypeScript client tests")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TS_DIR, check=True,
                       timeout=300)
    return modules


@pytest.fixture(scope="session")
def ts_build(example: Example, node_modules: Path, tmp_path_factory: pytest.TempPathFactory,
             ) -> Path:
    """The example's client (with React, Vue and Svelte bindings) and a stale copy, plus
    the test scripts, compiled to dist/ by tsc --strict."""
    root = workspace(tmp_path_factory.mktemp("ts"), node_modules)
    ir = example.ir()
    generate(root, "api", ir, "app.mizan.kdl", react=True, vue=True, svelte=True)
    generate(root, "stale", stale_ir(ir), "app.mizan.kdl", react=False)
    for script in ("scenario.ts", "react_test.ts", "cache_test.ts", "query_test.ts",
                   "hydrate_test.ts", "vue_test.ts", "svelte_test.ts", "revalidate_test.ts",
                   "vue_query_test.ts", "svelte_query_test.ts"):
        shutil.copy(TS_DIR / script, root / script)
    result = tsc(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def run_scenario(ts_build: Path, base_url: str) -> dict[str, Any]:
    result = subprocess.run(["node", str(ts_build / "dist" / "scenario.js"), base_url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="session")
def ts_transcripts(ts_build: Path, live_servers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {name: run_scenario(ts_build, url) for name, url in live_servers.items()}
