"""The Mizan runtime: register typed server functions, export their IR, serve the protocol.

    from mizan_spec.runtime import Call, client

    @client(context="user", auth=True)
    def profile(call: Call) -> Profile: ...

Serve with `mizan_spec.runtime.fastapi_adapter.mizan_router` or
`mizan_spec.runtime.django_adapter.mizan_urls`; the wire protocol is spec/protocol.md.
"""

from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.decorator import client, register_context, register_predicate
from mizan_spec.runtime.errors import ProtocolError
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.registry import Registry, default_registry
from mizan_spec.runtime.scalars import Email, Url
from mizan_spec.runtime.typemap import RegistrationError

__all__ = ["Call", "Email", "Principal", "Protocol", "ProtocolError", "RegistrationError",
           "Registry", "Url", "client", "default_registry", "register_context",
           "register_predicate"]
