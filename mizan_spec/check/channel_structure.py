"""The structure of a `channel` declaration: its properties and its children.

`channel NAME message=TYPE [send=TYPE] [auth=...] { doc; param ... }`. Unknown
properties and children, values of the wrong KDL kind and malformed params are reported
here, as for functions; what the values mean is the channels pass's (`check.channels`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mizan_spec.check.declarations import ChannelDecl, TypeRef
from mizan_spec.check.grammar import CHANNEL_CHILDREN, CHANNEL_PROPS
from mizan_spec.parse.document import Node

if TYPE_CHECKING:
    from mizan_spec.check.structure import StructurePass

USAGE = "channel name message=Type { param name type }"


def channel_decl(structure: StructurePass, node: Node) -> None:
    name = structure.named(node, "channel", USAGE)
    structure.props(node, CHANNEL_PROPS)
    doc, kids = structure.children(node, CHANNEL_CHILDREN, f"channel `{name}`")
    decl = ChannelDecl(node, name or "", doc=doc)
    props = node.props
    for key in ("message", "send"):
        if key in props and structure.prop_kind(node, key, str, "a type",
                                                f'quote it: `{key}="list[Post]"`'):
            ref = TypeRef(str(props[key]), node, key)
            if key == "message":
                decl.message = ref
            else:
                decl.send = ref
    if "auth" in props and structure.prop_kind(
            node, "auth", (bool, str), "#true, #false, `staff`, `superuser` or a predicate"):
        auth = props["auth"]
        assert isinstance(auth, bool | str)
        decl.auth = auth
    for kid in kids:
        param = structure.field(kid, "param")
        if param is not None:
            decl.params.append(param)
    if name is not None:
        structure.decls.channels.append(decl)
