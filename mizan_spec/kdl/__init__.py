"""KDL 2.0 output: the project's own deterministic writer (ckdl's emitter is not fit for it)."""
