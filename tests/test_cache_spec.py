"""`cache=` in the language: durations, the IR (spec and `@client` give the same bytes),
the checker's refusals, `fmt`'s order, `import`, and the language server's tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from mizan_spec.compile import compile_spec
from mizan_spec.fmt.format import format_text
from mizan_spec.importer.spec_nodes import function_node
from mizan_spec.ir.durations import MAX_SECONDS, format_duration, parse_duration
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import IRError, load_ir
from mizan_spec.kdl.writer import write_nodes
from mizan_spec.lsp.completion import complete
from mizan_spec.lsp.index import build_index
from mizan_spec.runtime import Call, Registry, client
from mizan_spec.runtime.typemap import RegistrationError

ROOT = Path(__file__).parent.parent
CASE = ROOT / "spec" / "conformance" / "valid" / "cache"


@pytest.mark.parametrize(("text", "seconds"), [
    ("1s", 1), ("30s", 30), ("5m", 300), ("300s", 300), ("2h", 7200), ("1d", 86400),
    ("7d", MAX_SECONDS), ("604800s", MAX_SECONDS),
    ("0s", None), ("8d", None), ("604801s", None), ("30", None), ("05m", None), ("1.5h", None),
    ("5 m", None), ("5M", None), ("", None), ("-1s", None), ("1w", None),
])
def test_durations(text: str, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(("seconds", "text"), [
    (1, "1s"), (59, "59s"), (60, "1m"), (90, "90s"), (300, "5m"), (5400, "90m"),
    (3600, "1h"), (86400, "1d"), (MAX_SECONDS, "7d"),
])
def test_durations_are_written_in_the_largest_unit(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(text) == seconds


class Post(BaseModel):
    id: int
    title: str


def _decorator_twin() -> Registry:
    """The functions of spec/conformance/valid/cache, decorator-first."""
    reg = Registry()

    @client(context="global", cache="30s", registry=reg)
    def posts(call: Call, limit: int = 20) -> list[Post]:
        return []

    @client(context="user", auth=True, cache="5m", registry=reg)
    def drafts(call: Call) -> list[Post]:
        return []

    @client(cache=300, registry=reg)  # whole seconds are accepted too
    def post(call: Call, id: int) -> Post | None:
        """Five minutes, as `drafts`: the IR holds seconds."""
        return None

    @client(auth="staff", rev=2, cache="1d", registry=reg)
    def search(call: Call, q: str) -> list[Post]:
        return []

    @client(auth="staff", affects=["global", "user"], registry=reg)
    def publish(call: Call, id: int) -> Post:
        return Post(id=id, title="")

    return reg


def test_the_decorator_exports_the_specs_ir_bytes() -> None:
    compiled = compile_spec([CASE])
    assert compiled.ir is not None and not compiled.errors
    text = emit_ir(compiled.ir)
    assert _decorator_twin().ir_text() == text
    assert "function posts auth=public cache=30 context=global" in text
    assert "function publish auth=staff context=#null" in text  # absent when not cached


def test_an_ir_without_cache_keeps_its_bytes() -> None:
    blog = (ROOT / "spec/conformance/valid/blog/expected.ir.kdl").read_text()
    assert "cache" not in blog
    assert emit_ir(load_ir(blog)) == blog


@pytest.mark.parametrize("value", ["0", "604801", '"5m"', "#true", "1.5"])
def test_the_ir_reader_refuses_a_bad_cache(value: str) -> None:
    text = (f"mizan-ir 1\nfunction f auth=public cache={value} context=#null returns=int "
            "rev=1 route=#null websocket=#false\n")
    with pytest.raises(IRError, match="cache"):
        load_ir(text)


@pytest.mark.parametrize(("options", "message"), [
    ({"cache": "5 minutes"}, "cache must be a duration"),
    ({"cache": 0}, "cache must be a duration"),
    ({"cache": True}, "cache must be a duration"),
    ({"cache": "8d"}, "cache must be a duration"),
    ({"cache": "5m", "affects": ["global"]}, "mutation and cannot be cached"),
    ({"cache": "5m", "route": "/x/"}, "route function"),
])
def test_the_decorator_refuses_what_the_checker_refuses(options: dict[str, object],
                                                        message: str) -> None:
    def f(call: Call) -> int:
        return 1

    with pytest.raises(RegistrationError, match=message):
        Registry().add(f, **options)  # type: ignore[arg-type]


def test_a_mutation_or_route_cannot_be_cached(tmp_path: Path) -> None:
    spec = tmp_path / "a.mizan.kdl"
    spec.write_text('mizan 1\ncontext global\nfunction n returns=int context=global\n'
                    'function m returns=int cache="1m" {\n    affects n\n}\n'
                    'function r route="/r/" cache="1m"\nfunction ok returns=int cache="1m"\n')
    result = compile_spec([spec])
    assert [(d.code.id, d.span.line) for d in result.diagnostics] == [("E511", 4), ("E511", 7)]
    assert "mutation" in result.diagnostics[0].message


def test_a_number_without_a_unit_gets_a_hint(tmp_path: Path) -> None:
    spec = tmp_path / "a.mizan.kdl"
    spec.write_text('mizan 1\nfunction a returns=int cache="30"\nfunction b returns=int cache=30\n')
    found = [(d.code.id, d.hint) for d in compile_spec([spec]).diagnostics]
    assert found == [("E510", 'give it a unit: `cache="30s"`'),
                     ("E107", 'write it as a string: `cache="30s"`')]


def test_fmt_writes_cache_last() -> None:
    text = 'mizan 1\nfunction f cache="1m" rev=2 auth=#true returns=int\n'
    assert format_text(text) == 'mizan 1\nfunction f returns=int auth=#true rev=2 cache="1m"\n'


def test_import_writes_the_duration_back() -> None:
    ir = compile_spec([CASE]).ir
    assert ir is not None
    written = {f.name: write_nodes([function_node(f)]).split("\n")[0] for f in ir.functions}
    assert written["post"] == 'function post returns="Post?" cache="5m" {'
    assert written["search"] == 'function search returns="list[Post]" auth=staff rev=2 cache="1d" {'
    assert "cache" not in written["publish"]


def test_the_language_server_completes_and_shows_cache() -> None:
    names: dict[str, list[str]] = {}
    props = complete("mizan 1\nfunction f returns=int ", 31, names)
    assert "cache" in {s.label for s in props}
    bare = complete("mizan 1\nfunction f cache=", 25, names)
    assert [(s.label, s.insert) for s in bare][:2] == [("30s", '"30s"'), ("1m", '"1m"')]
    quoted = complete('mizan 1\nfunction f cache="', 26, names)
    assert [(s.label, s.insert) for s in quoted][:1] == [("30s", "30s")]
    index = build_index(compile_spec([CASE]))
    hovers = [e["hover"] for f in index["files"].values() for e in f["entries"]]
    assert any("function posts(limit: int default=20)" in h and "cached on the server for 30s" in h
               for h in hovers), hovers
