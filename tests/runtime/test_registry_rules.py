"""The registry refuses, at registration (or export), what the spec checker refuses."""


from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, Field

from mizan_spec.runtime import Call, Protocol, RegistrationError, Registry


def one(call: Call, x: int) -> int:
    return x


def none_params(call: Call) -> int:
    return 1


def other_x(call: Call, x: str) -> int:
    return 1


def other_default(call: Call, x: int = 3) -> int:
    return 1


def _fails(match: str, build: Callable[[Registry], Any]) -> None:
    reg = Registry()
    with pytest.raises(RegistrationError, match=match):
        build(reg)
        reg.export_ir()


@pytest.mark.parametrize("flag", [{"affects": "user"}, {"route": "/x/"}, {"websocket": True}])
def test_context_member_flags(flag: dict[str, Any]) -> None:
    _fails("context member may not", lambda r: r.add(none_params, context="c", **flag))


def test_global_members_need_defaults() -> None:
    _fails("global context", lambda r: r.add(one, context="global"))


@pytest.mark.parametrize("other", [other_x, other_default])
def test_shared_context_params_agree(other: Callable[..., int]) -> None:
    def build(r: Registry) -> None:
        r.add(one, context="c")
        r.add(other, name="two", context="c")
    _fails("differs in type or default", build)


def test_affects_unregistered_function() -> None:
    _fails("not a registered server function", lambda r: r.add(one, affects=[none_params]))


def test_affects_unknown_context() -> None:
    _fails("not a context with members", lambda r: r.add(one, affects="ghost"))


def test_unknown_predicate_name() -> None:
    _fails("neither a level nor a registered predicate", lambda r: r.add(one, auth="can_x"))


def test_lambda_predicate() -> None:
    _fails("needs a name", lambda r: r.add(one, auth=lambda call, args: True))


def test_duplicate_name() -> None:
    def build(r: Registry) -> None:
        r.add(one)
        r.add(one)
    _fails("registered twice", build)


def test_unsupported_types() -> None:
    def f(call: Call, x: int | str) -> int:
        return 1

    def g(call: Call, x: set[int]) -> int:
        return 1

    def h(call: Call, x: dict[int, int]) -> int:
        return 1

    for fn, match in [(f, "only `T | None`"), (g, "unsupported type"), (h, "dict keys")]:
        _fails(match, lambda r, fn=fn: r.add(fn))


def test_non_scalar_default() -> None:
    class M(BaseModel):
        xs: list[int] = Field(default_factory=list)

    def f(call: Call, m: M) -> int:
        return 1

    _fails("default_factory", lambda r: r.add(f))


def test_missing_annotations() -> None:
    def f(call: Call, x: int):  # type: ignore[no-untyped-def]
        return 1

    def g(call: Call, x):  # type: ignore[no-untyped-def]
        return 1

    _fails("return type", lambda r: r.add(f))
    _fails("needs a type annotation", lambda r: r.add(g))


def test_two_models_one_name() -> None:
    def make() -> type[BaseModel]:
        class Same(BaseModel):
            a: int
        return Same

    a, b = make(), make()

    def f(call: Call, x: a) -> int:  # type: ignore[valid-type]
        return 1

    def g(call: Call, x: b) -> int:  # type: ignore[valid-type]
        return 1

    def build(r: Registry) -> None:
        r.add(f)
        r.add(g)
    _fails("two different types", build)


def test_route_function_has_no_returns() -> None:
    reg = Registry()

    def page(call: Call, id: int) -> object:
        return object()

    reg.add(page, route="/p/<id>/")
    fn = reg.export_ir().function("page")
    assert fn is not None and fn.returns is None and fn.route == "/p/<id>/"


def _route_fn(call: Call, id: int, rest: str = "") -> Any:
    return None


@pytest.mark.parametrize(("route", "match"), [
    ("/p/<int:nope>/", "placeholder <nope> is not a parameter"),
    ("/p/<bogus:id>/", "unknown converter 'bogus'"),
    ("/p/<id>/<id>/", "appears twice"),
    ("/p/<id/", "a placeholder is <name> or <converter:name>"),
    ("/call/<id>/", "the protocol's own endpoints"),
    ("/ctx/<id>/", "the protocol's own endpoints"),
])
def test_routes_are_checked_when_served(route: str, match: str) -> None:
    reg = Registry()
    reg.add(_route_fn, route=route)
    reg.export_ir()  # the IR does not judge placeholders; serving does
    with pytest.raises(RegistrationError, match=match):
        Protocol(reg)


def test_two_functions_on_one_route() -> None:
    reg = Registry()
    reg.add(_route_fn, route="/p/<int:id>/")
    reg.add(_route_fn, name="other", route="/p/<int:rest>/")
    with pytest.raises(RegistrationError, match="the same route"):
        Protocol(reg)
