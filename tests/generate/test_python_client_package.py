"""`gen python-client`: the same bytes from a spec and from its IR, a rerun writes
nothing, and the package imports nothing of mizan-spec or a server framework."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "examples" / "library" / "spec"
IR = ROOT / "examples" / "library" / "fastapi_app" / "api" / "api.ir.kdl"


def gen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python-client",
                           *map(str, args)], capture_output=True, text=True, timeout=120)


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".py", ".kdl")}


def test_spec_and_ir_give_one_package(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "client_pkg", tmp_path / "b" / "client_pkg"
    assert gen(SPEC, "--out", a).returncode == 0
    assert gen(IR, "--out", b).returncode == 0
    assert set(files(a)) == {"__init__.py", "api.ir.kdl", "client.py", "models.py"}
    assert files(a)["api.ir.kdl"] == files(b)["api.ir.kdl"] == IR.read_bytes()
    assert files(a)["client.py"].split(b"\n")[3:] == files(b)["client.py"].split(b"\n")[3:]
    again = gen(SPEC, "--out", a)
    assert again.stderr.strip() == f"{a}: 0 written, 4 unchanged"
    imported: set[str] = set()
    for name, text in files(a).items():
        if not name.endswith(".py"):
            continue
        tree = ast.parse(text)
        imported |= {(n.module or "").split(".")[0] for n in tree.body
                     if isinstance(n, ast.ImportFrom) and n.level == 0}
        imported |= {alias.name.split(".")[0] for n in tree.body
                     if isinstance(n, ast.Import) for alias in n.names}
    third_party = imported - set(sys.stdlib_module_names) - {"__future__"}
    assert third_party == {"httpx", "pydantic", "pydantic_core"}
    # the WebSocket's package only when the client opens its socket (the library
    # has websocket functions): installing it is for those who use the socket
    text = files(a)["client.py"].decode()
    assert "\nimport websockets" not in text and "        import websockets\n" in text
