"""Spec names never break generated Python: whatever a spec that `check` accepts calls
its types, enums, members, fields, functions, parameters, contexts and predicates, even
`Any`, `Field`, `BaseModel`, `Call`, `Client`, `call`, `self`, `int` or `date`, and
whatever it calls a form and its fields (`ContactData` beside a form `contact`, a field
`forms` or `class`), `gen python` succeeds on both backends, the package imports, and the
app exports exactly api.ir.kdl; a fixed spec full of such names is also clean under mypy
--strict and ruff. (The form has no `url` field: Django's URLField reads settings, and
this process leaves Django unconfigured.)"""

from __future__ import annotations

import builtins
import inspect
import keyword
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import django.forms
import django.http
import django.urls
import fastapi
import httpx
import pydantic
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mizan_spec.check.names import IDENTIFIER, _name_problem
from mizan_spec.compile import compile_spec
from mizan_spec.diagnostics.codes import Severity
from mizan_spec.generate.python.forms import DJANGO_FORM_ATTRIBUTES
from mizan_spec.ir.emit import emit_ir
from tests.generate.pkgutil import gen_python, import_package
from tests.generate.test_generated_lint import ruff_config

HELPERS = [  # what generated modules define, import or use as locals
    "Api", "Implementation", "IR_HASH", "IMPLEMENTATION_MODULE", "build_registry",
    "create_router", "urls", "impl", "registry", "Call", "Registry", "check_implementation",
    "DEFAULT_MAX_BODY", "mizan_router", "mizan_urls", "APIRouter", "URLPattern", "Response",
    "HttpResponse", "Callable", "Protocol", "Annotated", "Field", "BaseModel", "ConfigDict",
    "StrEnum", "Enum", "UUID", "Decimal", "date", "datetime", "uuid", "decimal", "Client",
    "AsyncClient", "MizanError", "Issue", "Session", "Outcome", "Reply", "Invalidate", "Merge",
    "Unset", "UNSET", "IrHashWarning", "IrHashMismatch", "ERRORS", "STATUSES", "JsonValue",
    "TypeAdapter", "to_jsonable_python", "Mapping", "Self", "Generic", "TypeVar", "Literal",
    "cast", "dataclass", "json", "warnings", "inspect", "httpx", "models", "call", "self",
    "call_raw", "session", "close", "aclose", "fetch_context", "http", "headers", "base_url",
    "args", "results", "value", "ok", "error", "result", "fetch_user", "UserContext",
    "GlobalContext", "model_config", "model_fields", "schema", "copy", "dict", "validate",
    "name", "mro", "builtins", "NotAuthenticated", "InvalidArgs", "BadResponse",
    # forms: what a form `contact` is generated as, and what forms.py imports
    "contact", "ContactData", "ContactForm", "ContactArgs", "contact_form", "on_submit_contact",
    "contact_submit", "TypedDict", "FormErrors", "forms", "fields", "choices", "ENUMS", "FORMS",
    "locals", "data", "clean", "errors", "cleaned_data", "is_valid", "base_fields",
]


def _exports(module: object) -> list[str]:
    """What a module exports, leaving out its submodules: those appear as attributes only
    once something imports them, so the pool (and the examples drawn from it) would
    depend on which tests ran before."""
    names = getattr(module, "__all__", None) or dir(module)
    return [n for n in names if isinstance(n, str)
            and not isinstance(getattr(module, n, None), ModuleType)]


POOL = sorted({n for n in [*dir(builtins), *keyword.kwlist, *keyword.softkwlist,
                           *_exports(typing), *_exports(pydantic), *_exports(fastapi),
                           *_exports(django.http), *_exports(django.urls), *_exports(httpx),
                           *HELPERS] if IDENTIFIER.match(n)})


def _accepted(kind: str) -> list[str]:
    """Names the checker accepts for this kind of declaration (warnings allowed)."""
    return [n for n in POOL if (p := _name_problem(kind, n)) is None
            or p[0].severity is Severity.WARNING]


def _names(pool: list[str]) -> st.SearchStrategy[str]:
    """Names from the pool, the generated code's own names half the time."""
    helpers = [n for n in HELPERS if n in pool]
    return st.one_of(st.sampled_from(helpers), st.sampled_from(pool))


TYPES, FUNCTIONS = _names(_accepted("type")), _names(_accepted("function"))
CONTEXTS, PREDICATES = _names(_accepted("context")), _names(_accepted("predicate"))
ANY = _names(POOL)


FORM_FIELDS = ["class", "forms", "decimal", "choices", "locals", "data", "ENUMS", "fields",
               "builtins"]


def spec_text(t: list[str], e: str, m: list[str], f: list[str], fn: list[str],
              p: list[str], c: str, pr: str, form: str = "contact",
              ff: list[str] = FORM_FIELDS) -> str:
    """Every role a name can play: types, an enum and members, fields of each kind,
    functions (a context member, one with a predicate and affects), parameters, a form
    guarded by the predicate and its fields of every kind but `url`."""
    return f"""mizan 1
enum {e} {{
    {m[0]}
    {m[1]}
}}
type {t[0]} {{
    doc "Holds {f[0]}."
    field {f[0]} {e} default={m[1]}
    field {f[1]} "{t[1]}?"
    field {f[2]} json
    field {f[3]} "date?" default=#null
}}
type {t[1]} {{
    field {f[0]} int default=1
    field {f[4]} "dict[str, list[{e}]]"
}}
context {c}
predicate {pr}
function {fn[0]} context={c} returns="{t[0]}?" {{
    param {p[0]} int default=0
}}
function {fn[1]} auth={pr} returns="list[{t[1]}]" {{
    param {p[1]} {t[0]}
    param {p[2]} json
    param {p[3]} "date?"
    param {p[4]} {e} default={m[0]}
    affects {c} {fn[0]}
}}
function {fn[2]} returns=decimal {{
    param {p[0]} uuid
    param {p[5]} "list[{t[1]}]"
}}
form {form} auth={pr} returns={t[1]} {{
    field {ff[0]} text pattern="^[a-z]" max-length=20
    field {ff[1]} email required=#false
    field {ff[2]} integer min=0 required=#false
    field {ff[3]} decimal min="0.5" required=#false
    field {ff[4]} date required=#false
    field {ff[5]} boolean required=#false
    field {ff[6]} choice enum={e}
    field {ff[7]} choices enum={e} required=#false
    field {ff[8]} textarea required=#false
}}
"""


ADVERSARIAL = [
    spec_text(["Field", "BaseModel"], "Any", ["name", "from"],
              ["Any", "date", "json", "model_config", "schema"],
              ["call", "int", "Call"], ["call", "self", "impl", "json", "int", "args"],
              "Client", "Protocol"),
    spec_text(["UserContext", "Client"], "Api", ["value", "mro"],
              ["Client", "int", "copy", "self", "call"],
              ["session", "impl", "IMPLEMENTATION_MODULE"],
              ["registry", "results", "Implementation", "Unset", "date", "from"],
              "user", "check_implementation"),
    spec_text(["Annotated", "Registry"], "StrEnum", ["Any", "str"],
              ["UUID", "Decimal", "Field", "BaseModel", "list"],
              ["datetime", "registry", "Any"],
              ["Call", "Field", "Annotated", "dict", "str", "uuid"],
              "global", "Api"),
    # an enum named like build_registry's locals, a default naming its member
    spec_text(["impl", "Bb"], "registry", ["fetch_context", "value"],
              ["f1", "f2", "f3", "f4", "f5"], ["first", "second", "third"],
              ["p1", "p2", "p3", "p4", "RawPostDataException", "p6"],
              "user", "RawPostDataException"),
]


def _generate_and_export(spec: Path, root: Path) -> list[Path]:
    compiled = compile_spec([spec])
    assert compiled.ir is not None
    outs = []
    for backend in ("fastapi", "django"):
        out = root / f"{root.name}_{backend}" / "api"
        result = gen_python(spec, out, backend)
        assert result.exit_code == 0, result.output
        package, impl = import_package(out)
        registry = package.build_registry(impl.Implementation())
        assert registry.ir_text() == (out / "api.ir.kdl").read_text() == emit_ir(compiled.ir)
        outs.append(out)
    return outs


def test_the_django_form_attributes_are_all_known() -> None:
    """Every attribute of Django's forms is one a form field is set around (forms.py)."""
    public = {n for n in dir(django.forms.Form) if not n.startswith("_")}
    assert public <= DJANGO_FORM_ATTRIBUTES, sorted(public - DJANGO_FORM_ATTRIBUTES)
    init = inspect.getsource(django.forms.BaseForm.__init__)
    assigned = set(re.findall(r"self\.([a-z]\w*) =", init))
    assert assigned, init
    assert assigned <= DJANGO_FORM_ATTRIBUTES, sorted(assigned - DJANGO_FORM_ATTRIBUTES)


def test_specs_of_shadowing_names_generate_clean_python(tmp_path: Path) -> None:
    outs = []
    for i, text in enumerate(ADVERSARIAL):
        spec = tmp_path / f"spec{i}.mizan.kdl"
        spec.write_text(text)
        compiled = compile_spec([spec])
        assert not compiled.errors, [d.message for d in compiled.errors]
        outs += _generate_and_export(spec, tmp_path / f"s{i}")
    for out in outs:
        (out.parent / "__init__.py").write_text("")
    checked = [str(out) for out in outs]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           *checked], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                           str(ruff_config(tmp_path)), *checked],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(types=st.lists(TYPES, min_size=3, max_size=3, unique=True),
       members=st.lists(ANY, min_size=2, max_size=2, unique=True),
       fields=st.lists(ANY, min_size=5, max_size=5, unique=True),
       functions=st.lists(FUNCTIONS, min_size=3, max_size=3, unique=True),
       params=st.lists(ANY, min_size=6, max_size=6, unique=True),
       context=CONTEXTS, predicate=PREDICATES, form=FUNCTIONS,
       form_fields=st.lists(ANY, min_size=9, max_size=9, unique=True))
def test_check_clean_means_gen_python_works(tmp_path_factory: object, types: list[str],
                                            members: list[str], fields: list[str],
                                            functions: list[str], params: list[str],
                                            context: str, predicate: str, form: str,
                                            form_fields: list[str]) -> None:
    spec_dir = tmp_path_factory.mktemp("names")  # type: ignore[attr-defined]
    spec = spec_dir / "spec.mizan.kdl"
    spec.write_text(spec_text(types[:2], types[2], members, fields, functions, params,
                              context, predicate, form, form_fields))
    compiled = compile_spec([spec])
    assume(not compiled.errors)
    _generate_and_export(spec, spec_dir)
    shutil.rmtree(spec_dir, ignore_errors=True)
