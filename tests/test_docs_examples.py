"""The documents show specs the way the toolkit writes them.

Every ```kdl block in README.md, spec/*.md and docs/*.md is run through
`mizan-spec fmt --check`, so what a reader copies is already formatted. Two kinds of
block are marked in their info string, where the reader sees it too:

- ```kdl sketch: a syntax sketch where `[...]` marks what is optional; with the brackets
  removed it must be formatted KDL as well;
- ```kdl ir: canonical IR, not a spec (its properties are sorted by name); it must read
  back to exactly its own bytes.

Any other marker fails, so exemptions stay few and visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec
from mizan_spec.generate.typescript.render import generate_typescript
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import load_ir
from tests.servers import run_servers

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "spec").glob("*.md")),
             *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```kdl(?P<marker>[^\n]*)\n(?P<text>.*?)^```$", re.DOTALL | re.MULTILINE)
MARKERS = ("", "sketch", "ir")


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    marker: str
    text: str

    def __str__(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def _blocks() -> list[Block]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for m in _FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(Block(document, line, m.group("marker").strip(), m.group("text")))
    return found


BLOCKS = _blocks()


def test_the_documents_hold_kdl_examples_and_few_exemptions() -> None:
    by_marker = {m: [str(b) for b in BLOCKS if b.marker == m] for m in MARKERS}
    assert len(by_marker[""]) >= 4, by_marker
    assert len(by_marker["sketch"]) <= 2 and len(by_marker["ir"]) <= 1, by_marker
    unknown = [f"{b}: ```kdl {b.marker}" for b in BLOCKS if b.marker not in MARKERS]
    assert not unknown, f"unknown markers (use one of {MARKERS[1:]}): {unknown}"


def _fmt_check(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "example.mizan.kdl"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["fmt", "--check", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == ""], ids=str)
def test_every_kdl_example_is_formatted(block: Block, tmp_path: Path) -> None:
    code, output = _fmt_check(tmp_path, block.text)
    assert code == 0, f"{block}: the example is not as `mizan-spec fmt` writes it\n{output}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == ""
                                   and b.text.startswith("mizan 1\n")
                                   and "\ninclude " not in b.text], ids=str)
def test_every_whole_spec_example_checks_without_errors(block: Block, tmp_path: Path) -> None:
    (tmp_path / "example.mizan.kdl").write_text(block.text, encoding="utf-8")
    errors = compile_spec([tmp_path]).errors
    assert errors == [], f"{block}: {[d.message for d in errors]}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "sketch"], ids=str)
def test_every_sketch_is_formatted_once_its_options_are_taken(block: Block,
                                                              tmp_path: Path) -> None:
    assert "[" in block.text, f"{block}: a sketch marks what is optional with `[...]`"
    code, output = _fmt_check(tmp_path, block.text.replace("[", "").replace("]", ""))
    assert code == 0, f"{block}: the sketch is not in `mizan-spec fmt`'s layout\n{output}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "ir"], ids=str)
def test_every_ir_example_is_canonical_ir(block: Block) -> None:
    assert emit_ir(load_ir(block.text)) == block.text, f"{block}: not canonical IR"


def test_the_language_writes_reserved_typescript_properties_as_the_generator_does() -> None:
    """language.md §2.1 and clients.md show `"from": string`; so does the generated code."""
    ir = compile_spec([ROOT / "spec/conformance/valid/all-features"]).ir
    assert ir is not None
    types_ts = generate_typescript(ir, "all-features")["types.ts"]
    assert '  "from": string | null;' in types_ts
    language = (ROOT / "spec/language.md").read_text(encoding="utf-8")
    section = language[language.index("### 2.1"):language.index("## 3.")]
    assert '`"from": string`' in section
    assert "`from: string`" not in section
    assert '`"from": number`' in (ROOT / "spec/clients.md").read_text(encoding="utf-8")


def test_the_readme_fastapi_mount_serves_with_the_auth_it_shows(tmp_path: Path) -> None:
    """The README's FastAPI snippet, exactly as written, over the README's own spec:
    generated, served on loopback, called anonymously and with a token."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = next(b for b in BLOCKS if b.document.name == "README.md" and b.marker == "")
    python = re.findall(r"^```python\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)
    snippet = next(p for p in python if p.startswith("# FastAPI\n")).split("\n# Django")[0]
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "app.mizan.kdl").write_text(spec.text, encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("", encoding="utf-8")
    gen = CliRunner().invoke(cli, ["gen", "python", str(tmp_path / "spec"), "--backend",
                                   "fastapi", "--out", str(tmp_path / "app" / "api")])
    assert gen.exit_code == 0, gen.output
    (tmp_path / "main.py").write_text(snippet, encoding="utf-8")
    with run_servers({"readme": ("uvicorn", "main:app", {}, tmp_path)}, tmp_path) as urls:
        url = urls["readme"]
        anonymous = httpx.get(url + "session/", timeout=10).json()
        assert anonymous["user"] is None
        signed_in = httpx.get(url + "session/", timeout=10,
                              headers={"Authorization": "Bearer ada-token"}).json()
        assert signed_in["user"] == {"id": "1", "username": "ada", "is_staff": False,
                                     "is_superuser": False}
        refused = httpx.post(url + "call/", timeout=10, json={"function": "current_user"})
        assert (refused.status_code, refused.json()["error"]["code"]) == (
            401, "not_authenticated")
