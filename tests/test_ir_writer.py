"""The IR writer, line by line, at the edges of its layout: nodes with and without
children (docs, members, fields, shared-by, affects), quoting, and the bytes it
reads back to."""

from __future__ import annotations

from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import load_ir
from mizan_spec.ir.model import (
    IR,
    Constraints,
    Context,
    Enum,
    EnumMember,
    Field,
    Function,
    Predicate,
    Struct,
)
from mizan_spec.ir.types import ListOf, Named, Optional

EXPECTED = '''mizan-ir 1
enum Bare
enum Mood {
    doc "How it feels:\\n\\"fine\\"."
    member happy {
        doc "Glad."
    }
    member null_ish
    shared-by f
}
type Empty
type Note {
    field body str max-length=80 min-length=1
    field tags "list[str]" {
        doc "Labels."
    }
    field mood "Mood?" default=#null
    shared-by f g
}
predicate owns {
    doc "Owner only."
}
context notes {
    doc "Notes."
    member f
    member g
}
function f auth=owns context=notes returns="list[Note]" rev=2 route=#null websocket=#false {
    param limit int default=20 max=100 min=1
    affects-context notes
    affects-function g
}
function g auth=public context=notes returns=#null rev=1 route=#null websocket=#false {
    doc "Plain."
    param note Note
}
function h auth=public context=#null returns=#null rev=1 route=#null websocket=#false
'''


def _ir() -> IR:
    note = Named("Note")
    return IR(
        enums=(Enum("Bare", ()),
               Enum("Mood", (EnumMember("happy", "Glad."), EnumMember("null_ish")),
                    'How it feels:\n"fine".', ("f",))),
        structs=(Struct("Empty", ()),
                 Struct("Note", (
                     Field("body", Named("str"),
                           constraints=Constraints(min_length=1, max_length=80)),
                     Field("tags", ListOf(Named("str")), "Labels."),
                     Field("mood", Optional(Named("Mood")), has_default=True, default=None),
                 ), None, ("f", "g"))),
        predicates=(Predicate("owns", "Owner only."),),
        contexts=(Context("notes", ("f", "g"), "Notes."),),
        functions=(
            Function("f", (Field("limit", Named("int"), has_default=True, default=20,
                                 constraints=Constraints(min=1, max=100)),),
                     ListOf(note), context="notes", auth="owns", rev=2,
                     affects_contexts=("notes",), affects_functions=("g",)),
            Function("g", (Field("note", note),), doc="Plain.", context="notes"),
            Function("h"),
        ),
    )


def test_every_kind_of_node_is_laid_out_as_documented() -> None:
    assert emit_ir(_ir()) == EXPECTED


def test_the_text_reads_back_to_the_same_bytes() -> None:
    text = emit_ir(_ir())
    assert emit_ir(load_ir(text)) == text
