"""Shared paths for the tests; ../shared holds data that is not copied into the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def liaoning_text() -> str:
    path = SHARED / "policy" / "liaoning-2020-25.txt"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the tests expect ../shared beside the repository")
    return path.read_text(encoding="utf-8")
