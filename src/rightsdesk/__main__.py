"""`python -m rightsdesk` runs the command-line interface."""

from rightsdesk.cli import main

main()
