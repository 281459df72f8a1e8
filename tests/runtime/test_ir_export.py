"""IR export of the decorator registry: deterministic, re-loadable, and the IR rules
(nullable defaults, float/decimal defaults, aliases, auth names) applied."""


import decimal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

from mizan_testapp import registry
from pydantic import BaseModel, Field

from mizan_spec.ir import model as irm
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.ir.load import load_ir
from mizan_spec.ir.types import Named, Optional
from mizan_spec.runtime import Call, Registry, client


def test_export_is_reloadable() -> None:
    ir = registry.export_ir()
    assert load_ir(emit_ir(ir)) == ir


def test_export_is_deterministic() -> None:
    assert registry.ir_text() == emit_ir(registry.export_ir())
    assert registry.ir_hash() == ir_hash(registry.ir_text())


def _build(order: list[str]) -> str:
    reg = Registry()

    class Item(BaseModel):
        id: int

    def a(call: Call, x: int | None) -> Item:
        return Item(id=1)

    def b(call: Call) -> list[Item]:
        return []

    def c(call: Call, y: str = "z") -> Item:
        return Item(id=1)

    fns = {"a": a, "b": b, "c": c}
    for name in order:
        opts: dict[str, object] = {"affects": [b, "ctx"]} if name == "a" else {"context": "ctx"}
        reg.add(fns[name], **opts)  # type: ignore[arg-type]
    return reg.ir_text()


def test_registration_order_does_not_matter() -> None:
    assert _build(["a", "b", "c"]) == _build(["c", "b", "a"])


def test_field_and_param_rules() -> None:
    reg = Registry()

    class Money(BaseModel):
        amount: decimal.Decimal = Field(default=decimal.Decimal("0.10"), ge=decimal.Decimal("0"))
        ratio: float = Field(default=1, le=2)
        from_: int = Field(alias="from")
        note: str | None
        extra: Any | None
        raw: Any

    def pay(call: Call, m: Money, memo: str | None,
            n: Annotated[int, Field(ge=1, le=100, description="How many")] = 5) -> Money:
        """Pay."""
        return m

    def is_owner(call: Call, args: dict[str, object]) -> bool:
        return True

    client(auth=is_owner, registry=reg)(pay)
    ir = reg.export_ir()
    money = ir.struct("Money")
    assert money is not None
    fields = {f.name: f for f in money.fields}
    assert fields["amount"].default == "0.1" and fields["amount"].constraints.min == "0"
    assert fields["ratio"].default == 1.0 and isinstance(fields["ratio"].default, float)
    assert fields["ratio"].constraints.max == 2.0
    assert "from" in fields and not fields["from"].has_default
    assert fields["note"].has_default and fields["note"].default is None
    assert fields["extra"].type == Named("json")  # `json?` is `json`, defaulting to null
    assert fields["extra"].has_default and fields["extra"].default is None
    assert fields["raw"].type == Named("json") and not fields["raw"].has_default
    fn = ir.function("pay")
    assert fn is not None and fn.auth == "is_owner" and fn.doc == "Pay."
    memo, n = fn.params[1], fn.params[2]
    assert memo.type == Optional(Named("str")) and memo.has_default and memo.default is None
    assert n.doc == "How many" and (n.constraints.min, n.constraints.max) == (1, 100)
    assert [p.name for p in ir.predicates] == ["is_owner"]


def test_auth_levels() -> None:
    reg = Registry()
    for auth, expected in [(None, irm.AUTH_PUBLIC), (True, irm.AUTH_AUTHENTICATED),
                           ("staff", irm.AUTH_STAFF), ("superuser", irm.AUTH_SUPERUSER)]:
        def f(call: Call) -> int:
            return 1
        reg.add(f, name=f"f_{expected}", auth=auth)
    assert {f.name: f.auth for f in reg.export_ir().functions} == {
        f"f_{a}": a for a in irm.AUTH_LEVELS}


def test_export_equals_the_spec_compiler() -> None:
    """The decorator registry and `mizan-spec ir` of the equivalent spec agree byte for byte."""
    spec = Path(__file__).with_name("app.mizan.kdl")
    cli = Path(sys.executable).with_name("mizan-spec")
    done = subprocess.run([str(cli), "ir", str(spec)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == registry.ir_text()
