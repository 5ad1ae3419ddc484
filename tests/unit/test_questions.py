"""Free questions answered from data (actions/conversation/questions.py).

Classification needs no model; answers about a topic or a detail use the real
index built by `make index` (like test_search.py). Expected facts are read from
the corpus (titles, units, counts, meta.yml), not restated here, where possible.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actions.conversation import knowledge, question_cues, questions
from actions.conversation.messages import MAX_BYTES, byte_len
from actions.policy.corpus import load_document
from actions.search.answer import key_sentences, measure_label, overlap_scores, scorer_for, split_sentences
from actions.search.service import get_searcher

ROOT = Path(__file__).resolve().parents[2]
LIAONING = ROOT / "tests" / "fixtures" / "liaoning"
LIAONING_TEXT = ROOT.parent / "shared" / "policy" / "liaoning-2020-25.txt"


def units_of(section: int) -> list[str]:
    return knowledge.units(section)


def assert_names_measure(text: str, section: int) -> None:
    """Every answer about a measure names its number, title and units."""
    assert knowledge.label(section) in text
    assert all(unit in text for unit in units_of(section)), f"units of {section} missing in:\n{text}"


@pytest.mark.parametrize(
    ("text", "kind", "facet", "number"),
    [
        ("第七条说的是什么", "article", "content", 7),
        ("第2条找谁", "article", "unit", 2),
        ("7条", "article", None, 7),
        ("第（七）条", "article", None, 7),
        ("第十五项", "article", None, 15),
        ("第30条", "article", None, 30),
        ("这个政策是哪个部门发的", "document", "issuer", None),
        ("政策依据是什么", "document", "basis", None),
        ("这些措施有效期到什么时候", "document", "validity", None),
        ("一共有多少条措施", "document", "count", None),
        ("22条措施都有哪些", "document", "list", None),
        ("大企业能享受吗", "document", "supported", None),
        ("稳岗返还怎么申请", "detail", "procedure", None),
        ("申请房租减免要准备什么材料", "detail", "materials", None),
        ("能贷多少钱", "detail", "amount", None),
        ("那要找谁办?", "follow_up", "unit", None),
        ("贷款到期还不上", "topic", None, None),
        ("措施十二讲的什么", "article", "content", 12),
        ("(十一)那一条说了啥", "article", None, 11),
        ("文件里第4点是什么内容", "article", "content", 4),
        ("措施一共多少条", "document", "count", None),
        ("下午3点能去办吗", "topic", None, None),
        ("社保缓缴咋报名，找哪个部门", "detail", "procedure", None),
        ("这个文件是哪个单位出的", "document", "issuer", None),
        ("2023年小微企业所得税怎么减免", "later_year", None, 2023),
        ("2020年普惠型小微企业贷款成本降多少", "detail", "amount", None),
    ],
)
def test_classification(text: str, kind: str, facet: str | None, number: int | None) -> None:
    question = questions.classify(text)
    assert (question.kind, question.facet, question.number) == (kind, facet, number)


def test_overview_words_mean_the_measure_in_view_when_there_is_one() -> None:
    assert questions.classify("说的是什么").kind == "document"
    assert questions.classify("说的是什么", measure_in_view=True).kind == "follow_up"
    assert questions.classify("这个政策说的是什么", measure_in_view=True).kind == "document"


@pytest.mark.parametrize("text", ["第七条说的是什么", "7条", "第（七）条"])
def test_article_shows_the_clause_units_and_validity(text: str) -> None:
    answer = questions.answer(text)
    assert answer.sections == [7] and answer.kind == "article"
    assert_names_measure(answer.text, 7)
    assert knowledge.policy().section(7).body in answer.text, "a short clause is shown whole"
    assert knowledge.validity() in answer.text


def test_article_unit_question_names_the_units() -> None:
    answer = questions.answer("第2条找谁")
    assert answer.sections == [2]
    assert_names_measure(answer.text, 2)


def test_a_number_that_is_not_a_measure_offers_the_list() -> None:
    count = len(knowledge.measures())
    answer = questions.answer("第30条")
    assert answer.sections == [] and f"共有{count}条措施" in answer.text and "没有第30条" in answer.text
    assert "全部措施" in answer.text


def test_document_issuer_is_never_a_measure_unit() -> None:
    for last in (None, 22):
        answer = questions.answer("这个政策是哪个部门发的", last_measure=last)
        assert answer.kind == "document" and answer.sections == []
        assert str(knowledge.meta("issuer")) in answer.text and str(knowledge.meta("issuer_evidence")) in answer.text
        assert "责任单位：" not in answer.text
        assert "没有写明本文件的文号和发布日期" in answer.text, "no document number or date is invented"


@pytest.mark.parametrize(
    ("text", "expected_key"),
    [("政策依据是什么", "legal_basis"), ("支持对象是哪些企业", "supported_enterprises"), ("文件发给谁", "addressees")],
)
def test_document_facts_come_from_meta(text: str, expected_key: str) -> None:
    answer = questions.answer(text)
    assert answer.kind == "document" and str(knowledge.meta(expected_key)) in answer.text


def test_document_validity_says_expired() -> None:
    answer = questions.answer("这个政策还有效吗")
    assert str(knowledge.meta("validity_text")) in answer.text and "已到期" in answer.text


def test_list_of_all_measures_fits_the_messages() -> None:
    answer = questions.answer("列出全部措施")
    for section in knowledge.measures():
        assert measure_label(section.number, section.title) in answer.text
    assert answer.messages and all(byte_len(m) <= MAX_BYTES for m in answer.messages)
    assert "".join(answer.messages).count("条“") == len(knowledge.measures())


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("申请房租减免要准备什么材料", 7),
        ("稳岗返还怎么申请", 1),
        ("交水电费能缓一缓的话需要提供啥手续", 16),  # 原材料 in the clause is no application material
        ("担保费那条到底能少收几成", 11),  # 减收或免收 gives no rate
        ("稳岗返还要一步步怎么去办", 1),
        ("担保费减免是怎么个申请法", 11),
    ],
)
def test_detail_the_text_does_not_give_is_said_plainly(text: str, section: int) -> None:
    answer = questions.answer(text)
    assert answer.kind == "detail" and answer.sections == [section]
    assert "没有写明" in answer.text
    assert_names_measure(answer.text, section)


def test_amount_not_given_names_the_loan_measures() -> None:
    answer = questions.answer("能贷多少钱")
    assert answer.kind == "detail" and answer.sections and not answer.abstained
    assert "没有写明具体金额" in answer.text
    for section in answer.sections:
        assert_names_measure(answer.text, section)
        assert "贷" in knowledge.policy().section(section).text


@pytest.mark.parametrize(
    ("text", "section", "quoted"),
    [("社保缓缴最长多久", 2, "缓缴期最长6个月"), ("稳岗返还能返多少", 1, "50%"), ("房租能减多少", 7, "2个月房租减半")],
)
def test_a_figure_the_clause_gives_is_quoted(text: str, section: int, quoted: str) -> None:
    answer = questions.answer(text)
    assert answer.sections == [section] and quoted in answer.text and "没有写明" not in answer.text
    assert_names_measure(answer.text, section)


def test_topic_answer_shows_the_sentence_that_answers() -> None:
    answer = questions.answer("贷款到期还不上")
    assert answer.sections[0] == 9
    assert "不得盲目抽贷" in answer.text and "允许其适当延期还款" in answer.text


def test_follow_up_refers_to_the_measure_in_view() -> None:
    answer = questions.answer("那要找谁办?", last_measure=7)
    assert answer.sections == [7]
    assert_names_measure(answer.text, 7)
    prompt = questions.answer("那要找谁办?")
    assert prompt.sections == [] and all(topic in prompt.text for topic in knowledge.example_topics()[:2])


def test_unrelated_topic_abstains() -> None:
    answer = questions.answer("路灯坏了找谁", last_measure=7)
    assert answer.abstained and answer.sections == []


@pytest.mark.parametrize(
    ("question", "section", "target"),
    [
        ("贷款到期还不上怎么办", 9, "不得盲目抽贷"),
        ("到期了还不起钱咋整", 9, "延期还款"),
        ("会不会停水停电", 16, "不得断供"),
        ("晚交社保要罚钱吗", 2, "免收滞纳金"),
        ("缓缴期间社保待遇会停吗", 2, "待遇不受影响"),
    ],
)
def test_key_sentences_with_the_index_scorer(question: str, section: int, target: str) -> None:
    body = knowledge.policy().section(section).body
    shown = key_sentences(question, body, scorer=scorer_for(get_searcher()))
    assert any(target in sentence for sentence in shown), shown


def test_key_sentences_without_an_index_fall_back_to_shared_terms() -> None:
    body = knowledge.policy().section(2).body
    sentences = split_sentences(body)
    assert overlap_scores("滞纳金", sentences)[1] > 0
    assert any("滞纳金" in s for s in key_sentences("滞纳金", body, limit=1))


@pytest.fixture()
def second_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The 辽宁 fixture as the only policy: meta.yml without the optional keys, no code change."""
    if not LIAONING_TEXT.is_file():
        pytest.skip(f"{LIAONING_TEXT} 不存在（需要与仓库并列的 shared/）")
    folder = tmp_path / "liaoning-2020-25"
    folder.mkdir()
    shutil.copy(LIAONING / "meta.yml", folder / "meta.yml")
    shutil.copy(LIAONING_TEXT, folder / "policy.txt")
    document = load_document(folder)
    monkeypatch.setattr(knowledge, "documents", lambda: {document.doc_id: document})
    monkeypatch.setattr(knowledge, "sentence_scorer", lambda: None)
    return document


def test_a_second_policy_needs_no_code(second_policy) -> None:
    count = len([s for s in second_policy.sections if s.number])
    assert f"共有{count}条措施" in questions.answer("一共有多少条措施").text
    listing = questions.answer("列出全部措施")
    assert all(byte_len(m) <= MAX_BYTES for m in listing.messages)
    assert all(s.title in listing.text for s in second_policy.sections if s.number)
    units = questions.answer("第3条找谁")
    assert units.sections == [3] and all(u in units.text for u in second_policy.section(3).units)
    issuer = questions.answer("这个政策是谁发的")
    assert "没有记录" in issuer.text, "an absent meta key is reported as not recorded, not invented"
    assert second_policy.title in questions.answer("说说这个政策").text


@pytest.mark.parametrize("text", ["市税务局的电话是多少", "社保局办事大厅在哪个位置"])
def test_contact_details_are_never_invented(text: str) -> None:
    answer = questions.answer(text)
    assert answer.kind == "contact" and answer.abstained
    assert "12345" in answer.text and not any(ch.isdigit() for ch in answer.text.replace("12345", ""))


def test_other_levels_policies_are_quoted_from_the_text() -> None:
    answer = questions.answer("国家和省里的政策还管用不")
    assert answer.kind == "document"
    assert knowledge.meta("higher_level_policies") in answer.text


def test_crumbs_left_by_cue_words_are_no_topic() -> None:
    # "把…列出来" leaves single characters, not a topic: still the list of the document.
    assert questions.classify("把所有措施都列出来").kind == "document"


def test_where_to_apply_comes_with_the_units() -> None:
    answer = questions.answer("电费想延期交，该找谁申请")
    assert 16 in answer.sections and "申请" in answer.text.split("责任单位")[-1]


def test_a_year_after_the_policy_ran_out_is_not_answered_from_it() -> None:
    """ "2023年…怎么减免": no clause of a 2020 policy is quoted as the answer; the hotline is named."""
    answer = questions.answer("2023年小微企业所得税怎么减免")
    assert answer.abstained and not answer.sections
    assert "2023年" in answer.text and "12345" in answer.text and "2020年6月30日" in answer.text


def test_a_detail_question_whose_wording_hides_its_topic_is_searched_by_the_topic() -> None:
    """The whole question abstains; its topic alone ("推迟交税") names the tax measure."""
    answer = questions.answer("公司打算推迟交税，具体该怎么操作")
    assert answer.kind == "detail" and answer.sections == [4] and not answer.abstained


def test_an_order_is_no_application_material() -> None:
    """ "单子" is a customer's order as often as a form: it asks for no materials."""
    assert questions.classify("客户的单子都被取消了，有什么政策").facet != "materials"


def test_why_not_a_measure_is_answered_from_the_profile() -> None:
    """ "第七条为啥不行" after telling the landlord is private: the condition and why it is not met."""
    answer = questions.answer("第七条为啥不行", {"affected": True, "premises": "private"})
    assert answer.sections == [7] and "不符合条件" in answer.text
    assert_names_measure(answer.text, 7)


def test_a_period_asked_with_another_thing_is_quoted_not_called_open() -> None:
    """The 滞纳金 sentence names more of the question, but the clause asking the period names 社保."""
    answer = questions.answer("社保最多能缓几个月，缓缴期间还收滞纳金吗")
    assert answer.sections == [2] and "缓缴期最长6个月" in answer.text and "没有写明具体期限" not in answer.text


def test_a_subject_of_the_clauses_is_told_from_a_plain_request() -> None:
    assert questions.names_a_subject("房租这块有啥政策")
    assert questions.names_a_subject("银行贷款这块都有啥支持")
    assert not questions.names_a_subject("帮我看看能享受哪些政策")
    assert not questions.names_a_subject("物流公司有什么扶持政策")


def test_another_city_is_not_answered_from_this_policy() -> None:
    answer = questions.answer("长春市的中小企业房租补贴怎么申请")
    assert answer.abstained and not answer.sections and "长春市" in answer.text and "12345" in answer.text
    assert questions.classify("我们在辽源市开超市的，房租能减吗").kind != "other_place"


@pytest.mark.parametrize(
    ("text", "number"),
    [("嗯 那个十五条里头写的是啥", 15), ("倒数第一条，就是第二十二条，负责单位是谁", 22)],
)
def test_articles_as_people_point_at_them(text: str, number: int) -> None:
    assert question_cues.article_number(text) == number


def test_a_word_of_one_title_names_that_measure_when_search_abstains() -> None:
    answer = questions.answer("稳岗那个返钱的事 办的时候要带些啥证件")
    assert answer.sections == [1] and "没有写明" in answer.text


def test_an_interest_rate_the_text_does_not_give_is_said_to_be_open() -> None:
    """ "再降0.5个百分点" is a cut of financing costs, not the loan's rate."""
    answer = questions.answer("中小企业贷款利率是多少")
    assert answer.sections == [9] and "没有写明具体的贷款利率" in answer.text


def test_what_the_clause_says_of_the_thing_asked_is_quoted_when_the_figure_is_open() -> None:
    answer = questions.answer("上新生产线那条说的贴息 利率贴几个点")
    assert answer.sections == [14] and "原文只说" in answer.text and "再给予贴息" in answer.text
    assert "零收费" not in answer.text


def test_every_answer_about_the_document_says_until_when_it_ran() -> None:
    assert "2020年6月30日" in questions.answer("这个政策一共多少条").text


def test_the_last_of_several_questions_may_go_without_its_question_mark() -> None:
    answer = questions.answer_each("这份通知总共列了多少项？扶的是哪类企业")
    assert "22" in answer.text and "中小企业" in answer.text


def test_a_subject_named_with_a_count_word_is_no_question_about_the_document() -> None:
    assert questions.classify("贷款那几条都是啥").kind != "document"


def test_a_program_is_no_procedure() -> None:
    """ "小程序" holds 程序, which asks for no procedure."""
    assert questions.classify("按我们小程序团队这情况，失业保险返还能回来多少").facet == "amount"


def test_a_word_of_a_title_counts_with_its_synonyms() -> None:
    """社保 is 社会保险 in the title of the measure on deferring it."""
    assert questions.answer("社保晚交那条如果卡了我们美甲店，卡在哪个门槛上了？").sections == [2]
