"""Importing an IR that holds channels: they come back as `channel` declarations in
`api.mizan.kdl`, with the types they share with functions in `common.mizan.kdl`."""

from __future__ import annotations

from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.importer.run import import_spec
from mizan_spec.importer.sources import ImportSource
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import load_ir

SPEC = """mizan 1
type Score {
    field points int
}
type Post {
    field text str
}
predicate in_room
context board
function top returns=Score context=board
function ping
channel scores message=Score send=Post auth=in_room {
    doc "Live scores."
    param room str max-length=8
}
"""


def test_channels_import_into_the_api_file(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "s.mizan.kdl").write_text(SPEC, encoding="utf-8")
    compiled = compile_spec([tmp_path / "spec"])
    assert compiled.ir is not None
    text = emit_ir(compiled.ir)
    result = import_spec(ImportSource("s", load_ir(text), text), tmp_path / "out", "context")
    assert not result.problems, result.problems
    files = {f.name: f.text for f in result.files}
    assert sorted(files) == ["api.mizan.kdl", "board.mizan.kdl", "common.mizan.kdl"]
    assert ('channel scores message=Score send=Post auth=in_room {\n'
            '    doc "Live scores."\n    param room str max-length=8\n}\n') in files[
        "api.mizan.kdl"]
    assert "type Score" in files["common.mizan.kdl"]
    assert "type Post" in files["api.mizan.kdl"] and "predicate in_room" in files[
        "api.mizan.kdl"]
    back = compile_spec([tmp_path / "out"])
    assert back.ir is not None and emit_ir(back.ir) == text
