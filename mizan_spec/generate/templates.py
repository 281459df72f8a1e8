"""The jinja2 environment every generator renders with.

Templates live in `generators/<target>/` at the top of the source tree and are shipped
inside the wheel as `mizan_spec/_generators/`. They only lay out text: names, ordering
and import sets are computed in Python before rendering.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

_PACKAGED = Path(__file__).resolve().parent.parent / "_generators"
_SOURCE_TREE = Path(__file__).resolve().parent.parent.parent / "generators"


def templates_root() -> Path:
    """Where the templates are: inside an installed wheel, or in the source tree."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE_TREE


@functools.cache
def environment(target: str) -> jinja2.Environment:
    """A strict environment for one target folder (`python`, `typescript`, ...)."""
    import jinja2  # only rendering needs it; `templates_root` serves the up-to-date check

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_root() / target),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env
