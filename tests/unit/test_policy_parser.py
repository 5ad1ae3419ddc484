"""The parser on both real policies and on text it must refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.policy.corpus import CorpusError, load_corpus, load_document
from actions.policy.parser import PolicyParseError, parse_policy, split_units
from actions.settings import CORPUS_DIR


@pytest.fixture(scope="module")
def liaoyuan():
    documents = load_corpus(CORPUS_DIR)
    return next(d for d in documents if d.doc_id == "liaoyuan-2020-sme-support")


def test_liaoyuan_has_preamble_and_22_measures(liaoyuan):
    sections = liaoyuan.sections
    assert [s.number for s in sections] == list(range(23))
    assert sections[1].title == "加大失业保险稳岗返还力度"
    assert sections[7].title == "降低房租成本"
    assert sections[21].title == "畅通“菜篮子”产品绿色通道"
    assert sections[22].units == ["各相关部门"]


def test_liaoyuan_units_are_split(liaoyuan):
    assert liaoyuan.section(1).units == ["市人力资源社会保障局", "市社保局", "市财政局"]
    assert liaoyuan.section(19).units == ["市工业和信息化局", "各县区政府", "辽源经济开发区管委会"]


def test_section_zero_holds_preamble_and_closing_without_web_leftovers(liaoyuan):
    overview = liaoyuan.section(0).body
    assert "吉政办发〔2020〕2号" in overview
    assert "执行至2020年6月30日" in overview
    assert "版权所有" not in overview
    assert "（一）" not in overview


def test_measure_body_excludes_title_and_units(liaoyuan):
    rent = liaoyuan.section(7)
    assert rent.body.startswith("疫情期间，对承租国有资产类经营用房的中小企业")
    assert "责任单位" not in rent.body


def test_metadata_is_data(liaoyuan):
    assert liaoyuan.title == "辽源市应对新冠肺炎疫情支持中小企业保经营稳发展若干措施"
    assert str(liaoyuan.valid_until) == "2020-06-30"
    assert "吉政办发〔2020〕2号" in liaoyuan.meta["legal_basis"]


def test_liaoning_25_measures_in_5_parts(liaoning_text):
    sections = parse_policy(liaoning_text)
    assert len(sections) == 26
    assert {s.part for s in sections[1:]} == {
        "严格开复工管理",
        "加大财政金融支持",
        "减轻企业负担",
        "降低运营成本",
        "加强综合保障",
    }
    assert sections[1].part == "严格开复工管理" and sections[4].part == "加大财政金融支持"
    assert sections[15].title == "减免省产业（创业）投资引导基金直投企业利息"
    assert sections[20].title == "减免中小企业房租"
    assert sections[25].units == ["省发展改革委", "人民银行沈阳分行"]
    # Header text of the reposting site stays in the preamble, not in a measure.
    assert sections[0].body.startswith("国家税务总局辽宁省税务局")
    assert "执行期暂定为自发布之日起的3个月" in sections[0].body


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "为空"),
        ("   \n", "为空"),
        ("这是一段没有编号的普通文字。", "没有找到编号条款"),
        ("（一）只有一条。内容。（责任单位：市财政局）", "只找到一条"),
        ("前言：（一）第一条。内容。（责任单位：甲局）（二）第二条。没有责任单位。", "第（二）条没有“（责任单位：…）”"),
        ("前言：（一）第一条。内容。（责任单位：甲局）多余的文字（二）第二条。内容。（责任单位：乙局）", "无法归属"),
    ],
)
def test_malformed_text_fails_with_a_clear_error(text, problem):
    with pytest.raises(PolicyParseError, match=problem.replace("（", r"\（").replace("）", r"\）")):
        parse_policy(text)


def test_numbering_must_be_sequential():
    text = "前言（一）甲。内容。（责任单位：甲局）（三）丙。内容。（责任单位：丙局）（二）乙。内容。（责任单位：乙局）"
    # （三） out of order is not a marker, so it is left over after measure 1's units: refused, not misread.
    with pytest.raises(PolicyParseError, match="无法归属的文字：（三）丙"):
        parse_policy(text)


def test_split_units_handles_mixed_separators():
    assert split_units("市工业和信息化局，各县区政府、辽源经济开发区管委会") == [
        "市工业和信息化局",
        "各县区政府",
        "辽源经济开发区管委会",
    ]


def test_corpus_errors_name_the_problem(tmp_path: Path):
    with pytest.raises(CorpusError, match="不存在"):
        load_corpus(tmp_path / "nowhere")
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "meta.yml").write_text("doc_id: x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="缺少字段: title, text"):
        load_document(tmp_path / "doc")
