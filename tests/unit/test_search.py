"""Retrieval through the real model and FAISS index (built by `make index`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actions import settings
from actions.search.answer import format_answer
from actions.search.index import IndexUnavailableError, build_index, load_index
from actions.search.service import get_searcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def searcher():
    return get_searcher(settings.INDEX_DIR)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("房租能减免吗", 7),
        ("稳岗返还怎么申请", 1),
        ("水电气费交不上能缓交吗", 16),
        ("首贷", 10),
        ("社會保險費可以申請緩繳嗎", 2),
        ("医疗器械产品注册收费吗", 14),
        ("担保费能少收点吗", 11),
    ],
)
def test_clear_questions_find_their_measure(searcher, question, section):
    result = searcher.search(question, k=3)
    assert not result.abstained
    assert result.hits[0].passage.section == section
    assert result.hits[0].score >= result.hits[-1].score


@pytest.mark.parametrize("question", ["今天天气怎么样", "给我讲个笑话吧", "彩票怎么才能中大奖"])
def test_unrelated_questions_abstain(searcher, question):
    result = searcher.search(question)
    assert result.abstained and result.hits == []


def test_empty_question_abstains_without_searching(searcher):
    assert searcher.search("   ").abstained
    assert searcher.search("？？！").abstained


def test_answer_cites_clause_units_and_validity(searcher):
    from actions.policy.corpus import load_corpus

    documents = {d.doc_id: d for d in load_corpus(settings.CORPUS_DIR)}
    text = format_answer(searcher.search("房租能减免吗"), documents)
    assert "第（七）条“降低房租成本”" in text
    assert "1个月房租免收、2个月房租减半" in text
    assert "责任单位：市工业和信息化局" in text
    assert "2020年6月30日" in text and "已到期" in text


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "actions.search", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_cli_jsonl_contract():
    lines = "\n".join(
        [json.dumps({"q": "房租能免吗"}, ensure_ascii=False), "not json", json.dumps({"q": "今天天气怎么样"})]
    )
    result = run_cli("query", "--jsonl", "--k", "2", stdin=lines + "\n")
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 3
    first = outputs[0]
    assert set(first) == {"q", "abstained", "hits"} and first["q"] == "房租能免吗"
    assert first["abstained"] is False and len(first["hits"]) == 2
    hit = first["hits"][0]
    assert set(hit) == {"doc_id", "section", "title", "text", "units", "score"}
    assert hit["doc_id"] == "liaoyuan-2020-sme-support" and hit["section"] == 7
    assert isinstance(hit["score"], float) and isinstance(hit["units"], list)
    assert "error" in outputs[1]
    assert outputs[2]["abstained"] is True and outputs[2]["hits"] == []


def test_cli_plain_query_prints_a_readable_answer():
    result = run_cli("query", "稳岗返还怎么申请")
    assert result.returncode == 0, result.stderr
    assert "第（一）条" in result.stdout and "市人力资源社会保障局" in result.stdout


def test_cli_missing_index_names_the_fix(tmp_path):
    result = run_cli("query", "--index", str(tmp_path / "none"), "房租")
    assert result.returncode == 1
    assert "make index" in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """One index built through the CLI from a copy of the corpus plus a plain JSONL document."""
    tmp = tmp_path_factory.mktemp("build")
    corpus = tmp / "corpus"
    shutil.copytree(settings.CORPUS_DIR / "liaoyuan-2020-sme-support", corpus / "liaoyuan")
    extra = tmp / "extra.jsonl"
    extra.write_text(json.dumps({"doc_id": "note-1", "text": "这是一份没有编号条款的通知。" * 40}) + "\n", "utf-8")
    out = tmp / "index"
    result = run_cli("build", "--docs", str(corpus), str(extra), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return corpus, out


def test_build_from_corpus_and_jsonl(built):
    _corpus, out = built
    index = load_index(out)
    sections = [p.section for p in index.passages]
    assert sections[:23] == list(range(23))
    assert all(p.section is None and p.doc_id == "note-1" for p in index.passages[23:])
    assert len(index.passages) > 23  # the long plain note was cut into several passages
    assert index.examples.vectors.ntotal > 0  # the policy's example questions were embedded


def test_failed_build_keeps_the_old_index(built, tmp_path: Path):
    _corpus, out = built
    with pytest.raises(FileNotFoundError):
        build_index([tmp_path / "missing"], out)
    assert len(load_index(out)) > 23


def test_changed_text_makes_the_index_stale(built):
    corpus, out = built
    policy = corpus / "liaoyuan" / "policy.txt"
    policy.write_text(policy.read_text("utf-8").replace("1个月房租免收", "2个月房租免收"), "utf-8")
    with pytest.raises(IndexUnavailableError, match="已过期.*make index"):
        load_index(out)


def test_build_rejects_a_bad_jsonl_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "没有 doc_id"}\n', "utf-8")
    result = run_cli("build", "--docs", str(bad), "--out", str(tmp_path / "index"))
    assert result.returncode == 1 and "doc_id" in result.stderr


def test_missing_model_names_the_fix(tmp_path: Path):
    from actions.search.embedder import Embedder, ModelMissingError

    with pytest.raises(ModelMissingError, match="make setup"):
        Embedder(str(tmp_path / "no-model"))


def test_cli_empty_question_is_refused_politely():
    result = run_cli("query", "  ")
    assert result.returncode == 2 and "请在命令后面写上问题" in result.stderr


def test_the_action_server_refuses_to_start_without_an_index_and_names_the_fix(tmp_path):
    """A real `python -m rasa_sdk` with POLICY_INDEX_DIR pointing at nothing exits, saying `make index`."""
    import os
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "POLICY_INDEX_DIR": str(tmp_path / "no-index")}
    run = subprocess.run(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode != 0
    assert "make index" in run.stdout + run.stderr
