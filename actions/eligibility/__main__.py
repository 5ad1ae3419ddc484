"""`python -m actions.eligibility` (see cli.py for the contract)."""

import sys

from actions.eligibility.cli import main

sys.exit(main())
