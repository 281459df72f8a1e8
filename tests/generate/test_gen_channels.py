"""`gen python` on a spec with channels: the package declares them (params models,
`authorize_<name>` / `on_send_<name>` in the interface, typed publishers), exports the
spec's IR byte for byte, passes mypy --strict and ruff, and mypy refuses a publish of the
wrong message type. Clients carry the spec's IR hash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.runtime.implementation import ImplementationError
from tests.generate.pkgutil import gen_python, import_package

CASE = Path(__file__).parents[2] / "spec" / "conformance" / "valid" / "channels"
BACKENDS = ("fastapi", "django")
CASES = [(b, s) for b in BACKENDS for s in ("sync", "async")]


def _spec_ir() -> str:
    compiled = compile_spec([CASE])
    assert compiled.ir is not None
    return emit_ir(compiled.ir)


@pytest.mark.parametrize(("backend", "style"), CASES)
def test_the_package_exports_the_spec_ir(tmp_path: Path, backend: str, style: str) -> None:
    out = tmp_path / "api"
    result = gen_python(CASE, out, backend, "--style", style)
    assert result.exit_code == 0, result.output
    package, impl = import_package(out)
    wiring = sys.modules[f"{package.__name__}.wiring"]
    registry = wiring.build_registry(impl.Implementation())
    spec_ir = _spec_ir()
    assert registry.ir_text() == spec_ir
    assert (out / "api.ir.kdl").read_text(encoding="utf-8") == spec_ir
    assert [c.name for c in registry.channel_entries()] == ["admin", "alerts", "chat", "scores"]
    assert ir_hash(spec_ir) == wiring.IR_HASH


def test_interface_names_one_method_per_supplied_hook(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(CASE, out, "fastapi", "--style", "async").exit_code == 0
    interface = (out / "interface.py").read_text(encoding="utf-8")
    assert "async def authorize_chat(self, call: Call[Request], params: ChatParams) -> bool:" \
        in interface
    assert "async def on_send_admin(" in interface and "async def on_send_chat(" in interface
    assert "on_send_scores" not in interface and "on_send_alerts" not in interface
    assert "group_" not in interface  # the group is the params' canonical JSON
    channels = (out / "channels.py").read_text(encoding="utf-8")
    assert "def publish(self, *, message: Score) -> None:" in channels
    assert "    tier: Tier = Tier.free\n" in channels.split("class ChatPublisher")[0]


def test_the_startup_check_names_missing_channel_methods(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(CASE, out, "fastapi").exit_code == 0
    package, _ = import_package(out)
    wiring = sys.modules[f"{package.__name__}.wiring"]

    class Partial:
        def top_score(self, call: object) -> object:
            raise NotImplementedError

        def in_room(self, call: object, args: object) -> bool:
            return True

    with pytest.raises(ImplementationError) as err:
        wiring.build_registry(Partial())
    missing = sorted(p.method for p in err.value.problems if p.kind == "missing")
    assert missing == ["authorize_admin", "authorize_alerts", "authorize_chat",
                       "authorize_scores", "on_send_admin", "on_send_chat"]


WRONG = '''
from .models import ChatPost, Score


class Publishing(Implementation):
    def top_score(self, call: Call[Request]) -> Score:
        self.channels.scores.publish(message=Score(team="a", points=1))
        self.channels.chat.publish(room="lobby", message=ChatPost(text="hi"))
        return Score(team="a", points=1)
'''


def test_mypy_strict_passes_for_the_package_and_refuses_a_wrong_message(
        tmp_path: Path) -> None:
    spec = tmp_path / "spec"  # beside the output, as in a project: headers name ../../spec
    shutil.copytree(CASE, spec)
    for backend in BACKENDS:
        app = tmp_path / f"app_{backend}"
        assert gen_python(spec, app / "api", backend).exit_code == 0
        (app / "__init__.py").write_text("")
    checked = [str(tmp_path / f"app_{b}") for b in BACKENDS]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           *checked], capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           "--select", "E,F,W,B,UP,SIM", "--line-length", "100", *checked],
                          capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    impl = tmp_path / "app_fastapi" / "api" / "impl.py"
    impl.write_text(impl.read_text(encoding="utf-8") + WRONG, encoding="utf-8")
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           checked[0]], capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 1
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, mypy.stdout
    assert 'Argument "message" to "publish" of "ChatPublisher" has incompatible type ' \
           '"ChatPost"; expected "ChatMessage"' in errors[0]


def test_clients_of_a_spec_with_channels_carry_the_spec_ir_hash(tmp_path: Path) -> None:
    expected = ir_hash(_spec_ir())
    result = CliRunner().invoke(cli, ["gen", "typescript", str(CASE), "--out",
                                      str(tmp_path / "ts")])
    assert result.exit_code == 0, result.output
    assert expected in (tmp_path / "ts" / "api.ts").read_text(encoding="utf-8")


def test_a_generated_name_meeting_a_spec_name_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    spec.write_text("mizan 1\ntype ChatParams {\n    field a int\n}\n"
                    "channel chat message=ChatParams\nfunction authorize_chat\n")
    result = gen_python(spec, tmp_path / "api", "fastapi")
    assert result.exit_code == 1
    # the checker refuses it (E703) before anything is generated
    assert "error[E703]: channel `chat` makes `authorize_chat`" in result.output
    assert "error[E703]: channel `chat` makes `ChatParams`" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "api").exists()
