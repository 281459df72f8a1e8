"""Every Python file the generators write, for every valid conformance spec, the examples
and a spec of long names and docs, is laid out alike: no line over 100 columns, every
string literal in double quotes, `Field(...)` keywords in one order (`alias`,
`description`, then the constraints), in models.py as in the interface, and the client's
result adapters named after their function."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.generate.python.render import render_python
from mizan_spec.generate.python_client_package import render_client_package
from mizan_spec.ir.model import IR
from tests.generate.test_generated_lint import LONG_NAMES, SPECS

FIELD_ORDER = ["alias", "description", "ge", "le", "min_length", "max_length", "pattern"]


def _irs(tmp: Path) -> dict[str, IR]:
    long_names = tmp / "long.mizan.kdl"
    long_names.write_text(LONG_NAMES)
    out = {}
    for spec in [*SPECS, long_names]:
        compiled = compile_spec([spec])
        assert compiled.ir is not None, spec
        out[f"{spec.parent.name}/{spec.name}"] = compiled.ir
    return out


def _python_files(ir: IR) -> dict[str, str]:
    files: dict[str, str] = {}
    for backend in ("fastapi", "django"):
        for style in ("sync", "async"):
            package = render_python(ir, backend=backend, spec_label="../spec", style=style)
            for name, text in {**package.generated, **package.scaffold}.items():
                if name.endswith(".py"):
                    files[f"{backend}-{style}/{name}"] = text
    for name, text in render_client_package(ir, "../spec").items():
        if name.endswith(".py"):
            files[f"python-client/{name}"] = text
    return files


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    files = {f"{spec}:{name}": text
             for spec, ir in _irs(tmp_path_factory.mktemp("specs")).items()
             for name, text in _python_files(ir).items()}
    assert len(files) > 100
    return files


def test_no_generated_line_is_longer_than_100_columns(generated: dict[str, str]) -> None:
    long = [f"{name}:{i}: {len(line)}" for name, text in generated.items()
            for i, line in enumerate(text.split("\n"), 1) if len(line) > 100]
    assert not long


def test_every_string_literal_is_double_quoted(generated: dict[str, str]) -> None:
    single = [f"{name}:{token.start[0]}: {token.string}" for name, text in generated.items()
              for token in tokenize.generate_tokens(io.StringIO(text).readline)
              if token.type == tokenize.STRING
              and token.string.lstrip("rbuRBU")[:1] == "'"]
    assert not single


def test_field_keywords_come_in_one_order_in_every_file(generated: dict[str, str]) -> None:
    seen: set[str] = set()
    for name, text in generated.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Field",
                                                                                "_Field"):
                keywords = [k.arg for k in node.keywords if k.arg is not None]
                assert keywords == sorted(keywords, key=FIELD_ORDER.index), (name, keywords)
                seen.add(name.rsplit("/", 1)[-1])
    assert {"models.py", "interface.py", "impl.py"} <= seen  # the rule has something to check


def test_client_result_adapters_are_named_after_their_function(
        generated: dict[str, str]) -> None:
    library = compile_spec([p for p in SPECS if p.parent.name == "library"])
    assert library.ir is not None
    client = render_client_package(library.ir, "../spec")["client.py"]
    for f in library.ir.functions:
        if f.returns is not None and f.route is None:
            assert f"\n_{f.name}_result: TypeAdapter[" in client, f.name
            assert f"return _{f.name}_result.validate_python(" in client, f.name
    for name, text in generated.items():
        assert not re.search(r"\b_R\d+\b", text), name
