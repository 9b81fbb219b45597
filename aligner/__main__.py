"""``python -m aligner``: the command-line interface."""

from aligner.cli import main

main()
