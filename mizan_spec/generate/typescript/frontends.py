"""What the Vue and Svelte view builders share: the contexts and callable functions of
the client as small frozen views (names the api view already decided, plus each
member's wire name), and the check that the names a bindings file declares or imports
never meet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mizan_spec.generate.typescript.names import string
from mizan_spec.generate.typescript.views import API_FIXED, KERNEL_EXPORTS, GenerateError, Views
from mizan_spec.ir.model import IR


@dataclass(frozen=True)
class MemberView:
    wire: str
    wire_string: str
    prop: str
    type: str
    hook: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ContextView:
    wire: str
    wire_string: str
    pascal: str  # `Recipe` for context `recipe`
    fetch_name: str
    results_type: str
    args_type: str
    args_optional: bool
    doc: tuple[str, ...]
    members: tuple[MemberView, ...]
    members_list: str


@dataclass(frozen=True)
class CallView:
    wire: str
    wire_string: str
    call_name: str
    args_type: str
    result_type: str
    doc: tuple[str, ...]
    hook: str  # `useAddComment`


@dataclass(frozen=True)
class Frontend:
    """The client as every front end's bindings see it."""

    contexts: tuple[ContextView, ...]
    calls: tuple[CallView, ...]
    api_imports: tuple[str, ...]  # the api view's type imports (types, args, JsonValue)
    # Names api.ts and kernel.ts export, with their sources (spec types are never
    # imported bare: the bindings reach them through `types.`).
    claimed: tuple[tuple[str, str], ...]


def frontend(ir: IR, views: Views) -> Frontend:
    """Read the contexts and plain functions off the api view (same names, same order)."""
    api: Mapping[str, Any] = views.api
    in_context = {f.name for f in ir.functions if f.context is not None}
    contexts = []
    for v in api["contexts"]:
        ctx = next(c for c in ir.contexts if c.name == v["wire"])
        wires = [m for m in ctx.members if (fn := ir.function(m)) is not None and fn.route is None]
        members = tuple(
            MemberView(wire=w, wire_string=string(w), prop=m["prop"], type=m["type"],
                       hook=m["hook"], doc=tuple(m["doc"]))
            for w, m in zip(wires, v["members"], strict=True))
        contexts.append(ContextView(
            wire=v["wire"], wire_string=v["wire_string"],
            pascal=v["fetch_name"].removeprefix("fetch"),
            fetch_name=v["fetch_name"], results_type=v["results_type"], args_type=v["args_type"],
            args_optional=bool(v["args_optional"]), doc=tuple(v["doc"]), members=members,
            members_list=v["members_list"]))
    calls = tuple(
        CallView(wire=f["wire"], wire_string=f["wire_string"], call_name=f["call_name"],
                 args_type=f["args_type"], result_type=f["result_type"], doc=tuple(f["doc"]),
                 hook=f["hook"])
        for f in api["functions"] if f["wire"] not in in_context)
    claimed = [(n, n) for n in sorted(API_FIXED | KERNEL_EXPORTS)]
    claimed += [(f["call_name"], f["wire"]) for f in api["functions"]]
    claimed += [(c.fetch_name, f"context {c.wire}") for c in contexts]
    claimed += [(c.results_type, f"context {c.wire}") for c in contexts]
    return Frontend(tuple(contexts), calls, tuple(api["imports"][1:]), tuple(claimed))


def claim(owner: str, pairs: Iterable[tuple[str, str]]) -> None:
    """Raise GenerateError when two sources would give the same name in one file."""
    seen: dict[str, str] = {}
    for generated, source in pairs:
        if generated in seen and seen[generated] != source:
            raise GenerateError(f"{owner}: `{seen[generated]}` and `{source}` would both be "
                                f"`{generated}` in TypeScript; rename one of them")
        seen.setdefault(generated, source)
