"""The checking rules of the `email` and `url` scalars, one of each for every side.

Each rule is a regular expression that Python's `re` and JavaScript's `RegExp` read the
same way (ASCII classes only, no lookbehind, no flags), plus a maximum length. The
runtime (both backends), the generated models, JSON Schema, OpenAPI and the TypeScript
validators all take them from here, so a client never accepts what a server refuses.
Python matches with `re.fullmatch`; JavaScript with the anchored pattern as written.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"

EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$"
"""A dot-atom local part, `@`, and a domain of at least two labels ending in letters."""
EMAIL_MAX_LENGTH = 254

URL_PATTERN = rf"^https?://(?:{_LABEL}\.)*{_LABEL}(?::[0-9]{{1,5}})?(?:[/?#][!-~]*)?$"
"""`http` or `https`, a host name, an optional port, then printable ASCII only."""
URL_MAX_LENGTH = 2048

_EMAIL = re.compile(EMAIL_PATTERN)
_URL = re.compile(URL_PATTERN)


def is_email(value: str) -> bool:
    """Whether `value` is an email address by the `email` rule."""
    return len(value) <= EMAIL_MAX_LENGTH and _EMAIL.fullmatch(value) is not None


def is_url(value: str) -> bool:
    """Whether `value` is a URL by the `url` rule."""
    return len(value) <= URL_MAX_LENGTH and _URL.fullmatch(value) is not None
