"""`Call[Request]`: the first argument is typed for its backend (Starlette's `Request`
under FastAPI, Django's `HttpRequest` under Django, so `call.request.user` is Django's
user), checked by mypy --strict; a plain `Call` is still accepted, by mypy and by the
startup check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).resolve().parent / "async_style"

IMPL = '''"""An implementation reading the request."""

from __future__ import annotations

from mizan_spec.runtime import Call

from .api.models import Nap
from .api.interface import Api, NapArgs
from .api.wiring import build_registry
{imports}


class Implementation:
    def nap(self, call: {call}, *, seconds: float) -> Nap:
        {body}
        return Nap(slept=seconds)

    def ping(self, call: Call) -> str:  # plain Call is fine too
        return "pong"

    def awake(self, call: {call}, args: NapArgs) -> bool:
        return True


def check(api: Api) -> None:
    build_registry(api)


check(Implementation())
'''

CASES = {
    "fastapi": ("from fastapi import Request", "Call[Request]",
                'agent: str | None = call.request.headers.get("user-agent")'),
    "django": ("from django.http import HttpRequest", "Call[HttpRequest]",
               "name: str = call.request.user.get_username()"),
}


def test_mypy_sees_the_framework_request(tmp_path: Path) -> None:
    for backend, (imports, call, body) in CASES.items():
        package = tmp_path / f"{backend}_app"
        package.mkdir()
        (package / "__init__.py").write_text("", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                               "--backend", backend, "--out", str(package / "api")],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        interface = (package / "api" / "interface.py").read_text(encoding="utf-8")
        assert f"def ping(self, call: {call}) -> str:" in interface
        for name, line in (("good", body), ("bad", "call.request.no_such_attribute")):
            (package / f"{name}.py").write_text(
                IMPL.format(imports=imports, call=call, body=line), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "-p", "fastapi_app", "-p", "django_app"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    errors = sorted(line.split(":")[0] for line in done.stdout.splitlines()
                    if ": error:" in line)
    assert errors == ["django_app/bad.py", "fastapi_app/bad.py"], done.stdout
    assert '"HttpRequest" has no attribute "no_such_attribute"' in done.stdout
    assert 'Request[State]" has no attribute "no_such_attribute"' in done.stdout


def test_startup_accepts_plain_and_typed_call(tmp_path: Path) -> None:
    package = tmp_path / "fastapi_app"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", "fastapi", "--out", str(package / "api")],
                          capture_output=True, timeout=120, cwd=ROOT).returncode == 0
    imports, call, body = CASES["fastapi"]
    (package / "good.py").write_text(IMPL.format(imports=imports, call=call, body=body),
                                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import fastapi_app.good"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
