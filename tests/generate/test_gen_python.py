"""`mizan-spec gen python`: generated code is imported and run, type-checks, exports the
spec's IR byte for byte, and regeneration keeps every rule about the author's files."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from mizan_spec.runtime.implementation import ImplementationError
from tests.generate.pkgutil import gen_python, import_package

HERE = Path(__file__).resolve().parent
ROOT = Path(__file__).parent.parent.parent
VALID = sorted(p for p in (ROOT / "spec" / "conformance" / "valid").iterdir()
               if p.is_dir() and p.name != "channels")  # not generated: test_gen_channels
BLOG = ROOT / "examples" / "blog" / "spec"
BACKENDS = ["fastapi", "django"]


def files_of(out: Path) -> dict[str, bytes]:
    """The package's files (the bookkeeping dotfiles left out)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_generated_app_exports_the_spec_ir(tmp_path: Path, case: Path, backend: str) -> None:
    out = tmp_path / "api"
    result = gen_python(case, out, backend)
    assert result.exit_code == 0, result.output
    compiled = compile_spec([case])
    assert compiled.ir is not None
    assert (out / "api.ir.kdl").read_text() == emit_ir(compiled.ir)
    if backend == "django" and compiled.ir.forms:  # Django forms need Django configured
        exported = subprocess.run([sys.executable, str(HERE / "django_export.py"), str(out)],
                                  capture_output=True, text=True, timeout=120)
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout == emit_ir(compiled.ir)
        return
    package, impl = import_package(out)
    registry = package.build_registry(impl.Implementation())
    assert registry.ir_text() == emit_ir(compiled.ir)
    assert registry.ir_hash() == package.IR_HASH


def test_generated_code_passes_mypy_strict_and_ruff(tmp_path: Path) -> None:
    spec = tmp_path / "spec"  # beside the output, as in a project: headers name ../../spec
    shutil.copytree(ROOT / "spec" / "conformance" / "valid" / "all-features", spec)
    for backend in BACKENDS:
        assert gen_python(spec, tmp_path / f"app_{backend}" / "api", backend).exit_code == 0
        (tmp_path / f"app_{backend}" / "__init__.py").write_text("")
    checked = [str(tmp_path / f"app_{b}") for b in BACKENDS]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           *checked], capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           "--select", "E,F,W,B,UP,SIM", "--line-length", "100", *checked],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_unused_imports_with_predicates_and_routes(tmp_path: Path, backend: str) -> None:
    spec = tmp_path / "spec.mizan.kdl"  # a predicate and a route, and no `json` anywhere
    spec.write_text("mizan 1\npredicate owns_it\nfunction edit auth=owns_it {\n"
                    "    param id int\n}\nfunction page route=\"/p/<int:id>/\" {\n"
                    "    param id int\n}\n")
    assert gen_python(spec, tmp_path / "api", backend).exit_code == 0
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           "--select", "F", str(tmp_path / "api")], capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout


def test_same_input_same_bytes_and_ir_input_equals_spec_input(tmp_path: Path) -> None:
    assert gen_python(BLOG, tmp_path / "a" / "api", "fastapi").exit_code == 0
    ir_file = tmp_path / "blog.ir.kdl"
    shutil.copy(tmp_path / "a" / "api" / "api.ir.kdl", ir_file)
    assert gen_python(BLOG, tmp_path / "b" / "api", "fastapi").exit_code == 0
    assert files_of(tmp_path / "a" / "api") == files_of(tmp_path / "b" / "api")
    assert gen_python(ir_file, tmp_path / "c" / "api", "fastapi").exit_code == 0
    from_ir = files_of(tmp_path / "c" / "api")
    from_spec = files_of(tmp_path / "a" / "api")
    assert from_ir.keys() == from_spec.keys()
    for name, data in from_spec.items():  # only the header's input path differs
        assert _after_header(from_ir[name]) == _after_header(data), name


def _after_header(data: bytes) -> bytes:
    """A generated file without its header (one or two lines naming the input)."""
    return data.split(b"Do not edit", 1)[-1] if b"Do not edit" in data else data.split(b"\n", 1)[1]


def test_regeneration_rewrites_nothing_when_nothing_changed(tmp_path: Path) -> None:
    spec, out = _copy_spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    before = mtimes(out)
    again = gen_python(spec, out, "fastapi")
    assert again.exit_code == 0
    assert "up to date" in again.output
    assert mtimes(out) == before
    # a touched generated file, or a comment added to the spec, means a real run
    (out / "models.py").write_text((out / "models.py").read_text() + "# edited\n")
    assert "wrote" in gen_python(spec, out, "fastapi").output
    assert "# edited" not in (out / "models.py").read_text()
    settled = mtimes(out)
    (spec / "common.mizan.kdl").write_text((spec / "common.mizan.kdl").read_text() + "// x\n")
    rerun = gen_python(spec, out, "fastapi")
    assert rerun.exit_code == 0 and "up to date" in rerun.output  # same IR: same bytes
    changed = {name for name, t in mtimes(out).items() if settled.get(name) != t}
    assert changed <= {".mizan-stamp"}, changed  # only the record of the inputs moves
    stamp = out / ".mizan-stamp"  # another generator (a changed template, say): a real run
    stamp.write_text(stamp.read_text().replace('"generator": "', '"generator": "0'))
    (out / "interface.py").unlink()
    assert "wrote" in gen_python(spec, out, "fastapi").output
    assert (out / "interface.py").exists()
    (spec / "new.mizan.kdl").write_text("mizan 1\nfunction added\n")
    assert "wrote" in gen_python(spec, out, "fastapi").output
    assert "def added" in (out / "interface.py").read_text()


def _copy_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    return spec


def test_the_authors_implementation_is_never_overwritten(tmp_path: Path) -> None:
    spec, out = _copy_spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    impl = out / "impl.py"
    impl.write_text(impl.read_text() + "\n# my own code\n")
    mine = impl.read_bytes()
    (spec / "blog.mizan.kdl").write_text((spec / "blog.mizan.kdl").read_text() + "function extra\n")
    assert gen_python(spec, out, "fastapi").exit_code == 0
    assert impl.read_bytes() == mine
    refused = gen_python(spec, out, "fastapi", "--force", "models.py")
    assert refused.exit_code == 2 and impl.read_bytes() == mine
    assert gen_python(spec, out, "fastapi", "--force", "impl.py").exit_code == 0
    assert b"my own code" not in impl.read_bytes() and b"def extra" in impl.read_bytes()


def test_a_new_spec_function_stops_the_app_naming_it(tmp_path: Path) -> None:
    spec, out = _copy_spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    (spec / "blog.mizan.kdl").write_text((spec / "blog.mizan.kdl").read_text() +
                                         "function archive_post auth=staff {\n"
                                         "    param post_id int\n}\n")
    assert gen_python(spec, out, "fastapi").exit_code == 0
    package, impl = import_package(out)
    with pytest.raises(ImplementationError) as raised:
        package.build_registry(impl.Implementation())
    message = str(raised.value)
    assert "missing: def archive_post(self, call: Call[Request], *, post_id: int) -> None" \
        in message
    assert "class Implementation" in message and "impl.py" in message


def test_mypy_flags_an_implementation_that_no_longer_matches(tmp_path: Path) -> None:
    spec, app = _copy_spec(tmp_path), tmp_path / "app"
    out = app / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    (app / "__init__.py").write_text("")
    (app / "main.py").write_text(
        "from app.api import create_router\nfrom app.api.impl import Implementation\n\n"
        "router = create_router(Implementation())\n")
    text = (spec / "blog.mizan.kdl").read_text()
    (spec / "blog.mizan.kdl").write_text(text.replace("param post_id int\n}\nfunction ping",
                                                      "param post_id str\n}\nfunction ping"))
    assert gen_python(spec, out, "fastapi").exit_code == 0
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "app"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 1
    assert "like_post" in mypy.stdout and "main.py" in mypy.stdout, mypy.stdout


def test_a_spec_error_leaves_the_previous_output_exactly_as_it_was(tmp_path: Path) -> None:
    spec, out = _copy_spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    before, times = files_of(out), mtimes(out)
    (spec / "blog.mizan.kdl").write_text((spec / "blog.mizan.kdl").read_text().replace(
        "returns=Post", "returns=Pots"))
    failed = gen_python(spec, out, "fastapi")
    assert failed.exit_code == 1
    assert "unknown type `Pots`" in failed.output
    assert files_of(out) == before and mtimes(out) == times


def test_only_files_the_generator_made_are_removed_or_replaced(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(BLOG, out, "fastapi").exit_code == 0
    (out / "notes.md").write_text("mine")
    stale = out / "old_module.py"
    stale.write_text("# Generated by mizan-spec 0.0.1 from spec\n")
    manifest = out / ".mizan-generated"
    manifest.write_text(manifest.read_text() + "old_module.py\n")
    assert gen_python(BLOG, out, "fastapi").exit_code == 0
    assert not stale.exists() and (out / "notes.md").read_text() == "mine"
    (out / "models.py").write_text("# my own models\n")
    (out / ".mizan-generated").unlink()
    refused = gen_python(BLOG, out, "fastapi")
    assert refused.exit_code == 1 and "was not generated" in refused.output
    assert (out / "models.py").read_text() == "# my own models\n"


def test_models_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 40\n"
                                             "[tool.ruff]\nline-length = 40\n")
    assert gen_python(BLOG, tmp_path / "here" / "api", "fastapi").exit_code == 0
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert gen_python(BLOG, tmp_path / "there" / "api", "fastapi").exit_code == 0
    finally:
        os.chdir(cwd)
    here = (tmp_path / "here" / "api" / "models.py").read_text().split("\n", 2)[2]
    there = (tmp_path / "there" / "api" / "models.py").read_text().split("\n", 2)[2]
    assert here == there


def test_header_names_tool_version_and_relative_spec(tmp_path: Path) -> None:
    out = tmp_path / "app" / "api"
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert gen_python(Path("spec"), Path("app/api"), "django").exit_code == 0
    finally:
        os.chdir(cwd)
    first = (out / "wiring.py").read_text().splitlines()[0]
    assert first == "# Generated by mizan-spec 0.1.0 from ../../spec (gen python --backend django)."


def test_models_with_escaped_names_build_by_python_name_and_read_wire_names(
        tmp_path: Path) -> None:
    """`Window(from_=1)` builds the model (Python code names the attribute); JSON and the
    wire know `from`, and validating by alias only, as the runtime does with request
    bodies, refuses `from_` (the protocol's parity probes, run against generated apps in
    tests/examples/test_generated_probes.py, check the served side)."""
    out = tmp_path / "api"
    spec = tmp_path / "spec.mizan.kdl"
    spec.write_text("mizan 1\ntype Window {\n    field from int\n    field to int\n}\n"
                    "function span returns=Window {\n    param w Window\n}\n")
    assert gen_python(spec, out, "fastapi").exit_code == 0
    package, _ = import_package(out)
    models = sys.modules[f"{package.__name__}.models"]
    built = models.Window(from_=1, to=2)
    assert built.from_ == 1 and built.model_dump(by_alias=True) == {"from": 1, "to": 2}
    window = models.Window.model_validate({"from": 1, "to": 2})
    assert window == built
    with pytest.raises(ValidationError):
        models.Window.model_validate({"from_": 1, "to": 2}, by_alias=True, by_name=False)


LONG = ("A sentence long enough to overflow any reasonable line of generated code, written "
        "the way people document things that matter: with a second clause, a \"quote\", and "
        "a backslash \\ for good measure.")


@pytest.mark.parametrize("backend", BACKENDS)
def test_long_docs_are_laid_out_within_the_line_length(tmp_path: Path, backend: str) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    doc = LONG.replace("\\", "\\\\").replace('"', '\\"')
    spec.write_text(
        "mizan 1\n"
        f'context user {{\n    doc "{doc}"\n}}\n'
        f'predicate may_edit {{\n    doc "{doc}"\n}}\n'
        f'function summarise context=user returns=str {{\n    doc "{doc}"\n'
        f'    param limit int default=10 min=1 max=100 {{\n        doc "{doc}"\n    }}\n}}\n'
        f'function edit auth=may_edit {{\n    doc "{doc}"\n    param text str {{\n'
        f'        doc "{doc}"\n    }}\n}}\n')
    out = tmp_path / "api"
    assert gen_python(spec, out, backend).exit_code == 0
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           "--select", "E,F,W", "--line-length", "100",
                           *(str(out / n) for n in ("interface.py", "wiring.py", "impl.py"))],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout
    package, impl = import_package(out)
    compiled = compile_spec([spec])
    assert compiled.ir is not None
    assert package.build_registry(impl.Implementation()).ir_text() == emit_ir(compiled.ir)


def test_what_mypy_and_the_startup_check_each_catch(tmp_path: Path) -> None:
    """As the README says: mypy flags a parameter type the spec's values do not fit, but
    not one made wider (Protocol parameters are contravariant); the startup check flags
    both, naming the parameter."""
    app = tmp_path / "app"
    out = app / "api"
    assert gen_python(BLOG, out, "fastapi").exit_code == 0
    (app / "__init__.py").write_text("")
    impl = (out / "impl.py").read_text()
    kinds = {"wider": "float", "narrower": "str"}
    for name, post_id in kinds.items():
        (out / f"{name}_impl.py").write_text(impl.replace("post_id: int", f"post_id: {post_id}"))
        (app / f"{name}.py").write_text(f"from app.api import create_router\n"
                                        f"from app.api.{name}_impl import Implementation\n\n"
                                        "router = create_router(Implementation())\n")
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "app/wider.py", "app/narrower.py"],
                          capture_output=True, text=True, cwd=tmp_path)
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert errors and all(line.startswith("app/narrower.py") for line in errors), mypy.stdout
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "it cannot flag a parameter type made *wider* than the spec's" in readme
    package, _ = import_package(out)
    for name, post_id in kinds.items():
        module = importlib.import_module(f"{package.__name__}.{name}_impl")
        with pytest.raises(ImplementationError) as raised:
            package.build_registry(module.Implementation())
        assert f"parameter `post_id` of `like_post` is <class '{post_id}'>" in str(raised.value)
