"""A `call` frame, served by the protocol core exactly as `call/` serves its body.

The steps are those of spec/protocol.md §3.1 from step 6 on (the transport's own checks
are the frame's), preceded by the IR-hash check when the frame names the hash its client
was built from (§11.3: a socket has no `Mizan-IR-Hash` header to compare); the reply's
status and body are the ones `call/` answers, byte for byte, because they come from the
same `Protocol` methods.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, create_model

from mizan_spec.runtime.auth import check_level
from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.errors import INTERNAL, ProtocolError
from mizan_spec.runtime.protocol import Invocation, Protocol, RunSync
from mizan_spec.runtime.registry import _ARGS_CONFIG, Entry
from mizan_spec.runtime.wire import WireResponse

log = logging.getLogger("mizan_spec.runtime")
NOT_OVER_SOCKET = ProtocolError("unknown_function", "this function is not offered over "
                                "WebSocket (call it through call/)")


class SocketCalls:
    """Serves `call` frames for one protocol (the frame models are built once each)."""

    def __init__(self, protocol: Protocol) -> None:
        self.protocol = protocol
        self._models: dict[str, type[BaseModel]] = {}

    def _frame_model(self, entry: Entry) -> type[BaseModel]:
        model = self._models.get(entry.name)
        if model is None:
            model = self._models[entry.name] = create_model(
                f"{entry.name}__frame", __config__=_ARGS_CONFIG, type=(str, ...),
                id=(Any, ...), function=(str, ...), args=(entry.args_model, ...),
                ir_hash=(Any, None))
        return model

    async def serve(self, body: dict[str, Any], raw: bytes, principal: Principal | None,
                    native: Any, run_sync: RunSync) -> tuple[WireResponse, Invocation | None]:
        """The reply `call/` would give, and the invocation if the function ran."""
        p = self.protocol
        try:
            if "ir_hash" in body and body["ir_hash"] != p.ir_hash:
                raise ProtocolError("ir_hash_mismatch", "the server runs another API (IR "
                                    f"{p.ir_hash[:12]}): update the client")
            call_body = {k: v for k, v in body.items() if k in ("function", "args")}
            entry = p._call_entry(call_body)
            if not entry.function.websocket:
                raise NOT_OVER_SOCKET
            denied = check_level(entry.function.auth, principal)
            if denied is not None:
                raise denied
            if "args" in body:
                args = p._validate(self._frame_model(entry), raw, 1).__dict__["args"]
            else:
                args = p._validate(entry.args_model, b"{}", 0)
            values = args.__dict__
            inv = Invocation(entry, Call(entry.name, native, principal, p.backend),
                             {q.py_name: values[q.py_name] for q in entry.params}, args)
            return p._finish_call(inv, await p._invoke_async(inv, run_sync)), inv
        except ProtocolError as err:
            return p.error(err), None
        except Exception:
            log.exception("mizan protocol failure")
            return p.error(INTERNAL), None
