"""The closed registry of breaking-change rules: id, category, grade and what it means.

Categories: WIRE (the JSON callers send and receive), SOURCE (names in generated code),
CONTEXT (context membership and `affects` edges: dropping one leaves caches stale), CACHE
(how long the server cache keeps results), AUTH (who may call). Grades: error (breaks
deployed clients), danger (does not break them but needs a human look), warning (worth
knowing). spec/breaking.md documents each rule.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADE_ORDER = {"warning": 0, "danger": 1, "error": 2}


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    grade: str
    summary: str


RULES: dict[str, Rule] = {}


def _rule(id: str, category: str, grade: str, summary: str) -> Rule:
    rule = Rule(id, category, grade, summary)
    RULES[id] = rule
    return rule


FUNCTION_REMOVED = _rule("function-removed", "WIRE", "error", "a function was removed")
PARAM_ADDED = _rule("param-added-required", "WIRE", "error",
                    "a parameter without a default was added")
PARAM_REMOVED = _rule("param-removed", "WIRE", "error", "a parameter was removed")
PARAM_TYPE = _rule("param-type-changed", "WIRE", "error",
                   "a parameter's type no longer accepts what callers send")
PARAM_REQUIRED = _rule("param-made-required", "WIRE", "error", "a parameter lost its default")
PARAM_CONSTRAINT = _rule("param-constraint-tightened", "WIRE", "error",
                         "a parameter's constraints reject values they used to accept")
FIELD_CONSTRAINT = _rule("field-constraint-tightened", "WIRE", "error",
                         "a field callers send has constraints that reject values they used "
                         "to accept")
RETURNS = _rule("returns-changed", "WIRE", "error",
                "a function's result no longer fits what callers expect")
TRANSPORT = _rule("transport-changed", "WIRE", "error", "a function's route or websocket changed")
FIELD_REMOVED = _rule("field-removed", "WIRE", "error", "a struct field was removed")
FIELD_ADDED = _rule("field-added-required", "WIRE", "error",
                    "a required field was added to a struct callers send")
FIELD_TYPE = _rule("field-type-changed", "WIRE", "error", "a struct field's type changed")
FIELD_REQUIRED = _rule("field-made-required", "WIRE", "error",
                       "a field callers send lost its default")
ENUM_VALUE_REMOVED = _rule("enum-value-removed", "WIRE", "error", "an enum value was removed")
ENUM_VALUE_ADDED = _rule("enum-value-added", "WIRE", "warning",
                         "an enum value was added (exhaustive client code may not expect it)")
TYPE_RENAMED = _rule("type-renamed", "SOURCE", "error",
                     "a type or enum was renamed (generated code names change)")
TYPE_REMOVED = _rule("type-removed", "SOURCE", "error", "a type or enum was removed")
CONTEXT_MEMBER_LEFT = _rule("context-member-left", "CONTEXT", "error",
                            "a function left its context (cached context data goes stale)")
CONTEXT_REMOVED = _rule("context-removed", "CONTEXT", "error", "a context was removed")
AFFECTS_DROPPED = _rule("affects-dropped", "CONTEXT", "error",
                        "an `affects` edge was dropped (caches are no longer refreshed)")
CACHE_ADDED = _rule("cache-added", "CACHE", "danger",
                    "a function's results are now kept by the server cache")
CACHE_LENGTHENED = _rule("cache-lengthened", "CACHE", "warning",
                         "the server cache keeps a function's results longer than before")
CHANNEL_REMOVED = _rule("channel-removed", "WIRE", "error", "a channel was removed")
CHANNEL_MESSAGE = _rule("channel-message-changed", "WIRE", "error",
                        "a channel's message no longer fits what subscribers expect")
CHANNEL_SEND = _rule("channel-send-changed", "WIRE", "error",
                     "a channel no longer accepts everything clients send to it")
AUTH_TIGHTENED = _rule("auth-tightened", "AUTH", "error",
                       "a function needs more privilege than before")
AUTH_LOOSENED = _rule("auth-loosened", "AUTH", "danger",
                      "a function needs less privilege than before (security-relevant)")
AUTH_CHANGED = _rule("auth-changed", "AUTH", "danger",
                     "a function's auth changed between incomparable requirements")
FORM_REMOVED = _rule("form-removed", "WIRE", "error", "a form was removed")
FORM_FIELD_REMOVED = _rule("form-field-removed", "WIRE", "error", "a form field was removed")
FORM_FIELD_ADDED = _rule("form-field-added-required", "WIRE", "error",
                         "a required field was added to a form")
FORM_FIELD_REQUIRED = _rule("form-field-made-required", "WIRE", "error",
                            "an optional form field became required")
FORM_FIELD_KIND = _rule("form-field-kind-changed", "WIRE", "error",
                        "a form field holds another kind of value")
FORM_CHOICE_REMOVED = _rule("form-choice-removed", "WIRE", "error",
                            "a choice a form field offered is gone")
FORM_CONSTRAINT = _rule("form-constraint-tightened", "WIRE", "error",
                        "a form field's constraints reject values they used to accept")
FORM_RETURNS = _rule("form-returns-changed", "WIRE", "error",
                     "what a form's submit returns no longer fits what callers expect")


@dataclass(frozen=True)
class Anchor:
    """What of the new spec a finding points at: a declaration (`decl`, "" for none: the
    change left nothing behind), one of its fields, parameters or members (`member`), and
    a part of that node (`part`): a property such as `max-length` or `returns`, or `type`
    for a field's or parameter's type. Each falls back to the one before when absent."""

    decl: str = ""
    member: str = ""
    part: str = ""


@dataclass(frozen=True)
class Finding:
    rule: Rule
    subject: str  # what changed: `get_post`, `Post.title`, `list_posts.limit`
    message: str
    anchor: Anchor = Anchor()
    accepted: bool = False
    hint: str = ""  # a likely explanation, e.g. that a removal and an addition are a rename

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.subject}"
