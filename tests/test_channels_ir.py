"""Channels in the IR: where they stand in the document, what they reach, and how
strictly the reader takes them. (The spec-to-IR cases are in spec/conformance.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.finish import finish_ir
from mizan_spec.ir.load import IRError, load_ir
from mizan_spec.ir.model import (
    Channel,
    Context,
    Enum,
    EnumMember,
    Field,
    Function,
    Predicate,
    Struct,
)
from mizan_spec.ir.types import ListOf, Named, Optional

EXPECTED = '''mizan-ir 1
enum Room {
    member lobby
    member help
    shared-by chat
}
type Line {
    field text str
    field parts "list[Part]"
    shared-by chat ping
}
type Part {
    field n int
}
type Post {
    field text str
    shared-by chat
}
predicate member_of {
    doc "In the room."
}
context user {
    member ping
}
channel chat auth=member_of message=Line send=Post {
    doc "One room."
    param room Room
    param shard "int?" default=#null
}
channel ticks auth=public message="list[int]" send=#null
function ping auth=authenticated context=user returns=Line rev=1 route=#null websocket=#false
'''


def _ir() -> str:
    part = Struct("Part", (Field("n", Named("int")),))
    line = Struct("Line", (Field("text", Named("str")), Field("parts", ListOf(Named("Part")))))
    post = Struct("Post", (Field("text", Named("str")),))
    unused = Struct("Unused", (Field("x", Named("int")),))
    room = Enum("Room", (EnumMember("lobby"), EnumMember("help")))
    chat = Channel("chat", Named("Line"), (Field("room", Named("Room")),
                                           Field("shard", Optional(Named("int")), None, True)),
                   "One room.", "member_of", Named("Post"))
    ticks = Channel("ticks", ListOf(Named("int")))
    ping = Function("ping", returns=Named("Line"), context="user", auth="authenticated")
    return emit_ir(finish_ir([room], [unused, post, part, line],
                             [Predicate("member_of", "In the room."), Predicate("spare")],
                             [Context("user", ())], [ping], [ticks, chat]))


def test_channels_stand_between_contexts_and_functions_and_reach_their_types() -> None:
    assert _ir() == EXPECTED


def test_channel_ir_reads_back_to_its_own_bytes() -> None:
    assert emit_ir(load_ir(EXPECTED)) == EXPECTED


def test_an_ir_without_channels_keeps_its_bytes() -> None:
    blog = Path(__file__).parent.parent / "spec" / "conformance" / "valid" / "blog"
    result = compile_spec([blog])
    assert result.ir is not None and result.ir.channels == ()
    assert "channel" not in emit_ir(result.ir)
    assert emit_ir(result.ir) == (blog / "expected.ir.kdl").read_text(encoding="utf-8")


@pytest.mark.parametrize("node, problem", [
    ("channel c auth=public message=int", "expected exactly the properties"),
    ("channel c auth=public message=int send=#null cache=1", "expected exactly the properties"),
    ("channel c auth=#true message=int send=#null", "auth must be a string"),
    ("channel c auth=public message=\"list[int\" send=#null", "malformed type"),
    ("channel c auth=public message=#null send=#null", "a type must be a string"),
    ("channel c auth=public message=int send=#null {\n    affects-context x\n}",
     "unexpected inside `channel`"),
    ("channel auth=public message=int send=#null", "expected exactly one name"),
])
def test_the_reader_refuses_channels_that_are_not_ir(node: str, problem: str) -> None:
    with pytest.raises(IRError, match=problem):
        load_ir(f"mizan-ir 1\n{node}\n")


def test_a_spec_channel_lowers_to_the_ir_model(tmp_path: Path) -> None:
    (tmp_path / "a.mizan.kdl").write_text(
        'mizan 1\ntype M {\n    field t str\n}\nchannel chat message=M auth=#true {\n'
        '    param room str max-length=8\n}\n', encoding="utf-8")
    result = compile_spec([tmp_path])
    assert result.diagnostics == []
    assert result.ir is not None
    (chat,) = result.ir.channels
    assert (chat.name, chat.auth, chat.message, chat.send) == (
        "chat", "authenticated", Named("M"), None)
    assert [(p.name, p.constraints.max_length) for p in chat.params] == [("room", 8)]
    assert [s.shared_by for s in result.ir.structs] == [("chat",)]


def test_the_ir_of_the_language_example_is_the_one_ir_md_shows(tmp_path: Path) -> None:
    """language.md §5.7's spec lowers to the channel nodes ir.md §3.5 prints."""
    spec_dir = Path(__file__).parent.parent / "spec"
    language = (spec_dir / "language.md").read_text(encoding="utf-8")
    ir_md = (spec_dir / "ir.md").read_text(encoding="utf-8")
    section = language[language.index("### 5.7 Channels"):]
    spec = re.search(r"```kdl\n(.*?)```", section, re.DOTALL)
    shown = re.search(r"```\n(channel .*?)```", ir_md[ir_md.index("### 3.5 `channel"):],
                      re.DOTALL)
    assert spec is not None and shown is not None
    (tmp_path / "chat.mizan.kdl").write_text(spec.group(1), encoding="utf-8")
    result = compile_spec([tmp_path])
    assert result.ir is not None, [d.message for d in result.errors]
    emitted = emit_ir(result.ir)
    assert emitted[emitted.index("channel "):emitted.index("\n", emitted.rindex(
        "channel ")) + 1] == shown.group(1)
