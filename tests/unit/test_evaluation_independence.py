"""Evaluation sentences are not near copies of the training data, the question banks or the vocabulary.

The rule is documented in bench/evalguard.py. A failure lists every near copy: remove it from the
evaluation set (never rewrite it until it slips past the guard).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import evalguard  # noqa: E402


@pytest.fixture(scope="module")
def guard() -> evalguard.Guard:
    return evalguard.Guard(evalguard.references(ROOT))


@pytest.mark.parametrize("path", evalguard.evaluation_files(ROOT), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_near_copies(guard, path: Path):
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist (yet)")
    sentences = evalguard.evaluation_set(path)
    assert sentences, f"{path.relative_to(ROOT)}: no evaluation sentence found; is its format understood?"
    copies = [copy for copy in map(guard.match, sentences) if copy]
    assert not copies, f"{len(copies)} of {len(sentences)} sentences are near copies:\n" + "\n".join(map(str, copies))


def test_references_are_loaded():
    refs = evalguard.references(ROOT)
    sources = {r.source for r in refs}
    assert "corpus/out-of-scope-questions.yml" in sources
    assert "corpus/liaoyuan-2020-sme-support/example-questions.yml" in sources
    assert any(s.startswith("data/nlu/") for s in sources)
    assert {r.source for r in refs if r.phrase} >= {
        "actions/conversation/vocabulary.yml",
        "corpus/standards/profile-fields.yml",
    }
    assert not any("[" in r.text and "](" in r.text for r in refs), "entity annotations must be stripped"


def _match(reference: str, sentence: str, phrase: bool = False) -> str | None:
    copy = evalguard.Guard([evalguard.Sentence(reference, "ref", phrase)]).match(evalguard.Sentence(sentence, "eval"))
    return copy.reason if copy else None


@pytest.mark.parametrize(
    ("reference", "sentence", "copied"),
    [
        ("社会保险费可以缓缴吗", "社會保險費可以緩繳嗎？", True),  # identical after normalisation
        ("你吃饭了吗", "你吃饭了吗😄", True),  # emoji and punctuation do not count
        ("房租能减免吗", "房租能免吗", True),  # one edit
        ("员工隔离期间工资怎么发", "员工居家隔离期间工资怎么发", True),  # two edits
        ("社保能缓交吗", "社保能不能缓交啊", False),  # three edits
        ("房租减免", "国有房产的房租减免归哪个部门管？", True),  # reference inside the sentence
        ("这个政策什么时候到期", "什么时候到期", True),  # sentence inside the reference
        ("首贷", "首贷培植工作由哪些单位负责？", False),  # a 2-character word is not a copy
        ("88", "无", False),  # 1–2 characters: identical only
        ("开始评估", "开始测评", False),  # two edits of four characters is a paraphrase
    ],
)
def test_rule(reference, sentence, copied):
    assert (_match(reference, sentence) is not None) is copied


def test_phrases_count_only_when_they_contain_the_sentence():
    assert _match("租的国有资产类房屋", "租的国有资产", phrase=True)
    assert _match("没有困难", "没有困難", phrase=True)
    assert not _match("没有经营用房", "我们没有经营用房，在家做网店，房租能减吗", phrase=True)
    assert _match("没有经营用房", "我们没有经营用房，在家做网店，房租能减吗") is not None


def test_edit_distance():
    assert evalguard.edit_distance("kitten", "sitting", 5) == 3
    assert evalguard.edit_distance("kitten", "sitting", 1) == 2  # stops early: limit + 1
    assert evalguard.edit_distance("", "ab", 2) == 2


def test_retrieval_dev_has_separate_tune_and_report_splits():
    """bench/tune_search.py fits on `tune`, bench/retrieval.py reports on `report` only."""
    import json

    questions = [json.loads(line) for line in evalguard.RETRIEVAL_DEV.read_text("utf-8").splitlines() if line.strip()]
    assert {q.get("split") for q in questions} == {"tune", "report"}
    for split in ("tune", "report"):
        part = [q for q in questions if q["split"] == split]
        assert any(q["gold"] for q in part) and any(not q["gold"] for q in part)
    tune = evalguard.Guard([evalguard.Sentence(q["q"], "tune") for q in questions if q["split"] == "tune"])
    leaks = [tune.match(evalguard.Sentence(q["q"], "report")) for q in questions if q["split"] == "report"]
    assert not any(leaks), "report questions that are near copies of tune questions:\n" + "\n".join(
        str(c) for c in leaks if c
    )
