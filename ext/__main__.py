"""``python -m ext``: command-line entry point (see :mod:`ext.cli`)."""

from .cli import main

main()
