"""Where the shared standards live and how their YAML is read.

The standards (size standard, industry synonyms, profile fields) sit in
`<corpus>/standards/`. A corpus without that folder (a test's small corpus)
falls back to the project's own standards, so a policy folder is all a new
policy needs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions import settings
from actions.eligibility.errors import RulesError

STANDARDS_FOLDER = "standards"


def standards_dir(corpus_dir: Path | None = None) -> Path:
    """`<corpus>/standards`, else the project's `corpus/standards`."""
    candidate = (corpus_dir or settings.CORPUS_DIR) / STANDARDS_FOLDER
    return candidate if candidate.is_dir() else settings.CORPUS_DIR / STANDARDS_FOLDER


@lru_cache(maxsize=64)
def load_yaml(path: Path) -> Any:
    """Parsed YAML file (cached; the data files do not change while we run)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulesError(f"数据文件 {path} 不存在") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"数据文件 {path} 不是有效的 YAML：{exc}") from exc


def load_reference(base: Path, reference: str) -> Any:
    """'file.yml#key' relative to base → that key's value (the whole file without '#')."""
    name, _, key = reference.partition("#")
    data = load_yaml((base / name).resolve())
    if key:
        if not isinstance(data, dict) or key not in data:
            raise RulesError(f"{base / name} 中没有 {key}")
        data = data[key]
    return data
