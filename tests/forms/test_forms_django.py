"""Django's own forms over real HTTP (Django ASGI and WSGI): a hand-written form with
`MizanFormMixin` that must export and answer exactly what the spec's form does, and
the author's `clean_<field>` / `clean` / `on_submit_success` in a subclass or a mixin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from formcalls import CONTACT_OK, post
from forms_testapp import CONTACT

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir

HERE = Path(__file__).resolve().parent
DJANGO = ("django-asgi", "django-wsgi")


def mixin_app_export() -> dict[str, Any]:
    """What the mixin forms' registry exports, read from a process of its own (Django is
    configured once per process): `forms` (repr by name), `enums`, and `ir`, the IR text
    that a spec declaring the same forms must compile to byte for byte (the helper for
    that test: `mixin_app_export()["ir"] == emit_ir(compile_spec(...))`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    out = subprocess.run([sys.executable, str(HERE / "print_mixin_ir.py")], cwd=HERE,
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_reading_or_importing_a_mixin_form_again_changes_nothing() -> None:
    """Registering conforms a form's fields to the form rule; reading the class again
    still gives the IR it was registered with (the `MaxLengthValidator` of a choices
    field included), and defining it again (its module imported again, into a registry
    that outlives the module) replaces the registration rather than failing or
    duplicating it, while a different class under that form name is still refused."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    out = subprocess.run([sys.executable, str(HERE / "reimport_forms.py")], cwd=HERE,
                         env=env, capture_output=True, text=True, timeout=60, check=True)
    found = json.loads(out.stdout)
    assert found["read_again"] == {"contact": True, "nickname": True, "note": True,
                                   "private": True}
    assert found["reloaded_ir_same"] and found["forms"] == ["order"]
    assert found["serves_new_class"]
    assert found["other_class"] == "form 'order' is registered twice"


def test_a_mixin_form_exports_the_ir_of_the_spec_form() -> None:
    exported = mixin_app_export()
    assert exported["forms"]["contact"] == repr(CONTACT)
    assert exported["enums"] == ["Topic"]


def test_the_mixin_forms_export_the_ir_of_their_spec_byte_for_byte() -> None:
    compiled = compile_spec([HERE / "mixin_forms.mizan.kdl"])
    assert not compiled.diagnostics
    assert compiled.ir is not None
    spec_ir = emit_ir(compiled.ir)
    exported = mixin_app_export()
    assert exported["spec_ir"] == spec_ir
    assert "form contact " in spec_ir and "form note auth=is_alice " in spec_ir
    # the whole app holds one more form, `private`, under a name the language refuses
    assert exported["ir"] != spec_ir


def _on(servers: dict[str, str], prefix: str, names: tuple[str, ...], function: str,
        args: Any = None, who: str | None = None) -> tuple[int, bytes]:
    replies = {n: post(servers[n].replace("/api/mizan/", f"/api/{prefix}/"), function, args,
                        who) for n in names}
    first = replies[names[0]]
    for name, r in replies.items():
        assert (r.status_code, r.content) == (first.status_code, first.content), name
    return first.status_code, first.content


@pytest.mark.parametrize(("function", "args"), [
    ("contact.schema", None),
    ("contact.validate", {}),
    ("contact.validate", {"name": "A", "email": "a@b", "topic": "x", "age": 9, "budget": "x",
                          "start": "2026-13-01", "website": "ftp://x", "tags": ["a"],
                          "code": "ab", "agree": False, "zz": 1}),
    ("contact.validate", {"name": "x" * 81, "email": "x" * 300, "tags": ["sales"] * 3,
                          "budget": 10001, "age": 200, "message": " "}),
    ("contact.submit", None),
    ("contact.submit", {**CONTACT_OK, "budget": "0.10", "start": "2026-03-04",
                        "tags": ["support"], "website": "https://example.com/a?b",
                        "code": " QRS ", "newsletter": True, "age": 40}),
])
def test_a_mixin_form_answers_as_the_spec_form(form_servers: dict[str, str], function: str,
                                              args: Any) -> None:
    spec = post(form_servers["fastapi"], function, args, None)
    assert _on(form_servers, "mixin", DJANGO, function, args) == (spec.status_code,
                                                                 spec.content)


def _issues(body: bytes) -> list[tuple[str, str, str]]:
    data = json.loads(body)
    found = data["result"]["issues"] if "result" in data else data["error"]["issues"]
    return [(".".join(map(str, i["path"])), i["code"], i["message"]) for i in found]


SIGNUP_OK = {"username": "ada", "email": "ada@example.com", "password": "correct horse"}


def test_a_subclass_validates_with_the_authors_checks(form_servers: dict[str, str]) -> None:
    def validate(args: dict[str, Any]) -> list[tuple[str, str, str]]:
        status, body = _on(form_servers, "sub", DJANGO, "signup.validate", args)
        assert status == 200
        return _issues(body)

    assert validate({"username": "admin"}) == [
        ("username", "reserved", "this username is reserved")]
    assert validate({"username": "ad"}) == [  # the rule first; clean_username needs a value
        ("username", "too_short", "must have at least 3 characters")]
    # a partial form does not reach `clean`; a complete one does
    assert validate({"username": "ada", "password": "ada-is-great"}) == []
    assert validate({**SIGNUP_OK, "password": "ada-is-great"}) == [
        ("", "invalid", "the password must not hold the username")]
    status, body = _on(form_servers, "sub", DJANGO, "signup.submit",
                       {**SIGNUP_OK, "password": "ada-is-great"})
    assert status == 422 and _issues(body) == [
        ("", "invalid", "the password must not hold the username")]
    status, body = _on(form_servers, "sub", DJANGO, "signup.submit",
                       {**SIGNUP_OK, "email": "taken@example.com"})
    assert status == 422 and _issues(body) == [
        ("email", "already_registered", "this email is already registered")]
    status, body = _on(form_servers, "sub", DJANGO, "signup.submit", SIGNUP_OK)
    assert (status, json.loads(body)["result"]) == (200, {"username": "ada",
                                                          "email": "ada@example.com"})


def test_a_mixin_forms_own_clean_and_on_submit_success(form_servers: dict[str, str]) -> None:
    def submit(args: dict[str, Any]) -> tuple[int, Any]:
        status, body = _on(form_servers, "mixin", DJANGO, "nickname.submit", args)
        return status, json.loads(body)

    status, body = submit({"nickname": "Admin", "repeat": "admin"})
    assert status == 422 and _issues(json.dumps(body).encode()) == [
        ("nickname", "reserved", "this nickname is reserved")]
    status, body = submit({"nickname": "Bob", "repeat": "rob"})
    assert status == 422 and _issues(json.dumps(body).encode()) == [
        ("", "mismatch", "the two nicknames differ")]
    status, body = submit({"nickname": "Taken", "repeat": "taken"})
    assert status == 422 and _issues(json.dumps(body).encode()) == [
        ("nickname", "taken", "is taken")]
    assert submit({"nickname": "Bob", "repeat": "bob"}) == (200, {
        "result": None, "invalidate": {"contexts": [], "functions": []}, "merge": []})


def test_the_built_django_form_renders_in_a_template() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    html = subprocess.run([sys.executable, str(HERE / "render_form.py")], cwd=HERE, env=env,
                          capture_output=True, text=True, timeout=60, check=True).stdout
    for snippet in (
        '<input type="text" name="name" placeholder="Ada Lovelace" maxlength="80" '
        'minlength="2" required id="id_name">',
        '<div class="helptext" id="id_email_helptext">We answer within a day.</div>',
        '<input type="email" name="email" required',
        '<textarea name="message" cols="40" rows="10" maxlength="2000" required',
        '<option value="sales" selected>Sales</option>',
        '<input type="number" name="budget" step="any" min="0" max="10000.5" id="id_budget">',
        '<input type="date" name="start" id="id_start">',
        '<input type="url" name="website" id="id_website">',
        '<select name="tags" id="id_tags" multiple>',
        '<input type="checkbox" name="agree" required id="id_agree">',
    ):
        assert snippet in html, snippet


def test_the_built_django_form_shows_the_rules_messages_in_a_template() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    out = subprocess.run([sys.executable, str(HERE / "render_form.py")], cwd=HERE, env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    errors = json.loads(out.split("--errors--\n")[1])
    assert {name: [e["message"] for e in found] for name, found in errors.items()} == {
        "name": ["must have at least 2 characters"],
        "email": ["must be an email address"],
        "topic": ["must be one of 'sales', 'support' or 'other'"],
        "age": ["must be at least 18"],
        "website": ["must be a URL (http or https)"],
        "agree": ["must be ticked"]}


def test_registration_refuses_what_a_django_form_cannot_serve() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    out = subprocess.run([sys.executable, str(HERE / "django_refusals.py")], cwd=HERE, env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.splitlines() == [
        "async_on_submit: form 'signup': on_submit must be a `def` when a Django form "
        "validates (Django's forms and ORM are synchronous)",
        "other_fields: form 'signup': the Django form Other has the fields ['username', "
        "'email', 'password', 'extra'], not ['username', 'email', 'password']",
        "float_field: form class Price, field 'amount': a FloatField has no form field kind "
        "(text, textarea, email, url, integer, decimal, boolean, date, choice, choices)",
        "loose_choices: form class Pick, field 'colour': no enum holds the choices ['red'] in "
        "module __main__; name it with form_meta(enums={'colour': ...})"]


@pytest.mark.parametrize(("function", "who", "status"), [
    ("private.schema", None, 401), ("private.submit", "bob", 200),
    ("note.validate", None, 401), ("note.submit", "bob", 403), ("note.submit", "alice", 200),
])
def test_a_mixin_forms_auth(form_servers: dict[str, str], function: str, who: str | None,
                            status: int) -> None:
    assert _on(form_servers, "mixin", DJANGO, function, {"text": "hi"}, who)[0] == status
