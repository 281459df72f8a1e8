"""`gen python` for a spec with forms: the generated package passes mypy --strict, its
interface has a typed `on_submit_<form>`, and its wiring serves the form's three
functions through the author's implementation (a server-side error included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mizan_spec.runtime.implementation import ImplementationError
from tests.generate.pkgutil import gen_python, import_package

SPEC = Path(__file__).parent / "forms_pkg" / "signup.mizan.kdl"
GUARDED = SPEC.parent / "guarded.mizan.kdl"  # a form's predicate, keyword field names

IMPL = '''from __future__ import annotations

from fastapi import Request
from mizan_spec.runtime import Call
from mizan_spec.runtime.forms import FormErrors

from .interface import SignupData
from .models import Account


class Implementation:
    def on_submit_signup(self, call: Call[Request], data: SignupData) -> Account:
        if data["email"] == "taken@example.com":
            raise FormErrors({"email": ("already_registered", "already registered")})
        return Account(username=data["username"])
'''


GUARDED_IMPL = '''from __future__ import annotations

from fastapi import Request
from mizan_spec.runtime import Call

from .interface import JoinArgs, JoinData

SEEN: list[JoinArgs] = []


class Implementation:
    def invited(self, call: Call[Request], args: JoinArgs) -> bool:
        SEEN.append(args)
        return args.get("class") == "vip"

    def on_submit_join(self, call: Call[Request], data: JoinData) -> None:
        return None
'''


@pytest.mark.parametrize("backend", ["fastapi", "django"])
@pytest.mark.parametrize("spec", [SPEC, GUARDED], ids=["signup", "guarded"])
def test_the_package_of_a_form_passes_mypy(tmp_path: Path, backend: str, spec: Path) -> None:
    out = tmp_path / "app" / "api"
    assert gen_python(spec, out, backend).exit_code == 0
    (tmp_path / "app" / "__init__.py").write_text("")
    interface = (out / "interface.py").read_text()
    if spec == SPEC:
        assert "class SignupData(TypedDict):" in interface
        assert "def on_submit_signup(self, call: Call[" in interface
    else:
        assert "class JoinArgs(TypedDict, total=False):" not in interface  # `class`: functional
        assert '"class": object,' in interface and "total=False," in interface
        assert "def invited(self, call: Call[" in interface and "args: JoinArgs" in interface
    assert ((out / "forms.py").exists()) == (backend == "django")
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           str(tmp_path / "app")], capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_the_wiring_serves_the_form_through_the_implementation(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(SPEC, out, "fastapi").exit_code == 0
    (out / "impl.py").write_text(IMPL)
    package, impl = import_package(out)
    app = FastAPI()
    app.include_router(package.wiring.create_router(impl.Implementation()))
    client = TestClient(app)

    def call(function: str, args: object) -> tuple[int, object]:
        r = client.post("/api/mizan/call/", json={"function": function, "args": args})
        return r.status_code, r.json()

    status, schema = call("signup.schema", {})
    assert status == 200 and [f["name"] for f in schema["result"]["fields"]] == [
        "username", "email"]
    status, done = call("signup.submit", {"username": "ada", "email": "ada@example.com"})
    assert (status, done["result"]) == (200, {"username": "ada"})
    status, refused = call("signup.submit", {"username": "ada", "email": "taken@example.com"})
    assert status == 422 and refused["error"]["issues"] == [
        {"path": ["email"], "code": "already_registered", "message": "already registered"}]


def test_a_form_predicate_receives_the_values_as_sent(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(GUARDED, out, "fastapi").exit_code == 0
    (out / "impl.py").write_text(GUARDED_IMPL)
    package, impl = import_package(out)
    app = FastAPI()
    app.include_router(package.wiring.create_router(impl.Implementation()))
    client = TestClient(app)

    def call(function: str, args: object) -> int:
        return client.post("/api/mizan/call/", json={"function": function,
                                                     "args": args}).status_code

    sent = {"class": " vip ", "age": "twelve", "extra": [1]}  # not stripped, not judged
    assert call("join.validate", sent) == 401  # anonymous: refused as unsigned
    assert impl.SEEN[-1] == sent
    assert call("join.schema", {}) == 401 and impl.SEEN[-1] == {}
    assert call("join.submit", {"class": "vip", "from": "2024-02-30"}) == 422  # let in, judged
    assert impl.SEEN[-1] == {"class": "vip", "from": "2024-02-30"}
    assert call("join.submit", {"class": "vip", "from": "2024-02-29"}) == 200


def test_the_startup_check_names_a_missing_or_mistyped_on_submit(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(SPEC, out, "fastapi").exit_code == 0
    (out / "impl.py").write_text(IMPL.replace("data: SignupData", "data: dict[str, str]"))
    package, impl = import_package(out)
    with pytest.raises(ImplementationError) as mistyped:
        package.wiring.build_registry(impl.Implementation())
    assert "on_submit_signup" in str(mistyped.value) and "parameter `data`" in str(
        mistyped.value)
    (out / "impl.py").write_text("class Implementation:\n    pass\n")
    package, impl = import_package(out)
    with pytest.raises(ImplementationError, match=r"missing: def on_submit_signup\(self, call"):
        package.wiring.build_registry(impl.Implementation())


def test_an_async_fastapi_package_awaits_on_submit(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(SPEC, out, "fastapi", "--style", "async").exit_code == 0
    assert "async def on_submit_signup(self, call: Call[" in (out / "interface.py").read_text()
    (out / "impl.py").write_text(IMPL.replace("    def on_submit", "    async def on_submit"))
    package, impl = import_package(out)
    app = FastAPI()
    app.include_router(package.wiring.create_router(impl.Implementation()))
    r = TestClient(app).post("/api/mizan/call/", json={
        "function": "signup.submit", "args": {"username": "ada", "email": "ada@example.com"}})
    assert (r.status_code, r.json()["result"]) == (200, {"username": "ada"})
