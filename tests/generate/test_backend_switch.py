"""`gen python` over a package made for the other backend refuses, naming both, and
changes nothing; `--force backend` switches it and keeps the author's impl.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generate.pkgutil import gen_python, import_package

ROOT = Path(__file__).parent.parent.parent
BLOG = ROOT / "examples" / "blog" / "spec"


def files_of(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.parametrize("stamp", [True, False], ids=["stamp", "wiring-header"])
def test_a_backend_change_is_refused_naming_both_backends(tmp_path: Path, stamp: bool) -> None:
    out = tmp_path / "api"
    assert gen_python(BLOG, out, "django").exit_code == 0
    if not stamp:  # a package committed without its stamp: wiring.py's header tells
        (out / ".mizan-stamp").unlink()
    before = files_of(out)
    refused = gen_python(BLOG, out, "fastapi")
    assert refused.exit_code == 1, refused.output
    assert "generated for django, not fastapi" in refused.output
    assert "--force backend" in refused.output and "Traceback" not in refused.output
    assert files_of(out) == before
    package, _ = import_package(out)  # still the Django package it was
    assert hasattr(package, "urls") and not hasattr(package, "create_router")


def test_force_backend_switches_and_keeps_the_implementation(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(BLOG, out, "django").exit_code == 0
    impl = out / "impl.py"
    impl.write_text(impl.read_text() + "\n# the author's own code\n")
    mine = impl.read_bytes()
    switched = gen_python(BLOG, out, "fastapi", "--force", "backend")
    assert switched.exit_code == 0, switched.output
    assert impl.read_bytes() == mine
    package, module = import_package(out)
    assert hasattr(package, "create_router") and not hasattr(package, "urls")
    package.create_router(module.Implementation())
    again = gen_python(BLOG, out, "fastapi")  # the package is FastAPI's now
    assert again.exit_code == 0 and "up to date" in again.output
    back = gen_python(BLOG, out, "django")
    assert back.exit_code == 1 and "generated for fastapi, not django" in back.output


def test_force_accepts_only_the_scaffold_and_backend(tmp_path: Path) -> None:
    refused = gen_python(BLOG, tmp_path / "api", "django", "--force", "wiring.py")
    assert refused.exit_code == 2
    assert "impl.py" in refused.output and "backend" in refused.output
    assert not (tmp_path / "api").exists()
