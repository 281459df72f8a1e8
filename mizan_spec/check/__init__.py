"""Checking: positioned KDL nodes to declarations, then every rule of the spec language."""
