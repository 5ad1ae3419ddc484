"""The command-line contract, run as a real subprocess, and the ask_next ordering."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from actions.eligibility import ask_next, evaluate

ROOT = Path(__file__).resolve().parents[2]
MEASURE_KEYS = ["section", "title", "status", "reasons", "missing", "benefit", "units", "estimate"]
SME_PROFILE = {"industry": "工业", "employees": 50, "revenue_wan": 800, "affected": True}


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "actions.eligibility", *args],
        input=stdin,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_jsonl_valid_bad_json_and_invalid_profile_lines() -> None:
    lines = [
        json.dumps(
            {"profile": {**SME_PROFILE, "premises": "state_owned", "monthly_rent_yuan": 5000}, "as_of": "2020-05-01"},
            ensure_ascii=False,
        ),
        '{"profile": {"employees": 50,',
        json.dumps({"profile": {"employees": -1, "layoffs": "some", "colour": "red"}}),
    ]
    done = _cli("--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 3
    first = out[0]
    assert list(first) == ["policy", "sme", "in_scope", "measures", "ask_next"]
    assert first["policy"] == {
        "doc_id": "liaoyuan-2020-sme-support",
        "title": "辽源市应对新冠肺炎疫情支持中小企业保经营稳发展若干措施",
        "valid_until": "2020-06-30",
        "expired": False,
    }
    assert first["sme"] == {"status": "yes", "size": "小型", "missing": []}
    assert first["in_scope"] is True
    assert [m["section"] for m in first["measures"]] == list(range(1, 23))
    assert all(list(m) == MEASURE_KEYS for m in first["measures"])
    rent = first["measures"][6]
    assert rent["status"] == "applies" and rent["estimate"]["amount"] == 10000
    assert rent["units"] == ["市工业和信息化局", "市科技局", "市财政局", "各县区政府", "辽源经济开发区管委会"]
    assert list(out[1]) == ["error"] and "JSON" in out[1]["error"]
    assert list(out[2]) == ["error"]
    for field in ("employees", "layoffs", "colour"):
        assert field in out[2]["error"]


def test_jsonl_request_errors_and_policy_choice() -> None:
    lines = [
        json.dumps({"profile": {}, "policy": "no-such-policy"}),
        json.dumps({"profil": {}}),
        json.dumps([1, 2]),
        "",
        json.dumps({"profile": {}, "policy": "liaoyuan-2020-sme-support", "as_of": "2020-07-01"}),
    ]
    done = _cli("--jsonl", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 4, "blank lines are skipped, every other line answers"
    assert "no-such-policy" in out[0]["error"]
    assert "profil" in out[1]["error"] and "profile" in out[1]["error"]
    assert "error" in out[2]
    assert out[3]["policy"]["expired"] is True


def test_readable_report(tmp_path: Path) -> None:
    profile = {
        **SME_PROFILE,
        "unemployment_insured": True,
        "layoffs": "none",
        "ui_premium_last_year_yuan": 20000,
        "premises": "private",
        "recruiting_difficulty": True,
    }
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    done = _cli(str(path), "--as-of", "2020-06-01")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    heads = ("【可以享受】", "【普遍适用的服务】", "【还需补充信息才能判断】", "【不适用】")
    order = [text.index(head) for head in heads]
    assert order == sorted(order)
    assert "（一）加大失业保险稳岗返还力度" in text and "10000元" in text
    assert "市人力资源社会保障局" in text
    assert "是否属于中小企业：是（小型）" in text and "从业人员≥1000人" in text
    assert "仍在有效期内" in text and "2020年6月30日" in text


def test_readable_report_says_expired(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps({"profile": {"affected": False}, "as_of": "2021-01-01"}), encoding="utf-8")
    done = _cli(str(path))
    assert done.returncode == 0, done.stderr
    assert "已于2020年6月30日到期失效" in done.stdout and "仅供参考" in done.stdout
    assert "是否属于本政策支持对象：否" in done.stdout


def test_readable_report_invalid_profile(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"employees": "很多"}, ensure_ascii=False), encoding="utf-8")
    done = _cli(str(path))
    assert done.returncode == 1
    assert "employees" in done.stderr and done.stdout == ""


def test_ask_next_empty_profile_starts_with_scope_questions() -> None:
    order = ask_next({})
    assert order[:3] == ["affected", "industry", "employees"], "the scope gate settles every measure at once"
    assert order.index("industry") < order.index("uses_guarantee")


def test_ask_next_asks_fewer_as_the_profile_fills() -> None:
    empty = ask_next({})
    partial = ask_next(SME_PROFILE)
    assert len(partial) < len(empty)
    assert not set(SME_PROFILE) & set(partial)
    assert "revenue_wan" not in partial, "revenue would settle nothing once E=50 proves SME status"
    shared = partial.index("needs_financing")
    assert shared < partial.index("uses_guarantee"), "a field deciding several measures comes first"


def test_ask_next_out_of_scope_asks_nothing() -> None:
    assert ask_next({"affected": False}) == []


def test_ask_next_settled_profile_only_asks_estimate_inputs() -> None:
    profile = {**SME_PROFILE, "unemployment_insured": True, "layoffs": "none", "premises": "state_owned"}
    settled: dict[str, object] = {"months_unpaid_min_wage": 0, "months_not_operating": 0}
    for name in (
        "tax_filing_difficulty",
        "tax_payment_difficulty",
        "major_loss",
        "medical_products",
        "rd_institution",
        "epidemic_supplies",
        "needs_financing",
        "loan_repayment_difficulty",
        "first_loan",
        "uses_guarantee",
        "essential_services",
        "carrier_operator",
        "utility_payment_difficulty",
        "contract_disputes",
        "owed_payments",
        "dishonest_entity",
        "food_supply",
        "recruiting_difficulty",
    ):
        settled[name] = False
    result = evaluate({**profile, **settled}, as_of="2020-05-01")
    assert all(not m["missing"] for m in result["measures"])
    assert result["ask_next"] == ["temporary_difficulty", "monthly_rent_yuan", "ui_premium_last_year_yuan"]


@pytest.mark.parametrize("flag", ["--help"])
def test_help(flag: str) -> None:
    done = _cli(flag)
    assert done.returncode == 0 and "--jsonl" in done.stdout and "--corpus" in done.stdout


def test_jsonl_command_line_date_is_the_default_for_lines_without_one() -> None:
    lines = [json.dumps({"profile": {}}), json.dumps({"profile": {}, "as_of": "2020-06-30"})]
    done = _cli("--jsonl", "--as-of", "2020-07-01", stdin="\n".join(lines) + "\n")
    assert [json.loads(line)["policy"]["expired"] for line in done.stdout.splitlines()] == [True, False]
