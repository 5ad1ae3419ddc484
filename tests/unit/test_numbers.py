"""Numbers as people type them: the value, the range the words allow, the unit they said.

The table in actions/conversation/numbers.py is the contract; each row here checks one form.
"""

from __future__ import annotations

import math

import pytest

from actions.conversation.numbers import Quantity, find_quantities, first_quantity, to_arabic

INF = math.inf
WAN = 10_000
YI = 100_000_000


def only(text: str) -> Quantity:
    quantities = find_quantities(text)
    assert len(quantities) == 1, (text, quantities)
    return quantities[0]


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        # exact numbers keep their value and have no range
        ("50", 50, 50, 50),
        ("50个人", 50, 50, 50),
        ("一百二十万", 120 * WAN, 120 * WAN, 120 * WAN),
        ("1.2个亿", 1.2 * YI, 1.2 * YI, 1.2 * YI),
        ("1.2亿", 1.2 * YI, 1.2 * YI, 1.2 * YI),
        ("一点二亿", 1.2 * YI, 1.2 * YI, 1.2 * YI),
        ("两个亿", 2 * YI, 2 * YI, 2 * YI),
        ("十个亿", 10 * YI, 10 * YI, 10 * YI),
        ("一个半亿", 1.5 * YI, 1.5 * YI, 1.5 * YI),
        ("一亿二千万", 1.2 * YI, 1.2 * YI, 1.2 * YI),
        ("3万5", 35_000, 35_000, 35_000),
        ("三万五", 35_000, 35_000, 35_000),
        ("一万二", 12_000, 12_000, 12_000),
        ("两千五", 2500, 2500, 2500),
        ("一百五", 150, 150, 150),
        ("十五", 15, 15, 15),
        ("一千零五", 1005, 1005, 1005),
        ("1万2000", 12_000, 12_000, 12_000),
        ("二〇二〇年", 2020, 2020, 2020),
        ("5k", 5000, 5000, 5000),
        ("2w", 20_000, 20_000, 20_000),
        ("一个半月", 1.5, 1.5, 1.5),
        # two neighbouring digits: the range they name, value in the middle
        ("大概十五六个人吧", 15.5, 15, 16),
        ("二三十号人", 25, 20, 30),
        ("两三千万", 2500 * WAN, 2000 * WAN, 3000 * WAN),
        ("六七十", 65, 60, 70),
        ("三四个月", 3.5, 3, 4),
        ("三五个人", 4, 3, 5),
        ("一两个月", 1.5, 1, 2),
        ("十一二个", 11.5, 11, 12),
        ("一百二三十", 125, 120, 130),
        ("一千五六", 1550, 1500, 1600),
        ("五六十万", 55 * WAN, 50 * WAN, 60 * WAN),
        # ranges with 到/至/-/~
        ("50-60人", 55, 50, 60),
        ("50~60人", 55, 50, 60),
        ("三到五个月", 4, 3, 5),
        ("20到30万", 25 * WAN, 20 * WAN, 30 * WAN),
        ("五十到六十万", 55 * WAN, 50 * WAN, 60 * WAN),
        ("两到三千", 2500, 2000, 3000),
        ("2万至3万", 25_000, 20_000, 30_000),
        # 几 is a digit 1–9 (2–9 leading a magnitude), 数 leading a magnitude too
        ("四十几个", 45, 41, 49),
        ("十几个", 15, 11, 19),
        ("二十几人", 25, 21, 29),
        ("几十个", 50, 20, 90),
        ("几百人", 500, 200, 900),
        ("十几万", 15 * WAN, 11 * WAN, 19 * WAN),
        ("几十万", 50 * WAN, 20 * WAN, 90 * WAN),
        ("三万几", 35_000, 31_000, 39_000),
        ("一百几十", 150, 110, 190),
        ("几个亿", 5 * YI, 2 * YI, 9 * YI),
        ("数十人", 50, 20, 90),
        # 多/余: the round number, up to (not including) the next one, in whole units
        ("一百多", 150, 101, 199),
        ("100多", 150, 101, 199),
        ("二十多个", 25, 21, 29),
        ("十多个", 15, 11, 19),
        ("一百二十多", 125, 121, 129),
        ("3000多", 3500, 3001, 3999),
        ("1000多块", 1500, 1001, 1999),
        ("二十多万", 25 * WAN, 20 * WAN + 1, 30 * WAN - 1),
        ("50多万", 55 * WAN, 50 * WAN + 1, 60 * WAN - 1),
        ("两万多", 25_000, 20_001, 29_999),
        ("两千多万", 2500 * WAN, 2000 * WAN + 1, 3000 * WAN - 1),
        ("一百余人", 150, 101, 199),
        ("一个多亿", 1.5 * YI, YI + 1, 2 * YI - 1),
        # 多 after a classifier is a fraction of one unit: the range keeps both ends
        ("三个多月", 3, 3, 4),
        ("一个多月", 1, 1, 2),
        ("两年多", 2, 2, 3),
        ("三块多钱", 3, 3, 4),
        # 来/把: ±10 %
        ("五十来个人", 50, 45, 55),
        ("十来个", 10, 9, 11),
        ("百来个", 100, 90, 110),
        ("一百来个", 100, 90, 110),
        ("五百来万", 500 * WAN, 450 * WAN, 550 * WAN),
        ("十来万", 10 * WAN, 9 * WAN, 11 * WAN),
        ("千把块", 1000, 900, 1100),
        ("万把块", WAN, 9000, 11_000),
        # hedges: ±10 % around an exact number
        ("五十左右", 50, 45, 55),
        ("大约五十", 50, 45, 55),
        ("五十上下", 50, 45, 55),
        ("五十人左右", 50, 45, 55),
        ("大概30个人", 30, 27, 33),
        ("差不多有五十人", 50, 45, 55),
        ("约50万", 50 * WAN, 45 * WAN, 55 * WAN),
        ("30万元左右", 30 * WAN, 27 * WAN, 33 * WAN),
        # a hedge on a stated range keeps the range
        ("大概一百多人", 150, 101, 199),
        ("员工人数在三四十个左右", 35, 30, 40),
        # 出头: X to 1.1 X, the value a quarter of the way up
        ("一百出头", 102.5, 100, 110),
        ("三十出头", 30.75, 30, 33),
        ("一万出头", 10_250, 10_000, 11_000),
        ("三十岁出头", 30.75, 30, 33),
        # strict below: the words exclude X, so the range ends one unit below it
        ("不到50", 45, 0, 49),
        ("少于50", 45, 0, 49),
        ("不足50人", 45, 0, 49),
        ("50人不到", 45, 0, 49),
        ("没有50人", 45, 0, 49),
        ("<50", 45, 0, 49),
        ("不到3个月", 2, 0, 2),
        ("不到一个月", 0, 0, 0),
        ("不到500万", 450 * WAN, 0, 500 * WAN - 1),
        # at most: 以下/以内 include X (民法典 1259)
        ("50以下", 45, 0, 50),
        ("50人以内", 45, 0, 50),
        ("最多50人", 45, 0, 50),
        ("不超过300人", 270, 0, 300),
        ("≤50", 45, 0, 50),
        # nearly
        ("将近50人", 47.5, 45, 49),
        ("小一百人", 95, 90, 99),
        ("近百人", 95, 90, 99),
        # strict above: open-ended; only heads move the bound to X + 1
        ("超过100", 110, 100, INF),
        ("超过100人", 110, 101, INF),
        ("超过两个月", 2.2, 2, INF),
        (">50", 55, 50, INF),
        ("过亿", 1.1 * YI, YI, INF),
        # at least
        ("100以上", 110, 100, INF),
        ("三个月以上", 3.3, 3, INF),
        ("至少50人", 55, 50, INF),
        ("50+", 55, 50, INF),
        ("上百人", 110, 100, INF),
        ("上千万", 1100 * WAN, 1000 * WAN, INF),
        # sign
        ("负五个人", -5, -5, -5),
        ("-5", -5, -5, -5),
    ],
)
def test_value_and_range(text: str, value: float, low: float, high: float) -> None:
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.low == pytest.approx(low)
    assert quantity.high == pytest.approx(high)


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("50", False),
        ("1.2个亿", False),
        ("三万五", False),
        ("一个半月", False),
        ("大概30个人", True),
        ("十五六个", True),
        ("三个多月", True),
        ("五十来个", True),
        ("不到50", True),
        ("超过100", True),
        ("大概十五六个人", True),
    ],
)
def test_approximate_flag(text: str, approximate: bool) -> None:
    assert only(text).approximate is approximate


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("一百二十万", "元"),
        ("120万元", "元"),
        ("1200000元", "元"),
        ("两三千万", "元"),
        ("一个多亿", "元"),
        ("三千块", "元"),
        ("两万多块", "元"),
        ("5k", "元"),
        ("五百来万", "元"),
        ("20到30万", "元"),
        ("800", None),
        ("两千五", None),  # 千 alone says nothing about money
        ("3千", None),
        ("50个人", None),
        ("2020年", None),
        ("1万人", None),  # a count word after 万: people, not money
        ("两万个口罩", None),
        ("5万平米", None),
        ("百分之五十", None),
    ],
)
def test_money_unit(text: str, money: str | None) -> None:
    assert only(text).money_unit == money


def test_plain_big_number_beside_a_sum_in_wan_is_money() -> None:
    """People switch notation mid-sentence: 40000 next to 两万 is a sum of money too."""
    deposit, rent = find_quantities("押金两万，租金40000")
    assert deposit.money_unit == rent.money_unit == "元"
    assert [q.money_unit for q in find_quantities("员工50人，营收300万")] == [None, "元"]


@pytest.mark.parametrize(
    ("text", "suffix"),
    [
        ("50个人", "个人"),
        ("十五六個人", "个人"),
        ("二三十号人", "号人"),
        ("三个多月", "个月"),  # 多 belongs to the number
        ("一个半月", "个月"),
        ("五十来个人", "个人"),
        ("五十多家企业", "家企业"),
        ("2020年", "年"),
        ("120万元", "元"),
        ("50%", "%"),
        ("百分之五十", "%"),
        ("五十人左右", "人"),
    ],
)
def test_suffix_is_the_unit_after_the_number(text: str, suffix: str) -> None:
    assert only(text).suffix == suffix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１５", 15),  # full-width digits
        ("５０人", 50),
        ("1,200", 1200),
        ("1,200,000元", 1_200_000),
        ("3 万", 30_000),
        ("3 个月", 3),
        ("十五六個人", 15.5),  # traditional characters
        ("一個多億", 1.5 * YI),
        ("兩三千萬", 2500 * WAN),
        ("兩萬", 20_000),
    ],
)
def test_normalised_forms(text: str, expected: float) -> None:
    assert only(text).value == expected


def test_traditional_ranges_match_simplified() -> None:
    for traditional, simplified in [("十五六個人", "十五六个人"), ("一個多億", "一个多亿"), ("兩三千萬", "两三千万")]:
        a, b = only(traditional), only(simplified)
        assert (a.value, a.low, a.high, a.money_unit, a.suffix) == (b.value, b.low, b.high, b.money_unit, b.suffix)


def test_several_numbers_in_one_sentence() -> None:
    staff, revenue = find_quantities("员工一百出头，去年营收一个多亿")
    assert (staff.value, staff.low, staff.high, staff.money_unit) == (102.5, 100, 110, None)
    assert staff.text == "一百出头"
    assert (revenue.low, revenue.high, revenue.money_unit) == (YI + 1, 2 * YI - 1, "元")
    assert revenue.text == "一个多亿"
    assert revenue.range_in_unit("万元") == pytest.approx((10_000.0001, 20_000 - 0.0001))


def test_sentence_with_headcount_and_revenue_range() -> None:
    staff, revenue = find_quantities("我们公司有一百来号人，去年营业额两千多万")
    assert (staff.low, staff.value, staff.high) == (90, 100, 110)
    assert staff.suffix.startswith("号人")
    assert revenue.range_in_unit("万元") == pytest.approx((2000, 2999.9999))


def test_period_after_an_amount_is_not_its_last_digit() -> None:
    """ "八千一个月" is 8000 a month, not 8100 (callers also rewrite 一个月 to 每月)."""
    assert first_quantity("八千一个月").value == 8000
    assert first_quantity("两万一个月").value == 20_000
    assert first_quantity("二十万一年").value == 200_000
    assert first_quantity("八千一").value == 8100  # with no period after it, 一 is the digit
    assert first_quantity("一万一一个月").value == 11_000


def test_year_is_found_with_its_suffix() -> None:
    """The caller decides that 2020年 is a date, not a quantity of anything asked."""
    quantity = only("2020年")
    assert (quantity.value, quantity.suffix, quantity.money_unit) == (2020, "年", None)


def test_dates_and_phone_numbers_are_no_ranges() -> None:
    assert [q.value for q in find_quantities("2020-06-30")] == [2020, 6, 30]
    assert all(q.low == q.high for q in find_quantities("0437-3222222"))
    # too far apart to be one range: two numbers
    assert [q.value for q in find_quantities("五百到六千")] == [500, 6000]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "您好",
        "房租能减免吗",
        "几个人",
        "要几个月",
        "我们一起",
        "统一办理",
        "千万别",
        "万一不行",
        "十分感谢",
        "一来疫情影响",
    ],
)
def test_no_number(text: str) -> None:
    assert find_quantities(text) == []
    assert first_quantity(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人数十五人", [15]),  # 数 ends 人数 here, it is no "several"
        ("早上十点", [10]),  # 上 before 十 is no "at least"
        ("近三个月营业额", [3]),  # 近 before a digit is "the last", no "nearly"
        ("周一到周五", []),
        ("十三五规划", [13, 5]),  # not the pair 三五
        ("5kg", [5]),
    ],
)
def test_words_that_look_like_qualifiers(text: str, expected: list[float]) -> None:
    quantities = find_quantities(text)
    assert [q.value for q in quantities] == expected
    assert all(q.low == q.high for q in quantities)


def test_hedge_words_need_their_own_meaning() -> None:
    """约 in 预约/签约 is no hedge."""
    assert only("预约3天").low == 3
    assert only("签约50万").low == 50 * WAN


def test_in_unit_and_range_in_unit() -> None:
    money = only("五百来万")
    assert money.in_unit("万元") == 500
    assert money.range_in_unit("万元") == pytest.approx((450, 550))
    assert money.range_in_unit("元") == (4_500_000, 5_500_000)
    heads = only("十五六个人")
    assert heads.range_in_unit("人") == (15, 16) and heads.range_in_unit("万元") == (15, 16)
    open_ended = only("超过100万")
    assert open_ended.range_in_unit("万元") == (100, INF)
    wan = Quantity(120, money_unit="万元")
    assert wan.in_unit("元") == 1_200_000 and wan.range_in_unit("元") == (1_200_000, 1_200_000)


def test_quantity_defaults_to_an_exact_range() -> None:
    """Code that builds a Quantity the old way (value, approximate, money_unit, suffix) still works."""
    quantity = Quantity(120, False, "元", "元")
    assert (quantity.low, quantity.high) == (120, 120)
    assert quantity.in_unit("万元") == 0.012
    with pytest.raises(ValueError):
        Quantity(5, low=6, high=7)


def test_first_quantity() -> None:
    assert first_quantity("我们有五十来个人，营收两百万").value == 50
    assert first_quantity("没有") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("第二个", "第2个"), ("两万", "20000"), ("1和3", "1和3"), ("第一和第五", "第1和第5"), ("六七十人", "65人")],
)
def test_to_arabic_keeps_its_behaviour(text: str, expected: str) -> None:
    assert to_arabic(text) == expected


SENTENCES = [
    "大概十五六个人吧",
    "员工一百出头，去年营收一个多亿",
    "我们公司有一百来号人，去年营业额两千多万，房租一个月两万左右",
    "不到50人，营收五百来万，停业三个多月",
    "超过100人，将近3个月没发工资，营收几十万",
    "二三十号人，一年三四百万，月租八千一个月",
    "五十人左右，至少两三千万，上百人，小一百万，过亿",
    "负五个人，-3，减2个月，50-60人，20到30万，三到五个月",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_value_always_lies_in_its_range(text: str) -> None:
    quantities = find_quantities(text)
    assert quantities
    for quantity in quantities:
        assert quantity.low <= quantity.value <= quantity.high, quantity
        low, high = quantity.range_in_unit("万元")
        assert low <= quantity.in_unit("万元") <= high


def test_integer_thresholds_are_decided_like_the_words() -> None:
    """The whole-unit bounds decide a >= threshold as the strict words would."""
    below = only("不到50人")
    assert below.high < 50  # "fewer than 50" never reaches a 50-person bound
    months = only("超过两个月")
    assert months.low < 3 <= months.high  # 2.5 months is possible: a 3-month rule must ask
    wan = only("两百多万")
    assert wan.range_in_unit("万元")[1] < 300  # below a 300万 bound


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("二十大几个人", 25, 29),  # 大几 after a magnitude: the upper digits
        ("三十好几天", 33, 39),
        ("十来个亿", 9 * YI, 11 * YI),
        ("五个来亿", 4.5 * YI, 5.5 * YI),
        ("两万多万", 2 * YI + 1, 3 * YI - 1),  # 万 of 万, as people restate 两个多亿
    ],
)
def test_spoken_ranges_after_a_magnitude(text: str, low: float, high: float) -> None:
    quantity = find_quantities(text)[0]
    assert quantity.low == pytest.approx(low) and quantity.high == pytest.approx(high)
