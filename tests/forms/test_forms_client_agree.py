"""The generated TypeScript client and the servers agree on every form value: a fixed
corpus (client_corpus, derandomized hypothesis) is judged in one Node process by the
generated `contactCheck`/`signupCheck` (as `validate` and as `submit`) and by the zod
schemas, and by `contact.validate`/`.submit` on live FastAPI, Django ASGI and Django
WSGI servers; every case must give the same issues (fields, codes, messages, order)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from client_corpus import UNICODE, corpus
from formcalls import everywhere
from forms_testapp import CONTACT, PATTERNS, SIGNUP, TAKEN, register

from mizan_spec.runtime import Registry
from tests.clients.conftest import node_modules as node_modules  # the fixture
from tests.clients.tsbuild import generate, tsc, workspace

HERE = Path(__file__).resolve().parent
CASES = 240
PATTERN_CASES = 60


def _client_answers(root: Path, cases: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    ir = register(Registry(), django=False).export_ir()
    generate(root, "client", ir, "forms", react=False)
    shutil.copy(HERE / "client" / "agree.ts", root / "agree.ts")
    built = tsc(root)
    assert built.returncode == 0, built.stdout + built.stderr
    run = subprocess.run(["node", str(root / "dist" / "agree.js")], input=json.dumps(cases),
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    answers: list[Any] = json.loads(run.stdout)
    return answers


def _issues(reply: tuple[int, Any], step: str) -> list[Any]:
    status, body = reply
    if step == "validate":
        assert status == 200
        return list(body["result"]["issues"])
    assert status in (200, 422), reply
    return [] if status == 200 else list(body["error"]["issues"])


def test_client_checks_agree_with_every_server(form_servers: dict[str, str],
                                               node_modules: Path, tmp_path: Path) -> None:
    cases = corpus([CONTACT, SIGNUP], CASES, TAKEN) + corpus([PATTERNS], PATTERN_CASES)
    cases += [("patterns", {name: value}) for name in ("digits", "words", "apart", "lines")
              for value in UNICODE]  # each tricky value in each pattern, for certain
    assert len(cases) == CASES + PATTERN_CASES + 4 * len(UNICODE)
    answers = _client_answers(workspace(tmp_path, node_modules), cases)
    flagged = 0
    for (form, args), client in zip(cases, answers, strict=True):
        for step in ("validate", "submit"):
            server = _issues(everywhere(form_servers, f"{form}.{step}", args), step)
            assert client[step] == server, f"{form}.{step} {args!r}"
        assert client["zod"] == client["submit"], args
        flagged += bool(client["validate"])
    # the corpus exercises both sides of the rule
    assert 0 < flagged < len(cases)
