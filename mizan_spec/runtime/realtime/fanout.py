"""Fan-out: who hears an event sent to a group. `LocalFanout` reaches this process's
connections; other fan-outs (`redis_fanout`, Django's channel layer in `layer_fanout`)
reach every process's, and deliver to their local members the same way.

A member is anything with `on_event(group, event)`; it must not block (a connection
only queues the frames the event gives it). Events are bytes (JSON), the same on every
process.
"""

from __future__ import annotations

from typing import Protocol


class Member(Protocol):
    def on_event(self, group: str, event: bytes) -> None: ...


class Fanout(Protocol):
    async def start(self) -> None: ...
    async def join(self, group: str, member: Member) -> None: ...
    async def leave(self, group: str, member: Member) -> None: ...
    async def send(self, group: str, event: bytes) -> None: ...
    async def close(self) -> None: ...


class LocalMembers:
    """Groups and their members in this process."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[int, Member]] = {}

    def join(self, group: str, member: Member) -> None:
        self.groups.setdefault(group, {})[id(member)] = member

    def leave(self, group: str, member: Member) -> None:
        members = self.groups.get(group)
        if members is not None:
            members.pop(id(member), None)
            if not members:
                del self.groups[group]

    def deliver(self, group: str, event: bytes) -> None:
        for member in list(self.groups.get(group, {}).values()):
            member.on_event(group, event)


class LocalFanout:
    """One process: an event reaches the members of its group here, at once."""

    def __init__(self) -> None:
        self.members = LocalMembers()

    async def start(self) -> None:
        return None

    async def join(self, group: str, member: Member) -> None:
        self.members.join(group, member)

    async def leave(self, group: str, member: Member) -> None:
        self.members.leave(group, member)

    async def send(self, group: str, event: bytes) -> None:
        self.members.deliver(group, event)

    async def close(self) -> None:
        return None
