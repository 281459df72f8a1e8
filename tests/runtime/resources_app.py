"""A FastAPI app whose per-request resource is a SQLite connection from a `yield`
dependency: opened once per request, shared by every member of a `ctx/` fetch, closed
after the answer. `GET /log` reports what was opened and closed."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator

from fastapi import FastAPI, Request

from mizan_spec.runtime import Call, Registry
from mizan_spec.runtime.fastapi_adapter import mizan_router

registry = Registry()
registry.register_context("page")
LOG: list[str] = []
_numbers = itertools.count(1)


class Db:
    """One request's connection, numbered."""

    def __init__(self) -> None:
        self.number = next(_numbers)
        self.connection = sqlite3.connect(":memory:")
        self.connection.execute("create table seen (n int)")


def database() -> Iterator[Db]:
    db = Db()
    LOG.append(f"open {db.number}")
    try:
        yield db
    finally:
        db.connection.close()
        LOG.append(f"close {db.number}")


def _seen(db: Db) -> int:
    """Write a row; the rows this connection holds, and its number: 1000 * rows + number."""
    db.connection.execute("insert into seen values (1)")
    found = db.connection.execute("select count(*) from seen").fetchone()
    return int(found[0]) * 1000 + db.number


def rows(call: Call[Request, Db]) -> int:  # members run in name order: rows, then title
    return _seen(call.resources)


def title(call: Call[Request, Db]) -> int:
    return _seen(call.resources)


registry.add(title, context="page")
registry.add(rows, context="page")

app = FastAPI()
app.include_router(mizan_router(registry, resources=database))


@app.get("/log")
def log() -> list[str]:
    return LOG
