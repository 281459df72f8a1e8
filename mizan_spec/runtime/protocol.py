"""The protocol core: one request in, one response out, with no framework in sight.

Adapters turn their framework's request into a `WireRequest` and send back exactly the
`WireResponse` this returns, so every backend answers with the same bytes. `handle` is
for synchronous servers (Django), `handle_async` for asynchronous ones (FastAPI); they
differ only in how the server function itself is run. spec/protocol.md is normative.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from pydantic import BaseModel, ValidationError

from mizan_spec.ir import model as irm
from mizan_spec.runtime.auth import check_level, check_predicate
from mizan_spec.runtime.cache import MergePlan, invalidation, merge_plans
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.contexts import ContextPlan, context_plans
from mizan_spec.runtime.errors import Issue, ProtocolError, invalid_args, is_too_deep
from mizan_spec.runtime.registry import Entry, Registry
from mizan_spec.runtime.wire import (
    DEFAULT_MAX_BODY,
    IR_HASH_HEADER,
    JSON_CONTENT_TYPE,
    WireRequest,
    WireResponse,
    dump_json,
)

PROTOCOL_VERSION = 1
log = logging.getLogger("mizan_spec.runtime")

RunSync = Callable[[Callable[[], Any]], Awaitable[Any]]
RunAsync = Callable[[Callable[[], Awaitable[Any]]], Any]

_ENDPOINT_METHODS = {"session": "GET", "call": "POST", "ctx": "GET"}
_CALL_SHAPE = 'the body must be {"function": name, "args": {...}}'
INTERNAL = ProtocolError("internal_error", "the server failed to complete this call")


@dataclass
class Invocation:
    """A server function about to run: auth levels and args already checked."""

    entry: Entry
    call: Call
    kwargs: dict[str, Any]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(data: bytes | str, what: str = "the body") -> Any:
    """Strict JSON: UTF-8, no NaN/Infinity, bounded nesting; else `malformed_json`."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ProtocolError("malformed_json", f"{what} is not valid JSON") from None


def _run_async(thunk: Callable[[], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        return await thunk()
    return asyncio.run(main())


class Protocol:
    """Serves one registry. Build once at startup (it exports and hashes the IR)."""

    def __init__(self, registry: Registry, *, max_body: int = DEFAULT_MAX_BODY,
                 backend: str = "python", run_async: RunAsync = _run_async) -> None:
        self.registry = registry
        self.ir = registry.export_ir()
        self.ir_hash = registry.ir_hash()
        self.max_body = max_body
        self.backend = backend
        self.run_async = run_async
        self.base_headers: tuple[tuple[str, str], ...] = (
            ("Content-Type", JSON_CONTENT_TYPE), ("Cache-Control", "no-store"),
            (IR_HASH_HEADER, self.ir_hash))
        self._merges: dict[str, tuple[MergePlan, ...]] = {
            f.name: merge_plans(self.ir, f) for f in self.ir.functions}
        self._invalidate = {f.name: invalidation(f) for f in self.ir.functions}
        self._contexts: dict[str, ContextPlan] = context_plans(registry, self.ir)

    # -- responses -----------------------------------------------------------------

    def respond(self, status: int, value: Any,
                extra: tuple[tuple[str, str], ...] = ()) -> WireResponse:
        return WireResponse(status, self.base_headers + extra, dump_json(value))

    def error(self, err: ProtocolError, extra: tuple[tuple[str, str], ...] = ()) -> WireResponse:
        return self.respond(err.status, err.to_wire(), extra)

    # -- entry points ----------------------------------------------------------------

    def handle(self, req: WireRequest) -> WireResponse:
        """Answer one request, running server functions in this thread."""
        try:
            step = self._begin(req)
            if isinstance(step, WireResponse):
                return step
            outcomes = [inv if isinstance(inv, ProtocolError) else self._invoke(inv)
                        for inv in step.invocations]
            return step.finish(outcomes)
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    async def handle_async(self, req: WireRequest, run_sync: RunSync) -> WireResponse:
        """Answer one request; sync server functions go through `run_sync` (a thread)."""
        try:
            step = self._begin(req)
            if isinstance(step, WireResponse):
                return step
            outcomes = [inv if isinstance(inv, ProtocolError)
                        else await self._invoke_async(inv, run_sync)
                        for inv in step.invocations]
            return step.finish(outcomes)
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    # -- running server functions ------------------------------------------------------

    def _predicate(self, inv: Invocation) -> ProtocolError | None:
        auth = inv.entry.function.auth
        if auth in irm.AUTH_LEVELS:
            return None
        return check_predicate(self.registry.predicate(auth), inv.call, inv.kwargs)

    def _failed(self, inv: Invocation, err: Exception) -> ProtocolError:
        if isinstance(err, ProtocolError):
            return err
        log.error("server function %r raised", inv.entry.name, exc_info=err)
        return INTERNAL

    def _invoke(self, inv: Invocation) -> Any:
        try:
            denied = self._predicate(inv)
            if denied is not None:
                return denied
            fn = functools.partial(inv.entry.fn, inv.call, **inv.kwargs)
            return _Value(self.run_async(fn) if inv.entry.is_async else fn())
        except Exception as err:
            return self._failed(inv, err)

    async def _invoke_async(self, inv: Invocation, run_sync: RunSync) -> Any:
        try:
            denied = self._predicate(inv)
            if denied is not None:
                return denied
            fn = functools.partial(inv.entry.fn, inv.call, **inv.kwargs)
            return _Value(await fn() if inv.entry.is_async else await run_sync(fn))
        except Exception as err:
            return self._failed(inv, err)

    def _result(self, entry: Entry, outcome: Any) -> Any:
        """The wire form of a function's return value (raises on a value of the wrong type)."""
        if entry.result is None:
            return None
        return entry.result.dump_python(outcome.value, mode="json", by_alias=True,
                                        warnings="error")

    # -- routing and the endpoints -----------------------------------------------------

    def _begin(self, req: WireRequest) -> _Step | WireResponse:
        parts = req.path.split("/")
        if len(parts) == 2 and parts[1] == "" and parts[0] in ("session", "call"):
            endpoint, name = parts[0], None
        elif len(parts) == 3 and parts[0] == "ctx" and parts[1] and parts[2] == "":
            endpoint, name = "ctx", parts[1]
        else:
            raise ProtocolError("not_found", "no such endpoint")
        allowed = _ENDPOINT_METHODS[endpoint]
        if req.method != allowed:
            return self.error(ProtocolError("method_not_allowed", f"use {allowed}"),
                              (("Allow", allowed),))
        if endpoint == "session":
            return self.respond(200, {
                "protocol": PROTOCOL_VERSION, "ir_hash": self.ir_hash,
                "user": req.principal.to_wire() if req.principal else None,
                "csrf": req.csrf.to_wire() if req.csrf else None})
        if endpoint == "call":
            return self._call(req)
        assert name is not None
        return self._ctx(req, name)

    def _new_call(self, req: WireRequest, entry: Entry) -> Call:
        return Call(entry.name, req.native, req.principal, self.backend)

    def _call(self, req: WireRequest) -> _Step:
        if ((req.declared_length is not None and req.declared_length > self.max_body)
                or len(req.body) > self.max_body):
            raise ProtocolError("payload_too_large", f"the body exceeds {self.max_body} bytes")
        ctype = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != JSON_CONTENT_TYPE:
            raise ProtocolError("unsupported_media_type", "send Content-Type: application/json")
        if req.csrf_check is not None and not req.csrf_check():
            raise ProtocolError("csrf_failed", "the CSRF token is missing or wrong")
        body = parse_json(req.body)
        entry = self._call_entry(body)
        denied = check_level(entry.function.auth, req.principal)
        if denied is not None:
            raise denied
        args = self._validate(entry.call_model, req.body, 1) if "args" in body else \
            self._validate(entry.args_model, b"{}", 0)
        if "args" in body:
            args = args.__dict__["args"]
        kwargs = {p.py_name: args.__dict__[p.py_name] for p in entry.params}
        inv = Invocation(entry, self._new_call(req, entry), kwargs)
        plans = self._merges[entry.name]

        def finish(outcomes: list[Any]) -> WireResponse:
            (outcome,) = outcomes
            if isinstance(outcome, ProtocolError):
                return self.error(outcome)
            try:
                result = self._result(entry, outcome)
                merges = []
                if plans:
                    wire_args = args.model_dump(mode="json", by_alias=True)
                    merges = [p.entry(wire_args) for p in plans]
                return self.respond(200, {"result": result,
                                          "invalidate": self._invalidate[entry.name],
                                          "merge": merges})
            except Exception as err:
                return self.error(self._failed(inv, err))

        return _Step([inv], finish)

    def _call_entry(self, body: Any) -> Entry:
        if not isinstance(body, dict):
            raise ProtocolError("invalid_request", _CALL_SHAPE,
                                (Issue((), "wrong_type", "must be an object"),))
        issues = [Issue((k,), "unknown_field", "is not a known field")
                  for k in body if k not in ("function", "args")]
        if "function" not in body:
            issues.append(Issue(("function",), "required", "is required"))
        elif not isinstance(body["function"], str):
            issues.append(Issue(("function",), "wrong_type", "must be a string"))
        if "args" in body and not isinstance(body["args"], dict):
            issues.append(Issue(("args",), "wrong_type", "must be an object"))
        if issues:
            raise ProtocolError("invalid_request", _CALL_SHAPE, tuple(issues))
        entry = self.registry.entry(body["function"])
        if entry is None or entry.function.route is not None:
            raise ProtocolError("unknown_function", "no server function has this name")
        return entry

    @staticmethod
    def _validate(model: type[BaseModel], data: bytes | str, strip: int) -> BaseModel:
        try:
            return model.model_validate_json(data, strict=True)
        except ValidationError as err:
            if is_too_deep(err):
                raise ProtocolError("malformed_json", "the JSON is not valid or nests too "
                                    "deeply") from None
            raise invalid_args(err, strip) from None

    def _ctx(self, req: WireRequest, name: str) -> _Step:
        plan = self._contexts.get(name)
        if plan is None:
            raise ProtocolError("unknown_context", "no context has this name")
        try:
            query = parse_qs(req.query, keep_blank_values=True, errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise ProtocolError("invalid_request", "the query string is malformed") from None
        raw = query.get("args", ["{}"])
        if len(raw) != 1:
            raise ProtocolError("invalid_request", "give `args` once",
                                (Issue(("args",), "invalid", "appears more than once"),))
        if not isinstance(parse_json(raw[0], "`args`"), dict):
            raise ProtocolError("invalid_request", "`args` must be a JSON object",
                                (Issue(("args",), "wrong_type", "must be an object"),))
        args = self._validate(plan.args_model, raw[0], 0)
        steps: list[Invocation | ProtocolError] = []
        for member in plan.members:
            denied = check_level(member.entry.function.auth, req.principal)
            steps.append(denied if denied is not None else Invocation(
                member.entry, self._new_call(req, member.entry), member.kwargs(args)))

        def finish(outcomes: list[Any]) -> WireResponse:
            results: dict[str, Any] = {}
            for member, outcome in zip(plan.members, outcomes, strict=True):
                if not isinstance(outcome, ProtocolError):
                    try:
                        results[member.entry.name] = {"result": self._result(member.entry,
                                                                             outcome)}
                        continue
                    except Exception as err:
                        outcome = self._failed(steps_by_name[member.entry.name], err)
                results[member.entry.name] = outcome.to_wire()
            return self.respond(200, {"context": name, "results": results})

        steps_by_name = {s.entry.name: s for s in steps if isinstance(s, Invocation)}
        return _Step(steps, finish)


@dataclass
class _Value:
    value: Any


@dataclass
class _Step:
    """Invocations to run (or errors already decided), and how to answer afterwards."""

    invocations: list[Invocation | ProtocolError]
    finish: Callable[[list[Any]], WireResponse]
