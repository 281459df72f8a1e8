"""`gen python` on a spec with channels: refused with a message, nothing written, since
a package without them would export another IR (and IR hash) than the spec's. Clients
are generated (their IR hash is the spec's)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir, ir_hash
from tests.generate.pkgutil import gen_python

CASE = Path(__file__).parents[2] / "spec" / "conformance" / "valid" / "channels"


def test_gen_python_refuses_a_spec_with_channels(tmp_path: Path) -> None:
    for backend in ("fastapi", "django"):
        out = tmp_path / backend
        result = gen_python(CASE, out, backend)
        assert result.exit_code == 1
        assert "declares channels (admin, alerts, chat, scores)" in result.output
        assert "Traceback" not in result.output
        assert not out.exists() or not any(out.iterdir())


def test_clients_of_a_spec_with_channels_carry_the_spec_ir_hash(tmp_path: Path) -> None:
    compiled = compile_spec([CASE])
    assert compiled.ir is not None
    expected = ir_hash(emit_ir(compiled.ir))
    result = CliRunner().invoke(cli, ["gen", "typescript", str(CASE), "--out",
                                      str(tmp_path / "ts")])
    assert result.exit_code == 0, result.output
    assert expected in (tmp_path / "ts" / "api.ts").read_text(encoding="utf-8")
