"""One extractor for openings, answers and corrections: facts from any message, precision first."""

from __future__ import annotations

import pytest

from actions.conversation.check import Question, definitions
from actions.conversation.extract import read, read_correction

GROUP = Question(
    "group:special_groups",
    tuple(name for name, d in definitions().items() if d.group == "special_groups"),
)


def field(name: str) -> Question:
    return Question(name, (name,))


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("我們是開餐廳的，三十個員工，受疫情影響很大", {"industry": "餐饮业", "employees": 30, "affected": True}),
        ("我们是一家口罩厂", {"industry": "工业", "epidemic_supplies": True}),
        ("房子是租的商场的", {"premises": "private"}),
        ("租的国有的房子", {"premises": "state_owned"}),
        ("我们没受疫情影响", {"affected": False}),
        ("不是生产口罩的", {"epidemic_supplies": False}),
        ("工资发不出来了，已经四个月了", {"months_unpaid_min_wage": 4}),
        ("停业两个月了，只发生活费", {"affected": True, "months_not_operating": 2}),
        ("一个员工都没裁", {"layoffs": "none"}),
        ("我们公司没贷过款，也不需要担保", {"first_loan": True}),
        ("工资照发，一直正常营业", {"months_unpaid_min_wage": 0, "months_not_operating": 0}),
    ],
)
def test_facts_from_any_message(text: str, facts: dict) -> None:
    assert read(text).facts == facts


@pytest.mark.parametrize(
    ("text", "pending", "facts"),
    [
        # A space after a figure ends a clause; one before a figure does not.
        ("公司去年产值1.2个亿 资产七八千万", None, {"revenue_wan": 12000.0, "assets_wan": 7500.0}),
        ("员工四百多 营收两个亿", None, {"employees": 450, "revenue_wan": 20000.0}),
        ("员工 五十个", None, {"employees": 50}),
        # A short clause before names what the figure is about.
        ("员工嘛，差不多五十左右", "affected", {"employees": 50}),
        # "二十多个" is counted with 个: never the revenue asked for.
        ("工人都是临时找的，长期的有二十多个", "revenue_wan", {"employees": 25}),
        # Words of a group that hold their own negation.
        ("银行的钱从来没借过，也不想借", None, {"first_loan": True, "needs_financing": False}),
        # Other spellings of one word.
        ("公司成立三年了 还从没带过款", None, {"first_loan": True}),
        ("失业险一直交着", None, {"unemployment_insured": True}),
        # Owning beats the incubator its building houses; a trade word in a clause about 行业 names no premises.
        ("孵化器的楼是我们自己的", None, {"premises": "owned"}),
        ("行业应该算租赁那一类吧", None, {"industry": "租赁和商务服务业"}),
        # The customer runs up to 的; the trade after it is the speaker's.
        ("我们是给超市运送生活物资的运输公司", None, {"epidemic_supplies": True, "industry": "交通运输业"}),
        ("电费没欠过", "affected", {"utility_payment_difficulty": False}),
        # "快三个月" is nearly three, not three ("3个月以上" decides measure 2).
        ("疫情停了快三个月了 只给员工发生活费", None, {"affected": True, "months_not_operating": 2}),
        ("洗浴的房子是跟街道租的", None, {"premises": "state_owned"}),
    ],
)
def test_facts_people_type(text: str, pending: str | None, facts: dict) -> None:
    assert read(text, field(pending) if pending else None).facts == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # A clause about another party says nothing about the speaker.
        ("隔壁那家化工厂被列成失信了，我们可没有", {}),
        ("我们服务的那个商场自己就有两千多名员工", {}),
        # A supposition states nothing, up to the clauses that go on with it.
        ("打个比方，要是精简掉几个岗位，那笔返还是不是就泡汤了", {}),
        ("我们没裁员，要是裁员的话还能返还吗", {"layoffs": "none"}),
        ("这次要是贷下来就是头一回，以前一直是自己周转，没从银行贷过", {"first_loan": True}),
        ("我们主要是做批发的", {"industry": "批发业"}),
        # A rhetorical question says the opposite of its words.
        ("谁说我们没参加失业保险了？一直交着", {"unemployment_insured": True}),
        ("工地全停，哪家装修公司能不受影响呢", {"affected": True, "industry": "建筑业"}),
        # Of two places, the current one; a turning clause is not refined by the one before.
        ("早先开在国资委下属的楼里，去年挪到自家买下的楼了；公家的房子租金真给免？", {"premises": "owned"}),
        ("下个月可能搬去开发区国有的门市，眼下还在个人的门市里", {"premises": "private"}),
        ("门市原先以为是国有的，后来一问才知道是私人的房子", {"premises": "private"}),
        ("楼的产权是国企的，可我们的店面是从个人二房东手里转租的", {"premises": "private"}),
        # Figures that belong to no field.
        ("给员工交了养老和医疗，去年交了十几万，可失业保险没上", {"unemployment_insured": False}),
        ("账上的钱只够撑两个月", {}),
        (
            "上一年度（2019）单位实缴的失业保险费用为18600元",
            {"unemployment_insured": True, "ui_premium_last_year_yuan": 18600.0},
        ),
        ("在岗职工无一例外参保了失业保险", {"unemployment_insured": True}),
        # A request for advice names no consulting trade; a denied list names no trade.
        ("咨询一下，社保能缓缴吗", {}),
        ("我们跟防疫物资、药品器械都不沾边", {"epidemic_supplies": False, "medical_products": False}),
        # Colloquial sizes.
        ("去年营收大几十万", {"revenue_wan": 70.0}),
        ("销售额三点八到四点二个亿之间", {"revenue_wan": 40000.0}),
    ],
)
def test_the_words_around_a_fact(text: str, facts: dict) -> None:
    assert read(text).facts == facts


def test_a_trade_named_in_passing_is_marked_so() -> None:
    """ "物流断了一阵" names a trade without saying it is the speaker's: it changes no recorded industry."""
    assert read("疫情期间物流断了一阵").in_passing == {"industry"}
    assert read("我们是做物流的").in_passing == set()


@pytest.mark.parametrize(
    "text",
    ["受疫情影响的企业能减免房租吗", "帮我看看能享受哪些政策", "第七条说的是什么", "2020年的政策还有效吗"],
)
def test_questions_and_references_record_nothing(text: str) -> None:
    assert read(text).facts == {}


def test_a_negation_belongs_to_what_it_negates() -> None:
    # "没贷过" to the special-groups question is about loans, never "none of the groups".
    reading = read("没贷过", GROUP)
    assert reading.facts == {"first_loan": True}
    assert reading.pending is None
    reading = read("没裁", GROUP)
    assert reading.facts == {"layoffs": "none"} and reading.pending is None


def test_bare_answers_use_the_pending_question() -> None:
    assert read("是的", field("affected")).pending.values == {"affected": True}
    assert read("是的").facts == {}
    none = read("都不是", GROUP).pending
    assert none.ok and not any(none.values.values())
    chosen = read("生产口罩", GROUP).pending
    assert chosen.values["epidemic_supplies"] is True and chosen.values["food_supply"] is False


def test_an_answer_about_another_field_goes_there_and_leaves_the_question_open() -> None:
    reading = read("房子是自己的", field("needs_financing"))
    assert reading.facts == {"premises": "owned"}
    assert reading.pending is None


def test_numbers_go_to_the_field_their_words_name() -> None:
    reading = read("员工八十个，去年营收五百万")
    assert reading.facts == {"employees": 80, "revenue_wan": 500}
    assert read("每个月房租八千", field("employees")).facts == {"monthly_rent_yuan": 8000}
    # A bare number goes only to the question asked.
    assert read("大概五十").facts == {}
    assert read("大概五十", field("employees")).pending.values == {"employees": 50}


def test_a_yearly_rent_is_recorded_by_the_month_and_other_periods_are_asked() -> None:
    # A year's rent is twelve months' rent: arithmetic, not a guess.
    assert round(read("房租一年十万").facts["monthly_rent_yuan"], 2) == 8333.33
    assert read("厂房租金一个月一万五，一年十八万").facts == {"monthly_rent_yuan": 15000}
    # Last year's premium said per month is not last year's total: asked again, not multiplied.
    reading = read("失业保险费每个月交三百")
    assert "ui_premium_last_year_yuan" not in reading.facts


def test_corrections_take_the_new_value() -> None:
    assert read_correction("不对，不是零售，是做批发的").facts == {"industry": "批发业"}
    assert read_correction("员工应该是80个").facts == {"employees": 80}


def test_a_rate_said_before_its_figure_is_the_monthly_rent_not_the_question_asked() -> None:
    # Found by a real chat: "一个月八千" while the headcount was asked was recorded as 8000 people.
    reading = read("门面是跟私人租的，一个月八千", field("employees"))
    assert reading.facts == {"premises": "private", "monthly_rent_yuan": 8000}
    assert reading.pending is None
    assert read("停了一个月", field("employees")).facts == {"affected": True, "months_not_operating": 1}


@pytest.mark.parametrize(
    ("text", "pending", "facts"),
    [
        ("店员5个，连我6个", "employees", {"employees": 6}),
        ("员工三十个，加上我三十一个", "employees", {"employees": 31}),
        ("员工从40多个减到了十来个", "employees", {"employees": 10}),
        (
            "鸡场干活的就几个人，五六个吧",
            "revenue_wan",
            {"food_supply": True, "employees": 6, "industry": "农、林、牧、渔业"},
        ),
        ("奶茶店一分錢貸款都沒背，往後也用不著借", None, {"needs_financing": False, "industry": "餐饮业"}),
        ("疫情期间菇卖不出去烂了不少", None, {"affected": True}),
        ("我个人开出租的，就我一个人", None, {"employees": 1, "industry": "交通运输业"}),
        ("做APP开发的，在孵化器里", None, {"premises": "carrier", "industry": "软件和信息技术服务业"}),
        ("库房没租，地皮在公司名下", None, {"premises": "owned"}),
        ("区政府机关单位的团款，二十多万一直没给", "employees", {"owed_payments": True}),
        ("门市房是跟私人租的，每个月三千五", "employees", {"premises": "private", "monthly_rent_yuan": 3500}),
        ("工资倒是一直发着没欠", None, {"months_unpaid_min_wage": 0}),
    ],
)
def test_figures_and_statements_as_people_say_them(text: str, pending: str | None, facts: dict) -> None:
    assert read(text, field(pending) if pending else None).facts == facts


def test_a_figure_about_something_else_is_not_the_answer_to_the_question() -> None:
    assert read("担保费一年好几万，这块有减的吗", field("revenue_wan")).facts == {}


def test_a_past_figure_gives_way_to_the_current_one() -> None:
    reading = read_correction("不对不对，八百万是前年的，去年营业额就六百多万")
    assert 600 <= reading.facts["revenue_wan"] < 700


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("之前三十多人，现在走了一半剩十五个", {"employees": 15}),  # 十五个 counts people named earlier
        ("之前三十多人，现在走了一半", {}),  # the headcount before people left is not today's
        ("疫情前有二十个员工，裁了几个", {"affected": True, "layoffs": "few"}),
        ("以前四十个人", {"employees": 40}),  # no one left: still the headcount
        ("没欠过工人一个月工资", {}),  # not even one month, never a count of one
        ("工资已经一个月没发了", {"months_unpaid_min_wage": 1}),
    ],
)
def test_headcount_after_people_left_and_not_even_one(text: str, facts: dict) -> None:
    assert read(text).facts == facts


def test_utility_fees_name_no_industry() -> None:
    assert "industry" not in read("水费电费燃气费想往后推").facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("养牛场算不算菜篮子", {"food_supply": True, "industry": "农、林、牧、渔业"}),  # 算不算 negates nothing
        ("去年收入二百来万，还有几十万合同款让一个国企压着没给", {"owed_payments": True, "revenue_wan": 200}),
        ("有个国企项目用了咱设备，租金四十多万拖着不给", {"owed_payments": True}),  # owed to them, no rent
        ("疫情那阵客流少了一大半，店里十来个员工都还留着呢", {"affected": True, "layoffs": "none", "employees": 10}),
        ("我家是做工程机械租赁的，挖掘机铲车往外租", {"industry": "租赁和商务服务业"}),  # no premises
    ],
)
def test_what_a_clause_is_about_decides_what_its_words_mean(text: str, facts: dict) -> None:
    assert read(text).facts == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # The new value without "是", in the last clause that gives one.
        ("不对，刚才人数说错了，一共七十二个", {"employees": 72}),
        ("人数说错了，过年辞了俩，现在十三个", {"layoffs": "few", "employees": 13}),
        # A correction inside one message keeps the message's other facts.
        ("超市店员四十个，哦不对，说错了，是十四个", {"employees": 14, "industry": "零售业"}),
        # The figure after 不是 is the one denied.
        ("刚才说错了，员工是三十二个不是二十三个", {"employees": 32}),
        ("人数不是二十三，是三十二", {"employees": 32}),
    ],
)
def test_corrections_as_people_type_them(text: str, facts: dict) -> None:
    assert read_correction(text).facts == facts


def test_a_share_of_people_is_no_headcount() -> None:
    """ "打发走一大半" says how many were let go, not that one person works there."""
    assert read("人手被俺打发走一大半").facts == {"layoffs": "many"}
    assert read("疫情期间业务停了一个半月").facts["months_not_operating"] == 2


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # 五险 includes unemployment insurance; its 五 counts nobody.
        ("员工的五险都是公司交着的", {"unemployment_insured": True}),
        ("我们没给员工交五险", {"unemployment_insured": False}),
        ("店里从来没交过失业保险", {"unemployment_insured": False}),
        ("失业保险没有参加，只交了养老", {"unemployment_insured": False}),
        # A sum owed or lost is no revenue or rent.
        (
            "营业收入七千二百万，区里几个项目钱一直没给，加起来欠了一千多万",
            {"revenue_wan": 7200, "owed_payments": True},
        ),
        # "每月" beside a sum per person or for insurance is no rent.
        ("员工每人每月贴一千块过日子", {}),
        (
            "失业保险每月照缴，财务说去年全年共26000元",
            {"unemployment_insured": True, "ui_premium_last_year_yuan": 26000},
        ),
        ("柜台每月两千四", {"monthly_rent_yuan": 2400}),
        # Hearsay about others states nothing about the speaker.
        ("听说有人被国企拖欠款能找政府帮忙要，真的吗", {}),
        # "按时交的" of insurance says nothing about taxes.
        ("失业保险按时交的，一个没裁", {"unemployment_insured": True, "layoffs": "none"}),
        ("借钱的打算暂时没有，手头还撑得住", {"needs_financing": False}),
        # A landlord named as an old man is a private person.
        ("店面是跟一个老大爷租的，一个月两千二", {"premises": "private", "monthly_rent_yuan": 2200}),
        ("旅店的水费电费燃气费也拖着呢", {"utility_payment_difficulty": True, "industry": "住宿业"}),
        ("做网上卖货的，疫情期间生意反而比以前还好", {"affected": False, "industry": "零售业"}),
        ("店里三个理发师，失业保险没交过", {"employees": 3, "unemployment_insured": False}),
        ("那个孵化基地，日常是我们公司在管", {"carrier_operator": True}),
        ("员工是五十个，不是六十个", {"employees": 50}),
        ("就辞了俩，其他都是自己走的", {"layoffs": "few"}),  # 其他 names no trade here
        ("我们不是暂时困难嘛，能缓交社保不", {"temporary_difficulty": True}),  # a rhetorical question
        ("员工没交啥保险", {"unemployment_insured": False}),
        ("跟地皮、房子挂钩的那两样税，税务局从来没找我们收过", {"land_or_property_taxpayer": False}),
    ],
)
def test_insurance_sums_and_hearsay_as_people_say_them(text: str, facts: dict) -> None:
    assert read(text).facts == facts


@pytest.mark.parametrize(
    "text",
    [
        "申报系统一直进不去，怎么办",  # a website, not the business
        "货款都按时结清了",  # goods, not water and power
        "从来没收过租户的房租",  # rent, not land or property tax
        "招商也难",  # 招商 is no hiring
    ],
)
def test_everyday_words_of_one_field_say_nothing_in_another_setting(text: str) -> None:
    facts = read(text).facts
    assert not {"affected", "utility_payment_difficulty", "land_or_property_taxpayer", "recruiting_difficulty"} & set(
        facts
    )


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # Voice input and quick typing use spaces for commas: a correction inside the message counts.
        ("摊位是租的国有的市场 哦不对 我说错了 摊位是私人老板的市场 不是国有的", {"premises": "private"}),
        ("房子租的国有资产的 一个月租金一万二", {"premises": "state_owned", "monthly_rent_yuan": 12000}),
        ("员工 五十个", {"employees": 50}),  # a space after a topic and before its figure does not cut
        # "加一块儿" is together, not one 块 of money.
        (
            "物业保安保洁加一块儿一千一百多人 营业收入去年六千来万",
            {"employees": 1150, "revenue_wan": 6000, "industry": "物业管理"},
        ),
        ("超市去年营业额两个多亿 就是两万多万", {"revenue_wan": 25000, "industry": "零售业"}),  # one figure restated
        ("就我和俩徒弟三个人", {"employees": 3}),  # the total of the clause
        # "on time" said of failing to pay is no "pays on time".
        ("冷库电费一个月好几万，按时交不上了", {"utility_payment_difficulty": True, "industry": "仓储业"}),
        ("电费都按时交的", {"utility_payment_difficulty": False}),
        # Denials after the thing denied.
        ("失信黑名单压根没进去过", {"dishonest_entity": False}),
        ("口罩消毒液药品器械这些一样都不生产也不经销", {"epidemic_supplies": False, "medical_products": False}),
        ("这次疫情还谈不上给我们造成重大损失", {"major_loss": False}),
        # The speaker says they are one of "…的企业".
        ("我们这属于保障城市运行的企业", {"essential_services": True}),
        ("受疫情影响的企业能减房租吗", {}),
        # A building they built for the government is no premises; the unpaid sum is owed.
        ("我们承建的区政府办公楼改造项目已完工一年多，工程款仍有约420万元没有结算", {"owed_payments": True}),
        # Words that name a measure name no business.
        ("菜篮子那条找谁", {}),
        ("上新生产线那条说的贴息 利率贴几个点", {}),
        ("元工的话二十大几个人吧 一个也没舍得裁", {"employees": 27, "layoffs": "none"}),
    ],
)
def test_messages_as_voice_input_and_careful_writers_put_them(text: str, facts: dict) -> None:
    assert read(text).facts == facts


def test_a_count_answers_no_yes_or_no_question() -> None:
    """ "人不多，研发加生产四十来个" to "受疫情影响吗？": its 不 says nothing about being affected."""
    reading = read("人不多，研发加生产四十来个", field("affected"))
    assert reading.pending is None and "affected" not in reading.facts


def test_an_open_ended_range_is_checked_without_failing() -> None:
    """ "已超过3个月", "二百人以上" have no upper end: recorded when no bound lies above, else asked."""
    from actions.conversation.intake import take
    from actions.conversation.state import CheckState

    state = CheckState()
    take(state, "客运班线全部停运，至今已超过3个月，只给职工发放基本生活费")
    assert state.profile["months_not_operating"] == 3
    state = CheckState(profile={"industry": "零售业"})
    intake = take(state, "员工二百人以上")
    assert "employees" not in state.profile and any("200人以上" in note for note in intake.notes)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        # A negation runs on through the products listed after it, and into the words inside them.
        ("我们不生产药品医疗器械", {"medical_products": False}),
        # A product named as an activity is no goods made or sold.
        ("疫情期间小区消毒测温都是我们做", {}),
        # The conjunction 不过 negates nothing.
        (
            "车队收入掉了七成，不过只是暂时困难",
            {"affected": True, "temporary_difficulty": True, "industry": "交通运输业"},
        ),
        # The operator named as another party is not the speaker.
        ("铺面在孵化基地楼里，基地有专门的运营方，我们就是交租那拨", {"premises": "carrier"}),
        # Asking what a word means states nothing.
        ("想了解下首贷是啥意思", {}),
        # Months of the calendar are no count of months.
        (
            "受疫情影响，酒店从2月起已连续4个月无力支付职工最低工资",
            {"affected": True, "months_unpaid_min_wage": 4, "industry": "住宿业"},
        ),
    ],
)
def test_young_writers_and_careful_writers(text: str, facts: dict) -> None:
    assert read(text).facts == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("已经辞退了差不多三成多的人手", {"layoffs": "many"}),  # the 不 of 差不多 negates nothing
        ("一个人也没让走 就这条件", {"layoffs": "none"}),  # 这条件 is a condition, no measure named
        ("目前入驻在辽源某科技企业孵化器内", {"premises": "carrier"}),  # a tenant, not the carrier's tenants
        ("给理发师们一人发点生活费", {}),  # per person, no headcount of one
    ],
)
def test_words_that_look_like_others(text: str, facts: dict) -> None:
    assert read(text).facts == facts


def test_an_industry_said_by_its_class_is_the_speakers() -> None:
    """ "行业上好像归…那一大类" says which trade the speaker is in, even while another question is pending."""
    reading = read("执照经营范围是场地出租加企业商务代理，行业上好像归租赁商务那一大类", field("affected"))
    assert reading.facts.get("industry") == "租赁和商务服务业" and "industry" not in reading.in_passing
