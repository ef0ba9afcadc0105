"""``python -m ext``: command-line entry point (see :mod:`ext.cli`)."""

from ext.cli import main

main()
