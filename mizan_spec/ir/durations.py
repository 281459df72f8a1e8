"""Cache durations: the `cache="30s"` text of specs and decorators, and seconds in the IR.

A duration is a positive whole number followed by one unit, `s`, `m`, `h` or `d`
(`"30s"`, `"5m"`, `"2h"`, `"1d"`), at most `MAX_SECONDS` (one week). The IR holds it as
seconds, so `"5m"` and `"300s"` are the same cache; `format_duration` writes seconds back
in the largest unit that divides them (300 -> `"5m"`), which is what `mizan-spec import`
writes.
"""

from __future__ import annotations

import re

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_SECONDS = 7 * 86400
_DURATION = re.compile(r"([1-9][0-9]{0,9})([smhd])\Z")


def parse_duration(text: str) -> int | None:
    """Seconds of a duration text, or None when it is not one (malformed, zero, too long)."""
    m = _DURATION.match(text)
    if m is None:
        return None
    seconds = int(m.group(1)) * UNITS[m.group(2)]
    return seconds if seconds <= MAX_SECONDS else None


def format_duration(seconds: int) -> str:
    """The canonical text of a number of seconds: the largest unit that divides it."""
    for unit in ("d", "h", "m"):
        if seconds % UNITS[unit] == 0:
            return f"{seconds // UNITS[unit]}{unit}"
    return f"{seconds}s"
