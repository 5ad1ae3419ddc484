"""`python -m actions.eligibility` (see cli.py for the contract)."""

import sys

from actions.eligibility.cli import main

# Guarded: the action server imports every module of the package at start-up.
if __name__ == "__main__":
    sys.exit(main())
