"""`gen python`, channels: what a generated server package says about each channel.

For a channel `chat` this computes the text of
- `channels.py`: `ChatParams` (the pydantic model of the params, read back by the runtime
  into the same IR), `ChatPublisher` (`publish(*, room, message)` from sync code,
  `apublish` from async code) and `Channels`, which holds one publisher per channel;
- the interface's and the scaffold's methods: `authorize_chat(call, params) -> bool`
  (runs on every subscribe, after the channel's `auth`) and, when the channel declares
  `send`, `on_send_chat(call, params, message)` (what it returns, unless None, is
  published to the sender's group), in the package's `def` or `async def` style;
- the wiring's `registry.add_channel(...)` lines.

The group is the params' canonical JSON (the runtime's default), so the implementation
does not supply `group`. Templates only lay these texts out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from mizan_spec.check.generated_names import CHANNELS_CLASS, channel_classes, channel_methods
from mizan_spec.check.names import python_param_name
from mizan_spec.generate.python.literals import docstring
from mizan_spec.generate.python.models import ModelNames
from mizan_spec.generate.python.pytypes import Imports, annotation, default_text, type_text
from mizan_spec.generate.python.views import ParamView, call_text
from mizan_spec.ir.model import AUTH_AUTHENTICATED, AUTH_PUBLIC, IR, Channel

MODULE = ".channels"


def method_names(channel: Channel) -> list[str]:
    """The implementation's methods for `channel`, in the interface's order."""
    return channel_methods(channel.name, channel.send is not None)


def class_names(channel: Channel) -> tuple[str, str]:
    """The params model and publisher class of `channel` in channels.py."""
    return channel_classes(channel.name)


def clashes(ir: IR) -> list[str]:
    """Generated names that meet a spec name (they would shadow each other)."""
    taken = {*(f.name for f in ir.functions), *(p.name for p in ir.predicates),
             *(s.name for s in ir.structs), *(e.name for e in ir.enums)}
    out: list[str] = []
    generated = {CHANNELS_CLASS}
    for c in ir.channels:
        for name in (*method_names(c), *class_names(c)):
            if name in taken or name in generated:
                out.append(f"channel {c.name!r}: {name!r} meets another name of the spec")
            generated.add(name)
    if CHANNELS_CLASS in taken and ir.channels:
        out.append("the type name 'Channels' meets the generated `Channels` publisher")
    return out


@dataclass
class ChannelView:
    channel: Channel
    params: list[ParamView]
    message: str | None  # the message type as written in the module; None where the
    # module does not name it (interface.py and impl.py name only a sending channel's)
    send: str | None
    params_class: str  # local name of <Name>Params
    call: str  # local `Call[Request]`
    asynchronous: bool
    register_args: list[str]

    @property
    def name(self) -> str:
        return self.channel.name

    def _def(self) -> str:
        return "async def" if self.asynchronous else "def"

    def interface_methods(self, indent: str, body: str) -> str:
        """The methods the implementation supplies, each with `body` (`...` or a raise)."""
        inner = indent + "    "
        head = f"self, call: {self.call}, params: {self.params_class}"
        authorize = (f"{indent}{self._def()} authorize_{self.name}({head}) -> bool:\n"
                     + docstring(f"Channel `{self.name}`: may this caller subscribe to the "
                                 "group of these params? Runs on every subscribe, after "
                                 "`auth`.", inner) + "\n")
        default = body if body == "..." else "return True"
        out = [authorize + f"{inner}{default}\n"]
        if self.send is not None:
            assert self.message is not None
            returns = f"{self.message} | None"
            line = (f"{indent}{self._def()} on_send_{self.name}({head}, message: {self.send}"
                    f") -> {returns}:")
            if len(line) > 99:
                args = "".join(f"{inner}{a},\n" for a in
                               [*head.split(", "), f"message: {self.send}"])
                line = (f"{indent}{self._def()} on_send_{self.name}(\n{args}{indent}) "
                        f"-> {returns}:")
            text = docstring(f"Channel `{self.name}`: a client sent `message`; what this "
                             "returns (unless None) is published to its group.", inner)
            fallback = body if body == "..." else (
                f'raise NotImplementedError("on_send_{self.name}")')
            out.append(f"{line}\n{text}\n{inner}{fallback}\n")
        return "\n".join(out).rstrip("\n")

    def params_fields(self, indent: str) -> str:
        """The body of the params model: one annotated field per param."""
        lines = []
        for p in self.params:
            line = f"{indent}{p.declaration()}"
            if len(line) > 99:
                line = f"{indent}{p.declaration(indent, block=True)}"
            lines.append(line)
        return "\n".join(lines)

    def _default(self, p: ParamView) -> str:
        """A default that is a call (a date, a uuid) is a module constant: see `constants`."""
        assert p.default is not None
        if "(" not in p.default:
            return p.default
        return f"_{self.name.upper()}_{p.py_name.upper()}"

    def constants(self) -> str:
        """`_CHAT_DAY = date.fromisoformat(...)`: the publishers' call defaults, built once."""
        return "\n".join(f"{self._default(p)} = {p.default}" for p in self.params
                         if p.default is not None and "(" in p.default)

    def publish_methods(self, indent: str, registry: str) -> str:
        """`publish(*, params..., message)` and `apublish`, typed like the channel."""
        inner = indent + "    "
        keywords = [f"{p.py_name}: {p.annotation.base}"
                    + ("" if p.default is None else f" = {self._default(p)}")
                    for p in self.params]
        assert self.message is not None
        head = ", ".join(["self", "*", *keywords, f"message: {self.message}"])
        build = f"{self.params_class}({', '.join(f'{p.py_name}={p.py_name}' for p in self.params)})"
        out = []
        for keyword, method, awaiting, what in (
                ("def", "publish", "", "from sync code"),
                ("async def", "apublish", "await ", "from async code")):
            line = f"{indent}{keyword} {method}({head}) -> None:"
            if len(line) > 99:
                args = "".join(f"{inner}{a},\n" for a in head.split(", "))
                line = f"{indent}{keyword} {method}(\n{args}{indent}) -> None:"
            doc = docstring(f"Publish `message` to the group of these params, {what}.",
                            inner)
            call = call_text(inner, f"{awaiting}{registry}.{method}",
                             [json.dumps(self.name), build, "message"], None)
            out.append(f"{line}\n{doc}\n{call}\n")
        return "\n".join(out).rstrip("\n")

    def registration(self, indent: str, impl: str, registry: str) -> str:
        assert self.message is not None
        args = [json.dumps(self.name), f"message={self.message}",
                f"params={self.params_class}"]
        if self.send is not None:
            args.append(f"send={self.send}")
        args += self.register_args
        args.append(f"authorize={impl}.authorize_{self.name}")
        if self.send is not None:
            args.append(f"on_send={impl}.on_send_{self.name}")
        return call_text(indent, f"{registry}.add_channel", args, self.channel.doc)


def _auth_args(c: Channel) -> list[str]:
    if c.auth == AUTH_AUTHENTICATED:
        return ["auth=True"]
    if c.auth != AUTH_PUBLIC:
        return [f"auth={json.dumps(c.auth)}"]
    return []


def _param_views(c: Channel, names: ModelNames, imports: Imports) -> list[ParamView]:
    """The params as the model declares them: `Annotated[T, Field(...)]` with their
    constraints and docs (the runtime reads them back into the IR)."""
    views = []
    for p in c.params:
        py_name = python_param_name(p.name)
        views.append(ParamView(py_name, p.name, annotation(p, imports, py_name),
                               default_text(p, imports, names.attribute) if p.has_default
                               else None))
    return views


def channel_views(ir: IR, names: ModelNames, imports: Imports, call: str,
                  asynchronous: bool, *, from_module: bool = True,
                  all_messages: bool = True) -> list[ChannelView]:
    """One view per channel; `from_module`: the params classes are imported from
    channels.py (every module but channels.py itself); `all_messages`: the module names
    every channel's message type (else only a sending channel's, which `on_send` returns),
    so a type is imported only where it is written."""
    views = []
    for c in ir.channels:
        params_name, _ = class_names(c)
        local = imports.ref(MODULE, params_name) if from_module else params_name
        send = type_text(c.send, imports) if c.send is not None and from_module else None
        params = [] if from_module else _param_views(c, names, imports)
        views.append(ChannelView(c, params,
                                 type_text(c.message, imports)
                                 if all_messages or c.send is not None else None,
                                 send, local, call,
                                 asynchronous, _auth_args(c)))
    return views


def module_channels(ir: IR, names: ModelNames, imports: Imports, call: str,
                    asynchronous: bool, n: dict[str, str], *,
                    router: bool = False, wiring: bool = False) -> list[ChannelView]:
    """What interface.py, wiring.py and impl.py say about channels (nothing without
    them); `n["Channels"]` is the local name of the publishers' class, `router`
    (FastAPI's wiring) adds what `create_router`'s realtime keywords need, and `wiring`
    (which registers every channel with its message type) names every message type."""
    if not ir.channels:
        return []
    n["Channels"] = imports.ref(MODULE, CHANNELS_CLASS)
    if router:
        n["Sequence"] = imports.ref("collections.abc", "Sequence")
        n["Limits"] = imports.ref("mizan_spec.runtime.realtime.limits", "Limits")
    return channel_views(ir, names, imports, call, asynchronous, all_messages=wiring)


def render_channels_module(ir: IR, names: ModelNames, header: str) -> str:
    """channels.py: params models, publishers and `Channels`."""
    from mizan_spec.generate.python.imports import import_lines
    from mizan_spec.generate.python.render import spec_names
    from mizan_spec.generate.templates import environment

    defined = {CHANNELS_CLASS, *(n for c in ir.channels for n in class_names(c))}
    imports = Imports(spec_names(ir), frozenset(defined))
    n = {"BaseModel": imports.ref("pydantic", "BaseModel"),
         "Registry": imports.ref("mizan_spec.runtime", "Registry")}
    views = channel_views(ir, names, imports, "", False, from_module=False)
    publishers = {c.name: class_names(c)[1] for c in ir.channels}
    return environment("python").get_template("channels.py.j2").render(
        header=header, import_lines=import_lines(imports), channels=views, n=n,
        docstring=docstring, publisher=lambda c: publishers[c.name])
