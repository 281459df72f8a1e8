"""`python -m mizan_spec` runs the command line."""

from mizan_spec.cli.entry import main

main()
