"""Includes stay inside the spec root, and no diagnostic shows what a non-spec file holds.

A spec under review (an untrusted pull request in CI) must not be able to print files of
the machine that checks it: not through `include`, not through a symbolic link, not
through a syntax error or an unknown-node message quoting the file. Every kind of path
that is not a readable regular file gets its own message, in bounded time.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mizan_spec.compile import Compilation, compile_spec
from mizan_spec.diagnostics.render import render_github, render_json, render_text
from mizan_spec.diagnostics.sarif import render_sarif

SECRET = "hunter2-do-not-print"
FORMATS = ("text", "json", "github", "sarif")


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """stdout and stderr of `mizan-spec ARGS`, run as a user (or a CI job) would."""
    run = subprocess.run([sys.executable, "-m", "mizan_spec", *args], cwd=cwd,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, **(env or {})})
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout + run.stderr


def rendered(result: Compilation) -> str:
    return "".join([render_text(result.diagnostics, result.sources),
                    render_json(result.diagnostics), render_github(result.diagnostics),
                    render_sarif(result.diagnostics)])


def where(result: Compilation) -> list[tuple[str, str, int, int]]:
    return [(d.code.id, d.span.path, d.span.line, d.span.col) for d in result.diagnostics]


def spec(directory: Path, body: str, name: str = "spec.mizan.kdl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("mizan 1\n" + body + "function f returns=int\n")
    return path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret file beside the project, the way /etc/shadow is beside a checkout."""
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_text(f"root:{SECRET}:19000:0:99999:7:::\ntype A\n")
    return secret


# -- the spec root -----------------------------------------------------------------------

def test_process_environment_is_out_of_reach(tmp_path: Path) -> None:
    spec(tmp_path, 'include "/proc/self/environ"\n')
    for fmt in FORMATS:
        out = cli("check", "--format", fmt, ".", cwd=tmp_path, env={"MIZAN_SECRET": SECRET})
        assert SECRET not in out
        assert "E009" in out and "/proc/self/environ" in out


@pytest.mark.parametrize("written", ["../outside/shadow", "../../{up}/outside/shadow"])
def test_include_above_the_root_names_the_path_only(tmp_path: Path, outside: Path,
                                                    written: str) -> None:
    project = tmp_path / "project"
    written = written.format(up=tmp_path.name)
    spec(project, f'include "{written}"\n')
    out = cli("check", ".", cwd=project)
    assert SECRET not in out and "19000:0" not in out
    assert "E009" in out and written in out
    result = compile_spec([project])
    [d] = result.diagnostics
    assert (d.code.id, d.span.line, d.span.col) == ("E009", 2, 9)
    assert outside.as_posix() in (d.hint or "")
    assert SECRET not in rendered(result)


def test_symbolic_link_out_of_the_root_is_refused(tmp_path: Path, outside: Path) -> None:
    project = tmp_path / "project"
    spec(project, 'include "types.mizan.kdl"\n')
    (project / "types.mizan.kdl").symlink_to(outside)  # also found by the directory walk
    result = compile_spec([project])  # at the include, and where the walk found the link
    assert [c for c, *_ in where(result)] == ["E009", "E009"]
    assert SECRET not in rendered(result)
    assert SECRET not in cli("check", ".", cwd=project)


def test_links_and_subdirectories_inside_the_root_are_followed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    spec(project / "parts", "", "types.mizan.kdl")
    spec(project / "api", 'include "../parts/types.mizan.kdl"\ninclude "link.mizan.kdl"\n')
    (project / "api" / "link.mizan.kdl").symlink_to(project / "parts" / "types.mizan.kdl")
    result = compile_spec([project / "api"], root=project)
    assert [d.code.id for d in result.errors] == ["E203"]  # `f` twice: both files were read
    refused = compile_spec([project / "api"])
    # the walk's link, the include of it, and the include that climbs out
    assert [d.code.id for d in refused.errors] == ["E009", "E009", "E009"]


def test_configured_root_widens_the_cli(tmp_path: Path) -> None:
    spec(tmp_path / "shared", "", "types.mizan.kdl")
    (tmp_path / "shared" / "types.mizan.kdl").write_text("mizan 1\ntype T { field x int }\n")
    spec(tmp_path / "spec", 'include "../shared/types.mizan.kdl"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.mizan-spec]\npaths = ["spec"]\n')
    assert "E009" in cli("check", cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mizan-spec]\npaths = ["spec"]\nroot = "."\n')
    out = cli("check", cwd=tmp_path)
    assert "E009" not in out and "(2 files)" in out
    (tmp_path / "pyproject.toml").write_text('[tool.mizan-spec]\nroot = "nowhere"\n')
    assert "configured spec root" in cli("check", "spec", cwd=tmp_path)


# -- nothing quoted from a file that is not a spec ---------------------------------------

@pytest.mark.parametrize("content", [
    f"password={SECRET}\nline with a NUL \x00 byte\n".encode(),  # once an E006 excerpt
    f"root:{SECRET}:0:0\nsecond {SECRET} line\n".encode(),  # once E103 messages
    f'key "{SECRET}\n'.encode(),  # once an E005 excerpt and message
    f"{SECRET}\n\xff\xfe".encode("latin-1"),  # not UTF-8
    f"/* mizan 1 */ {SECRET}".encode(),
])
def test_a_file_that_is_not_a_spec_is_reported_at_line_one(tmp_path: Path,
                                                           content: bytes) -> None:
    spec(tmp_path, 'include "notes.txt"\n')
    (tmp_path / "notes.txt").write_bytes(content)
    result = compile_spec([tmp_path])
    [d] = result.diagnostics
    assert (Path(d.span.path).name, d.span.line, d.span.col) == ("notes.txt", 1, 1)
    assert d.code.id in ("E101", "E003")
    assert SECRET not in rendered(result)
    assert d.span.path not in result.sources
    assert SECRET not in cli("check", ".", cwd=tmp_path)  # every format: rendered() above


def test_a_spec_with_an_error_is_still_quoted(tmp_path: Path) -> None:
    path = spec(tmp_path, "// a comment first is fine\nfunction g returns=Nope\n")
    path.write_text("/* header /* nested */ */\n" + path.read_text())
    result = compile_spec([path])
    assert " 4 | function g returns=Nope" in render_text(result.diagnostics, result.sources)


# -- paths that are not regular files ----------------------------------------------------

def message_at_include(tmp_path: Path, target: str, root: Path | None = None) -> tuple[str, str]:
    spec(tmp_path, f'include "{target}"\n')
    start = time.perf_counter()
    result = compile_spec([tmp_path / "spec.mizan.kdl"], root=root)
    assert time.perf_counter() - start < 5
    [d] = result.diagnostics
    assert (d.span.line, d.span.col) == (2, 9)
    return d.code.id, d.message


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "parts.mizan.kdl").mkdir()
    code, message = message_at_include(tmp_path, "parts.mizan.kdl")
    assert code == "E010" and "is a directory" in message


def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.mizan.kdl")
    code, message = message_at_include(tmp_path, "pipe.mizan.kdl")
    assert code == "E010" and "named pipe" in message
    result = compile_spec([tmp_path / "pipe.mizan.kdl"])  # named on the command line too
    assert [d.code.id for d in result.diagnostics] == ["E010"]


def test_device_is_never_read(tmp_path: Path) -> None:
    code, message = message_at_include(tmp_path, "/dev/zero", root=Path("/"))
    assert code == "E010" and "character device" in message
    start = time.perf_counter()
    result = compile_spec([Path("/dev/zero")])
    assert time.perf_counter() - start < 1
    assert [d.code.id for d in result.diagnostics] == ["E010"]


def test_symbolic_link_loop(tmp_path: Path) -> None:
    (tmp_path / "a.mizan.kdl").symlink_to(tmp_path / "b.mizan.kdl")
    (tmp_path / "b.mizan.kdl").symlink_to(tmp_path / "a.mizan.kdl")
    code, message = message_at_include(tmp_path, "a.mizan.kdl")
    assert code == "E002" and "loop of symbolic links" in message


def test_missing_file(tmp_path: Path) -> None:
    code, message = message_at_include(tmp_path, "gone.mizan.kdl")
    assert code == "E007" and "does not exist" in message


def test_impossible_names(tmp_path: Path) -> None:
    code, message = message_at_include(tmp_path, "a\\u{0}b.mizan.kdl")
    assert code == "E007" and "NUL" in message
    code, message = message_at_include(tmp_path, "x" * 5000)
    assert code == "E002" and "too long" in message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.mizan.kdl"
    locked.write_text("mizan 1\n")
    if os.geteuid() != 0:  # a real permission problem where the test user has one
        locked.chmod(0)
    else:  # root reads everything: make the open fail as it would for anyone else
        real_open = os.open

        def guarded(path: object, flags: int, *args: int) -> int:
            if str(path).endswith("locked.mizan.kdl"):
                raise PermissionError(13, "Permission denied")
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", guarded)
    code, message = message_at_include(tmp_path, "locked.mizan.kdl")
    assert code == "E002" and "permission denied" in message
    assert stat.S_ISREG(os.stat(locked).st_mode)


# -- the summary counts the files read ---------------------------------------------------

def test_summary_counts_a_file_that_did_not_parse(tmp_path: Path) -> None:
    (tmp_path / "spec.mizan.kdl").write_text('mizan 1\ntype A { field x "str\n}\n')
    out = cli("check", ".", cwd=tmp_path)
    assert "1 error (1 file)" in out
    spec(tmp_path / "more", "")
    out = cli("check", ".", "--format", "text", cwd=tmp_path)
    assert "1 error (2 files)" in out
    doc = json.loads(cli("check", "--format", "json", ".", cwd=tmp_path))
    assert doc["errors"] == 1
