"""View models for the TypeScript templates, one builder per output file.

Every name, type text and ordering the templates print is decided here, from the IR
and the `Symbols` computed once for all files; the templates only lay the text out.
"""
