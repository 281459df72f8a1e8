"""The check worker between edits: only changed files are parsed again, the rest reused,
and nothing stale is ever served (a cross-file edit still reaches the files it breaks);
hover data is built per file on demand; superseded checks are dropped unsent."""

from __future__ import annotations

import asyncio
import gc
import weakref
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.lsp.index import build_file_index, build_index
from mizan_spec.lsp.pool import CheckWorker
from mizan_spec.lsp.server import DEBOUNCE_SECONDS, Unit
from mizan_spec.lsp.worker import FULL_COLLECTION_EVERY, Worker, collect_after
from mizan_spec.parse.cache import ParseCache

COMMON = 'mizan 1\ncontext library\ntype Author {\n    doc "Who."\n    field name str\n}\n'
POSTS = ('mizan 1\ntype Post {\n    field author Author\n}\n'
         'function posts context=library returns="list[Post]" {\n    param id int\n}\n')


def _spec(tmp_path: Path) -> tuple[Path, Path]:
    common, posts = tmp_path / "common.mizan.kdl", tmp_path / "posts.mizan.kdl"
    common.write_text(COMMON, encoding="utf-8")
    posts.write_text(POSTS, encoding="utf-8")
    return common.resolve(), posts.resolve()


def _check(worker: Worker, root: Path, overlay: dict[Path, str]) -> dict[str, list[str]]:
    reply = worker.handle({"op": "check", "paths": [str(root)],
                           "overlay": {str(k): v for k, v in overlay.items()}})
    assert "error" not in reply, reply
    return {Path(p).name: [d["code"] for d in info["diagnostics"]]
            for p, info in reply["files"].items()}


def test_an_edit_reparses_its_file_only_and_reaches_the_files_it_breaks(
        tmp_path: Path) -> None:
    common, posts = _spec(tmp_path)
    worker = Worker()
    assert _check(worker, tmp_path, {posts: POSTS}) == {
        "common.mizan.kdl": [], "posts.mizan.kdl": []}
    assert (worker.cache.hits, worker.cache.misses) == (0, 2)
    # renaming the type in one buffer breaks the other, unchanged, file
    renamed = COMMON.replace("type Author", "type Writer")
    assert _check(worker, tmp_path, {posts: POSTS, common: renamed}) == {
        "common.mizan.kdl": ["W001"], "posts.mizan.kdl": ["E302"]}
    assert (worker.cache.hits, worker.cache.misses) == (1, 3)  # posts reused
    assert _check(worker, tmp_path, {posts: POSTS, common: COMMON}) == {
        "common.mizan.kdl": [], "posts.mizan.kdl": []}
    assert (worker.cache.hits, worker.cache.misses) == (2, 4)


def test_a_file_changed_on_disk_is_never_served_from_the_cache(tmp_path: Path) -> None:
    common, posts = _spec(tmp_path)
    worker = Worker()
    assert _check(worker, tmp_path, {})["posts.mizan.kdl"] == []
    common.write_text(COMMON.replace("type Author", "type Writer"), encoding="utf-8")
    assert _check(worker, tmp_path, {})["posts.mizan.kdl"] == ["E302"]
    posts.write_text(POSTS.replace("Author", "Writer"), encoding="utf-8")
    assert _check(worker, tmp_path, {})["posts.mizan.kdl"] == []
    posts.unlink()  # a removed file leaves the cache with the compilation that lost it
    _check(worker, tmp_path, {})
    assert [key.name for key, _ in worker.cache.entries] == ["common.mizan.kdl"]


def test_cached_parses_give_the_same_diagnostics_as_fresh_ones(tmp_path: Path) -> None:
    _, posts = _spec(tmp_path)
    broken = POSTS.replace("field author Author", "field author Auther {")
    cache = ParseCache()
    compile_spec([tmp_path], {posts: broken}, cache=cache)
    again = compile_spec([tmp_path], {posts: broken}, cache=cache)
    fresh = compile_spec([tmp_path], {posts: broken})
    assert cache.hits == 2
    assert [(d.code.id, d.span, d.message) for d in again.diagnostics] == [
        (d.code.id, d.span, d.message) for d in fresh.diagnostics] != []


def test_file_index_on_demand_matches_the_whole_index(tmp_path: Path) -> None:
    common, posts = _spec(tmp_path)
    result = compile_spec([tmp_path], want_ir=False)
    whole = build_index(result)
    for path in (common, posts):
        one = build_file_index(result, str(path))
        assert one["symbols"] == whole["files"][str(path)]["symbols"] != []
        assert one["entries"] == whole["files"][str(path)]["entries"] != []


def test_index_requests_follow_the_latest_buffers(tmp_path: Path) -> None:
    _, posts = _spec(tmp_path)
    worker = Worker()
    request = {"paths": [str(tmp_path)], "overlay": {str(posts): POSTS}}
    worker.handle({"op": "check", **request})
    first = worker.handle({"op": "index", "path": str(posts), **request})
    assert first["symbols"][0]["range"]["start"]["line"] == 1
    shifted = {"paths": [str(tmp_path)], "overlay": {str(posts): "\n\n" + POSTS}}
    worker.handle({"op": "check", **shifted})
    again = worker.handle({"op": "index", "path": str(posts), **request})
    assert {**again, "rss": 0} == {**first, "rss": 0}  # the process's memory may differ
    moved = worker.handle({"op": "index", "path": str(posts), **shifted})
    assert moved["symbols"][0]["range"]["start"]["line"] == 3


def test_superseded_checks_are_dropped_unsent(tmp_path: Path) -> None:
    _, posts = _spec(tmp_path)

    async def run() -> tuple[int, dict[str, object]]:
        worker = CheckWorker()
        buffers = {str(posts): POSTS.replace("Author", "Writer")}
        first = asyncio.ensure_future(worker.check([str(tmp_path)], buffers))
        await asyncio.sleep(0)
        stale = asyncio.ensure_future(worker.check([str(tmp_path)], {}))
        await asyncio.sleep(0)
        stale.cancel()  # a newer edit came before its turn
        latest = await worker.check([str(tmp_path)], {str(posts): POSTS})
        await first
        dropped = worker.dropped
        await worker.close()
        return dropped, latest

    dropped, latest = asyncio.run(run())
    assert dropped == 1
    assert latest["files"][str(posts)]["diagnostics"] == []  # type: ignore[index]


def test_debounce_follows_the_last_check_time() -> None:
    unit = Unit(("x",))
    assert unit.debounce() == 0.0  # no check yet: the first edit is checked at once
    unit.seconds = 0.02
    assert 0 < unit.debounce() < 0.02
    unit.seconds = 10.0
    assert unit.debounce() == DEBOUNCE_SECONDS


def test_an_edited_file_is_located_from_its_last_scan_with_fresh_positions(
        tmp_path: Path) -> None:
    _, posts = _spec(tmp_path)
    cache = ParseCache()
    text = POSTS
    first = compile_spec([tmp_path], {posts: text.replace("param id int", "param id inx")},
                         cache=cache)
    assert [d.code.id for d in first.diagnostics] == ["E302"]
    before = next(f for f in first.files if f.path.endswith("posts.mizan.kdl"))
    for edit in ("param id iny", "param   id iny", "\n\nparam id inz", "param id int {",
                 "param id inw"):  # a syntax error hands the last scan on
        text = POSTS.replace("param id int", edit)
        again = compile_spec([tmp_path], {posts: text}, cache=cache)
        fresh = compile_spec([tmp_path], {posts: text})
        assert [(d.code.id, d.span, d.message) for d in again.diagnostics] == [
            (d.code.id, d.span, d.message) for d in fresh.diagnostics] != []
    after = next(f for f in again.files if f.path.endswith("posts.mizan.kdl"))
    assert after.nodes[1].spans is before.nodes[1].spans  # `type Post`: scanned once


def test_a_replaced_parse_is_freed_by_the_collections_between_requests(
        tmp_path: Path) -> None:
    _, posts = _spec(tmp_path)
    worker = Worker()
    was_enabled = gc.isenabled()
    gc.disable()  # as in the worker process
    try:
        _check(worker, tmp_path, {posts: POSTS})
        gc.collect()  # the parse has lived long: it is in the oldest generation
        old = weakref.ref(next(e.parsed for (key, _), e in worker.cache.entries.items()
                               if key == posts))
        _check(worker, tmp_path, {posts: POSTS + "// edited\n"})
        for served in range(1, FULL_COLLECTION_EVERY):
            collect_after(served)
        assert old() is not None  # a Node and its file refer to each other
        collect_after(FULL_COLLECTION_EVERY)
        assert old() is None
    finally:
        if was_enabled:
            gc.enable()
