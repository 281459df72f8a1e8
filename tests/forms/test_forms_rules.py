"""Forms in one process, without a server or Django: the shared reading rule, what
registration refuses, what the registry exports, and the protocol's treatment of a
form's functions (predicates, async `on_submit`, failures)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from forms_testapp import CONTACT, SIGNUP, TOPIC, ContactReceipt, register, send

from mizan_spec.ir import form_input
from mizan_spec.ir import model as irm
from mizan_spec.ir.types import Named
from mizan_spec.runtime import Call, Principal, RegistrationError, Registry
from mizan_spec.runtime.forms import FormErrors, wire_names
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.wire import WireRequest


def _call(protocol: Protocol, function: str, args: Any,
          user: Principal | None = None) -> tuple[int, Any]:
    body = json.dumps({"function": function, "args": args}).encode()
    req = WireRequest("POST", "call/", headers={"content-type": "application/json"},
                      body=body, declared_length=len(body), principal=user)
    sync = protocol.handle(req)

    async def run_sync(fn: Any) -> Any:
        return fn()

    async_ = asyncio.run(protocol.handle_async(req, run_sync))
    assert (sync.status, sync.body) == (async_.status, async_.body)
    return sync.status, json.loads(sync.body)


def test_whitespace_is_pythons_strip_set() -> None:
    assert set(form_input.WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert form_input.strip_whitespace("\u3000 a b\x1c\n") == "a b"


def test_the_registry_exports_its_forms_and_what_they_reach() -> None:
    ir = register(Registry(), django=False).export_ir()
    assert [f.name for f in ir.forms] == ["contact", "feedback", "patterns", "signup"]
    assert ir.forms[0] == CONTACT and ir.forms[3] == SIGNUP
    assert ir.functions == ()  # the wire functions of a form are not IR functions
    assert [e.name for e in ir.enums] == ["Topic"] and ir.enums[0].members == TOPIC.members
    assert [(s.name, s.shared_by) for s in ir.structs] == [("Account", ("signup",)),
                                                           ("ContactReceipt", ("contact",))]
    assert ir.enums[0].shared_by == ("contact",)
    assert wire_names("contact") == ("contact.schema", "contact.submit", "contact.validate")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"enums": []}, "field 'topic' picks from enum 'Topic'; pass it in `enums=`"),
    ({"enums": [TOPIC], "returns": None}, "it returns ContactReceipt; give its Python type"),
    ({"enums": [TOPIC], "returns": int}, "`returns=` is int, but the form returns "
                                         "ContactReceipt"),
])
def test_registration_refuses_what_does_not_fit(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(RegistrationError, match=message.replace("`", ".").replace("(", ".")):
        Registry().add_form(CONTACT, send, **{"returns": ContactReceipt, **kwargs})


def test_a_form_is_registered_once_and_its_predicate_must_exist() -> None:
    registry = register(Registry(), django=False)
    with pytest.raises(RegistrationError, match="form 'signup' is registered twice"):
        registry.add_form(SIGNUP)
    registry.add_form(irm.Form("note", (irm.FormField("text", "text", "Text"),), "Note",
                               "Save", auth="is_editor"))
    with pytest.raises(RegistrationError, match="form 'note': auth 'is_editor' is neither"):
        registry.export_ir()


SEEN: list[Any] = []


def is_alice(call: Call, args: dict[str, Any]) -> bool:
    SEEN.append(args)
    return call.user is not None and call.user.username == "alice"


async def save_note(call: Call, data: dict[str, Any]) -> str:
    await asyncio.sleep(0)
    if data["text"] == "refuse":
        raise FormErrors({"text": "not this one", None: ("closed", "notes are closed")})
    if data["text"] == "stray":
        raise FormErrors({"nope": "no such field"})
    if data["text"] == "boom":
        raise RuntimeError("the disk is full")
    return 7 if data["text"] == "wrong" else data["text"].upper()  # type: ignore[return-value]


NOTE = irm.Form("note", (irm.FormField("text", "text", "Text"),), "Note", "Save",
                auth="is_alice", returns=Named("str"))


def _note_protocol() -> Protocol:
    registry = Registry()
    registry.register_predicate("is_alice", is_alice)
    registry.add_form(NOTE, save_note, returns=str)
    return Protocol(registry)


def test_a_forms_predicate_sees_the_values_as_sent() -> None:
    protocol, alice, bob = _note_protocol(), Principal("1", "alice"), Principal("2", "bob")
    SEEN.clear()
    assert _call(protocol, "note.validate", {"text": " x ", "other": 1}, bob)[0] == 403
    assert SEEN == [{"text": " x ", "other": 1}] * 2
    assert _call(protocol, "note.submit", {"text": " x "}, None)[0] == 401
    assert _call(protocol, "note.submit", {"text": " x "}, alice) == (200, {
        "result": "X", "invalidate": {"contexts": [], "functions": []}, "merge": []})


def test_an_async_on_submit_refuses_or_fails(caplog: pytest.LogCaptureFixture) -> None:
    protocol, alice = _note_protocol(), Principal("1", "alice")
    status, body = _call(protocol, "note.submit", {"text": "refuse"}, alice)
    assert (status, body["error"]["issues"]) == (422, [
        {"path": ["text"], "code": "invalid", "message": "not this one"},
        {"path": [], "code": "closed", "message": "notes are closed"}])
    with caplog.at_level(logging.ERROR, "mizan_spec.runtime"):
        for text in ("stray", "boom", "wrong"):
            status, body = _call(protocol, "note.submit", {"text": text}, alice)
            assert (status, body["error"]["code"]) == (500, "internal_error"), text
            assert "disk" not in json.dumps(body)
    assert "server function 'note.submit' raised" in caplog.text


def test_the_pydantic_and_django_engines_agree_on_generated_values() -> None:
    """engines_agree.py (its own process: it configures Django) draws 300 derandomized
    cases and compares both engines' bytes for `validate` and `submit`."""
    here = Path(__file__).resolve().parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(here), str(here.parents[1])])}
    out = subprocess.run([sys.executable, str(here / "engines_agree.py"), "300"], cwd=here,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "agree 300", out.stdout + out.stderr


def test_every_check_has_its_message_and_wire_code() -> None:
    field = irm.FormField("f", "email", "F", constraints=irm.Constraints(
        min=1, max=2, min_length=3, max_length=4, pattern="^x"))
    messages = {check: (form_input.wire_code(check), form_input.message(field, check, ("a",)))
                for check in form_input.CHECK_ORDER}
    assert messages == {
        "wrong_type": ("wrong_type", "must be a string"),
        "not_finite": ("wrong_type", "must be a finite number"),
        "invalid": ("invalid", "must not contain the null character"),
        "required": ("required", "is required"),
        "invalid_choice": ("invalid_choice", "must be one of 'a'"),
        "too_short": ("too_short", "must have at least 3 characters"),
        "too_long": ("too_long", "must have at most 4 characters"),
        "too_small": ("too_small", "must be at least 1"),
        "too_large": ("too_large", "must be at most 2"),
        "pattern_mismatch": ("pattern_mismatch", "must match the pattern ^x"),
        "format": ("wrong_type", "must be an email address")}
    with pytest.raises(ValueError, match="no built-in form issue 'taken'"):
        form_input.message(field, "taken")
