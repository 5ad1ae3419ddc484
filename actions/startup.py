"""The action server refuses to start without a usable search index, naming the fix.

Imported by the Rasa adapters (actions_*.py), which rasa_sdk loads at start-up: a missing,
stale or unreadable index stops the process with the command that rebuilds it, instead
of a server that runs and then fails every policy question. Libraries and command lines
(actions.search build among them) do not import this, so they work without an index.
"""

from __future__ import annotations

import logging

from actions import settings
from actions.search.index import IndexUnavailableError, manifest_problem

logger = logging.getLogger(__name__)


def require_index() -> None:
    try:
        manifest_problem(settings.INDEX_DIR)
    except IndexUnavailableError as error:
        logger.error("action server not started: %s", error)
        print(f"action server not started: {error}", flush=True)
        raise SystemExit(2) from error


require_index()
