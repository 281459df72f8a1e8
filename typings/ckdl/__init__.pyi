# Type stubs for the parts of ckdl (which ships none) that mizan-spec uses.
from typing import Any, Literal

class ParseError(Exception): ...
class EmitterError(Exception): ...

class Value:
    type_annotation: str | None
    value: Any
    def __init__(self, type_annotation: str | None, value: Any) -> None: ...

class Node:
    name: str
    type_annotation: str | None
    args: list[Any]
    properties: dict[str, Any]
    children: list[Node]

class Document:
    nodes: list[Node]

def parse(kdl_text: str, *, version: Literal[1, 2, "detect"] | int = ...) -> Document: ...
