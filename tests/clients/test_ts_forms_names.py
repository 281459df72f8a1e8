"""forms.ts names: a form's exports are claimed once, after functions and contexts, so
a spec type, a function or a field named like them (or like the helpers forms.ts uses)
changes nothing that generated code refers to; the client still compiles strictly. (A
type named like the form's Python classes, `ContactData`, is E606: language.md §5.8.)"""

from __future__ import annotations

from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.tsbuild import generate, tsc, workspace

SPEC = """mizan 1

type ContactResult {
    field ticket int
}

form contact returns=ContactResult {
    field name text
    field formCheck text required=#false
}

form z {
    field FORM_EMAIL email
}

function contact_check returns=str {
    param z int
}
"""


def test_clashing_names_keep_the_client_compiling(node_modules: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    spec.write_text(SPEC, encoding="utf-8")
    ir = compile_spec([spec]).ir
    assert ir is not None
    files = generate_typescript(ir, "spec.mizan.kdl", react=True)
    assert {"forms.ts", "react-forms.ts"} <= set(files)
    assert 'export { type ContactResult } from "./forms.js";' in files["index.ts"]
    assert "export type ContactResult = types.ContactResult;" in files["forms.ts"]
    assert "export function zCheck(" in files["forms.ts"]
    assert "export function useContactForm(" in files["react-forms.ts"]
    root = workspace(tmp_path / "ws", node_modules)
    generate(root, "client", ir, "spec.mizan.kdl", react=True)
    result = tsc(root, "--noEmit")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_forms_no_forms_files() -> None:
    spec_ir = compile_spec([Path(__file__).parent / "browser" / "recipes.mizan.kdl"]).ir
    assert spec_ir is not None
    files = generate_typescript(spec_ir, "recipes.mizan.kdl", react=True)
    assert "forms.ts" not in files and "react-forms.ts" not in files
    assert "forms.js" not in files["index.ts"]
