"""Answer understanding: numbers, choices, yes/no, skip, out-of-range answers."""

from __future__ import annotations

import pytest

from actions.conversation.answers import parse_answer, parse_choices, parse_field
from actions.conversation.numbers import find_quantities
from actions.eligibility import field_definitions

FIELDS = field_definitions()
GROUP = [FIELDS[name] for name in FIELDS if FIELDS[name].group == "special_groups"]


def value(field: str, text: str):
    parsed = parse_field(FIELDS[field], text)
    assert parsed.ok, (text, parsed)
    return parsed.values[field]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("employees", "五十来个人", 50),
        ("employees", "二十几人", 25),
        ("employees", "大概30个人", 30),
        ("employees", "我们有五十来个人", 50),
        ("employees", "十几个", 15),
        ("employees", "有六七十人", 65),
        ("employees", "５０人", 50),
        ("months_not_operating", "3个月", 3),
        ("months_not_operating", "三个多月", 3),
        ("months_not_operating", "半年", 6),
        ("months_unpaid_min_wage", "没有", 0),
        ("revenue_wan", "一百二十万", 120),
        ("revenue_wan", "120万元", 120),
        ("revenue_wan", "800", 800),
        ("revenue_wan", "1.2亿", 12000),
        ("revenue_wan", "1200000元", 120),
        ("revenue_wan", "去年大概八百万吧", 800),
        ("monthly_rent_yuan", "两万", 20000),
        ("monthly_rent_yuan", "一个月两万块", 20000),
        ("monthly_rent_yuan", "八千一个月", 8000),
        ("monthly_rent_yuan", "一万二一个月", 12000),
        ("monthly_rent_yuan", "两千五每月", 2500),
        ("ui_premium_last_year_yuan", "三万六", 36000),
    ],
)
def test_numbers_in_the_fields_unit(field: str, text: str, expected: float) -> None:
    assert value(field, text) == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("premises", "租的国企的门面", "state_owned"),
        ("premises", "自己的厂房", "owned"),
        ("premises", "租的孵化器", "carrier"),
        ("premises", "租的私人的房子", "private"),
        ("premises", "没有", "none"),
        ("layoffs", "不裁员", "none"),
        ("layoffs", "一个没裁", "none"),
        ("layoffs", "裁了几个", "few"),
        ("layoffs", "裁了一大半", "many"),
        ("industry", "开饭店的", "餐饮业"),
        ("industry", "我们是做软件的", "软件和信息技术服务业"),
    ],
)
def test_choices_in_everyday_words(field: str, text: str, expected: str) -> None:
    assert value(field, text) == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("affected", "是的", True),
        ("affected", "对", True),
        ("affected", "没错", True),
        ("affected", "停工一个月", True),
        ("affected", "没有", False),
        ("affected", "不是", False),
        ("tax_filing_difficulty", "有困难", True),
        ("tax_filing_difficulty", "没有困难", False),
        ("tax_filing_difficulty", "我们没有困难", False),
        ("loan_repayment_difficulty", "下个月到期，还不上", True),
        ("needs_financing", "需要流动资金贷款", True),
        ("needs_financing", "不需要", False),
        ("unemployment_insured", "参加了", True),
        # The question asks "以前贷过款吗？": yes means NOT a first loan.
        ("first_loan", "是的", False),
        ("first_loan", "贷过", False),
        ("first_loan", "从没贷过", True),
        ("first_loan", "没有", True),
    ],
)
def test_yes_and_no(field: str, text: str, expected: bool) -> None:
    assert value(field, text) is expected


@pytest.mark.parametrize("text", ["不知道", "不清楚", "跳过", "这个不太清楚", "下一个"])
def test_skip_for_any_field(text: str) -> None:
    for field in ("employees", "premises", "affected"):
        assert parse_field(FIELDS[field], text).status == "skip"


@pytest.mark.parametrize(
    ("field", "text", "explains"),
    [
        ("employees", "负五个人", "不能小于0"),
        ("employees", "好多人", "没听出具体的数字"),
        ("months_not_operating", "三百年", "不太可能超过"),
        ("affected", "还行", "是“是”还是“否”"),
        ("premises", "随便", "可选"),
        ("industry", "啥也不干", "没能确定"),
    ],
)
def test_bad_answers_are_explained(field: str, text: str, explains: str) -> None:
    parsed = parse_field(FIELDS[field], text)
    assert parsed.status == "invalid"
    assert explains in parsed.problem


def test_out_of_range_uses_the_data_bounds() -> None:
    revenue = FIELDS["revenue_wan"]
    too_big = f"{int(revenue.maximum * 10)}万元"
    assert parse_field(revenue, too_big).status == "invalid"


def test_statements_about_the_question_read_as_yes_strict_wants_more_overlap() -> None:
    assert value("affected", "经营停了") is True
    assert parse_field(FIELDS["affected"], "经营停了", strict=True).status == "invalid"
    assert parse_field(FIELDS["reduced_tenant_rent"], "免了两个月房租", strict=True).values == {
        "reduced_tenant_rent": True
    }
    assert parse_field(FIELDS["affected"], "是的", strict=True).ok


@pytest.mark.parametrize(("field", "text"), [("needs_financing", "负五个人"), ("first_loan", "租的国企的门面")])
def test_unrelated_statements_are_not_yes(field: str, text: str) -> None:
    assert parse_field(FIELDS[field], text).status == "invalid"


def test_echo_of_the_example_takes_its_polarity() -> None:
    assert value("owed_payments", "工程款还没结") is True
    assert value("owed_payments", "没有，都结清了") is False


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("1和3", {"epidemic_supplies", "rd_institution"}),
        ("2、4", {"medical_products", "food_supply"}),
        ("第二个", {"medical_products"}),
        ("第一和第五", {"epidemic_supplies", "carrier_operator"}),
        ("生产口罩", {"epidemic_supplies"}),
        ("养猪的", {"food_supply"}),
        ("我们运营一个孵化器", {"carrier_operator"}),
        ("都不是", set()),
        ("没有", set()),
    ],
)
def test_special_groups_multi_choice(text: str, chosen: set[str]) -> None:
    parsed = parse_choices(GROUP, text)
    assert parsed.ok
    assert {name for name, v in parsed.values.items() if v} == chosen
    assert set(parsed.values) == {d.name for d in GROUP}


def test_multi_choice_needs_a_choice() -> None:
    assert parse_choices(GROUP, "是的").status == "invalid"
    assert parse_answer(GROUP, "不知道").status == "skip"


def test_quantities_keep_money_units() -> None:
    (quantity,) = find_quantities("一百二十万")
    assert quantity.money_unit == "元" and quantity.in_unit("万元") == 120


@pytest.mark.parametrize(
    ("field", "text", "said"),
    [
        ("employees", "三个多月", "月数"),
        ("employees", "二十万", "金额"),
        ("months_not_operating", "50个人", "人数"),
        ("revenue_wan", "三十来个人", "人数"),
        ("monthly_rent_yuan", "两个月", "月数"),
        ("revenue_wan", "每月大概二十万", "每月"),
        ("ui_premium_last_year_yuan", "一个月三千", "每月"),
    ],
)
def test_a_number_in_another_unit_or_period_is_re_asked(field: str, text: str, said: str) -> None:
    """The re-ask names what was heard and what the question wants (its unit or its period)."""
    definition = FIELDS[field]
    wanted = definition.label if said.startswith("每") else definition.unit
    parsed = parse_field(definition, text)
    assert parsed.status == "invalid" and said in parsed.problem and wanted in parsed.problem


def test_amounts_per_the_asked_period_are_read() -> None:
    assert value("monthly_rent_yuan", "月租八千") == 8000
    assert value("revenue_wan", "去年全年三百万") == 300


def test_a_yearly_rent_answers_the_monthly_rent_question_by_the_twelfth() -> None:
    assert parse_field(FIELDS["monthly_rent_yuan"], "年租金二十四万").values == {"monthly_rent_yuan": 20000}
