"""The notebook's server functions on SQLAlchemy's async session (see ../db.py).

mizan-spec scaffolded this file once from ../../spec (`--style async`); it is ours now.
Every method is an `async def` and reads the request's session as `call.resources`,
typed by `Call[Request, AsyncSession]`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from mizan_spec.runtime import Call
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import NoteRow
from .interface import DeleteNoteArgs, FinishNoteArgs
from .models import Note

Db = Call[Request, AsyncSession]
"""The first argument of every method: the request, and its database session."""


def _owner(call: Db) -> str:
    assert call.user is not None  # every function reading it has auth
    return call.user.id


def _note(row: NoteRow) -> Note:
    return Note.model_validate(row, from_attributes=True)


class Implementation:
    """The server functions of the notebook."""

    async def add_note(
        self,
        call: Db,
        *,
        title: Annotated[str, Field(min_length=1, max_length=200)],
        body: Annotated[str, Field(max_length=5000)] = "",
    ) -> Note:
        """Write a new note."""
        row = NoteRow(owner=_owner(call), title=title, body=body)
        call.resources.add(row)
        await call.resources.commit()
        return _note(row)

    async def delete_note(self, call: Db, *, note_id: int) -> None:
        """Delete one of the caller's notes."""
        row = await call.resources.get(NoteRow, note_id)
        if row is not None:
            await call.resources.delete(row)
            await call.resources.commit()

    async def finish_note(self, call: Db, *, note_id: int) -> Note:
        """Mark one of the caller's notes done."""
        row = await call.resources.get_one(NoteRow, note_id)  # owns_note saw it
        row.done = True
        await call.resources.commit()
        return _note(row)

    async def my_notes(self, call: Db, *, include_done: bool = True) -> list[Note]:
        """The caller's notes, newest first."""
        query = select(NoteRow).where(NoteRow.owner == _owner(call))
        if not include_done:
            query = query.where(NoteRow.done.is_(False))
        rows = await call.resources.scalars(query.order_by(NoteRow.id.desc()))
        return [_note(row) for row in rows]

    async def note_total(self, call: Db) -> int:
        """How many notes all users have written."""
        return await call.resources.scalar(select(func.count(NoteRow.id))) or 0

    async def open_count(self, call: Db) -> int:
        """How many of the caller's notes are not done yet."""
        query = select(func.count(NoteRow.id)).where(NoteRow.owner == _owner(call),
                                                     NoteRow.done.is_(False))
        return await call.resources.scalar(query) or 0

    async def owns_note(self, call: Db, args: DeleteNoteArgs | FinishNoteArgs) -> bool:
        """Auth predicate: the note's author (a note that does not exist is refused)."""
        row = await call.resources.get(NoteRow, args["note_id"])
        return row is not None and call.user is not None and row.owner == call.user.id
