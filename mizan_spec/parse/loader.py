"""Loading a spec: paths (files or directories) to parsed files, following `include`s.

Directories contribute every `*.mizan.kdl` below them. An include path is relative to
the file that includes it and must resolve inside the spec root: the directories of the
paths being loaded (a file's directory, a directory itself) plus any extra root the
caller names (`root` in `[tool.mizan-spec]`). An include that leaves it is an error that
names the path and reads nothing. Only regular files are read (see `files`), and a file
that does not start with `mizan N` is reported at its line 1 and never parsed, so no
diagnostic quotes a line or a name from it. Each file is read once, however often it is
reached; a missing include or an include cycle is reported at the `include` that causes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Span
from mizan_spec.parse.cache import CachedParse, ParseCache
from mizan_spec.parse.document import ParsedFile
from mizan_spec.parse.files import Refused, read_spec_bytes
from mizan_spec.parse.source import SourceText, starts_as_spec
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
    """A spec's files as read and parsed, and the problems met reading them."""

    files: list[ParsedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceText] = field(default_factory=dict)  # every spec file, by path
    checked: list[str] = field(default_factory=list)  # every file read, parsed or not


def _spec_files(directory: Path) -> list[Path]:
    found = [p for p in directory.rglob(f"*{SPEC_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.as_posix())


def _real(path: Path) -> Path:
    """The absolute path with every symbolic link followed (loops are left unresolved)."""
    return Path(os.path.realpath(path))


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _first_line(path: str) -> Span:
    return Span(path, 1, 1, 1, 1)


class _Loader:
    def __init__(self, read: dict[Path, str] | None, roots: list[Path],
                 cache: ParseCache | None = None) -> None:
        self.overlay = read or {}  # unsaved editor buffers, by resolved path
        self.roots = roots
        self.cache = cache
        self.result = LoadedSpec()
        self.parsed: dict[Path, ParsedFile | None] = {}
        self.includes: dict[Path, list[tuple[Path, Span]]] = {}

    def report(self, code: codes.Code, span: Span, message: str, hint: str | None = None) -> None:
        self.result.diagnostics.append(Diagnostic(code, span, message, hint))

    def refused(self, shown: str, why: Refused, include: tuple[str, Span] | None) -> None:
        """A path that was not read: at the include that names it, or at the file itself."""
        if include is None:
            code = codes.NOT_A_FILE if why.kind in _NOT_FILE_KINDS else codes.UNREADABLE
            self.report(code, Span.whole(shown), f"cannot read this file: {why.reason}")
            return
        written, span = include
        if why.kind == "missing":
            self.report(codes.INCLUDE_MISSING, span, f"included file `{written}` does not exist",
                        f"the path is relative to this file; it resolves to {shown}")
        elif why.kind in _NOT_FILE_KINDS:
            self.report(codes.NOT_A_FILE, span,
                        f"included path `{written}` is not a file: {why.reason}",
                        "include each spec file by its own path")
        else:
            self.report(codes.UNREADABLE, span, f"cannot read included file `{written}`: "
                        f"{why.reason}", f"it resolves to {shown}")

    def load(self, path: Path, include: tuple[str, Span] | None = None) -> None:
        key = _real(path)
        if key in self.parsed:
            return
        self.parsed[key] = None
        shown = display_path(path)
        if key in self.overlay:
            data: bytes | Refused = self.overlay[key].encode("utf-8", "surrogatepass")
        else:
            data = read_spec_bytes(path)
        if isinstance(data, Refused):
            self.refused(shown, data, include)
            return
        self.result.checked.append(shown)
        entry = self._parse(key, shown, data)
        if entry.source is None:
            self.result.diagnostics.extend(self.undecodable(shown, data, list(entry.problems)))
            return
        if not entry.source.is_spec:
            self.report(codes.VERSION_MISSING, _first_line(shown),
                        "this file does not start with `mizan 1`, so it is not read as a spec",
                        "start every spec file with `mizan 1`; include only spec files")
            return
        self.result.sources[shown] = entry.source
        self.result.diagnostics.extend(entry.problems)
        parsed = entry.parsed
        if parsed is None:
            return
        self.parsed[key] = parsed
        self.result.files.append(parsed)
        edges = self.includes.setdefault(key, [])
        for node in parsed.nodes:
            if node.name != "include" or len(node.args) != 1 or not isinstance(node.args[0], str):
                continue  # malformed includes are the structure pass's to report
            written = node.args[0]
            span = node.arg_span(0)
            if "\x00" in written:
                self.report(codes.INCLUDE_MISSING, span, "included path contains a NUL "
                            "character (`\\u{0}`), which no file name can hold")
                continue
            target = key.parent / written
            real = _real(target)
            if not _inside(real, self.roots):
                self.report(codes.INCLUDE_OUTSIDE_ROOT, span,
                            f"included path `{written}` is outside the spec root",
                            f"it resolves to {real.as_posix()}; includes must stay inside "
                            f"{_roots_text(self.roots)} (set `root` in [tool.mizan-spec] "
                            "to widen it)")
                continue
            edges.append((real, span))
            self.load(target, (written, span))

    def undecodable(self, shown: str, data: bytes,
                    problems: list[Diagnostic]) -> list[Diagnostic]:
        """Encoding problems of a spec stay where they are; of any other file, at line 1."""
        if starts_as_spec(data[:4096].decode("utf-8", "ignore")):
            return problems
        return [Diagnostic(d.code, _first_line(shown), "this file is not valid UTF-8, so it is "
                           "not read as a spec", "save spec files as UTF-8")
                if d.code is codes.INVALID_UTF8 else d for d in problems]

    def _parse(self, key: Path, shown: str, data: bytes) -> CachedParse:
        """Decode and parse (a spec only), or take both from the cache when the bytes are
        the same. `problems` are the decoding problems when `source` is None, else the
        parse's."""
        entry = self.cache.get(key, shown, data) if self.cache is not None else None
        if entry is None:
            base = self.cache.base(key, shown) if self.cache is not None else None
            source, problems = decode(shown, data)
            parsed = None
            if source is not None and source.is_spec:
                parsed, problems = parse_source(source, base)
            entry = CachedParse(data, source, parsed, tuple(problems),
                                None if parsed is not None else base)
            if self.cache is not None:
                self.cache.put(key, shown, entry)
        return entry

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


_NOT_FILE_KINDS = frozenset({"directory", "fifo", "device", "socket"})


def _roots_text(roots: list[Path]) -> str:
    return ", ".join(display_path(r) for r in roots) or "the spec root"


def spec_roots(paths: list[Path], root: Path | None = None) -> list[Path]:
    """Where includes may lead: each path's directory (a directory itself), and `root`."""
    roots = [_real(p if p.is_dir() else p.parent) for p in paths]
    if root is not None:
        roots.insert(0, _real(root))
    return list(dict.fromkeys(roots))


def load_spec(paths: list[Path], overlay: dict[Path, str] | None = None, *,
              root: Path | None = None, cache: ParseCache | None = None) -> LoadedSpec:
    """Every file the paths name or include, parsed; with the diagnostics of loading.

    Includes must resolve inside `spec_roots(paths, root)`. With a `cache`, files whose
    bytes did not change since its last use are not parsed again (see `parse.cache`)."""
    loader = _Loader(overlay, spec_roots(paths, root), cache)
    for path in paths:
        if path.is_dir():
            found = _spec_files(path)
            if not found:
                loader.result.diagnostics.append(Diagnostic(
                    codes.NO_SPECS, Span.whole(display_path(path)),
                    f"no {SPEC_SUFFIX} files in this directory"))
            for file in found:
                if _inside(_real(file), loader.roots):
                    loader.load(file)
                else:
                    loader.report(codes.INCLUDE_OUTSIDE_ROOT, Span.whole(display_path(file)),
                                  "this file is a symbolic link to a path outside the spec "
                                  f"root: {_real(file).as_posix()}")
        else:
            loader.load(path)
    loader.cycles()
    if cache is not None:
        cache.sweep()
    return loader.result
