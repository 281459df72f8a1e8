"""The query/mutation rule (spec/protocol.md §4), in its one home `ir.kinds`."""

from mizan_spec.ir.kinds import Kind, is_cached, is_mutation, is_query, kind_of
from mizan_spec.ir.model import Function


def test_kinds() -> None:
    search = Function("search_recipes")
    save = Function("save", affects_functions=("search_recipes",))
    refresh = Function("refresh", affects_contexts=("user",))
    member = Function("me", context="user")
    view = Function("page", route="/page/")
    assert [kind_of(f) for f in (search, save, refresh, member, view)] == [
        Kind.QUERY, Kind.MUTATION, Kind.MUTATION, Kind.MEMBER, Kind.ROUTE]
    assert is_query(search) and not is_query(member) and not is_query(view)
    assert is_mutation(save) and is_mutation(refresh) and not is_mutation(search)
    assert [is_cached(f) for f in (search, save, refresh, member, view)] == [
        True, False, False, True, False]
