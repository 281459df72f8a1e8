"""The `mizan-spec` command line."""
