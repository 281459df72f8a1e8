"""The IR to an OpenAPI 3.1 document of the protocol exactly as served (spec/protocol.md).

- `GET {base}/session/`: the session reply.
- `POST {base}/call/`: the body is a `oneOf` discriminated by `function`, one variant
  per callable function with its `args` schema and docs; the 200 reply is any of the
  functions' replies (`result`, `invalidate`, `merge`); every error envelope is listed
  under its status, its `code` limited to the codes of that status.
- `GET {base}/ctx/<name>/` for each context: `args` as a JSON query parameter, the
  reply with one outcome per member.
- each route function at its path (`<int:id>` as `{id}`, with the converter's pattern).

Component schemas are the spec's types exactly as `schema.json` (the model generator's
input) has them, except that a `T?` field without a default is not required, as the
protocol reads it (§5). Protocol schemas are named `mizan.*`, which no spec type can be.
Deterministic: the same IR gives the same document.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from mizan_spec.generate.python.schema import field_schema, ir_json_schema, type_schema
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.ir.model import IR, Field, Function
from mizan_spec.ir.types import Optional
from mizan_spec.openapi.forms import FormOperation, form_operations
from mizan_spec.runtime.routes import CONVERTERS, PLACEHOLDER
from mizan_spec.wire_codes import ERROR_STATUS

OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/"
JSON = "application/json"


def _refs(schema: Any) -> Any:
    """`#/$defs/X` (schema.json's references) as `#/components/schemas/X`."""
    if isinstance(schema, dict):
        return {k: (REF + v.removeprefix("#/$defs/")
                    if k == "$ref" and isinstance(v, str) else _refs(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_refs(v) for v in schema]
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _required(fields: tuple[Field, ...]) -> list[str]:
    return [f.name for f in fields if not f.has_default and not isinstance(f.type, Optional)]


def _object(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", **extra, "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _spec_schemas(ir: IR) -> dict[str, Any]:
    defs: dict[str, Any] = _refs(copy.deepcopy(ir_json_schema(ir, "models")["$defs"]))
    for struct in ir.structs:
        required = _required(struct.fields)
        if required:
            defs[struct.name]["required"] = required
        else:
            defs[struct.name].pop("required", None)
    return defs


def _error_schema(codes: list[str] | None) -> dict[str, Any]:
    code: dict[str, Any] = {"type": "string"}
    if codes is not None:
        code["enum"] = codes
    return _object({"error": _object({
        "code": code, "message": {"type": "string"},
        "issues": {"type": "array", "items": _ref("mizan.Issue")}},
        ["code", "message", "issues"])}, ["error"])


def _protocol_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "mizan.Issue": _object({
            "path": {"type": "array", "items": {"type": ["string", "integer"]}},
            "code": {"type": "string"}, "message": {"type": "string"}},
            ["path", "code", "message"]),
        "mizan.Error": _error_schema(None),
        "mizan.Invalidate": _object({
            "contexts": {"type": "array", "items": {"type": "string"}},
            "functions": {"type": "array", "items": {"type": "string"}}},
            ["contexts", "functions"]),
        "mizan.Merge": {"type": "array", "items": _object({
            "function": {"type": "string"}, "args": {"type": "object"}},
            ["function", "args"])},
        "mizan.User": _object({
            "id": {"type": "string"}, "username": {"type": "string"},
            "is_staff": {"type": "boolean"}, "is_superuser": {"type": "boolean"}},
            ["id", "username", "is_staff", "is_superuser"]),
        "mizan.Session": _object({
            "protocol": {"const": 1}, "ir_hash": {"type": "string"},
            "user": {"anyOf": [_ref("mizan.User"), {"type": "null"}]},
            "csrf": {"anyOf": [_object({"header": {"type": "string"},
                                        "token": {"type": "string"}}, ["header", "token"]),
                               {"type": "null"}]}},
            ["protocol", "ir_hash", "user", "csrf"]),
    }
    for status in sorted(set(ERROR_STATUS.values())):
        codes = sorted(c for c, s in ERROR_STATUS.items() if s == status)
        schemas[f"mizan.Error.{status}"] = _error_schema(codes)
    return schemas


def _errors(*statuses: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status in statuses:
        codes = sorted(c for c, s in ERROR_STATUS.items() if s == status)
        out[str(status)] = {"description": " or ".join(f"`{c}`" for c in codes),
                            "content": {JSON: {"schema": _ref(f"mizan.Error.{status}")}}}
    return out


def _args_schema(params: tuple[Field, ...], title: str) -> dict[str, Any]:
    return _object({p.name: _refs(field_schema(p)) for p in params}, _required(params),
                   title=title)


def _result_schema(f: Function) -> dict[str, Any]:
    return {"type": "null"} if f.returns is None else _refs(type_schema(f.returns))


def _describe(f: Function) -> str:
    facts = [f"auth: {f.auth}"] if f.auth != "public" else []
    if f.context:
        facts.append(f"context: {f.context}")
    affects = [*f.affects_contexts, *f.affects_functions]
    if affects:
        facts.append("invalidates: " + ", ".join(affects))
    return "\n\n".join(x for x in [f.doc or "", "; ".join(facts)] if x)


def _call(callable_: list[Function], schemas: dict[str, Any],
          forms: list[FormOperation]) -> dict[str, Any]:
    variants, mapping, replies = [], {}, []
    for f in callable_:
        schemas[f"mizan.args.{f.name}"] = _args_schema(f.params, f"{f.name} arguments")
        has_required = bool(_required(f.params))
        schemas[f"mizan.call.{f.name}"] = _object(
            {"function": {"const": f.name}, "args": _ref(f"mizan.args.{f.name}")},
            ["function", "args"] if has_required else ["function"],
            title=f.name, description=_describe(f) or f.name)
        schemas[f"mizan.reply.{f.name}"] = _object(
            {"result": _result_schema(f), "invalidate": _ref("mizan.Invalidate"),
             "merge": _ref("mizan.Merge")}, ["result", "invalidate", "merge"],
            title=f"{f.name} reply")
        variants.append(_ref(f"mizan.call.{f.name}"))
        mapping[f.name] = REF + f"mizan.call.{f.name}"
        replies.append(_ref(f"mizan.reply.{f.name}"))
    for op in forms:  # spec/protocol.md §12: never cached, merged or invalidated
        schemas[f"mizan.args.{op.name}"] = _refs(op.args)
        schemas[f"mizan.call.{op.name}"] = _object(
            {"function": {"const": op.name}, "args": _ref(f"mizan.args.{op.name}")},
            ["function"], title=op.name, description=op.description)
        schemas[f"mizan.reply.{op.name}"] = _object(
            {"result": _refs(op.result), "invalidate": _ref("mizan.Invalidate"),
             "merge": _ref("mizan.Merge")}, ["result", "invalidate", "merge"],
            title=f"{op.name} reply")
        variants.append(_ref(f"mizan.call.{op.name}"))
        mapping[op.name] = REF + f"mizan.call.{op.name}"
        replies.append(_ref(f"mizan.reply.{op.name}"))
    listed = "\n".join([*(f"- `{f.name}`: {(f.doc or '').splitlines()[0] if f.doc else ''}"
                          for f in callable_),
                         *(f"- `{op.name}`: {op.description.splitlines()[0]}" for op in forms)])
    body = ({"oneOf": variants, "discriminator": {"propertyName": "function",
                                                  "mapping": mapping}}
            if variants else {"type": "object"})
    return {"post": {
        "operationId": "mizan_call", "tags": ["mizan"],
        "summary": "Call one server function",
        "description": "`{\"function\": name, \"args\": {...}}`. The functions:\n\n" + listed,
        "requestBody": {"required": True, "content": {JSON: {"schema": body}}},
        "responses": {"200": {"description": "the function's result and cache instructions",
                              "content": {JSON: {"schema": {"anyOf": replies} if replies
                                                 else {"type": "object"}}}},
                      **_errors(400, 401, 403, 404, 413, 415, 422, 500)}}}


def _context(name: str, doc: str | None, members: list[Function]) -> dict[str, Any]:
    union: dict[str, Field] = {}
    for f in members:
        for p in f.params:
            union.setdefault(p.name, p)
    params = tuple(union[n] for n in sorted(union))
    results = _object({f.name: {"anyOf": [_object({"result": _result_schema(f)}, ["result"]),
                                          _ref("mizan.Error")]} for f in members},
                      [f.name for f in members])
    operation: dict[str, Any] = {
        "operationId": f"mizan_ctx_{name}", "tags": ["mizan"],
        "summary": f"Fetch the `{name}` context",
        "description": (doc or f"Every member of `{name}` at once.") + "\n\nMembers: "
        + ", ".join(f"`{f.name}`" for f in members),
        "responses": {"200": {"description": "each member's result or error",
                              "content": {JSON: {"schema": _object({
                                  "context": {"const": name}, "results": results},
                                  ["context", "results"])}}},
                      **_errors(400, 422, 500)}}
    if params:
        operation["parameters"] = [{
            "name": "args", "in": "query", "required": bool(_required(params)),
            "description": "the members' arguments, as one JSON object",
            "content": {JSON: {"schema": _args_schema(params, f"{name} arguments")}}}]
    return {"get": operation}


def _route(f: Function) -> tuple[str, dict[str, Any]]:
    assert f.route is not None
    placeholders = {m.group(2): m.group(1) or "str" for m in PLACEHOLDER.finditer(f.route)}
    path = PLACEHOLDER.sub(lambda m: "{" + m.group(2) + "}", f.route.removeprefix("/"))
    parameters = []
    for p in f.params:
        if p.name in placeholders:
            parameters.append({"name": p.name, "in": "path", "required": True,
                               "schema": {"type": "string",
                                          "pattern": f"^{CONVERTERS[placeholders[p.name]]}$"}})
        else:
            parameters.append({"name": p.name, "in": "query",
                               "required": p.name in _required((p,)),
                               "schema": _refs(field_schema(p))})
    operation: dict[str, Any] = {
        "operationId": f"mizan_route_{f.name}", "tags": ["mizan"], "summary": f.name,
        "description": _describe(f) or f.name,
        "responses": {"default": {"description": "whatever the function answers"},
                      **_errors(401, 403, 422, 500)}}
    if parameters:
        operation["parameters"] = parameters
    return path, {"get": operation}


def openapi_paths(ir: IR, base: str = "/api/mizan") -> tuple[dict[str, Any], dict[str, Any]]:
    """(paths, component schemas) of the protocol under `base`."""
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    schemas: dict[str, Any] = {**_spec_schemas(ir), **_protocol_schemas()}
    callable_ = [f for f in ir.functions if f.route is None]
    paths: dict[str, Any] = {
        f"{prefix}/session/": {"get": {
            "operationId": "mizan_session", "tags": ["mizan"],
            "summary": "Who is signed in, the IR hash, the CSRF token",
            "responses": {"200": {"description": "the session",
                                  "content": {JSON: {"schema": _ref("mizan.Session")}}},
                          **_errors(500)}}},
        f"{prefix}/call/": _call(callable_, schemas, form_operations(ir)),
    }
    for c in ir.contexts:
        members = [f for m in c.members if (f := ir.function(m)) is not None and f.route is None]
        if members:
            paths[f"{prefix}/ctx/{c.name}/"] = _context(c.name, c.doc, members)
    for f in ir.functions:
        if f.route is not None:
            path, item = _route(f)
            paths[f"{prefix}/{path}"] = item
    return paths, dict(sorted(schemas.items()))


def openapi_document(ir: IR, *, base: str = "/api/mizan", title: str = "Mizan API",
                     ) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document of `ir` served under `base`."""
    paths, schemas = openapi_paths(ir, base)
    return {"openapi": OPENAPI_VERSION,
            "info": {"title": title, "version": ir_hash(emit_ir(ir)),
                     "description": "The Mizan protocol (spec/protocol.md) for this API; "
                                    "`info.version` is its IR hash."},
            "tags": [{"name": "mizan", "description": "The Mizan protocol"}],
            "paths": paths, "components": {"schemas": schemas}}


def openapi_text(ir: IR, *, base: str = "/api/mizan", title: str = "Mizan API") -> str:
    return json.dumps(openapi_document(ir, base=base, title=title), indent=2,
                      ensure_ascii=False) + "\n"
