"""mizan-spec: spec-first toolkit for the Mizan RPC protocol."""

__version__ = "0.1.0"
