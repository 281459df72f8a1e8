"""mizan-spec: spec-first toolkit for the Mizan RPC protocol."""
