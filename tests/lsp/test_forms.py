"""Forms in the language server: hover, symbols, go-to-definition and completion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mizan_spec.compile import compile_spec
from mizan_spec.lsp.completion import complete
from mizan_spec.lsp.index import build_file_index

SPEC = """mizan 1
enum Topic {
    sales
}
type Receipt {
    field id int
}
predicate invited
form contact title="Contact us" returns=Receipt auth=invited {
    doc "Write to us."
    field topic choice enum=Topic
    field first_name text max-length=80 required=#false
}
"""


def _index(tmp_path: Path) -> tuple[dict[str, Any], str]:
    path = tmp_path / "spec.mizan.kdl"
    path.write_text(SPEC, encoding="utf-8")
    result = compile_spec([tmp_path], want_ir=False)
    assert result.diagnostics == []
    return build_file_index(result, str(path)), str(path.resolve())


def _at(index: dict[str, Any], line: int, character: int) -> dict[str, Any]:
    for entry in index["entries"]:
        r = entry["range"]
        if r["start"]["line"] == line and r["start"]["character"] <= character < r["end"][
                "character"]:
            return entry
    raise AssertionError(f"nothing at {line}:{character}")


def test_hover_shows_the_form_its_functions_and_fields(tmp_path: Path) -> None:
    index, _ = _index(tmp_path)
    hover = _at(index, 8, 6)["hover"]
    assert "form contact 'Contact us' (submit: 'Submit') -> Receipt" in hover
    assert "served as contact.schema, contact.validate, contact.submit" in hover
    assert "first_name: text 'First name' max-length=80 optional" in hover
    assert "Write to us." in hover
    field = _at(index, 11, 11)["hover"]
    assert "field first_name: text 'First name'" in field


def test_enum_returns_and_auth_jump_to_their_declarations(tmp_path: Path) -> None:
    index, path = _index(tmp_path)
    line = SPEC.split("\n")[10]
    enum = _at(index, 10, line.index("Topic"))
    assert enum["target"]["path"] == path
    assert enum["target"]["range"]["start"] == {"line": 1, "character": 5}
    head = SPEC.split("\n")[8]
    returns = _at(index, 8, head.index("Receipt"))
    assert returns["target"]["range"]["start"] == {"line": 4, "character": 5}
    auth = _at(index, 8, head.index("invited"))
    assert auth["target"]["range"]["start"] == {"line": 7, "character": 10}


def test_symbols_list_the_form_and_its_fields(tmp_path: Path) -> None:
    index, _ = _index(tmp_path)
    form = next(s for s in index["symbols"] if s["name"] == "contact")
    assert [(c["name"], c["detail"]) for c in form["children"]] == [
        ("topic", "choice"), ("first_name", "text")]


def _labels(text: str) -> list[str]:
    names = {"enums": ["Topic"], "types": ["Receipt"], "predicates": ["invited"]}
    return [s.label for s in complete(text, len(text), names)]


def test_completion_offers_kinds_properties_and_enums() -> None:
    assert "form" in _labels("")
    assert _labels("form c {\n    ") == ["doc", "field"]
    assert _labels("form c {\n    field t ")[:3] == ["text", "textarea", "email"]
    assert "placeholder" in _labels("form c {\n    field t text ")
    assert _labels("form c {\n    field t choice enum=") == ["Topic"]
    assert _labels("form c {\n    field t choices {\n        ") == ["doc", "initial"]
    assert _labels("form c ") == ["title", "submit-label", "returns", "auth"]
    assert "invited" in _labels("form c auth=")
