"""Breaking changes of channels point at the parameter or property that changed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mizan_spec.cli.main import cli

OLD = """type Msg {
    field text str
}
channel chat message=Msg send=str auth=#true {
    param room str max-length=64
}
"""
NEW = """type Msg {
    field text str
}
channel chat message="Msg?" send=int auth=staff {
    param room str max-length=8
    param shard int
}
"""


def test_channel_findings_point_at_what_changed(tmp_path: Path) -> None:
    for name, text in (("old", OLD), ("new", NEW)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "spec.mizan.kdl").write_text("mizan 1\n" + text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["breaking", str(tmp_path / "new"), "--against",
                                      str(tmp_path / "old"), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {f["id"]: (f["line"], f["column"]) for f in json.loads(result.output)["findings"]}
    lines = NEW.split("\n")

    def at(line: int, text: str) -> tuple[int, int]:
        return line + 1, lines[line - 1].index(text) + 1  # +1: the `mizan 1` line

    assert found == {
        "channel-message-changed:chat": at(4, '"Msg?"'),
        "channel-send-changed:chat": at(4, "int"),
        "auth-tightened:chat": at(4, "staff"),
        "param-constraint-tightened:chat.room": at(5, "8"),
        "param-added-required:chat.shard": at(6, "param"),
    }
