"""A `T?` field or parameter without a default defaults to null at run time, as the IR
says (`default=#null`), however deep the model sits; everything else is unchanged."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator

from mizan_spec.runtime import Call, Registry
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.wire import WireRequest


class Plain(BaseModel):
    n: int


class Note(BaseModel):
    text: str | None = Field(max_length=3)
    plain: Plain | None

    @field_validator("text")
    @classmethod
    def no_x(cls, v: str | None) -> str | None:
        if v == "x":
            raise ValueError("no x")
        return v


class Tree(BaseModel):
    label: str | None
    kids: list[Tree]


class Left(BaseModel):
    right: Right | None = None


class Right(BaseModel):
    lefts: list[Left]
    tag: Annotated[int | None, Field(ge=0)]


Left.model_rebuild()


class Box(BaseModel):
    notes: dict[str, list[Note | None]]
    plain: Plain


SEEN: dict[str, Any] = {}


def take(call: Call, q: str | None, note: Note | None = None, tree: Tree | None = None,
         left: Left | None = None, box: Box | None = None, plain: Plain | None = None,
         ) -> Note | None:
    SEEN.update(q=q, note=note, tree=tree, left=left, box=box, plain=plain)
    return note


def member(call: Call, note: Note | None = None) -> Note | None:
    return note


def _protocol() -> Protocol:
    reg = Registry()
    reg.add(take)
    reg.add(member, context="c")
    return Protocol(reg)


PROTOCOL = _protocol()


def _call(args: dict[str, Any]) -> tuple[int, Any]:
    out = PROTOCOL.handle(WireRequest(
        "POST", "call/", headers={"content-type": "application/json"},
        body=json.dumps({"function": "take", "args": args}).encode()))
    return out.status, json.loads(out.body)


def test_param_without_default_may_be_absent() -> None:
    assert _call({})[0] == 200
    assert SEEN["q"] is None


def test_nested_fields_may_be_absent_and_read_as_null() -> None:
    status, body = _call({"note": {}, "tree": {"kids": [{"kids": []}]},
                          "left": {"right": {"lefts": [{"right": {"lefts": []}}]}},
                          "box": {"notes": {"k": [{}, None]}, "plain": {"n": 1}}})
    assert status == 200, body
    assert body["result"] == {"text": None, "plain": None}
    assert SEEN["tree"].kids[0].label is None
    assert SEEN["left"].right.lefts[0].right.tag is None
    assert SEEN["box"].notes["k"][0].text is None


def test_received_values_are_instances_of_the_declared_models() -> None:
    _call({"note": {}, "tree": {"kids": [{"kids": []}]}, "plain": {"n": 1}})
    assert isinstance(SEEN["note"], Note) and isinstance(SEEN["tree"].kids[0], Tree)
    assert type(SEEN["plain"]) is Plain  # models that need no change are used as they are


def test_constraints_and_validators_still_apply() -> None:
    status, body = _call({"note": {"text": "long"}, "left": {"right": {"lefts": [], "tag": -1}}})
    assert status == 422
    assert [(i["path"], i["code"]) for i in body["error"]["issues"]] == [
        (["note", "text"], "too_long"), (["left", "right", "tag"], "too_small")]
    status, body = _call({"note": {"text": "x"}})
    assert status == 422 and body["error"]["issues"][0]["path"] == ["note", "text"]


def test_non_nullable_fields_stay_required() -> None:
    status, body = _call({"tree": {}, "box": {"notes": {}}})
    assert status == 422
    assert [i["path"] for i in body["error"]["issues"]] == [["tree", "kids"], ["box", "plain"]]


def test_context_fetch_uses_the_same_rule() -> None:
    out = PROTOCOL.handle(WireRequest("GET", "ctx/c/", query="args=%7B%22note%22%3A%7B%7D%7D"))
    assert json.loads(out.body)["results"]["member"] == {
        "result": {"text": None, "plain": None}}


def test_the_author_models_are_not_touched() -> None:
    assert Note.model_fields["text"].is_required()
    assert Tree.model_fields["label"].is_required()


def test_ir_says_default_null() -> None:
    reg = Registry()
    reg.add(take)
    ir = reg.export_ir()
    note = ir.struct("Note")
    assert note is not None
    assert [(f.name, f.has_default, f.default) for f in note.fields] == [
        ("text", True, None), ("plain", True, None)]
    fn = ir.function("take")
    assert fn is not None and (fn.params[0].has_default, fn.params[0].default) == (True, None)
