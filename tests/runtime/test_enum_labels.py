"""Enum member labels decorator-first: a Python enum whose members have a `.label`
(Django's `TextChoices`) exports the IR of the spec that gives those labels."""

from __future__ import annotations

import enum
from pathlib import Path

from django.db import models
from django.utils.functional import lazy

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from mizan_spec.runtime import Call, Registry

CASE = Path(__file__).parents[2] / "spec" / "conformance" / "valid" / "enum-labels"


gettext_lazy = lazy(str, str)  # a lazy text, like a translation (which needs settings)


class Topic(models.TextChoices):
    """What a message is about."""

    SALES = "sales", gettext_lazy("Sales")
    SUPPORT = "support", 'Support & "help"'
    """Help with something bought."""
    OTHER = "other"


def test_text_choices_export_the_labels_of_the_spec() -> None:
    registry = Registry()

    def route_message(call: Call, topic: Topic = Topic.SALES) -> Topic:
        return topic

    registry.add(route_message)
    spec = compile_spec([CASE]).ir
    assert spec is not None
    exported = emit_ir(registry.export_ir())
    # TextChoices label every member (`OTHER` reads as "Other"); the spec left it bare
    assert exported == emit_ir(spec).replace("member other", "member other label=Other")


class Plain(enum.StrEnum):
    label = "label"  # a member of that name is a member, not a label
    b = "b"


def test_plain_enums_have_no_labels() -> None:
    registry = Registry()

    def f(call: Call, p: Plain) -> None:
        return None

    registry.add(f)
    (e,) = registry.export_ir().enums
    assert [(m.name, m.label) for m in e.members] == [("label", None), ("b", None)]
