"""`mizan-spec fmt` on channel declarations: property order, params, comments kept."""

from __future__ import annotations

from mizan_spec.fmt.format import format_text


def test_a_channel_gets_its_properties_in_the_documented_order() -> None:
    text = ('mizan 1\nchannel   chat auth=#true send="ChatPost"  message=ChatMessage {\n'
            '  doc "Room."\n  param room "str" default="lobby" max-length=64\n}\n'
            'channel scores auth=staff message=Score\n')
    assert format_text(text) == (
        'mizan 1\nchannel chat message=ChatMessage send=ChatPost auth=#true {\n'
        '    doc "Room."\n    param room str max-length=64 default=lobby\n}\n'
        'channel scores message=Score auth=staff\n')


def test_a_channel_with_comments_keeps_them_beside_what_they_annotate() -> None:
    text = ('mizan 1\n\n// the chat\nchannel chat auth=#true /* who */ message=M {\n'
            '    param room str // the room\n}\n')
    out = format_text(text)
    assert out == ('mizan 1\n\n// the chat\nchannel chat auth=#true /* who */ message=M {\n'
                   '    param room str // the room\n}\n')
    assert format_text(out) == out
