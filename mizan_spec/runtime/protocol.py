"""The protocol core: one request in, one response out, with no framework in sight.

Adapters turn their framework's request into a `WireRequest` and send back exactly the
`WireResponse` this returns, so every backend answers with the same bytes. `handle` is
for synchronous servers (Django), `handle_async` for asynchronous ones (FastAPI); they
differ only in how the server function itself is run. spec/protocol.md is normative.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json, to_json

from mizan_spec.ir import model as irm
from mizan_spec.runtime.auth import (
    Verdicts,
    ask_predicate,
    check_level,
    is_pending,
    verdict,
)
from mizan_spec.runtime.cache import MergePlan, invalidation, merge_plans
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.contexts import ContextPlan, context_plans
from mizan_spec.runtime.errors import INTERNAL, Issue, ProtocolError, invalid_args, is_too_deep
from mizan_spec.runtime.registry import Entry, Registry
from mizan_spec.runtime.revalidation import tagged
from mizan_spec.runtime.routes import RoutePlan, route_plans
from mizan_spec.runtime.server_cache import ServerCache, is_shared
from mizan_spec.runtime.server_cache.cache import Prefetched
from mizan_spec.runtime.wire import (
    DEFAULT_MAX_BODY,
    IR_HASH_HEADER,
    JSON_CONTENT_TYPE,
    WireRequest,
    WireResponse,
    dump_json,
    join_object,
)

PROTOCOL_VERSION = 1
log = logging.getLogger("mizan_spec.runtime")

RunSync = Callable[[Callable[[], Any]], Awaitable[Any]]
RunAsync = Callable[[Callable[[], Awaitable[Any]]], Any]

_ENDPOINT_METHODS = {"session": "GET", "call": "POST", "ctx": "GET"}
_CALL_SHAPE = 'the body must be {"function": name, "args": {...}}'
_CALL = "call/"  # the route of call/ (a context name can never contain "/")


@dataclass(slots=True)
class Invocation:
    """A server function about to run: auth levels and args already checked."""

    entry: Entry
    call: Call
    kwargs: dict[str, Any]
    args: BaseModel
    verdicts: Verdicts | None = None  # shared by the members of one ctx/ fetch


CLIENT_ID_HEADER = "mizan-client-id"
"""The client id a `call/` names its own socket by (spec/protocol.md §11.8)."""


def parse_json(data: bytes, what: str = "the body") -> Any:
    """Strict JSON: UTF-8 (no BOM), no NaN/Infinity, no lone surrogates, bounded
    nesting; anything else is `malformed_json`."""
    try:
        return from_json(data, allow_inf_nan=False)
    except ValueError:
        raise ProtocolError("malformed_json", f"{what} is not valid JSON") from None


def _run_async(thunk: Callable[[], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        return await thunk()
    return asyncio.run(main())


class Protocol:
    """Serves one registry. Build once at startup (it exports and hashes the IR)."""

    def __init__(self, registry: Registry, *, max_body: int = DEFAULT_MAX_BODY,
                 backend: str = "python", run_async: RunAsync = _run_async,
                 native_response: type | tuple[type, ...] = object,
                 cache: ServerCache | bool | None = None) -> None:
        """`native_response`: what a route function must return (the framework's
        response class); anything else is logged and answered with `internal_error`.
        `cache`: the server cache for functions with `cache=` (None: an in-memory one
        when some function is cached; False: none, every call computes)."""
        self.registry = registry
        self.ir = registry.export_ir()
        self.ir_hash = registry.ir_hash()
        self.max_body = max_body
        self.backend = backend
        self.run_async = run_async
        self.base_headers: tuple[tuple[str, str], ...] = (
            ("Content-Type", JSON_CONTENT_TYPE), ("Cache-Control", "no-store"),
            (IR_HASH_HEADER, self.ir_hash))
        served = (*self.ir.functions, *registry.form_functions())
        self._merges: dict[str, tuple[MergePlan, ...]] = {
            f.name: merge_plans(self.ir, f) for f in served}
        self._invalidate = {f.name: dump_json(invalidation(f)) for f in served}
        self._contexts: dict[str, ContextPlan] = context_plans(registry, self.ir)
        self._private_ctx = {c.name: not all(is_shared(f) for f in self.ir.functions
                                             if f.name in c.members) for c in self.ir.contexts}
        self.routes: dict[str, RoutePlan] = route_plans(registry)
        self.native_response = native_response
        if cache is None:
            cache = any(f.cache is not None for f in self.ir.functions)
        if cache is True:
            cache = ServerCache()
        self.cache: ServerCache | None = cache.bind(self.ir, self.ir_hash) \
            if isinstance(cache, ServerCache) else None
        self.ws_token: Callable[[Any], str | None] | None = None
        """Set when connection tokens are issued (realtime/tokens.py): `session/` then
        carries `ws_token`, this function's answer for the caller."""
        self.after_mutation: Callable[[str, Any, str | None], None] | None = None
        """Told (function name, caller, the `Mizan-Client-Id` header) after a mutation
        succeeded over `call/`: the realtime hub pushes the live invalidation
        (realtime/hub.py), to every socket but the caller's own."""

    # -- responses -----------------------------------------------------------------

    def respond(self, status: int, value: Any,
                extra: tuple[tuple[str, str], ...] = ()) -> WireResponse:
        return WireResponse(status, self.base_headers + extra, dump_json(value))

    def error(self, err: ProtocolError, extra: tuple[tuple[str, str], ...] = ()) -> WireResponse:
        return self.respond(err.status, err.to_wire(), extra)

    def body_cut_short(self, req: WireRequest) -> bool:
        """The request's body is over the limit, declared or received, so the adapter
        did not read it to its end: it must close the connection after answering
        (with `WireResponse.closing`, or however its server is told)."""
        return ((req.declared_length is not None and req.declared_length > self.max_body)
                or len(req.body) > self.max_body)

    # -- entry points ----------------------------------------------------------------

    def handle(self, req: WireRequest) -> WireResponse:
        """Answer one request, running server functions in this thread."""
        try:
            route = self._route(req)
            if isinstance(route, WireResponse):
                return route
            if route == _CALL:
                inv = self._prepare_call(req)
                return self._revalidated(req, inv, self._mutated(
                    req, inv, self._finish_call(inv, self._invoke(inv))))
            plan, steps = self._prepare_ctx(req, route)
            return tagged(self._finish_ctx(plan, steps, [
                s if isinstance(s, ProtocolError) else self._invoke(s) for s in steps]),
                req.headers.get("if-none-match"), self._private_ctx[plan.name])
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    async def handle_async(self, req: WireRequest, run_sync: RunSync) -> WireResponse:
        """Answer one request; sync server functions go through `run_sync` (a thread)."""
        try:
            route = self._route(req)
            if isinstance(route, WireResponse):
                return route
            if route == _CALL:
                inv = self._prepare_call(req)
                return self._revalidated(req, inv, self._mutated(req, inv, self._finish_call(
                    inv, await self._invoke_async(inv, run_sync))))
            plan, steps = self._prepare_ctx(req, route)
            prefetched = await self._prefetch(steps)
            return tagged(self._finish_ctx(plan, steps, [
                s if isinstance(s, ProtocolError) else await self._invoke_async(s, run_sync,
                                                                                prefetched)
                for s in steps]), req.headers.get("if-none-match"), self._private_ctx[plan.name])
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    def handle_route(self, name: str, req: WireRequest, path_args: dict[str, str],
                     ) -> WireResponse | NativeResponse:
        """Serve the route function `name` (the adapter's router matched its path and
        captured `path_args` as text); its own response, or an error envelope."""
        try:
            inv = self._prepare_route(name, req, path_args)
            return self._finish_route(inv, self._invoke(inv))
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    async def handle_route_async(self, name: str, req: WireRequest, path_args: dict[str, str],
                                 run_sync: RunSync) -> WireResponse | NativeResponse:
        try:
            inv = self._prepare_route(name, req, path_args)
            return self._finish_route(inv, await self._invoke_async(inv, run_sync))
        except ProtocolError as err:
            return self.error(err)
        except Exception:
            log.exception("mizan protocol failure")
            return self.error(INTERNAL)

    def _mutated(self, req: WireRequest, inv: Invocation, out: WireResponse) -> WireResponse:
        if self.after_mutation is not None and out.status == 200 and inv.entry.affects:
            self.after_mutation(inv.entry.name, inv.call.user,
                                req.headers.get(CLIENT_ID_HEADER))
        return out

    @staticmethod
    def _revalidated(req: WireRequest, inv: Invocation, out: WireResponse) -> WireResponse:
        """The reply of `call/`: with an ETag (or 304) when the function has `cache=`."""
        function = inv.entry.function
        if function.cache is None:
            return out
        return tagged(out, req.headers.get("if-none-match"), not is_shared(function))

    # -- running server functions ------------------------------------------------------

    def _ask(self, inv: Invocation) -> object:
        """The predicate's answer (maybe still to await), or True for a built-in level."""
        auth = inv.entry.function.auth
        if auth in irm.AUTH_LEVELS:
            return True
        args = inv.kwargs if inv.entry.form is None else inv.kwargs["data"]  # a form: as sent
        return ask_predicate(auth, self.registry.predicate(auth), inv.call, args)

    def _predicate(self, inv: Invocation) -> ProtocolError | None:
        if inv.entry.function.auth in irm.AUTH_LEVELS:
            return None  # checked before the arguments
        asked, known = self._known(inv)
        if asked:
            return known
        try:
            answer = self._ask(inv)
            if is_pending(answer):
                pending: Awaitable[Any] = answer  # type: ignore[assignment]

                async def awaited() -> Any:
                    return await pending
                answer = self.run_async(awaited)
            decided = verdict(inv.entry.function.auth, answer, inv.call)
        except Exception as err:
            decided = self._failed(inv, err)
        return self._decided(inv, decided)

    async def _predicate_async(self, inv: Invocation) -> ProtocolError | None:
        if inv.entry.function.auth in irm.AUTH_LEVELS:
            return None  # checked before the arguments
        asked, known = self._known(inv)
        if asked:
            return known
        try:
            answer = self._ask(inv)
            if is_pending(answer):
                answer = await answer  # type: ignore[misc]
            decided = verdict(inv.entry.function.auth, answer, inv.call)
        except Exception as err:
            decided = self._failed(inv, err)
        return self._decided(inv, decided)

    @staticmethod
    def _known(inv: Invocation) -> tuple[bool, ProtocolError | None]:
        """The verdict on these arguments reached earlier in this request, if any."""
        if inv.verdicts is None:
            return False, None
        return inv.verdicts.find(inv.entry.function.auth, inv.kwargs)

    @staticmethod
    def _decided(inv: Invocation, decided: ProtocolError | None) -> ProtocolError | None:
        if inv.verdicts is not None:
            inv.verdicts.add(inv.entry.function.auth, inv.kwargs, decided)
        return decided

    def _failed(self, inv: Invocation, err: Exception) -> ProtocolError:
        if isinstance(err, ProtocolError):
            return err
        log.error("server function %r raised", inv.entry.name, exc_info=err)
        return INTERNAL

    def _invoke(self, inv: Invocation) -> _Value | ProtocolError:
        try:
            denied = self._predicate(inv)
            if denied is not None:
                return denied
            fn = functools.partial(inv.entry.fn, inv.call, **inv.kwargs)
            cache, entry = self.cache, inv.entry
            if cache is None:
                return _Value(self.run_async(fn) if entry.is_async else fn())
            if cache.is_cached(entry.name):
                def compute() -> bytes:
                    return self._result(entry, _Value(self.run_async(fn) if entry.is_async
                                                      else fn()))
                return _Value(None, cache.get_or_compute(entry.function, inv.call.user,
                                                         self._cache_args(inv), compute))
            try:
                return _Value(self.run_async(fn) if entry.is_async else fn())
            finally:
                cache.invalidate(entry.name, inv.call.user)
        except Exception as err:
            return self._failed(inv, err)

    async def _prefetch(self, steps: list[Invocation | ProtocolError]) -> Prefetched:
        """The server cache's entries for a context's cached members, read at once (they
        are used only once each member's auth passed)."""
        cache = self.cache
        if cache is None:
            return {}
        return await cache.prefetch_async([
            (s.entry.function, s.call.user, self._cache_args(s)) for s in steps
            if isinstance(s, Invocation) and cache.is_cached(s.entry.name)])

    async def _invoke_async(self, inv: Invocation, run_sync: RunSync,
                            prefetched: Prefetched | None = None) -> _Value | ProtocolError:
        try:
            denied = await self._predicate_async(inv)
            if denied is not None:
                return denied
            fn = functools.partial(inv.entry.fn, inv.call, **inv.kwargs)
            cache, entry = self.cache, inv.entry
            if cache is None:
                return _Value(await fn() if entry.is_async else await run_sync(fn))
            if cache.is_cached(entry.name):
                async def compute() -> bytes:
                    return self._result(entry, _Value(await fn() if entry.is_async
                                                      else await run_sync(fn)))
                return _Value(None, await cache.get_or_compute_async(
                    entry.function, inv.call.user, self._cache_args(inv), compute, run_sync,
                    prefetched))
            try:
                return _Value(await fn() if entry.is_async else await run_sync(fn))
            finally:
                if cache.affects_cache(entry.name):
                    await cache.invalidate_async(entry.name, inv.call.user, run_sync)
        except Exception as err:
            return self._failed(inv, err)

    @staticmethod
    def _cache_args(inv: Invocation) -> bytes:
        """The canonical JSON of the validated arguments (defaults filled in), in
        parameter order, as the cache key takes them."""
        return to_json([[p.field.name, inv.kwargs[p.py_name]] for p in inv.entry.params],
                       by_alias=True)

    def _result(self, entry: Entry, outcome: _Value) -> bytes:
        """The encoded return value (raises on a value of the wrong type)."""
        if outcome.encoded is not None:
            return outcome.encoded  # from the server cache, encoded when it was computed
        if entry.result is None:
            return b"null"
        return entry.result.serializer.to_json(outcome.value, by_alias=True, warnings="error")

    # -- routing and the endpoints -----------------------------------------------------

    def _route(self, req: WireRequest) -> str | WireResponse:
        """`_CALL`, a context name, or the response itself (session/, 405)."""
        path = req.path
        if path == "call/":
            endpoint, name = "call", _CALL
        elif path == "session/":
            endpoint, name = "session", ""
        else:
            parts = path.split("/")
            if len(parts) != 3 or parts[0] != "ctx" or not parts[1] or parts[2]:
                raise ProtocolError("not_found", "no such endpoint")
            endpoint, name = "ctx", parts[1]
        allowed = _ENDPOINT_METHODS[endpoint]
        if req.method != allowed:
            return self.error(ProtocolError("method_not_allowed", f"use {allowed}"),
                              (("Allow", allowed),))
        if endpoint == "session":
            session = {
                "protocol": PROTOCOL_VERSION, "ir_hash": self.ir_hash,
                "user": req.principal.to_wire() if req.principal else None,
                "csrf": req.csrf.to_wire() if req.csrf else None}
            if self.ws_token is not None:  # a connection-token key is configured
                session["ws_token"] = self.ws_token(req.principal)
            return self.respond(200, session)
        return name

    def _prepare_call(self, req: WireRequest) -> Invocation:
        """Every check of `call/` up to running the function (spec/protocol.md §3.1)."""
        if self.body_cut_short(req):
            raise ProtocolError("payload_too_large", f"the body exceeds {self.max_body} bytes")
        ctype = req.headers.get("content-type", "")
        if ctype != JSON_CONTENT_TYPE and ctype.split(";")[0].strip().lower() != JSON_CONTENT_TYPE:
            raise ProtocolError("unsupported_media_type", "send Content-Type: application/json")
        if req.csrf_check is not None and not req.csrf_check():
            raise ProtocolError("csrf_failed", "the CSRF token is missing or wrong")
        body = parse_json(req.body)
        entry = self._call_entry(body)
        denied = check_level(entry.function.auth, req.principal)
        if denied is not None:
            raise denied
        if "args" in body:
            args = self._validate(entry.call_model, req.body, 1).__dict__["args"]
        else:
            args = self._validate(entry.args_model, b"{}", 0)
        values = args.__dict__
        kwargs = {p.py_name: values[p.py_name] for p in entry.params}
        return Invocation(entry, Call(entry.name, req.native, req.principal, self.backend),
                          kwargs, args)

    def _finish_call(self, inv: Invocation, outcome: _Value | ProtocolError) -> WireResponse:
        if isinstance(outcome, ProtocolError):
            return self.error(outcome)
        entry = inv.entry
        try:
            result = self._result(entry, outcome)
            plans = self._merges[entry.name]
            merges = b"[]"
            if plans:
                wire_args = inv.args.model_dump(mode="json", by_alias=True)
                merges = dump_json([p.entry(wire_args) for p in plans])
        except Exception as err:
            return self.error(self._failed(inv, err))
        return WireResponse(200, self.base_headers, b'{"result":' + result + b',"invalidate":'
                            + self._invalidate[entry.name] + b',"merge":' + merges + b"}")

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
            result: BaseModel = model.__pydantic_validator__.validate_json(
                data, strict=True, by_alias=True, by_name=False)  # the wire knows wire names
            return result
        except ValidationError as err:
            if is_too_deep(err):
                raise ProtocolError("malformed_json", "the JSON is not valid or nests too "
                                    "deeply") from None
            raise invalid_args(err, strip) from None

    def _prepare_route(self, name: str, req: WireRequest,
                       path_args: dict[str, str]) -> Invocation:
        """CSRF, auth level, then the arguments: placeholders from the path, other
        parameters from the query string, each given as text (lax validation)."""
        plan = self.routes[name]
        entry = plan.entry
        if req.csrf_check is not None and not req.csrf_check():
            raise ProtocolError("csrf_failed", "the CSRF token is missing or wrong")
        denied = check_level(entry.function.auth, req.principal)
        if denied is not None:
            raise denied
        try:
            query = parse_qs(req.query, keep_blank_values=True, errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise ProtocolError("invalid_request", "the query string is malformed") from None
        data: dict[str, Any] = {}
        repeated: list[Issue] = []
        for p in entry.params:
            wire = p.field.name
            if wire in path_args:
                data[wire] = path_args[wire]
            elif wire in query:
                data[wire] = query[wire][0]
                if len(query[wire]) > 1:
                    repeated.append(Issue((wire,), "invalid", "appears more than once"))
        if repeated:
            raise ProtocolError("invalid_args", f"{len(repeated)} invalid argument"
                                f"{'s' if len(repeated) != 1 else ''}", tuple(repeated))
        try:
            args = entry.args_model.model_validate(data, strict=False, by_alias=True,
                                                   by_name=False)
        except ValidationError as err:
            raise invalid_args(err) from None
        values = args.__dict__
        kwargs = {p.py_name: values[p.py_name] for p in entry.params}
        return Invocation(entry, Call(entry.name, req.native, req.principal, self.backend),
                          kwargs, args)

    def _finish_route(self, inv: Invocation, outcome: _Value | ProtocolError,
                      ) -> WireResponse | NativeResponse:
        if isinstance(outcome, ProtocolError):
            return self.error(outcome)
        if not isinstance(outcome.value, self.native_response):
            log.error("route function %r returned %s, not the framework's response",
                      inv.entry.name, type(outcome.value).__name__)
            return self.error(INTERNAL)
        return NativeResponse(outcome.value)

    def _prepare_ctx(self, req: WireRequest, name: str,
                     ) -> tuple[ContextPlan, list[Invocation | ProtocolError]]:
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
        data = raw[0].encode("utf-8", "surrogatepass")
        if not isinstance(parse_json(data, "`args`"), dict):
            raise ProtocolError("invalid_request", "`args` must be a JSON object",
                                (Issue(("args",), "wrong_type", "must be an object"),))
        args = self._validate(plan.args_model, data, 0)
        steps: list[Invocation | ProtocolError] = []
        verdicts = Verdicts()
        for member in plan.members:
            entry = member.entry
            denied = check_level(entry.function.auth, req.principal)
            steps.append(denied if denied is not None else Invocation(
                entry, Call(entry.name, req.native, req.principal, self.backend),
                member.kwargs(args), args, verdicts))
        return plan, steps

    def _finish_ctx(self, plan: ContextPlan, steps: list[Invocation | ProtocolError],
                    outcomes: list[_Value | ProtocolError]) -> WireResponse:
        results: list[tuple[str, bytes]] = []
        for member, step, outcome in zip(plan.members, steps, outcomes, strict=True):
            name = member.entry.name
            if isinstance(outcome, _Value) and isinstance(step, Invocation):
                try:
                    results.append((name, join_object([("result", self._result(step.entry,
                                                                               outcome))])))
                    continue
                except Exception as err:
                    outcome = self._failed(step, err)
            assert isinstance(outcome, ProtocolError)
            results.append((name, dump_json(outcome.to_wire())))
        return WireResponse(200, self.base_headers, join_object(
            [("context", dump_json(plan.name)), ("results", join_object(results))]))


@dataclass(slots=True)
class _Value:
    value: Any
    encoded: bytes | None = None  # the result's JSON, when it came through the server cache


@dataclass(slots=True)
class NativeResponse:
    """A route function's own response, to be sent as it is."""

    value: Any
