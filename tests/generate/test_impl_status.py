"""`gen python` ends by naming the methods impl.py lacks or declares differently, as
stubs that, pasted into the class, make the app start; it still exits 0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mizan_spec.generate.python.impl_status import impl_status
from mizan_spec.runtime.implementation import ImplementationError
from tests.generate.pkgutil import gen_python, import_package

ROOT = Path(__file__).parent.parent.parent
BLOG = ROOT / "examples" / "blog" / "spec"


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    return spec


def _paste(out: Path, report: str) -> None:
    """Do what the report says, as an author would: add its imports at the top, its stubs
    at the end of the class (a later def replaces an earlier one)."""
    text = (out / "impl.py").read_text()
    imports, _, stubs = report.partition("Paste into class Implementation")
    stubs = stubs.split("\n", 1)[1]
    wanted = [line for line in imports.splitlines() if line.startswith(("from ", "import "))]
    head, _, rest = text.partition("\n\nclass Implementation")
    text = head + "\n" + "".join(f"{line}\n" for line in wanted) + "\n\nclass Implementation"
    (out / "impl.py").write_text(text + rest.rstrip("\n") + "\n" + stubs.rstrip("\n") + "\n")


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_new_and_changed_functions_are_listed_with_stubs_that_work(
        tmp_path: Path, backend: str) -> None:
    spec, out = _spec(tmp_path), tmp_path / "api"
    first = gen_python(spec, out, backend)
    assert first.exit_code == 0 and "does not match" not in first.output  # fresh scaffold
    blog = spec / "blog.mizan.kdl"
    text = blog.read_text().replace("param post_id int\n}\nfunction ping",
                                    "param post_id str\n}\nfunction ping")
    blog.write_text(text + "type Comment {\n    field body str\n}\n"
                    "function add_comment returns=Comment {\n"
                    "    doc \"Comment on a post.\"\n"
                    "    param post_id int\n    param body str min-length=1\n}\n")
    result = gen_python(spec, out, backend)
    assert result.exit_code == 0, result.output
    report = result.output
    assert "impl.py does not match the spec: 2 methods to add or fix" in report
    assert "  - add_comment: missing" in report
    assert "  - like_post: parameter `post_id` is int, the spec says str" in report
    assert "from .models import Comment" in report
    request = "Request" if backend == "fastapi" else "HttpRequest"
    assert f"    def like_post(self, call: Call[{request}], *, post_id: str) -> None:" in report
    assert '        """Comment on a post."""' in report
    package, impl = import_package(out)
    with pytest.raises(ImplementationError):
        package.build_registry(impl.Implementation())
    _paste(out, report)
    package, impl = import_package(out)
    package.build_registry(impl.Implementation())  # the pasted stubs satisfy the interface
    settled = gen_python(spec, out, backend)
    assert settled.exit_code == 0 and "does not match" not in settled.output


def test_the_report_repeats_while_nothing_is_regenerated(tmp_path: Path) -> None:
    spec, out = _spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    impl = out / "impl.py"
    impl.write_text(impl.read_text().replace("def ping(", "def pong("))
    result = gen_python(spec, out, "fastapi")
    assert result.exit_code == 0 and "up to date" in result.output
    assert "  - ping: missing" in result.output
    assert "    def ping(self, call: Call[Request]) -> None:" in result.output


INTERFACE = '''\
from typing import Annotated, Protocol
from pydantic import Field
from .models import Post


class Api(Protocol):
    def get(self, call: Call, *, post_id: int, tag: Annotated[str, Field(min_length=1)],
            note: str | None = None) -> list[Post]:
        ...

    def ping(self, call: Call) -> None:
        ...
'''


def test_same_types_spelled_differently_are_not_reported() -> None:
    impl = '''\
import typing
from typing import Optional, List
from . import models


class Implementation:
    def get(self, call, *, post_id: "int", tag: str,
            note: Optional[str] = None) -> typing.List[models.Post]:
        return []

    ping = staticmethod(lambda call: None)
'''
    assert impl_status(INTERFACE, impl).problems == ()


def test_parameter_kinds_return_types_and_unreadable_files() -> None:
    impl = '''\
class Implementation:
    def get(self, call, post_id: int, tag: str, note: str | None = None) -> list[Post]:
        return []

    def ping(self, call) -> int:
        return 0
'''
    status = impl_status(INTERFACE, impl)
    assert [(p.name, p.problem) for p in status.problems] == [
        ("get", "its parameters differ"),
        ("ping", "the return type is int, the spec says None")]
    assert status.imports == ("from typing import Annotated", "from pydantic import Field",
                              "from .models import Post")
    assert impl_status(INTERFACE, "class Implementation(:\n").note is not None
    assert "no class Implementation" in (impl_status(INTERFACE, "x = 1\n").note or "")
    inherited = impl_status(INTERFACE, "class Implementation(Base):\n    pass\n")
    assert all("base class" in p.problem for p in inherited.problems)


def test_methods_the_spec_dropped_are_named(tmp_path: Path) -> None:
    spec, out = _spec(tmp_path), tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    blog = spec / "blog.mizan.kdl"
    blog.write_text(blog.read_text().replace("function ping\n", ""))
    result = gen_python(spec, out, "fastapi")
    assert result.exit_code == 0, result.output
    assert "impl.py: the spec no longer declares ping;" in result.output
    assert "does not match" not in result.output  # an extra method breaks nothing
    package, impl = import_package(out)
    package.build_registry(impl.Implementation())


SCAFFOLD_SPECS = [*sorted(p for p in (ROOT / "examples").glob("*/spec") if p.is_dir()),
                  ROOT / "spec" / "conformance" / "valid" / "all-features"]


@pytest.mark.parametrize("spec", SCAFFOLD_SPECS, ids=lambda p: p.parent.name
                         if p.name == "spec" else p.name)
def test_the_scaffold_is_what_the_interface_asks_for(spec: Path) -> None:
    """`gen python` skips the check on a run that has just written impl.py from the
    scaffold: that is only right while the scaffold of every spec matches its interface."""
    from mizan_spec.compile import compile_spec
    from mizan_spec.generate.python.render import render_python

    compiled = compile_spec([spec])
    assert compiled.ir is not None and not compiled.errors
    for backend in ("fastapi", "django"):
        for style in ("sync", "async"):
            package = render_python(compiled.ir, backend=backend, spec_label="spec",
                                    style=style)
            status = impl_status(package.generated["interface.py"], package.scaffold["impl.py"])
            assert (status.problems, status.imports, status.note) == ((), (), None), (
                backend, style, status)
