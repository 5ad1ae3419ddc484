"""Rasa 3.6's selective domain with the rasa-sdk this action server runs (3.21, Python 3.11).

With `enable_selective_domain` (ops.stores.action_endpoint) Rasa 3.6 sends the domain only to the
actions marked `send_domain` in domain.yml, and no digest of it. rasa-sdk 3.21 expects Rasa Pro's
domain digest: a call with neither domain nor digest is answered 449 "retry with the domain",
a retry Rasa 3.6 never makes, so the turn would fail. The actions that are not sent the domain do
not read it; they get the last domain received (or an empty one). Imported by the Rasa adapters.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import ActionExecutor


def _update_and_return_domain(self: ActionExecutor, payload: dict[str, Any], action_name: str) -> dict[str, Any]:
    domain = payload.get("domain")
    if domain:
        self.domain = domain
        self.domain_digest = payload.get("domain_digest")
    return self.domain or {}


ActionExecutor.update_and_return_domain = _update_and_return_domain  # type: ignore[method-assign]
