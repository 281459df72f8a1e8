"""The generated TypeScript client: compiles under tsc --strict, and a scripted
scenario in Node against the live FastAPI and Django servers gives the expected
transcript (which the Python client must reproduce, see test_python_client.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from mizan_spec.compile import compile_spec
from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.conftest import EXAMPLE, Example
from tests.clients.tsbuild import TS_DIR, generate, tsc, workspace

CONFORMANCE = Path(__file__).resolve().parents[2] / "spec" / "conformance" / "valid"
APP_SPEC = EXAMPLE.spec


STRICT_FLAGS = ("strict", "exactOptionalPropertyTypes", "noUncheckedIndexedAccess",
                "noImplicitOverride")


def test_every_client_is_compiled_with_the_strictest_flags() -> None:
    """Every tsc run of these tests (the workspace copies this tsconfig) checks the
    generated code with the four flags users may turn on."""
    options = json.loads((TS_DIR / "tsconfig.json").read_text(encoding="utf-8"))
    assert all(options["compilerOptions"].get(flag) is True for flag in STRICT_FLAGS)


def test_conformance_specs_compile_strictly(node_modules: Path, tmp_path: Path) -> None:
    """Every valid conformance spec gives a client (with React bindings) that tsc
    accepts with STRICT_FLAGS, with no `any` in what it exports."""
    root = workspace(tmp_path, node_modules)
    for spec in sorted(p for p in CONFORMANCE.iterdir() if p.is_dir()):
        ir = compile_spec([spec]).ir
        assert ir is not None
        out = generate(root, spec.name, ir, spec.name, react=True)
        for file in out.glob("*.ts"):
            text = file.read_text(encoding="utf-8")
            assert not re.search(r"\bany\b", re.sub(r"//.*|/\*[\s\S]*?\*/", "", text)), file
    result = tsc(root, "--noEmit")
    assert result.returncode == 0, result.stdout + result.stderr


def test_conformance_specs_type_check_for_vue_and_svelte(node_modules: Path,
                                                        tmp_path: Path) -> None:
    """Every valid conformance spec (and the client tests' app, which has context
    parameters, json and enums) gives Vue and Svelte bindings that vue-tsc and
    svelte-check accept under --strict, with no `any` (the channel composables and
    stores too, for the specs with channels); these files also pass
    exactOptionalPropertyTypes, noUncheckedIndexedAccess, noImplicitOverride."""
    root = workspace(tmp_path, node_modules)
    specs = [*sorted(p for p in CONFORMANCE.iterdir() if p.is_dir()), APP_SPEC]
    for spec in specs:
        ir = compile_spec([spec]).ir
        assert ir is not None
        out = root / spec.stem.removesuffix(".mizan")
        write_files(out, generate_typescript(ir, spec.name, vue=True, svelte=True))
        for name in ("live.ts", "vue.ts", "svelte.ts",
                     *(["vue_channels.ts", "svelte_channels.ts"] if ir.channels else [])):
            text = (out / name).read_text(encoding="utf-8")
            assert not re.search(r"\bany\b", re.sub(r"//.*|/\*[\s\S]*?\*/", "", text)), out / name
    bin_ = node_modules / ".bin"
    # One vue-tsc run, with the stricter flags too (the workspace's tsconfig has them).
    vue = subprocess.run([str(bin_ / "vue-tsc"), "-p", str(root), "--noEmit",
                          "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess",
                          "--noImplicitOverride"], capture_output=True, text=True, timeout=180)
    assert vue.returncode == 0, vue.stdout + vue.stderr
    svelte = subprocess.run([str(bin_ / "svelte-check"), "--tsconfig", str(root / "tsconfig.json"),
                             "--threshold", "error", "--output", "machine"],
                            capture_output=True, text=True, timeout=180)
    assert svelte.returncode == 0 and " ERROR " not in svelte.stdout, svelte.stdout + svelte.stderr
    assert " COMPLETED " in svelte.stdout  # it did check the files


def test_scenario_covers_every_function(ts_transcripts: dict[str, dict[str, Any]],
                                        example: Example) -> None:
    callable_names = sorted(f.name for f in example.ir().functions if f.route is None)
    for transcript in ts_transcripts.values():
        assert transcript["called"] == callable_names


def test_backends_agree(ts_transcripts: dict[str, dict[str, Any]]) -> None:
    first, *rest = ts_transcripts.values()
    for other in rest:
        assert other["transcript"] == first["transcript"]


def _steps(transcript: dict[str, Any]) -> dict[str, Any]:
    return dict(transcript["transcript"])


def test_invalidation_and_merges(ts_transcripts: dict[str, dict[str, Any]]) -> None:
    for transcript in ts_transcripts.values():
        steps = _steps(transcript)
        update = steps["update_profile"]["result"]
        after = steps["after update_profile"]
        assert after["user_stale"] is True
        assert after["user_profile"] == {"value": update, "stale": False}  # merged
        assert after["user_settings_stale"] is True
        assert steps["user read back"]["user_profile"] == {"ok": True, "result": update}
        renamed = steps["after rename_post"]
        assert renamed["get_post"]["value"]["title"] == "renamed"
        assert renamed["get_post"]["stale"] is False
        assert renamed["list_posts_stale"] is True


def test_error_kinds(ts_transcripts: dict[str, dict[str, Any]]) -> None:
    for transcript in ts_transcripts.values():
        steps = _steps(transcript)
        assert steps["boom"] == {"error": "internal_error", "status": 500, "paths": []}
        assert steps["invalid_args"] == {"error": "invalid_args", "status": 422,
                                         "paths": [["status"], ["limit"]]}
        assert steps["invalid_args nested"]["paths"] == [["w", "from"]]
        assert steps["not_authenticated"]["error"] == "not_authenticated"
        assert steps["forbidden"]["error"] == "forbidden"
        assert steps["forbidden by predicate"]["error"] == "forbidden"
        assert steps["unknown_function"]["error"] == "unknown_function"
        assert steps["unknown_context"]["error"] == "unknown_context"
        assert steps["transport_error"]["error"] == "transport_error"
        assert steps["ir_hash_mismatch error"]["error"] == "ir_hash_mismatch"
        assert steps["ir_hash_mismatch warn"] == {"result": 1}
        assert steps["warnings"] == 1
        results = [k for k, v in steps.items() if isinstance(v, dict) and "result" in v]
        assert "sign_up" in results and "scalars" in results


def test_react_provider_refreshes_after_mutation(ts_build: Path,
                                                 live_servers: dict[str, str]) -> None:
    """jsdom: <MizanContext>, GlobalProvider and UserProvider mounted, member hooks
    rendered; update_profile through its hook merges user_profile and the user context
    (only it) is fetched again."""
    result = subprocess.run(["node", str(ts_build / "dist" / "react_test.js"),
                             live_servers["fastapi"]], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    before = data["before"]
    assert sorted(before.pop("fetches")) == ["/ctx/global/?args=%7B%22lang%22%3A%22ar%22%7D",
                                             "/ctx/user/?args=%7B%22theme%22%3A%22dark%22%7D"]
    assert before == {"bio": "before", "theme": "dark", "site": "ar"}
    assert data["after"]["bio"] == "after"
    assert data["after"]["theme"] == "dark"
    assert data["after"]["fetches"][2:] == ["/ctx/user/?args=%7B%22theme%22%3A%22dark%22%7D"]


LISTING = 'list_posts {"status":"published","limit":3}'


def _expect_query_steps(steps: dict[str, Any]) -> None:
    """What every front end's query hook, composable or store shows and calls, step by
    step (query_test.ts, vue_query_test.ts, svelte_query_test.ts)."""
    first = steps["first render"]
    assert (first["title"], first["count"], first["loading"]) == ("Post 4", "1", "false")
    assert sorted(first["calls"]) == ['get_post {"id":4}', LISTING]
    assert steps["other args"]["title"] == "Post 5"
    assert steps["other args"]["calls"] == ['get_post {"id":5}']
    assert steps["back to cached args"]["title"] == "Post 4"
    assert steps["back to cached args"]["calls"] == []  # cached by arguments
    after = steps["after the mutation"]
    assert after["title"] == "renamed"  # merged into get_post {"id": 4}
    assert after["calls"] == ['rename_post {"id":4,"title":"renamed"}', LISTING]


def test_react_query_hooks_fetch_cache_and_refetch(ts_build: Path,
                                                   live_servers: dict[str, str]) -> None:
    """jsdom: a query (a function that affects nothing) gets `useGetPost(args)`: it
    fetches, keeps each argument set's result, fetches again only for arguments not
    cached; a mutation merges into it without a fetch and invalidates `useListPosts`,
    which fetches again; a sign-in calls both again, and one the caller was refused is
    tried again."""
    result = subprocess.run(["node", str(ts_build / "dist" / "query_test.js"),
                             live_servers["fastapi"]], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = dict(json.loads(result.stdout))
    _expect_query_steps(steps)
    _expect_refetched_and_stopped(steps, stopped="unmounted")


def _expect_refetched_and_stopped(steps: dict[str, Any], *, stopped: str) -> None:
    """After a sign-in (`invalidateAll()`) both queries are called again for the
    arguments shown; `refetch()` calls again; arguments the server refuses show its
    error and no data; once unmounted or unsubscribed, nothing calls them. A query that
    failed for the caller is tried again after a sign-in."""
    signed_in = steps["after a sign-in"]
    assert sorted(signed_in["calls"]) == ['get_post {"id":4}', LISTING]
    assert (signed_in["title"], signed_in["loading"]) == ("Post 4", "false")
    assert steps["refetched"]["calls"] == ['get_post {"id":4}']  # refetch() calls again
    refused = steps["refused args"]
    assert (refused["title"], refused["error"], refused["loading"]) == (
        "(loading)", "invalid_args", "false")
    assert refused["calls"] == ['get_post {"id":-1}']
    assert steps[stopped]["calls"] == [f'rename_post {{"id":4,"title":"{stopped}"}}']
    # A query the caller may not run shows the refusal; after a sign-in it is tried again.
    assert steps["failed, then signed in"] == {"before": "forbidden", "after": "3",
                                               "calls": ["purge {}", "purge {}"]}


def test_vue_query_composables_fetch_cache_and_refetch(ts_build: Path,
                                                       live_servers: dict[str, str]) -> None:
    """jsdom: `useGetPost(getter)` and `useListPosts(args)` give React's query hooks'
    steps (the getter's new value is the new arguments), fetch again after a sign-in,
    and fetch nothing once the app is unmounted."""
    steps = dict(_run_node_steps(ts_build, "vue_query_test.js", live_servers["django"]))
    _expect_query_steps(steps)
    _expect_refetched_and_stopped(steps, stopped="unmounted")


def test_svelte_query_stores_fetch_cache_and_refetch(ts_build: Path,
                                                     live_servers: dict[str, str]) -> None:
    """Node: `getPostStore(writable args)` and `listPostsStore(args)` fetch nothing until
    subscribed, then give React's query hooks' steps (a new value of the args store is
    the new arguments), fetch again after a sign-in, and nothing once unsubscribed."""
    steps = dict(_run_node_steps(ts_build, "svelte_query_test.js", live_servers["fastapi"]))
    assert steps["unsubscribed"] == {"calls": []}
    _expect_query_steps(steps)
    _expect_refetched_and_stopped(steps, stopped="stopped")


def test_schema_marks_queries_and_members_cached(example: Example) -> None:
    """The kernel caches what ir.kinds says clients cache: members and queries; every
    front end gives a query a query hook, composable or store and a mutation a helper."""
    from mizan_spec.ir.kinds import is_cached

    ir = example.ir()
    api = generate_typescript(ir, "x")["api.ts"]
    for f in ir.functions:
        if f.route is None:
            assert re.search(rf"\b{f.name}: {{ params: .*cached: {str(is_cached(f)).lower()}, "
                             rf"rev: {f.rev}{', websocket: true' if f.websocket else ''} }}",
                             api), f.name
    react = generate_typescript(ir, "x", react=True)["react.ts"]
    assert "export function useGetPost(input: args.GetPost): QueryState<types.Post>" in react
    assert "export function useRenamePost(): CallState<args.RenamePost, types.Post>" in react
    files = generate_typescript(ir, "x", vue=True, svelte=True)
    vue, svelte = files["vue.ts"], files["svelte.ts"]
    assert ("export function useGetPost(input: MaybeRefOrGetter<args.GetPost>): "
            "QueryState<types.Post>") in vue
    assert "export function useRenamePost(): CallState<args.RenamePost, types.Post>" in vue
    assert ("export function getPostStore(input: args.GetPost | Readable<args.GetPost>, "
            "client: MizanClient = getMizanClient()): QueryStore<types.Post>") in svelte
    assert ("export function renamePostStore(client: MizanClient = getMizanClient()): "
            "CallStore<args.RenamePost, types.Post>") in svelte


def _run_node(ts_build: Path, script: str, base_url: str) -> dict[str, Any]:
    result = subprocess.run(["node", str(ts_build / "dist" / script), base_url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _run_node_steps(ts_build: Path, script: str, base_url: str) -> list[tuple[str, Any]]:
    result = subprocess.run(["node", str(ts_build / "dist" / script), base_url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    steps: list[tuple[str, Any]] = [tuple(step) for step in json.loads(result.stdout)]
    return steps


def test_vue_composables_follow_args_and_mutations(ts_build: Path,
                                                   live_servers: dict[str, str]) -> None:
    """jsdom: provideMizan, provideUserContext with reactive args, member composables and
    useUpdateProfile: new args fetch the context with them, the mutation's merge and
    invalidation reach the page, and an unmounted app fetches nothing."""
    data = _run_node(ts_build, "vue_test.js", live_servers["fastapi"])
    dark, light = '/ctx/user/?args={"theme":"dark"}', '/ctx/user/?args={"theme":"light"}'
    assert data["first"] == {"bio": "before", "theme": "dark", "fetches": [dark]}
    assert data["args changed"] == {"theme": "light", "fetches": [dark, light]}
    assert data["mutated"] == {"bio": "after", "theme": "light", "fetches": [dark, light, light]}
    assert data["unmounted"] == {"fetches": [dark, light, light]}


def test_svelte_stores_fetch_while_subscribed(ts_build: Path,
                                              live_servers: dict[str, str]) -> None:
    """Node: a context store fetches only once subscribed, its member stores follow it,
    a mutation store keeps its result and the invalidated context is fetched again;
    unsubscribed, nothing fetches."""
    data = _run_node(ts_build, "svelte_test.js", live_servers["django"])
    dark = '/ctx/user/?args={"theme":"dark"}'
    assert data["unsubscribed"] == {"fetches": []}
    assert data["first"] == {"bio": "before", "theme": "dark", "fetches": [dark]}
    assert data["mutated"] == {"data": True, "pending": False}
    assert data["refreshed"] == {"bio": "after", "fetches": [dark, dark], "loading_seen": True}
    assert data["after unsubscribe"] == {"fetches": [dark, dark]}
