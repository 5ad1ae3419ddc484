"""The corpus folder: one sub-folder per policy with its text and metadata.

corpus/<doc_id>/meta.yml names the text file, the rules file and the facts a
person needs around the text (title, region, legal basis, validity). Adding a
policy is adding a folder; no code changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from actions.policy.parser import PolicyParseError, Section, parse_policy


class CorpusError(RuntimeError):
    """The corpus folder is missing or a policy's metadata is unusable."""


@dataclass(frozen=True)
class PolicyDocument:
    """A policy text, its metadata and (lazily) its sections."""

    doc_id: str
    title: str
    folder: Path
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def valid_until(self) -> dt.date | None:
        value = self.meta.get("valid_until")
        return value if isinstance(value, dt.date) else None

    @property
    def rules_path(self) -> Path | None:
        name = self.meta.get("rules")
        return self.folder / name if name else None

    @cached_property
    def sections(self) -> list[Section]:
        return parse_policy(self.text)

    def section(self, number: int) -> Section:
        for section in self.sections:
            if section.number == number:
                return section
        raise KeyError(f"{self.doc_id} has no section {number}")

    def is_expired(self, as_of: dt.date | None = None) -> bool:
        until = self.valid_until
        return until is not None and (as_of or dt.date.today()) > until


def _strip_boilerplate(text: str, markers: list[str]) -> str:
    for marker in markers:
        position = text.find(marker)
        if position >= 0:
            text = text[:position]
    return text


def load_document(folder: Path) -> PolicyDocument:
    """One policy folder → PolicyDocument (text read, not yet parsed)."""
    meta_path = folder / "meta.yml"
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise CorpusError(f"{meta_path} 不存在") from exc
    missing = [key for key in ("doc_id", "title", "text") if not meta.get(key)]
    if missing:
        raise CorpusError(f"{meta_path} 缺少字段: {', '.join(missing)}")
    text_path = folder / meta["text"]
    if not text_path.is_file():
        raise CorpusError(f"{meta_path} 指向的文本 {text_path} 不存在")
    text = _strip_boilerplate(text_path.read_text(encoding="utf-8"), meta.get("boilerplate_markers") or [])
    return PolicyDocument(doc_id=str(meta["doc_id"]), title=str(meta["title"]), folder=folder, text=text, meta=meta)


def load_corpus(root: Path) -> list[PolicyDocument]:
    """Every policy folder under root, sorted by doc_id."""
    if not root.is_dir():
        raise CorpusError(f"政策库目录 {root} 不存在")
    documents = [load_document(meta.parent) for meta in sorted(root.glob("*/meta.yml"))]
    if not documents:
        raise CorpusError(f"政策库目录 {root} 里没有任何 */meta.yml")
    return documents


def default_document(documents: list[PolicyDocument]) -> PolicyDocument:
    """The policy marked `default: true` in its meta.yml, else the first."""
    for document in documents:
        if document.meta.get("default"):
            return document
    return documents[0]


def find_document(documents: list[PolicyDocument], doc_id: str | None) -> PolicyDocument:
    if doc_id is None:
        return default_document(documents)
    for document in documents:
        if document.doc_id == doc_id:
            return document
    known = ", ".join(d.doc_id for d in documents)
    raise CorpusError(f"没有政策 {doc_id!r}（已有: {known}）")


__all__ = [
    "CorpusError",
    "PolicyDocument",
    "PolicyParseError",
    "default_document",
    "find_document",
    "load_corpus",
    "load_document",
]
