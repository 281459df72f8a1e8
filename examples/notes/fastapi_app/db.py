"""The FastAPI notebook's database: SQLAlchemy's async engine on SQLite (aiosqlite), one
session per request through a `yield` dependency.

`NOTES_DB` chooses the SQLite file (default: `notes.sqlite3` next to this module).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Dialect, String, TypeDecorator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DB_PATH = os.environ.get("NOTES_DB", str(Path(__file__).resolve().parent / "notes.sqlite3"))
engine = create_async_engine(f"sqlite+aiosqlite:///{DB_PATH}")
sessions = async_sessionmaker(engine, expire_on_commit=False)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC (SQLite itself keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class NoteRow(Base):
    """One note; `owner` is the id of the `Principal` who wrote it."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(5000), default="")
    done: Mapped[bool] = mapped_column(default=False)
    created: Mapped[datetime] = mapped_column(UtcDateTime, default=lambda: datetime.now(UTC))


async def create_tables() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)


async def get_session() -> AsyncIterator[AsyncSession]:
    """A session for one request, closed after the answer: FastAPI resolves it once per
    request, so all members of one `ctx/` fetch share it (`call.resources`)."""
    async with sessions() as session:
        yield session
