"""Slim installs from the built wheel, each in a fresh venv: `mizan-spec[fastapi]`
serves the FastAPI example without Django or the language server; `mizan-spec[django]`
serves the Django one; the core CLI names the extra a command lacks; and a package from
`gen python-client` calls a live server from a venv holding only httpx and pydantic."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
UV = shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="needs uv (the README's set-up)")


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return done


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without this checkout on the path or its venv active."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(UV or "uv", "build", "--wheel", "--out-dir", out, "--quiet")
    (found,) = out.glob("mizan_spec-*.whl")
    return found


def venv(where: Path, *requirements: str) -> Path:
    """A fresh venv holding only `requirements` (and what they depend on); its python."""
    run(UV or "uv", "venv", "--quiet", where)
    python = where / "bin" / "python"
    run(UV or "uv", "pip", "install", "--quiet", "--python", python, *requirements,
        env=clean_env())
    return python


def has(python: Path, module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return run(python, "-c", code, cwd=EXAMPLES, env=clean_env(), check=False).returncode == 0


def serve(python: Path, args: list[str], port: int, log: Path,
          env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        proc = subprocess.Popen([str(python), *args], cwd=EXAMPLES, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/mizan/session/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise AssertionError(f"server did not come up:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def fastapi_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The service's own venv: the fastapi extra, and the ASGI server it chose."""
    return venv(tmp_path_factory.mktemp("venv-fastapi") / "v",
                f"mizan-spec[fastapi] @ {wheel.as_uri()}", "uvicorn")


@pytest.fixture(scope="module")
def fastapi_server(fastapi_python: Path, tmp_path_factory: pytest.TempPathFactory,
                   ) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "fastapi.log"
    proc = serve(fastapi_python, ["-m", "uvicorn", "library.fastapi_app.main:app", "--host",
                                  "127.0.0.1", "--port", str(port)], port, log,
                 clean_env(LIBRARY_NOW="2025-03-14T09:30:00+00:00"))
    try:
        yield f"http://127.0.0.1:{port}/api/mizan/"
    finally:
        stop(proc)


def test_fastapi_extra_serves_without_django_or_the_language_server(
        fastapi_python: Path, fastapi_server: str) -> None:
    for absent in ("django", "pygls", "lsprotocol", "gunicorn", "httpx"):
        assert not has(fastapi_python, absent), absent
    where = run(fastapi_python, "-c", "import mizan_spec; print(mizan_spec.__file__)",
                cwd=EXAMPLES, env=clean_env()).stdout
    assert str(fastapi_python.parents[1]) in where  # the wheel's copy, not this checkout's
    reply = httpx.post(fastapi_server + "call/", json={"function": "me"},
                       headers={"Authorization": "Bearer ada-token"})
    assert reply.status_code == 200
    assert reply.json()["result"]["username"] == "ada"


def test_the_core_cli_generates_and_names_missing_extras(fastapi_python: Path,
                                                         tmp_path: Path) -> None:
    cli = fastapi_python.parent / "mizan-spec"
    env = clean_env()
    run(cli, "gen", "python", EXAMPLES / "library" / "spec", "--backend", "django", "--out",
        tmp_path / "api", env=env)
    assert (tmp_path / "api" / "wiring.py").is_file()
    done = run(cli, "lsp", env=env, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == ("mizan-spec: the language server needs pygls, lsprotocol, "
                                   "which is not installed: pip install 'mizan-spec[lsp]'")
    done = run(cli, "import", "--django-settings", "x.settings", "--out", tmp_path / "s",
               env=env, check=False)
    assert done.returncode == 2
    assert "pip install 'mizan-spec[django]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_django_extra_serves_the_django_example(wheel: Path, tmp_path: Path) -> None:
    python = venv(tmp_path / "v", f"mizan-spec[django] @ {wheel.as_uri()}")
    for absent in ("fastapi", "pygls", "uvicorn", "gunicorn"):
        assert not has(python, absent), absent
    env = clean_env(LIBRARY_DJANGO_DB=str(tmp_path / "db.sqlite3"))
    manage = "library/django_app/manage.py"
    run(python, manage, "migrate", "-v0", cwd=EXAMPLES, env=env)
    run(python, manage, "add_members", cwd=EXAMPLES, env=env)
    port = free_port()
    proc = serve(python, [manage, "runserver", "--noreload", f"127.0.0.1:{port}"], port,
                 tmp_path / "django.log", env)
    try:
        reply = httpx.post(f"http://127.0.0.1:{port}/api/mizan/call/",
                           json={"function": "catalogue_stats"})
        assert reply.status_code == 200
        assert reply.json()["result"]["titles"] > 0
    finally:
        stop(proc)


def test_a_standalone_client_needs_only_httpx_and_pydantic(
        fastapi_server: str, tmp_path: Path) -> None:
    run(UV or "uv", "run", "mizan-spec", "gen", "python-client", EXAMPLES / "library" / "spec",
        "--out", tmp_path / "pkg" / "library_client")
    python = venv(tmp_path / "v", "httpx", "pydantic")
    script = ("import sys\n"
              "from library_client import Client\n"
              f"client = Client({fastapi_server!r},\n"
              "                headers={'Authorization': 'Bearer ada-token'})\n"
              "print(client.me().username)\n"
              "print(sorted(m for m in ('mizan_spec', 'fastapi', 'django', 'starlette')\n"
              "             if m in sys.modules))\n")
    done = run(python, "-c", script, cwd=tmp_path / "pkg", env=clean_env())
    assert done.stdout.splitlines() == ["ada", "[]"]
    assert not has(python, "mizan_spec")
