"""`fmt` on forms: properties in the canonical order, text for people kept as written
(never made bare), comments kept beside what they annotate."""

from __future__ import annotations

from mizan_spec.fmt.format import format_text

SCRAMBLED = """mizan 1
form contact auth=#false returns=Receipt submit-label="Send" title="Contact" {
  field name text help="Full name" max-length=80 required=#false label="Name" placeholder="Ada"
  // the topic picks from Topic
  field topic choice initial=sales label=Topic enum=Topic
  field tags choices enum=Tag { initial a b; }
}
enum Topic {
    sales { label "Sales"; }
}
"""

CANONICAL = """mizan 1
form contact title="Contact" submit-label="Send" returns=Receipt auth=#false {
    field name text label="Name" max-length=80 required=#false placeholder="Ada" help="Full name"
    // the topic picks from Topic
    field topic choice enum=Topic label=Topic initial=sales
    field tags choices enum=Tag {
        initial a b
    }
}
enum Topic {
    sales {
        label "Sales"
    }
}
"""


def test_a_form_is_laid_out_canonically() -> None:
    assert format_text(SCRAMBLED) == CANONICAL
    assert format_text(CANONICAL) == CANONICAL
