"""The language server: diagnostics, hover, definition, completion and symbols for specs."""
