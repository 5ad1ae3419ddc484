"""Contact details of the responsible units, only when a deployment provides them.

The policy names units, not phone numbers, and the bot must never invent one.
A deployment may set POLICY_UNIT_CONTACTS to a YAML file mapping a unit's
name to its contact text (e.g. "某局: 服务厅地址与电话"); by default there
is none and the bot points to the hotline instead.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import yaml

logger = logging.getLogger(__name__)
ENV_VAR = "POLICY_UNIT_CONTACTS"


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, str]:
    if not path:
        return {}
    try:
        data = yaml.safe_load(Path(path).expanduser().read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        logger.error("unit contacts file %s unusable: %s", path, error)
        return {}
    if not isinstance(data, dict):
        logger.error("unit contacts file %s should map unit names to text", path)
        return {}
    return {str(unit): str(contact) for unit, contact in data.items() if contact}


def unit_contacts() -> dict[str, str]:
    return _load(os.environ.get(ENV_VAR, ""))


def units_text(units: list[str]) -> str:
    """ "甲局、乙局", with configured contact details after each unit that has one."""
    contacts = unit_contacts()
    return "、".join(f"{unit}（{contacts[unit]}）" if unit in contacts else unit for unit in units)
