"""`python -m mizan_spec` runs the command line."""

from mizan_spec.cli.main import main

main()
