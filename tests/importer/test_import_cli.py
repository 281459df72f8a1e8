"""`mizan-spec import` as a user runs it: from an IR file, a registry, a Django project;
refusals that write nothing; what the IR cannot hold, reported by name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(HERE), str(ROOT / "examples"), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "mizan_spec", "import", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def spec_ir(path: Path) -> str:
    result = compile_spec([path])
    assert result.ir is not None, result.errors
    return emit_ir(result.ir)


def test_from_an_ir_file(tmp_path: Path) -> None:
    ir_file = ROOT / "examples" / "library" / "fastapi_app" / "api" / "api.ir.kdl"
    done = run(str(ir_file), "--out", str(tmp_path / "spec"), "--split", "context")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout
    assert spec_ir(tmp_path / "spec") == ir_file.read_text(encoding="utf-8")
    fmt = subprocess.run([sys.executable, "-m", "mizan_spec", "fmt", "--check",
                          str(tmp_path / "spec")], capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_from_a_django_project(tmp_path: Path) -> None:
    done = run("--django-settings", "django_project.settings", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert spec_ir(tmp_path) == spec_ir(ROOT / "examples" / "library" / "spec")
    assert "predicate `owns_loan`" in done.stderr  # its body is to be moved


def test_existing_spec_files_are_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "api.mizan.kdl"
    target.write_text("mizan 1\n// mine\n", encoding="utf-8")
    done = run("--app", "blog.decorator_app:registry", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "api.mizan.kdl already exists" in done.stderr and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "mizan 1\n// mine\n"
    forced = run("--app", "blog.decorator_app:registry", "--out", str(tmp_path), "--force")
    assert forced.returncode == 0, forced.stderr
    assert spec_ir(tmp_path) == spec_ir(ROOT / "examples" / "blog" / "spec")


def test_other_spec_files_in_the_directory_are_refused(tmp_path: Path) -> None:
    (tmp_path / "other.mizan.kdl").write_text("mizan 1\n", encoding="utf-8")
    done = run("--app", "blog.decorator_app:registry", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "other.mizan.kdl" in done.stderr and "empty directory" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.mizan.kdl"]


def test_a_name_no_spec_can_declare_is_refused_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "spec"
    done = run("--app", "reserved_app:registry", "--out", str(out))
    assert done.returncode == 1
    assert "E202" in done.stderr and "`string`" in done.stderr
    assert f"{out / 'api.mizan.kdl'}:" in done.stderr  # placed where it would be written
    assert "nothing written" in done.stderr
    assert not out.exists()
    assert "Traceback" not in done.stderr


def test_what_the_ir_cannot_hold_is_named(tmp_path: Path) -> None:
    done = run("--app", "lossy_app:registry", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any("type `Signup`" in ln and "`lower`" in ln for ln in lines), lines
    assert any("parameter `seats`" in ln and "MultipleOf" in ln for ln in lines), lines
    assert any("function `export_batch`" in ln and "route" in ln for ln in lines), lines
    assert any("predicate `is_owner`" in ln for ln in lines), lines


def test_a_lambda_predicate_is_reported_by_function(tmp_path: Path) -> None:
    done = run("--app", "lambda_app:registry", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "function 'secret'" in done.stderr and "lambda" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_usage_errors(tmp_path: Path) -> None:
    assert run("--out", str(tmp_path)).returncode == 2  # no source
    bad = run("--app", "nowhere_at_all:registry", "--out", str(tmp_path))
    assert bad.returncode == 2 and "cannot import nowhere_at_all" in bad.stderr
    not_ir = tmp_path / "x.ir.kdl"
    not_ir.write_text("mizan 1\n", encoding="utf-8")
    done = run(str(not_ir), "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "is not a Mizan IR" in done.stderr
