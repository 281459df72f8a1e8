"""A small app for the server cache tests: notes in a sqlite file every process shares
(`MIZAN_TEST_DB`), served by FastAPI; `MIZAN_TEST_CACHE=off` serves it without a cache.

`MIZAN_CACHE_REDIS_URL` and `MIZAN_CACHE_SECRET` put the cache in Redis.
Callers sign in with `Authorization: Bearer ada|bob|staff`. `computed` tells how often
each cached function really ran in this process, so tests can tell hits from misses;
`delay` makes a read take that long (to open race windows on purpose).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import Counter

from fastapi import FastAPI, Header
from pydantic import BaseModel

from mizan_spec.runtime import Call, Principal, Registry, client
from mizan_spec.runtime.fastapi_adapter import mizan_router
from mizan_spec.runtime.server_cache import server_cache

USERS = {"Bearer ada": Principal("1", "ada"), "Bearer bob": Principal("2", "bob"),
         "Bearer staff": Principal("3", "staff", is_staff=True)}
DB = os.environ.get("MIZAN_TEST_DB", ":memory:")
registry = Registry()
computed: Counter[str] = Counter()
_lock = threading.Lock()


class Note(BaseModel):
    id: int
    owner: str
    text: str
    public: bool


def connect() -> sqlite3.Connection:
    db = sqlite3.connect(DB, timeout=30, isolation_level=None)
    db.execute("create table if not exists notes (id integer primary key, owner text, "
               "text text, public integer)")
    db.execute("create table if not exists motd (text text)")
    return db


def _rows(where: str, *args: object) -> list[Note]:
    with connect() as db:
        rows = db.execute(f"select id, owner, text, public from notes {where} order by id",
                          args).fetchall()
    return [Note(id=r[0], owner=r[1], text=r[2], public=bool(r[3])) for r in rows]


def _ran(name: str, delay: float) -> None:
    with _lock:
        computed[name] += 1
    if delay:
        time.sleep(delay)


@client(context="global", cache="1m", registry=registry)
def public_notes(call: Call, delay: float = 0.0) -> list[Note]:
    """Every public note: shared by everyone."""
    _ran("public_notes", delay)
    return _rows("where public = 1")


@client(context="user", auth=True, cache="1m", registry=registry)
def my_notes(call: Call, delay: float = 0.0) -> list[Note]:
    """The caller's own notes, public or not: per caller."""
    assert call.user is not None
    _ran("my_notes", delay)
    return _rows("where owner = ?", call.user.username)


@client(cache="1m", registry=registry)
def count_of(call: Call, owner: str) -> int:
    """How many public notes `owner` has: shared, one entry per owner."""
    _ran("count_of", 0)
    return len(_rows("where public = 1 and owner = ?", owner))


@client(context="shelf", cache="1m", registry=registry)
def greeting(call: Call) -> str:
    """A public member of a named context: per caller, even anonymous."""
    _ran("greeting", 0)
    return f"hello {call.user.username if call.user else 'stranger'}"


@client(auth=True, affects=["global", "user", count_of], registry=registry)
def add_note(call: Call, text: str, public: bool = True) -> Note:
    assert call.user is not None
    with connect() as db:
        cur = db.execute("insert into notes (owner, text, public) values (?, ?, ?)",
                         (call.user.username, text, int(public)))
        new_id = cur.lastrowid
    assert new_id is not None
    return Note(id=new_id, owner=call.user.username, text=text, public=public)


@client(context="global", cache="1m", registry=registry)
def motd(call: Call) -> str:
    """The message of the day, which staff set."""
    _ran("motd", 0)
    with connect() as db:
        row = db.execute("select text from motd").fetchone()
    return str(row[0]) if row else ""


@client(auth="staff", affects=[motd], registry=registry)
def set_motd(call: Call, text: str) -> None:
    """Staff change what everyone sees (only the shared `motd`, as `affects` says)."""
    with connect() as db:
        db.execute("delete from motd")
        db.execute("insert into motd (text) values (?)", (text,))


@client(registry=registry)
def computed_here(call: Call) -> dict[str, int]:
    """How many times each cached function ran in this process."""
    with _lock:
        return dict(computed)


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    return USERS.get(authorization or "")


def build(cache: object = None) -> FastAPI:
    app = FastAPI()
    app.include_router(mizan_router(registry, authenticate=authenticate,
                                    cache=cache))  # type: ignore[arg-type]
    return app


def _cache() -> object:
    if os.environ.get("MIZAN_TEST_CACHE") == "off":
        return False
    return server_cache(secret=os.environ.get("MIZAN_CACHE_SECRET"),
                        redis_url=os.environ.get("MIZAN_CACHE_REDIS_URL"))


app = build(_cache())
