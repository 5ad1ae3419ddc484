"""Everything one evaluation needs about a policy, loaded once and cached.

The policy text (titles, responsible units), its rules file, the profile fields
(shared + the policy's own) and the size standard the rules name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from actions import settings
from actions.eligibility.errors import EligibilityError, RulesError
from actions.eligibility.fields import FieldDef
from actions.eligibility.rules import RuleSet, load_rules
from actions.eligibility.size import SizeStandard, load_standard
from actions.policy.corpus import (
    CorpusError,
    PolicyDocument,
    PolicyParseError,
    find_document,
    load_corpus,
)


@dataclass(frozen=True, eq=False)
class Context:
    """Hashable by identity, so per-policy derived data can be cached on it."""

    document: PolicyDocument
    rules: RuleSet
    fields: dict[str, FieldDef]
    standard: SizeStandard


@lru_cache(maxsize=8)
def _documents(corpus_dir: Path) -> tuple[PolicyDocument, ...]:
    return tuple(load_corpus(corpus_dir))


@lru_cache(maxsize=32)
def _context(policy: str | None, corpus_dir: Path) -> Context:
    try:
        document = find_document(list(_documents(corpus_dir)), policy)
    except CorpusError as exc:
        raise EligibilityError(str(exc)) from exc
    if document.rules_path is None or not document.rules_path.is_file():
        raise EligibilityError(f"政策 {document.doc_id} 没有资格规则文件（meta.yml 的 rules）")
    rules = load_rules(document.rules_path, corpus_dir)
    if rules.policy and rules.policy != document.doc_id:
        raise RulesError(f"{document.rules_path}: policy 为 {rules.policy}，但所在政策是 {document.doc_id}")
    try:
        numbers = {section.number for section in document.sections}
    except PolicyParseError as exc:
        raise RulesError(f"政策 {document.doc_id} 的原文无法按条款解析：{exc}") from exc
    absent = [m.section for m in rules.measures if m.section not in numbers or m.section == 0]
    if absent:
        raise RulesError(f"{document.rules_path}: 政策原文中没有第 {absent} 条")
    return Context(document, rules, rules.fields, load_standard(corpus_dir, rules.size_standard))


def load_context(policy: str | None = None, corpus_dir: Path | None = None) -> Context:
    """The policy `policy` (doc_id; None = the default policy) of the corpus folder."""
    return _context(policy, (corpus_dir or settings.CORPUS_DIR).resolve())
