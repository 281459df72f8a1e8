"""Parsing: files to positioned KDL node trees (ckdl for values, a scanner for spans)."""
