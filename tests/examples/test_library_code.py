"""The library example without servers: one IR four ways, golden generated code, and the
generated packages with their implementations clean under mypy --strict and ruff."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.examples.conftest import EXAMPLES, LIBRARY, ROOT

BACKENDS = {"fastapi": LIBRARY / "fastapi_app" / "api", "django": LIBRARY / "django_app" / "api"}
SCAFFOLD = "impl.py"
MANIFEST = ".mizan-generated"


def _cli(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run([sys.executable, "-m", "mizan_spec", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_spec_checks_clean() -> None:
    out = _cli("check", "--format", "json", str(LIBRARY / "spec"))
    report = json.loads(out)
    assert report["diagnostics"] == [] and report["errors"] == report["warnings"] == 0


def test_one_ir_four_ways() -> None:
    """`mizan-spec ir` of the spec == the generated FastAPI app's registry == the generated
    Django app's == the decorator-first app's, byte for byte."""
    from library.decorator_app import registry
    from library.django_app.api import build_registry as django_registry
    from library.django_app.api.impl import Implementation as DjangoImplementation
    from library.fastapi_app.api import build_registry as fastapi_registry
    from library.fastapi_app.api.impl import Implementation as FastAPIImplementation

    spec_ir = _cli("ir", str(LIBRARY / "spec"))
    assert fastapi_registry(FastAPIImplementation()).ir_text() == spec_ir
    assert django_registry(DjangoImplementation()).ir_text() == spec_ir
    assert registry.ir_text() == spec_ir
    for package in BACKENDS.values():
        assert (package / "api.ir.kdl").read_text(encoding="utf-8") == spec_ir


def test_the_ir_has_every_construct() -> None:
    from library.decorator_app import registry

    ir = registry.export_ir()
    auth = {f.auth for f in ir.functions}
    assert auth == {"public", "authenticated", "staff", "superuser", "owns_loan"}
    assert {c.name for c in ir.contexts} == {"global", "user"}
    assert any(f.websocket for f in ir.functions) and any(f.rev == 2 for f in ir.functions)
    assert len(ir.functions) >= 12 and len(ir.enums) >= 1 and len(ir.structs) >= 9
    borrow = next(f for f in ir.functions if f.name == "borrow_book")
    assert set(borrow.affects_contexts) == {"global", "user"}
    assert set(borrow.affects_functions) == {"get_book", "search_books"}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_committed_packages_are_what_gen_python_makes(backend: str, tmp_path: Path,
                                                      update_golden: bool) -> None:
    """Regenerate into a copy of the example's layout (the headers name the spec relative
    to the package) and compare every generated file; `--update-golden` regenerates the
    committed package in place instead (impl.py, the author's, is never touched).

    Both runs start in the repository root: the formatting of models.py follows the
    formatter settings found from the working directory (a generator bug, reported)."""
    committed = BACKENDS[backend]
    relative = committed.relative_to(LIBRARY)
    if update_golden:
        # The stamp would call the package up to date after a change to the generator
        # itself (same version); start from scratch.
        (committed / ".mizan-stamp").unlink(missing_ok=True)
        _cli("gen", "python", str(LIBRARY / "spec"), "--backend", backend, "--out",
             str(committed))
        return
    shutil.copytree(LIBRARY / "spec", tmp_path / "spec")
    _cli("gen", "python", str(tmp_path / "spec"), "--backend", backend, "--out",
         str(tmp_path / relative))
    fresh = tmp_path / relative
    generated = sorted(p.name for p in fresh.iterdir() if p.name != SCAFFOLD)
    assert MANIFEST in generated and "wiring.py" in generated
    on_disk = sorted(p.name for p in committed.iterdir()
                     if p.is_file() and p.name != SCAFFOLD)
    assert on_disk == generated, "generated file set differs (run pytest --update-golden)"
    for name in generated:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), (
            f"{committed / name} is stale: run `uv run pytest tests/examples --update-golden`")


def test_mypy_strict() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "library"], cwd=EXAMPLES,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_isolated() -> None:
    """ruff with its defaults, from the example's directory (its own project root, where
    `mizan_spec` is a third-party package as in any app using it)."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated",
                           "--output-format", "json", "."], cwd=LIBRARY,
                          capture_output=True, text=True, timeout=120)
    found = {(Path(d["filename"]).relative_to(LIBRARY).as_posix(), d["code"])
             for d in json.loads(done.stdout)}
    assert found == set(), done.stdout


def test_ruff_project_config() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "examples/library",
                           "tests/examples"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout
