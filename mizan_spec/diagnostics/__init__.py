"""Diagnostics: the closed code registry, the Diagnostic record and its renderers."""

from mizan_spec.diagnostics.codes import CODES, Code, Severity
from mizan_spec.diagnostics.model import Diagnostic, Related, Span, sort_diagnostics

__all__ = ["CODES", "Code", "Diagnostic", "Related", "Severity", "Span", "sort_diagnostics"]
