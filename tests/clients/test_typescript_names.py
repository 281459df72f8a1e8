"""Spec names never shadow what the generated TypeScript uses: whatever names `check`
accepts (TS/JS reserved and contextual words, globals, React's exports, the generated
files' own helpers and export patterns), `gen typescript --react` succeeds and tsc
accepts every file with the strict flags of tests/clients/ts/tsconfig.json.

Hypothesis builds the specs (deterministically) and generates each client inside the
property, so a generator failure shrinks; all clients are then type-checked in one tsc
run, next to a few fixed specs that put every name in every role once.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mizan_spec.compile import compile_spec
from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from mizan_spec.generate.typescript.names import TS_RESERVED
from mizan_spec.generate.typescript.symbols import ARGS_FIXED, CLIENT_FIXED
from mizan_spec.ir.model import IR
from tests.clients.tsbuild import tsc, workspace

WORDS = sorted(TS_RESERVED | {
    "let", "static", "yield", "await", "async", "of", "get", "set", "global", "require",
    "module", "declare", "namespace", "abstract", "override", "satisfies", "accessor",
    "infer", "intrinsic", "asserts", "out", "unique", "keyof", "readonly", "is", "type",
    "constructor", "arguments", "eval", "undefined", "NaN", "Infinity", "prototype",
    "__proto__", "toString", "valueOf", "hasOwnProperty",
})
GLOBALS = [
    "Promise", "Record", "Error", "JSON", "Date", "Object", "Array", "Map", "Set", "String",
    "Number", "Boolean", "Symbol", "BigInt", "Function", "RegExp", "Math", "Reflect", "Proxy",
    "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract", "NonNullable",
    "ReturnType", "Parameters", "Awaited", "Uppercase", "console", "fetch", "Response",
    "Request", "RequestInit", "Headers", "URL", "window", "document", "globalThis",
    "setTimeout", "structuredClone", "encodeURIComponent", "TypeError", "WeakMap", "Iterator",
    "AbortController", "ReadonlyArray", "PropertyKey",
]
REACT = [
    "React", "useState", "useEffect", "useMemo", "useCallback", "useRef", "useContext",
    "useReducer", "createContext", "createElement", "Fragment", "Component", "ReactNode",
    "ReactElement", "FC", "Children", "memo", "forwardRef", "lazy", "Suspense", "StrictMode",
    "useId", "useTransition", "useSyncExternalStore", "Provider", "Consumer",
]
# the generated code's own names, and the stems its derived names are built from
_AFFIXES = re.compile(r"^(use|call|fetch|_use)|(ProviderProps|Provider|ContextResults|Context"
                      r"|State|Members)$")
HELPERS = sorted(CLIENT_FIXED | ARGS_FIXED | {_AFFIXES.sub("", n) or n
                                             for n in CLIENT_FIXED | ARGS_FIXED}
                 | {"user", "user_context", "get_post", "get__post", "getPost", "input",
                    "client", "key", "state", "props", "children", "name", "members",
                    "self", "self_", "mizan_", "Call_", "useCall_"})
POOL = sorted({n for n in [*WORDS, *GLOBALS, *REACT, *HELPERS] if n})


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def capital(name: str) -> str:
    return name[:1].upper() + name[1:]


FORMS: tuple[Callable[[str], str], ...] = (lambda n: n, snake, capital)
CANDIDATES = sorted({form(n) for n in POOL for form in FORMS})

ROLES = {  # a micro spec per role: each candidate on its own line, errors mark it refused
    "type": lambda i, n: f"type {n}",
    "enum": lambda i, n: f"enum {n} {{\n    a\n}}",
    "function": lambda i, n: f"function {n} returns=int",
    "context": lambda i, n: f'context {n}\nfunction "m_{i}" context={n} returns=int',
    "param": lambda i, n: f'function "f_{i}" {{\n    param {n} int\n}}',
    "field": lambda i, n: f'type "T{i}" {{\n    field {n} int\n}}',
    "member": lambda i, n: f'enum "E{i}" {{\n    {n}\n}}',
}


def _q(name: str) -> str:
    return json.dumps(name)


def _errors_by_line(text: str, path: Path) -> set[int]:
    path.write_text(text, encoding="utf-8")
    result = compile_spec([path], want_ir=False)
    return {d.span.line for d in result.errors}


def accepted_names(tmp: Path) -> dict[str, list[str]]:
    """Per role, the candidates `check` accepts in that role (one compile per role)."""
    out: dict[str, list[str]] = {}
    for role, make in ROLES.items():
        lines = ["mizan 1"]
        starts = []
        for i, name in enumerate(CANDIDATES):
            starts.append(len(lines) + 1)
            lines.extend(make(i, _q(name)).splitlines())
        bad = _errors_by_line("\n".join(lines) + "\n", tmp / f"{role}.mizan.kdl")
        ends = [*starts[1:], len(lines) + 1]
        out[role] = [n for n, a, b in zip(CANDIDATES, starts, ends, strict=True)
                     if not any(a <= line < b for line in bad)]
    return out


def _distinct(names: Iterable[str], taken: set[str]) -> list[str]:
    out = []
    for n in names:
        if n not in taken:
            taken.add(n)
            out.append(n)
    return out


def _members(names: Iterable[str]) -> list[str]:
    """Names that stay distinct as Python identifiers too (`class` and `class_` clash)."""
    seen: set[str] = set()
    out = []
    for n in names:
        key = n.rstrip("_")
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def spec_text(types: list[str], enums: list[str], contexts: list[str], functions: list[str],
              fields: list[str], params: list[str], members: list[str]) -> str:
    """A spec using every name given: types with fields, enums with members, contexts
    with members, and queries and mutations with parameters (fields and parameters are
    dealt out round-robin, so a long list of names stays a spec of linear size)."""
    taken: set[str] = set()
    types, enums = _distinct(types, taken), _distinct(enums, taken)
    contexts, functions = _distinct(contexts, taken), _distinct(functions, taken)
    fields, params, members = _members(fields), _members(params), _members(members)
    out = ["mizan 1"]
    enum_names = enums or ["FallbackEnum"]
    for k, e in enumerate(enum_names):
        mine = members[k::len(enum_names)] or ["a"]
        out += [f"enum {_q(e)} {{", *(f"    {_q(m)}" for m in mine), "}"]
    type_names = types or ["FallbackType"]
    for k, t in enumerate(type_names):
        shapes = [_q(type_names[(k + 1) % len(type_names)] + "?"), "json",
                  _q(f"dict[str, {enum_names[k % len(enum_names)]}]"), _q(f"list[{t}]"), "int"]
        mine = fields[k::len(type_names)]
        out += [f"type {_q(t)} {{",
                *(f"    field {_q(f)} {shapes[j % len(shapes)]}" for j, f in enumerate(mine)),
                "}"]
    t0 = type_names[0]
    kinds = ["int default=1", _q(t0 + "?"), _q("json?"), "int", "json"]
    slots = max(1, len(functions) + len(contexts))

    def param_lines(i: int, member: bool) -> list[str]:
        return [f"    param {_q(p)} {kinds[j % (3 if member else 5)]}"
                for j, p in enumerate(params) if j % slots == i]

    for k, c in enumerate(contexts):
        out.append(f"context {_q(c)}")
        fn = functions.pop() if functions else f"member_of_{k}"
        out += [f"function {_q(fn)} context={_q(c)} returns={_q(t0)} {{",
                *param_lines(k, True), "}"]
    queries = functions[::2]
    for i, fn in enumerate(queries):
        out += [f"function {_q(fn)} returns={_q(f'list[{t0}]')} {{",
                *param_lines(len(contexts) + i, False), "}"]
    for i, fn in enumerate(functions[1::2]):
        targets = " ".join(_q(x) for x in [*queries[:2], *contexts[:1]])
        out += [f"function {_q(fn)} returns={_q(t0)} {{",
                *param_lines(len(contexts) + len(queries) + i, False),
                *([f"    affects {targets}"] if targets else []), "}"]
    return "\n".join(out) + "\n"


def compile_text(text: str, path: Path) -> IR | None:
    path.write_text(text, encoding="utf-8")
    return compile_spec([path]).ir


def test_spec_names_never_shadow_generated_names(node_modules: Path, tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", node_modules)
    scratch = tmp_path / "specs"
    scratch.mkdir()
    ok = accepted_names(scratch)
    assert len(ok["function"]) > 100 and len(ok["type"]) > 100  # the pool is not all refused
    clients: list[str] = []

    def add(text: str, *, fixed: bool = False) -> None:
        ir = compile_text(text, scratch / "spec.mizan.kdl")
        if not fixed:
            assume(ir is not None)  # names that only clash in combination, rarely
        assert ir is not None, compile_spec([scratch / "spec.mizan.kdl"]).errors[:5]
        write_files(root / f"c{len(clients)}",
                    generate_typescript(ir, "spec", react=True, vue=True, svelte=True))
        (root / f"c{len(clients)}" / "spec.mizan.kdl").write_text(text, encoding="utf-8")
        clients.append(text)

    # every accepted name in every role at least once, in a few fixed specs
    add(spec_text(ok["type"], [], [], ok["function"], ok["field"], ok["param"], []), fixed=True)
    add(spec_text([], ok["enum"], ok["context"], [], [], ok["param"], ok["member"]), fixed=True)

    def names(role: str) -> st.SearchStrategy[list[str]]:
        return st.lists(st.sampled_from(ok[role]), min_size=0, max_size=6)

    @settings(max_examples=15, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(names("type"), names("enum"), names("context"), names("function"), names("field"),
           names("param"), names("member"))
    def generated(types: list[str], enums: list[str], contexts: list[str],
                  functions: list[str], fields: list[str], params: list[str],
                  members: list[str]) -> None:
        add(spec_text(types, enums, contexts, functions, fields, params, members))

    generated()
    result = tsc(root)
    assert result.returncode == 0, result.stdout[:6000] + result.stderr
    assert len(clients) >= 12
    # and the kernel fills in every default, whatever the parameter is called
    (root / "defaults.mjs").write_text(DEFAULTS_SCRIPT, encoding="utf-8")
    run = subprocess.run(["node", str(root / "defaults.mjs"), str(len(clients))],
                         capture_output=True, text=True, timeout=60, cwd=root)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []


DEFAULTS_SCRIPT = """
const wrong = [];
for (let i = 0; i < Number(process.argv[2]); i++) {
  const api = await import(`./dist/c${i}/api.js`);
  const client = api.createClient({ baseUrl: "http://127.0.0.1:9/" });
  for (const [name, spec] of Object.entries(api.SCHEMA.functions)) {
    const complete = client.complete(name, {});
    for (const p of spec.params) {
      const own = Object.prototype.hasOwnProperty.call(complete, p.name);
      const got = own ? complete[p.name] : undefined;
      if (JSON.stringify(got) !== JSON.stringify(p.default)) wrong.push([i, name, p.name]);
    }
  }
}
process.stdout.write(JSON.stringify(wrong.slice(0, 20)));
"""
