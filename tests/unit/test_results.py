"""The check's result on a phone: one summary message within WeChat's 2048 bytes, details on request.

The sweep evaluates many profiles (all industries, small/large, in/out of scope,
bool fields combined exhaustively in halves, random mixes with skipped fields) and
checks the summary's hard promises: at most 2048 bytes, the validity note, every
applying (and possible) measure's number and every unit to contact.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path
from typing import Any

import cn2an
import pytest
import yaml

from actions.conversation import contacts, knowledge, results
from actions.conversation.messages import MAX_BYTES, byte_len
from actions.eligibility import RulesError, field_definitions, run
from actions.eligibility.rules import parse_measure

ROOT = Path(__file__).resolve().parents[2]
FIELDS = field_definitions()
BOOLS = [name for name, d in FIELDS.items() if d.type == "bool" and not d.derived and name != "affected"]
INDUSTRIES = list(FIELDS["industry"].choices)
PREMISES = [None, *FIELDS["premises"].choices]
RESTAURANT = {
    "industry": "餐饮业",
    "employees": 50,
    "revenue_wan": 800,
    "affected": True,
    "premises": "state_owned",
    "monthly_rent_yuan": 20000,
}


def _profile(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def _number(section: int) -> str:
    return f"（{cn2an.an2cn(section)}）"


def _check_summary(profile: dict[str, Any], skipped: list[str], more: bool, stats: dict[str, int]) -> None:
    evaluation = results.evaluate_profile(profile)
    text = results.summary_message(evaluation, skipped, more_questions=more)
    size = byte_len(text)
    stats["count"] += 1
    stats["max"] = max(stats["max"], size)
    where = f"{profile} skipped={skipped}"
    assert size <= MAX_BYTES, f"{size} bytes for {where}"
    assert knowledge.validity(evaluation.as_of) in text, where
    assert "转人工" in text and ("继续" in text) == more, where
    for item in evaluation.to_dict()["measures"]:
        if item["status"] in ("applies", "possible"):
            assert _number(item["section"]) in text, f"{item['section']} missing for {where}"
            assert all(unit in text for unit in item["units"]), f"units of {item['section']} missing for {where}"


def _report(name: str, stats: dict[str, int], at_least: int) -> None:
    print(f"\n{name}: {stats['count']} profiles, max {stats['max']} bytes")
    assert stats["count"] >= at_least and stats["max"] <= MAX_BYTES


def test_sweep_industries_sizes_scope_and_premises() -> None:
    """Every industry × headcount × revenue × affected × premises, with the other bools all true or all unknown.

    (All false only shortens the result: measures become not applicable.)
    """
    stats = {"count": 0, "max": 0}
    headcounts, revenues, affected = (None, 5, 50, 5000), (None, 500000), (True, False, None)
    for i, (industry, employees, revenue, hit, premises, fill) in enumerate(
        itertools.product(INDUSTRIES, headcounts, revenues, affected, PREMISES[:3], (True, None))
    ):
        profile = _profile(industry=industry, employees=employees, revenue_wan=revenue, affected=hit, premises=premises)
        profile.update({name: fill for name in BOOLS if fill is not None})
        skipped = [name for name in FIELDS if name not in profile and not FIELDS[name].derived] if i % 3 == 0 else []
        _check_summary(profile, skipped, more=i % 2 == 0, stats=stats)
    _report("industries × sizes × scope × premises", stats, 2000)


@pytest.mark.parametrize("part", [0, 1, 2])
def test_sweep_every_combination_of_bool_fields_by_thirds(part: int) -> None:
    """All true/false combinations of a third of the bool fields × each other third all true or all unknown.

    All 2^22 combinations at once would take hours (a few ms per profile); thirds cover
    every combination within each third and the long extremes across them (true adds
    applying measures and units, unknown adds measures that need information).
    """
    stats = {"count": 0, "max": 0}
    thirds = [BOOLS[i::3] for i in range(3)]
    varied, others = thirds[part], [third for i, third in enumerate(thirds) if i != part]
    base = {"industry": "工业", "employees": 50, "affected": True, "layoffs": "none", "months_unpaid_min_wage": 4}
    for fills in itertools.product((True, None), repeat=len(others)):
        for j, values in enumerate(itertools.product((True, False), repeat=len(varied))):
            profile = {**base, **dict(zip(varied, values, strict=True))}
            for third, fill in zip(others, fills, strict=True):
                profile.update({name: fill for name in third if fill is not None})
            profile["premises"] = PREMISES[1 + j % (len(PREMISES) - 1)]
            _check_summary(profile, [], more=j % 2 == 0, stats=stats)
    _report(f"bool fields, third {part}", stats, 4 * 2 ** len(varied))


def test_sweep_random_profiles_with_skipped_fields() -> None:
    """Seeded random mixes of every input field (true/false/unknown, any choice) and random skipped fields."""
    stats = {"count": 0, "max": 0}
    rng = random.Random(20200630)
    names = [name for name, d in FIELDS.items() if not d.derived]
    for _ in range(1000):
        profile: dict[str, Any] = {}
        for name in names:
            definition = FIELDS[name]
            if rng.random() < 0.3:
                continue
            if definition.type == "bool":
                profile[name] = rng.random() < 0.6
            elif definition.type == "enum":
                profile[name] = rng.choice(list(definition.choices))
            else:
                value = rng.choice([0, 3, 50, 800, 20000, 300000])
                profile[name] = min(value, definition.maximum) if definition.maximum is not None else value
        skipped = [name for name in names if name not in profile and rng.random() < 0.5]
        _check_summary(profile, skipped, more=rng.random() < 0.5, stats=stats)
    _report("random profiles", stats, 1000)


def test_typical_restaurant_summary_is_complete() -> None:
    evaluation = results.evaluate_profile(RESTAURANT)
    text = results.summary_message(evaluation, ["unemployment_insured"], more_questions=True)
    assert byte_len(text) <= MAX_BYTES
    assert "属于中小企业（小型）" in text and "从业人员50人＜300人" in text
    standard = yaml.safe_load((ROOT / "corpus/standards/sme-size-standard.yml").read_text(encoding="utf-8"))
    assert f"《{standard['title']}》" in text
    assert evaluation.context.document.meta["supported_enterprises"] in text
    assert "第（七）条“降低房租成本”" in text and "40000元" in text and "辽源经济开发区管委会" in text
    assert text.index("可以享受") < text.index("普遍适用") < text.index("还需补充信息")
    assert "最需要了解" in text and "参加失业保险" in text  # the skipped field is named once, as skipped
    assert "2020年6月30日" in text and "详细" in text and "“7”" in text and "第七条" in text


def test_format_result_is_the_summary_and_first_measure_still_works() -> None:
    evaluation = results.evaluate_profile(RESTAURANT)
    assert results.format_result(evaluation, [], more_questions=False) == [results.summary_message(evaluation, [])]
    assert results.first_measure(evaluation) == 7


def test_possible_note_comes_from_rules_data() -> None:
    evaluation = results.evaluate_profile({**RESTAURANT, "premises": "carrier"})
    rules = yaml.safe_load((ROOT / "corpus/liaoyuan-2020-sme-support/rules.yml").read_text(encoding="utf-8"))
    note = next(m for m in rules["measures"] if m["section"] == 7)["status_notes"]["possible"]
    text = results.summary_message(evaluation)
    assert "可能享受" in text and note in text
    assert note in results.detail_messages(evaluation, [7])[0]


def test_status_notes_are_optional_and_checked() -> None:
    fields = FIELDS
    plain = parse_measure({"section": 1, "benefit": "x", "otherwise": {"status": "general"}}, fields, "t")
    assert plain.status_notes == {}
    noted = parse_measure(
        {"section": 1, "otherwise": {"status": "general"}, "status_notes": {"general": "y"}}, fields, "t"
    )
    assert noted.status_notes == {"general": "y"}
    with pytest.raises(RulesError):
        parse_measure({"section": 1, "otherwise": {"status": "general"}, "status_notes": {"maybe": "y"}}, fields, "t")


def test_shorter_limits_drop_details_before_numbers_units_or_validity() -> None:
    profile = {"industry": "工业", "employees": 50, "affected": True, "layoffs": "none", "premises": "carrier"}
    profile.update({name: True for name in BOOLS})
    evaluation = results.evaluate_profile(profile)
    applying = [m for m in evaluation.to_dict()["measures"] if m["status"] in ("applies", "possible")]
    validity = knowledge.validity(evaluation.as_of)
    previous = None
    for limit in (4000, 2048, 1800, 1600):
        text = results.summary_message(evaluation, [], more_questions=True, limit=limit)
        assert byte_len(text) <= limit and validity in text
        assert all(_number(m["section"]) in text for m in applying)
        assert all(unit in text for m in applying for unit in m["units"])
        if previous is not None:
            assert byte_len(text) <= byte_len(previous)
        previous = text
    assert "第（一）条“" in results.summary_message(evaluation, [], limit=8000)  # full labels when room


def test_configured_contact_details_never_break_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = {"industry": "工业", "employees": 50, "affected": True, "premises": "state_owned"}
    profile.update({name: True for name in BOOLS})
    evaluation = results.evaluate_profile(profile)
    units = {u for m in evaluation.to_dict()["measures"] for u in m["units"]}
    config = tmp_path / "contacts.yml"
    config.write_text(yaml.safe_dump({u: "办事大厅地址与电话（示例）" * 3 for u in units}, allow_unicode=True))
    monkeypatch.setenv(contacts.ENV_VAR, str(config))
    text = results.summary_message(evaluation, [], more_questions=True)
    assert byte_len(text) <= MAX_BYTES and knowledge.validity(evaluation.as_of) in text
    applying = [m for m in evaluation.to_dict()["measures"] if m["status"] in ("applies", "possible")]
    assert all(_number(m["section"]) in text for m in applying)
    assert all(unit in text for m in applying for unit in m["units"])


def test_summary_before_expiry_and_out_of_scope() -> None:
    evaluation = run(RESTAURANT, as_of="2020-03-01", with_ask_next=False)
    text = results.summary_message(evaluation)
    assert knowledge.validity(evaluation.as_of) in text and "到期" not in text
    large = {"industry": "餐饮业", "employees": 5000, "revenue_wan": 500000}
    out = results.summary_message(results.evaluate_profile(large))
    assert "不符合" in out and "详细" not in out and byte_len(out) <= MAX_BYTES


def test_details_for_all_shown_measures() -> None:
    evaluation = results.evaluate_profile(RESTAURANT)
    messages = results.detail_messages(evaluation)
    text = "\n".join(messages)
    assert all(byte_len(m) <= MAX_BYTES for m in messages) and len(messages) < 8
    shown = [m for m in evaluation.to_dict()["measures"] if m["status"] in results.SHOWN_STATUSES]
    assert all(re.search(rf"第{re.escape(_number(m['section']))}条", text) for m in shown)
    assert "预计节省房租：约40000元" in text and "还需要了解" in text
    assert messages[-1].endswith(knowledge.validity(evaluation.as_of))


def test_details_for_named_measures_say_why_not() -> None:
    evaluation = results.evaluate_profile({**RESTAURANT, "premises": "private", "needs_financing": False})
    messages = results.detail_messages(evaluation, [7, 10, 99])
    text = "\n".join(messages)
    assert all(byte_len(m) <= MAX_BYTES for m in messages)
    assert text.index("第（七）条") < text.index("第（十）条")
    assert "【不适用】" in text and "不适用的原因" in text and "没有融资需求" in text
    assert "没有第（九十九）条" in text


def test_no_policy_facts_in_the_conversation_code() -> None:
    """Titles, units, region, scope wording, the standard's name and article numbers live in data."""
    evaluation = results.evaluate_profile({})
    document = evaluation.context.document
    facts = {m["title"] for m in evaluation.to_dict()["measures"]}
    facts |= {u for m in evaluation.to_dict()["measures"] for u in m["units"]}
    facts |= {document.meta["region"], document.meta["supported_enterprises"], "中小企业划型标准规定", "出租方"}
    for name in ("results.py", "handoff.py", "messages.py"):
        source = (ROOT / "actions/conversation" / name).read_text(encoding="utf-8")
        assert not [fact for fact in facts if fact in source], name
        assert not re.search(r"第[（(]?[一二三四五六七八九十\d]+[）)]?条", source), name


def test_an_opening_naming_a_special_group_gets_its_own_measures_with_units() -> None:
    from actions.conversation.results import direct_measures

    note, sections = direct_measures({"rd_institution": True})
    assert sections == [6] and "第（六）条" in note and "市税务局" in note and "2020年6月30日" in note
    assert direct_measures({"industry": "餐饮业"}) == ("", [])


def test_a_told_fact_that_keeps_a_measure_open_names_it_with_what_it_still_needs() -> None:
    """ "开孵化器的有啥扶持": the incubator measure is not decided yet, but the fact told is one of
    its conditions, so it is named with the condition still open; the scope's own fact
    (受疫情影响) names nothing, since it would open every measure."""
    from actions.conversation.results import direct_measures

    note, sections = direct_measures({"carrier_operator": True})
    assert sections == [15] and "还要看：疫情期间为承租的中小企业减免了租金" in note
    assert direct_measures({"affected": True}) == ("", [])
    assert direct_measures({"unemployment_insured": False}) == ("", [])


def test_the_measures_an_opening_names_stay_within_half_a_reply() -> None:
    from actions.conversation.results import direct_measures

    note, sections = direct_measures({"needs_financing": True, "first_loan": True, "unemployment_insured": True})
    assert sections and byte_len(note) <= MAX_BYTES // 2


def test_direct_measures_about_the_facts_just_told() -> None:
    """ "还没跟银行借过钱 人家能借给我这种摆摊的不": the measures those two facts bear on, no others."""
    from actions.conversation.results import direct_measures

    profile = {"needs_financing": True, "first_loan": True, "industry": "餐饮业", "premises": "state_owned"}
    _, sections = direct_measures(profile, {"needs_financing", "first_loan"})
    assert 10 in sections and 7 not in sections
