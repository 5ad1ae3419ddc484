"""Policy content lives in data (corpus/, YAML), never in the action server's Python.

A second policy must need no code change, so no .py file under actions/ may name a
measure's title, a responsible unit, the policy's region or a specific article
("第N条", "第（N）条"), not even in a docstring or comment: examples written in code
drift from the text and tell the next reader that this policy is special.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from actions import settings
from actions.policy.corpus import load_corpus

ACTIONS = Path(__file__).resolve().parents[2] / "actions"
_NUMERAL = r"(?:[一二三四五六七八九十百两]{1,5}|\d{1,3})"
ARTICLE = re.compile(rf"第\s*[（(]\s*{_NUMERAL}\s*[）)]\s*[条项]?|第\s*{_NUMERAL}\s*[条项]")
_REGION_SEGMENT = re.compile(r".+?(?:自治区|特别行政区|省|市|自治州|州|盟|地区|县|区|旗)")
_REGION_SUFFIX = re.compile(r"(?:自治区|特别行政区|省|市|自治州|州|盟|地区|县|区|旗)$")


def region_names(region: str) -> set[str]:
    """ "<省名>省<市名>市" → itself, each segment, and each segment without its suffix."""
    names = {region}
    for segment in _REGION_SEGMENT.findall(region):
        names |= {segment, _REGION_SUFFIX.sub("", segment)}
    return {name for name in names if len(name) >= 2}


def policy_terms() -> dict[str, str]:
    """Every phrase that is a fact of a policy in the corpus → what it is."""
    terms: dict[str, str] = {}
    for document in load_corpus(settings.CORPUS_DIR):
        for section in document.sections:
            if section.number:
                terms[section.title] = f"measure title ({document.doc_id})"
            for unit in section.units:
                terms[unit] = f"responsible unit ({document.doc_id})"
        for name in region_names(str(document.meta.get("region") or "")):
            terms[name] = f"region ({document.doc_id})"
    return terms


def strings_and_comments(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal and comment of a Python file."""
    kinds = {tokenize.STRING, tokenize.COMMENT} | {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    source = path.read_text(encoding="utf-8")
    return [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type in kinds
    ]


def offenders() -> list[str]:
    terms = policy_terms()
    found: list[str] = []
    for path in sorted(ACTIONS.rglob("*.py")):
        for line, text in strings_and_comments(path):
            hits = [f"{term} [{what}]" for term, what in terms.items() if term in text]
            hits += [f"{match} [article reference]" for match in ARTICLE.findall(text)]
            found.extend(f"{path.relative_to(ACTIONS.parent)}:{line}: {hit}" for hit in hits)
    return found


def test_the_terms_are_found() -> None:
    """The check itself works: it knows the corpus's titles, units and region, and article references."""
    terms = policy_terms()
    assert any(what.startswith("measure title") for what in terms.values())
    assert any(what.startswith("responsible unit") for what in terms.values())
    assert any(what.startswith("region") for what in terms.values())
    assert all(ARTICLE.search(text) for text in ("第七条", "第（七）条", "第7条", "第(十二)条", "第十五项"))
    assert not ARTICLE.search("第一次"), "ordinals that are not articles are fine"


@pytest.mark.parametrize("region", ["吉林省辽源市"])
def test_region_names(region: str) -> None:
    assert {"吉林省辽源市", "辽源市", "辽源", "吉林"} <= region_names(region)


def test_no_policy_facts_in_python() -> None:
    found = offenders()
    assert not found, "policy facts in Python (move them to corpus/<doc>/meta.yml or a YAML file):\n" + "\n".join(found)
