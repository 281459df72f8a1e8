"""Loading a spec: paths (files or directories) to parsed files, following `include`s.

Directories contribute every `*.mizan.kdl` below them. An include path is relative to
the file that includes it. Each file is read once, however often it is reached; a
missing include or an include cycle is reported at the `include` that causes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Span
from mizan_spec.parse.cache import CachedParse, ParseCache
from mizan_spec.parse.document import ParsedFile
from mizan_spec.parse.source import MAX_FILE_BYTES, SourceText
from mizan_spec.parse.syntax import decode, parse_source

SPEC_SUFFIX = ".mizan.kdl"


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


@dataclass
class LoadedSpec:
    files: list[ParsedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceText] = field(default_factory=dict)  # every decoded file, by path


def _spec_files(directory: Path) -> list[Path]:
    found = [p for p in directory.rglob(f"*{SPEC_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.as_posix())


class _Loader:
    def __init__(self, read: dict[Path, str] | None, cache: ParseCache | None = None) -> None:
        self.overlay = read or {}  # unsaved editor buffers, by resolved path
        self.cache = cache
        self.result = LoadedSpec()
        self.parsed: dict[Path, ParsedFile | None] = {}
        self.includes: dict[Path, list[tuple[Path, Span]]] = {}

    def load(self, path: Path) -> None:
        key = path.resolve()
        if key in self.parsed:
            return
        self.parsed[key] = None
        shown = display_path(path)
        if key in self.overlay:
            text_bytes = self.overlay[key].encode("utf-8", "surrogatepass")
        else:
            try:
                with open(key, "rb") as handle:
                    text_bytes = handle.read(MAX_FILE_BYTES + 1)
            except OSError as e:
                self.result.diagnostics.append(Diagnostic(
                    codes.UNREADABLE, Span.whole(shown), f"cannot read this file: {e.strerror}"))
                return
        parsed = self._parse(key, shown, text_bytes)
        if parsed is None:
            return
        self.parsed[key] = parsed
        self.result.files.append(parsed)
        edges = self.includes.setdefault(key, [])
        for node in parsed.nodes:
            if node.name != "include" or len(node.args) != 1 or not isinstance(node.args[0], str):
                continue  # malformed includes are the structure pass's to report
            target = (key.parent / node.args[0])
            span = node.arg_span(0)
            if not target.is_file():
                self.result.diagnostics.append(Diagnostic(
                    codes.INCLUDE_MISSING, span, f"included file `{node.args[0]}` does not exist",
                    f"the path is relative to this file; it resolves to {display_path(target)}"))
                continue
            edges.append((target.resolve(), span))
            self.load(target)

    def _parse(self, key: Path, shown: str, data: bytes) -> ParsedFile | None:
        """Decode and parse, or take both from the cache when the bytes are the same."""
        entry = self.cache.get(key, shown, data) if self.cache is not None else None
        if entry is None:
            source, problems = decode(shown, data)
            parsed = None
            if source is not None:
                parsed, more = parse_source(source)
                problems = problems + more
            entry = CachedParse(data, source, parsed, tuple(problems))
            if self.cache is not None:
                self.cache.put(key, shown, entry)
        self.result.diagnostics.extend(entry.problems)
        if entry.source is not None:
            self.result.sources[shown] = entry.source
        return entry.parsed

    def cycles(self) -> None:
        """Report each include cycle once, at the include that closes it."""
        state: dict[Path, int] = {}  # 1 visiting, 2 done
        for start in sorted(self.includes):
            if state.get(start):
                continue
            stack: list[tuple[Path, int]] = [(start, 0)]
            path: list[Path] = [start]
            state[start] = 1
            while stack:
                current, index = stack.pop()
                edges = self.includes.get(current, [])
                if index >= len(edges):
                    state[current] = 2
                    path.pop()
                    continue
                stack.append((current, index + 1))
                target, span = edges[index]
                if state.get(target) == 1:
                    loop = [*path[path.index(target):], target]
                    names = " -> ".join(display_path(p) for p in loop)
                    self.result.diagnostics.append(Diagnostic(
                        codes.INCLUDE_CYCLE, span, f"include cycle: {names}",
                        "files are merged into one spec; drop one of these includes"))
                elif not state.get(target):
                    state[target] = 1
                    path.append(target)
                    stack.append((target, 0))


def load_spec(paths: list[Path], overlay: dict[Path, str] | None = None,
              cache: ParseCache | None = None) -> LoadedSpec:
    """Every file the paths name or include, parsed; with the diagnostics of loading.

    With a `cache`, files whose bytes did not change since its last use are not parsed
    again (see `parse.cache`)."""
    loader = _Loader(overlay, cache)
    for path in paths:
        if path.is_dir():
            found = _spec_files(path)
            if not found:
                loader.result.diagnostics.append(Diagnostic(
                    codes.NO_SPECS, Span.whole(display_path(path)),
                    f"no {SPEC_SUFFIX} files in this directory"))
            for file in found:
                loader.load(file)
        else:
            loader.load(path)
    loader.cycles()
    if cache is not None:
        cache.sweep()
    return loader.result
