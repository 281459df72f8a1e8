"""The realtime runtime: the WebSocket transport of the protocol, framework-free.

`frames` reads client frames and writes server frames; `connection` is one socket's
state machine; `hub` holds a process's connections, fans channel messages and live
invalidations out (`fanout`, `redis_fanout`, `layer_fanout`) and keeps each group's sequence and
bounded history (`history`); `declare` builds channels declared in Python. The FastAPI
and Django adapters (`fastapi_socket`, `django_socket`) only translate. spec/protocol.md
§11 is normative.
"""
