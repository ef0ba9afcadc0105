"""``python -m sync``: see :mod:`sync.cli`."""

from .cli import main

main()
