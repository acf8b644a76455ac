"""``python -m modstack``: the same as the ``modstack`` command."""

from modstack.cli import main

main()
