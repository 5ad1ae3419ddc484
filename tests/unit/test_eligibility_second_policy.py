"""A second policy (two of the 辽宁 25 measures) added with data only: meta.yml + rules.yml.

The policy text stays in ../shared (it is not copied into the repository); the test
assembles a corpus folder in tmp and goes through the real CLI with --corpus.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "liaoning"
TEXT = ROOT.parent / "shared" / "policy" / "liaoning-2020-25.txt"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    if not TEXT.is_file():
        pytest.skip(f"{TEXT} 不存在（需要与仓库并列的 shared/）")
    folder = tmp_path / "liaoning-2020-25"
    folder.mkdir()
    for name in ("meta.yml", "rules.yml"):
        shutil.copy(FIXTURE / name, folder / name)
    shutil.copy(TEXT, folder / "policy.txt")
    return tmp_path


def _jsonl(corpus: Path, *requests: dict) -> list[dict]:
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
    done = subprocess.run(
        [sys.executable, "-m", "actions.eligibility", "--jsonl", "--corpus", str(corpus)],
        input=stdin,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_two_liaoning_measures_through_the_cli(corpus: Path) -> None:
    restaurant = {
        "industry": "餐馆",
        "employees": 30,
        "revenue_wan": 500,
        "affected": True,
        "temporary_difficulty": True,
        "social_insurance_payment_difficulty": True,
        "premises": "state_owned",
        "monthly_rent_yuan": 8000,
    }
    large = {"industry": "工业", "employees": 2000, "revenue_wan": 90000, "premises": "state_owned"}
    unknown = {"industry": "工业", "employees": 50, "revenue_wan": 800}
    out = _jsonl(corpus, *({"profile": p, "policy": "liaoning-2020-25"} for p in (restaurant, large, unknown)))
    first = out[0]
    assert first["policy"] == {
        "doc_id": "liaoning-2020-25",
        "title": "辽宁省应对新型冠状病毒感染的肺炎疫情支持中小企业生产经营若干政策措施",
        "valid_until": None,
        "expired": False,
    }
    assert [m["section"] for m in first["measures"]] == [12, 20]
    social, rent = first["measures"]
    assert social["title"] == "缓缴社会保险费" and social["status"] == "applies"
    assert social["units"] == ["省人力资源社会保障厅", "省财政厅", "省税务局"]
    assert "6月底" in social["benefit"], "餐饮 is one of the hard-hit industries"
    assert rent["title"] == "减免中小企业房租" and rent["status"] == "applies"
    assert rent["units"] == ["省科技厅", "省工业和信息化厅", "省国资委", "各市政府"]
    assert rent["estimate"]["amount"] == 16000
    assert out[1]["in_scope"] is False
    assert {m["status"] for m in out[1]["measures"]} == {"not_applicable"}
    assert out[2]["measures"][0]["status"] == "needs_info"
    assert out[2]["measures"][0]["missing"] == [
        "affected",
        "temporary_difficulty",
        "social_insurance_payment_difficulty",
    ]
    assert out[2]["ask_next"][0] == "premises", "premises settles the rent measure whatever the answer"


def test_policy_specific_field_is_unknown_to_the_default_policy(corpus: Path) -> None:
    out = _jsonl(corpus, {"profile": {"social_insurance_payment_difficulty": True}})
    assert out[0]["policy"]["doc_id"] == "liaoning-2020-25", "the only policy of the corpus is the default"
    default = subprocess.run(
        [sys.executable, "-m", "actions.eligibility", "--jsonl"],
        cwd=ROOT,
        text=True,
        input=json.dumps({"profile": {"social_insurance_payment_difficulty": True}}) + "\n",
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert "social_insurance_payment_difficulty" in json.loads(default.stdout)["error"]


def test_readable_report_has_no_invented_end_date(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"profile": {"premises": "private"}, "policy": "liaoning-2020-25"}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "actions.eligibility", str(path), "--corpus", str(corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "自发布之日起的3个月" in done.stdout and "没有给出确切的截止日期" in done.stdout
