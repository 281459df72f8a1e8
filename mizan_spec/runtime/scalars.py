"""`Email` and `Url`: the `email` and `url` scalars as Python annotations.

    from mizan_spec.runtime import Email, Url

    @client
    def subscribe(call: Call, address: Email, homepage: Url | None = None) -> None: ...

Both are `str` on the Python side and on the wire; the annotation carries a `StringFormat`
that validates the value by the one rule of `mizan_spec.ir.formats` (a client never
accepts what a server refuses) and tells the registry to export the scalar's IR name.
A bad value is a `wrong_type` issue, "must be an email address" / "must be a URL (http or
https)" (spec/protocol.md §7.1). Generated server models use these same annotations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from mizan_spec.ir import formats

_RULES: dict[str, tuple[Callable[[str], bool], str, str, str, int]] = {
    "email": (formats.is_email, "must be an email address", "email", formats.EMAIL_PATTERN,
              formats.EMAIL_MAX_LENGTH),
    "url": (formats.is_url, "must be a URL (http or https)", "uri", formats.URL_PATTERN,
            formats.URL_MAX_LENGTH),
}


@dataclass(frozen=True)
class StringFormat:
    """Annotation metadata: the value is a string of the IR scalar `scalar`."""

    scalar: str  # "email" or "url"

    def _validate(self, value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> str:
        check, message = _RULES[self.scalar][:2]
        if not isinstance(value, str) or not check(value):
            raise PydanticCustomError(f"{self.scalar}_type", message)
        result: str = handler(value)
        return result

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(self._validate, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        _, _, fmt, pattern, max_length = _RULES[self.scalar]
        out.update({"format": fmt, "pattern": pattern, "maxLength": max_length})
        return out


EMAIL = StringFormat("email")
URL = StringFormat("url")

Email = Annotated[str, EMAIL]
"""An email address (IR scalar `email`)."""
Url = Annotated[str, URL]
"""An http or https URL (IR scalar `url`)."""


def scalar_of(metadata: Any) -> str | None:
    """The IR scalar named by annotation metadata (`Annotated` extras, `FieldInfo.metadata`)."""
    for item in metadata:
        if isinstance(item, StringFormat):
            return item.scalar
    return None
