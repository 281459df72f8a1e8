"""Generated code for the `email` and `url` scalars: the runtime's `Email` / `Url` in a
server package (checked by mypy --strict, exporting the spec's IR), plain `str` in a
standalone client package, `string` in TypeScript, the rule in JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.ir import formats
from tests.generate.pkgutil import gen_python, import_package

ROOT = Path(__file__).parent.parent.parent
CASE = ROOT / "spec" / "conformance" / "valid" / "email-url"


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_server_models_use_the_runtime_annotations_and_pass_mypy(tmp_path: Path,
                                                                 backend: str) -> None:
    out = tmp_path / "app" / "api"
    assert gen_python(CASE, out, backend).exit_code == 0
    (tmp_path / "app" / "__init__.py").write_text("")
    models = (out / "models.py").read_text()
    assert "from mizan_spec.runtime import Email, Url" in models
    assert "address: Email\n" in models and "site: Url | None = None\n" in models
    assert "EmailStr" not in models and "AnyUrl" not in models
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           str(tmp_path / "app")], capture_output=True, text=True, cwd=tmp_path)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    package, _ = import_package(out)
    contact = package.models.Contact
    good = contact(address="a@example.com", site=None, cc=["b@example.org"])
    assert good.home == "https://example.com/"
    with pytest.raises(ValueError, match="must be an email address"):
        contact(address="not an address", cc=[])


def test_json_schema_states_the_format_and_the_rule(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(CASE, out, "fastapi").exit_code == 0
    schema = json.loads((out / "schema.json").read_text())
    props = schema["$defs"]["Contact"]["properties"]
    assert props["address"] == {"type": "string", "format": "email",
                                "pattern": formats.EMAIL_PATTERN,
                                "maxLength": formats.EMAIL_MAX_LENGTH}
    assert props["site"]["type"] == ["string", "null"] and props["site"]["format"] == "uri"
    assert props["site"]["pattern"] == formats.URL_PATTERN


def test_client_package_and_typescript_carry_plain_strings(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["gen", "python-client", str(CASE), "--out", str(tmp_path / "c")])
    assert done.exit_code == 0, done.output
    models = (tmp_path / "c" / "models.py").read_text()
    assert "mizan_spec" not in models and "address: str\n" in models
    assert "cc: list[str]\n" in models
    client = (tmp_path / "c" / "client.py").read_text()
    assert "notify: str | Unset | None = UNSET" in client
    done = runner.invoke(cli, ["gen", "typescript", str(CASE), "--out", str(tmp_path / "ts")])
    assert done.exit_code == 0, done.output
    assert "  address: string;\n" in (tmp_path / "ts" / "types.ts").read_text()
    args = (tmp_path / "ts" / "args.ts").read_text()
    assert "  notify?: string | null;\n" in args
    assert "  links: { [key: string]: string };\n" in args


def test_openapi_states_the_rule_for_parameters() -> None:
    done = CliRunner().invoke(cli, ["openapi", str(CASE)])
    assert done.exit_code == 0, done.output
    text = done.stdout
    doc = json.loads(text)
    args = next(s for name, s in doc["components"]["schemas"].items()
                if "fallback" in s.get("properties", {}))
    fallback = args["properties"]["fallback"]
    assert (fallback["format"], fallback["pattern"], fallback["maxLength"]) == (
        "email", formats.EMAIL_PATTERN, formats.EMAIL_MAX_LENGTH)
    assert args["properties"]["links"]["additionalProperties"]["format"] == "uri"
