"""The notebook's server functions on Django's async ORM (see ../models.py).

mizan-spec scaffolded this file once from ../../spec (`--style async`); it is ours now.
Every method is an `async def` awaiting the ORM (`acreate`, `aget`, `async for`...);
`call.request.user` is Django's user, `call.user` the caller as the protocol sees it.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from mizan_spec.runtime import Call
from pydantic import Field

from ..models import Note as NoteRow
from .interface import DeleteNoteArgs, FinishNoteArgs
from .models import Note

Db = Call[HttpRequest]


def _owner(call: Db) -> int:
    assert call.user is not None  # every function reading it has auth
    return int(call.user.id)


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
        row = await NoteRow.objects.acreate(owner_id=_owner(call), title=title, body=body)
        return _note(row)

    async def delete_note(self, call: Db, *, note_id: int) -> None:
        """Delete one of the caller's notes."""
        await NoteRow.objects.filter(pk=note_id).adelete()

    async def finish_note(self, call: Db, *, note_id: int) -> Note:
        """Mark one of the caller's notes done."""
        row = await NoteRow.objects.aget(pk=note_id)  # owns_note saw it
        row.done = True
        await row.asave(update_fields=["done"])
        return _note(row)

    async def my_notes(self, call: Db, *, include_done: bool = True) -> list[Note]:
        """The caller's notes, newest first."""
        rows = NoteRow.objects.filter(owner_id=_owner(call))
        if not include_done:
            rows = rows.filter(done=False)
        return [_note(row) async for row in rows.order_by("-id")]

    async def note_total(self, call: Db) -> int:
        """How many notes all users have written."""
        return await NoteRow.objects.acount()

    async def open_count(self, call: Db) -> int:
        """How many of the caller's notes are not done yet."""
        return await NoteRow.objects.filter(owner_id=_owner(call), done=False).acount()

    async def owns_note(self, call: Db, args: DeleteNoteArgs | FinishNoteArgs) -> bool:
        """Auth predicate: the note's author (a note that does not exist is refused)."""
        if call.user is None:
            return False
        return await NoteRow.objects.filter(pk=args["note_id"], owner_id=_owner(call)).aexists()
