"""Scanning again after an edit (`spans.rescan`) finds exactly what a fresh scan finds.

Every edit an editor makes is one change between a kept beginning and a kept end of the
text, so each case takes a document made of every construct of the grammar and applies,
at every offset, the one-character edits that move the scanner's state most (opening or
closing a string, comment, block or raw string, a slashdash, a line continuation, a
terminator, a deletion); the rescan must give the same spans, or the same error.
"""

from __future__ import annotations

from dataclasses import astuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizan_spec.parse.spans import NodeSpan, ScanError, rescan, scan
from tests.test_scanner_kdl2 import CONSTRUCTS

# Documents of four constructs each (every construct once), so a case stays small.
_NAMES = list(CONSTRUCTS)
_GROUPS = len(_NAMES) // 4
DOCUMENTS = {
    f"constructs-{i}": "\n".join(CONSTRUCTS[n] for n in _NAMES[i::_GROUPS]) + "\n"
    for i in range(_GROUPS)
}
DOCUMENTS["spec"] = (
    'mizan 1\n\ntype Item {\n    doc "An item."\n    field id int\n'
    '    field name str min-length=1\n}\n\n// a comment\nfunction items returns="list[Item]" {\n'
    '    param limit int default=20\n}\n/- type Dropped { field a int }\nenum Status { a; b }\n'
)
EDITS = ['"', '"""', "#", '#"', "{", "}", "/-", "/*", "*/", "//", "\\", "\n", "\r", ";",
         "x", " ", "=", "(", ")"]


def _outcome(text: str, base: tuple[str, list[NodeSpan]] | None = None) -> object:
    try:
        spans = scan(text) if base is None else rescan(text, *base)
    except ScanError as e:
        return ("error", e.offset, e.message)
    return [astuple(s) for s in spans]


def _edited(text: str) -> list[str]:
    out = []
    for i in range(len(text) + 1):
        out.extend(text[:i] + edit + text[i:] for edit in EDITS)
        if i < len(text):
            out.append(text[:i] + text[i + 1:])
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_one_character_edit_rescans_as_a_fresh_scan(name: str) -> None:
    text = DOCUMENTS[name]
    base = (text, scan(text))
    for changed in _edited(text):
        assert _outcome(changed, base) == _outcome(changed), repr(changed)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_an_edited_text_rescans_back_to_the_original(name: str) -> None:
    """The other way round: from each edited text (when it scans) back to the document."""
    text = DOCUMENTS[name]
    expected = _outcome(text)
    for changed in _edited(text):
        try:
            spans = scan(changed)
        except ScanError:
            continue
        assert _outcome(text, (changed, spans)) == expected, repr(changed)


def test_nodes_after_the_change_are_moved_and_the_rest_kept() -> None:
    text = "a 1\nb 2 {\n  c 3\n}\nd 4\n"
    base = scan(text)
    spans = rescan(text.replace("b 2", "b 22 x=1"), text, base)
    assert spans[0] is base[0]  # before the change: the same objects
    assert spans[2] is not base[2] and spans[2].start == base[2].start + 5
    assert spans[1].children[0].entries[0].start == base[1].children[0].entries[0].start + 5
    same_length = rescan(text.replace("b 2", "b 3"), text, base)
    assert same_length[2] is base[2]  # nothing moved: shared


_PIECES = st.sampled_from([*EDITS, "a", "1", " ", '"s"', "k=v", "n {", "}\n", "/* c */"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(sorted(DOCUMENTS)), st.integers(0, 10**6), st.integers(0, 12),
       st.lists(_PIECES, max_size=4))
def test_larger_edits_rescan_as_a_fresh_scan(name: str, at: int, cut: int,
                                             pieces: list[str]) -> None:
    text = DOCUMENTS[name]
    at %= len(text) + 1
    changed = text[:at] + "".join(pieces) + text[at + cut:]
    assert _outcome(changed, (text, scan(text))) == _outcome(changed)
