"""Every Python file `gen python` writes, for every valid conformance spec and the blog
example, both backends, passes ruff with the rules this package holds itself to
(pyproject's [tool.ruff]), as it would in a project that depends on mizan-spec."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from tests.generate.pkgutil import gen_python, import_package

ROOT = Path(__file__).parent.parent.parent
SPECS = [*sorted(p for p in (ROOT / "spec" / "conformance" / "valid").iterdir()
                 if p.is_dir() and p.name != "channels"),  # not generated: test_gen_channels
         ROOT / "examples" / "blog" / "spec", ROOT / "examples" / "library" / "spec"]
LONG_DOC = ("A sentence long enough to overflow any reasonable line of generated code, "
            "written the way people document things that matter, with a second clause.")
LONG_NAMES = f"""mizan 1
type Task {{
    doc "{LONG_DOC}"
    field identifier_of_the_project int {{
        doc "{LONG_DOC}"
    }}
    field description_of_the_task "str?" max-length=2000 {{
        doc "{LONG_DOC}"
    }}
    field when_it_was_created datetime
    field identifier uuid
}}
function add_task_to_the_project returns=Task {{
    param identifier_of_the_project int min=1
    param description_of_the_task str max-length=2000
    param the_person_it_is_assigned_to "str?"
    param the_moment_it_is_due_at "datetime?"
    param external_reference uuid
}}
"""


def ruff_config(where: Path) -> Path:
    """The package's own ruff rules, for code living in a project of its own (there
    `mizan_spec` is a third-party package, as in examples/library/ruff.toml)."""
    config = where / "ruff.toml"
    config.write_text(f'extend = "{(ROOT / "pyproject.toml").as_posix()}"\n\n'
                      '[lint.isort]\nknown-third-party = ["mizan_spec"]\n')
    return config


def test_every_generated_python_file_passes_the_projects_ruff_rules(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    inputs = []
    for spec in SPECS:  # beside the output, as in a project: headers name ../../specs/x
        copy = specs / f"{spec.parent.name}-{spec.name}"
        shutil.copytree(spec, copy)
        inputs.append(copy)
    long_names = specs / "long.mizan.kdl"
    long_names.write_text(LONG_NAMES)
    inputs.append(long_names)
    outputs = []
    for spec in inputs:
        for backend in ("fastapi", "django"):
            out = tmp_path / f"{spec.name.split('.')[0]}_{backend}" / "api"
            result = gen_python(spec, out, backend)
            assert result.exit_code == 0, result.output
            outputs.append(out)
    files = sorted(str(p) for out in outputs for p in out.glob("*.py"))
    for out in outputs:  # and, for a spec with forms, forms_ir (and Django's forms)
        assert {p.name for p in out.glob("*.py")} >= {
            "__init__.py", "models.py", "interface.py", "wiring.py", "client.py", "impl.py"}
    assert any(p.endswith("_django/api/forms.py") for p in files)
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                           str(ruff_config(tmp_path)), *files],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_long_names_and_docs_still_export_the_spec_ir(tmp_path: Path) -> None:
    """Wrapping long lines keeps every value: the app exports the spec's IR, docs and all."""
    spec = tmp_path / "long.mizan.kdl"
    kind = f'enum Kind {{\n    a {{\n        doc "{LONG_DOC}"\n    }}\n}}\n'
    spec.write_text(LONG_NAMES.replace("type Task {", kind + "type Task {\n    field kind Kind")
                    .replace("param external_reference uuid", "param external_reference uuid\n"
                             "    param kind Kind"))
    for backend in ("fastapi", "django"):
        out = tmp_path / backend / "api"
        assert gen_python(spec, out, backend).exit_code == 0
        package, impl = import_package(out)
        compiled = compile_spec([spec])
        assert compiled.ir is not None
        assert package.build_registry(impl.Implementation()).ir_text() == emit_ir(compiled.ir)
        assert LONG_DOC not in (out / "models.py").read_text()  # it was split
