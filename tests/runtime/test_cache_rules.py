"""Merge and invalidation rules (spec/protocol.md §4) on small registries."""

from pydantic import BaseModel

from mizan_spec.runtime import Call, Registry
from mizan_spec.runtime.cache import MergePlan, merge_plans, shapes_equal


class A(BaseModel):
    x: int
    y: str


class B(BaseModel):  # same shape as A, fields in another order
    y: str
    x: int


class C(BaseModel):  # one field more
    x: int
    y: str
    z: bool


class Tree(BaseModel):
    kids: list["Tree"]


class Forest(BaseModel):
    kids: list["Forest"]


def _ir_plans(build: dict[str, object]) -> dict[str, tuple[MergePlan, ...]]:
    reg = Registry()
    for name, (fn, opts) in build.items():  # type: ignore[misc]
        reg.add(fn, name=name, **opts)
    ir = reg.export_ir()
    return {f.name: merge_plans(ir, f) for f in ir.functions}


def test_shapes_compare_structure_not_names() -> None:
    def a(call: Call) -> A: ...
    def b(call: Call) -> B: ...
    def c(call: Call) -> C: ...
    def t(call: Call) -> Tree: ...
    def f(call: Call) -> Forest: ...
    def la(call: Call) -> list[A]: ...
    def oa(call: Call) -> A | None: ...

    reg = Registry()
    for fn in (a, b, c, t, f, la, oa):
        reg.add(fn)
    ir = reg.export_ir()
    ret = {fn.name: fn.returns for fn in ir.functions}
    assert shapes_equal(ir, ret["a"], ret["b"])  # type: ignore[arg-type]
    assert not shapes_equal(ir, ret["a"], ret["c"])  # type: ignore[arg-type]
    assert shapes_equal(ir, ret["t"], ret["f"])  # type: ignore[arg-type]
    assert not shapes_equal(ir, ret["a"], ret["la"])  # type: ignore[arg-type]
    assert not shapes_equal(ir, ret["a"], ret["oa"])  # type: ignore[arg-type]


def test_merge_args_from_caller_then_defaults() -> None:
    def get(call: Call, id: int, lang: str = "en") -> A: ...
    def other(call: Call, id: int, page: int) -> A: ...
    def listing(call: Call) -> list[A]: ...
    def by_text(call: Call, id: str) -> A: ...
    def edit(call: Call, id: int, y: str) -> B: ...

    plans = _ir_plans({
        "get": (get, {}), "other": (other, {}), "listing": (listing, {}),
        "by_text": (by_text, {}),
        "edit": (edit, {"affects": [get, other, listing, by_text]}),
    })
    (plan,) = plans["edit"]  # other: `page` unfillable; listing: list; by_text: id is str
    assert plan.entry({"id": 7, "y": "n"}) == {"function": "get",
                                               "args": {"id": 7, "lang": "en"}}


def test_context_members_are_merge_candidates() -> None:
    def me(call: Call) -> A: ...
    def prefs(call: Call) -> C: ...
    def save(call: Call, y: str) -> B: ...

    plans = _ir_plans({"me": (me, {"context": "user"}), "prefs": (prefs, {"context": "user"}),
                       "save": (save, {"affects": "user"})})
    assert [p.entry({"y": "v"}) for p in plans["save"]] == [{"function": "me", "args": {}}]


def test_no_merge_for_null_results() -> None:
    def me(call: Call) -> None: ...
    def save(call: Call) -> None: ...

    plans = _ir_plans({"me": (me, {"context": "user"}), "save": (save, {"affects": "user"})})
    assert plans["save"] == ()


def test_no_merge_into_a_mutation() -> None:
    """Clients cache only members and queries (ir.kinds), so a mutation is never a merge
    target, whatever its shape."""
    def get(call: Call, id: int) -> A: ...
    def touch(call: Call, id: int) -> A: ...
    def edit(call: Call, id: int) -> B: ...

    plans = _ir_plans({"get": (get, {}), "touch": (touch, {"affects": [get]}),
                       "edit": (edit, {"affects": [get, touch]})})
    assert [p.function for p in plans["edit"]] == ["get"]
