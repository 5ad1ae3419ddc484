"""The Python API the chat bot uses, the data files' integrity and the rules-file checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.eligibility import (
    ProfileError,
    RulesError,
    field_definitions,
    normalise_industry,
    validate_profile,
)
from actions.eligibility.fields import base_fields
from actions.eligibility.logic import parse_condition
from actions.eligibility.rules import parse_rules
from actions.eligibility.size import load_standard


@pytest.mark.parametrize(
    ("said", "industry"),
    [
        ("开饭店的", "餐饮业"),
        ("做软件的", "软件和信息技术服务业"),
        ("搞运输", "交通运输业"),
        ("养猪场", "农、林、牧、渔业"),
        ("我们是做外贸的", "批发业"),
        ("IT公司", "软件和信息技术服务业"),
        ("工业", "工业"),
        ("煤矿", "工业"),
    ],
)
def test_normalise_industry(said: str, industry: str) -> None:
    assert normalise_industry(said) == industry


@pytest.mark.parametrize("said", ["星际旅行", "", "快递物流"])
def test_normalise_industry_refuses_to_guess(said: str) -> None:
    assert normalise_industry(said) is None


def test_synonym_table_is_generous_and_maps_onto_the_standard() -> None:
    industry = base_fields()["industry"]
    assert set(industry.choices) == set(load_standard().industries)
    assert len(industry.choices) == 16
    assert len(industry.synonyms) >= 100
    assert set(industry.synonyms.values()) == set(industry.choices), "every industry has synonyms"


def test_field_definitions_for_the_chat_bot() -> None:
    fields = field_definitions()
    assert "sme" not in fields, "derived facts are not asked"
    assert list(fields)[:2] == ["industry", "employees"]
    for field in fields.values():
        assert field.label and field.question and field.example, field.name
        if field.type in ("int", "number"):
            assert field.minimum == 0 and field.maximum, field.name
    assert fields["employees"].question == "贵单位现在有多少从业人员？"
    groups = {name for name, f in fields.items() if f.group == "special_groups"}
    assert groups == {"epidemic_supplies", "medical_products", "rd_institution", "food_supply", "carrier_operator"}
    assert fields["layoffs"].to_dict()["choices"] == {"none": "不裁员", "few": "少裁员", "many": "较多裁员"}


def test_validate_profile_canonicalises_consistently() -> None:
    clean = validate_profile(
        {
            "industry": "小卖部",
            "employees": "８",
            "revenue_wan": "12.5",
            "layoffs": "少裁员",
            "affected": True,
            "assets_wan": None,
        }
    )
    assert clean == {"industry": "零售业", "employees": 8, "revenue_wan": 12.5, "layoffs": "few", "affected": True}


def test_validate_profile_lists_every_problem() -> None:
    with pytest.raises(ProfileError) as caught:
        validate_profile({"employees": True, "revenue_wan": "1e5", "affected": "yes", "premises": 3})
    assert len(caught.value.problems) == 4
    for name in ("employees", "revenue_wan", "affected", "premises"):
        assert name in str(caught.value)


def _parse(rules: dict) -> None:
    parse_rules(rules, base_fields(), Path(), "test")


@pytest.mark.parametrize(
    ("measure", "complaint"),
    [
        ({"section": 1, "outcomes": [{"status": "applies", "when": "no_such_field"}]}, "no_such_field"),
        ({"section": 1, "outcomes": [{"status": "applies", "when": {"field": "layoffs", "in": ["zero"]}}]}, "zero"),
        ({"section": 1, "outcomes": [{"status": "applies", "when": {"field": "affected", "ge": 3}}]}, "ge"),
        ({"section": 1, "outcomes": [{"status": "maybe"}]}, "status"),
        ({"section": 1, "outcome": [{"status": "applies"}]}, "outcome"),
        (
            {
                "section": 1,
                "otherwise": {"status": "general"},
                "estimate": {"formula": "x", "terms": [{"field": "affected", "factor": 2}]},
            },
            "affected",
        ),
    ],
)
def test_malformed_rules_are_rejected(measure: dict, complaint: str) -> None:
    with pytest.raises(RulesError, match=complaint):
        _parse({"measures": [measure]})


def test_three_valued_logic() -> None:
    fields = base_fields()
    both = parse_condition({"all": ["major_loss", "land_or_property_taxpayer"]}, fields, "t")
    either = parse_condition({"any": ["tax_filing_difficulty", "tax_payment_difficulty"]}, fields, "t")
    negated = parse_condition({"not": "dishonest_entity"}, fields, "t")
    assert both.evaluate({"major_loss": False}).value is False
    assert both.evaluate({"major_loss": True}).unknown == ("land_or_property_taxpayer",)
    assert either.evaluate({"tax_payment_difficulty": True}).value is True
    assert either.evaluate({"tax_filing_difficulty": False}).value is None
    assert either.evaluate({"tax_filing_difficulty": False, "tax_payment_difficulty": False}).value is False
    assert negated.evaluate({}).value is None and negated.evaluate({"dishonest_entity": False}).value is True
