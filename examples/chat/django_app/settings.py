"""Settings of the chat's Django project: no database (the rooms live in memory), bearer
tokens for HTTP and the socket (`chat.django_app.auth`), Django Channels' in-memory layer
for one process or `channels_redis` when `CHAT_REDIS_URL` is set."""

from __future__ import annotations

import os

SECRET_KEY = os.environ.get("CHAT_SECRET_KEY", "chat-example-only")
MIZAN_MWT_SECRET = os.environ.get("CHAT_MWT_SECRET", "chat-example-only-socket-token-key!")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "chat.django_app.urls"
INSTALLED_APPS = ["mizan_spec.django"]
MIDDLEWARE = ["chat.django_app.auth.BearerUserMiddleware"]
USE_TZ = True

_REDIS = os.environ.get("CHAT_REDIS_URL")
CHANNEL_LAYERS = {"default": (
    # a process's own layer channel carries every message of its sockets: room for a burst
    {"BACKEND": "channels_redis.core.RedisChannelLayer",
     "CONFIG": {"hosts": [_REDIS], "channel_capacity": {"mizan.*": 10000}}}
    if _REDIS else {"BACKEND": "channels.layers.InMemoryChannelLayer"})}
MIZAN_REALTIME_REDIS_URL = _REDIS
