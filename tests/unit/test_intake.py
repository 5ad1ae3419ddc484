"""Taking a message into the check: confirmations, corrections, and ranges that straddle a bound."""

from __future__ import annotations

from actions.conversation.check import Question
from actions.conversation.intake import take
from actions.conversation.state import CheckState


def test_every_recorded_fact_is_confirmed_in_one_line() -> None:
    state = CheckState()
    intake = take(state, "我们开饭店的，员工二十来个，房子是跟个人租的")
    assert state.profile == {"industry": "餐饮业", "employees": 20, "premises": "private"}
    assert intake.notes == ["记下了：行业 餐饮业；从业人员数 20人；经营用房 承租其他房屋"]


def test_rented_from_an_unknown_landlord_is_asked_not_guessed() -> None:
    """ "房子是租的": whether the landlord is state-owned decides measure 7, so it is asked."""
    state = CheckState()
    intake = take(state, "我们开饭店的，员工二十来个，房子是租的")
    assert state.profile == {"industry": "餐饮业", "employees": 20}
    assert any("跟谁租的" in note for note in intake.notes)


def test_a_changed_value_is_shown_as_a_correction() -> None:
    state = CheckState(profile={"employees": 50})
    intake = take(state, "刚才说错了，员工是80个")
    assert state.profile == {"employees": 80}
    assert intake.notes[0] == "已更正：从业人员数 50人 → 80人"


def test_a_range_across_a_deciding_bound_is_asked_not_guessed() -> None:
    # Measure 2 needs 3 months or more: "两三个月" could go either way.
    state = CheckState(profile={"industry": "工业", "employees": 50, "affected": True})
    intake = take(state, "工资已经两三个月发不出来了")
    assert "months_unpaid_min_wage" not in state.profile
    assert intake.exact_asked == "months_unpaid_min_wage"
    assert "具体" in intake.notes[-1]
    assert state.current == "months_unpaid_min_wage"


def test_a_range_that_decides_nothing_is_recorded_inside_the_range() -> None:
    state = CheckState(profile={"industry": "餐饮业"})
    take(state, "员工十五六个")
    assert 15 <= state.profile["employees"] <= 16


def test_the_multi_choice_question_answered_by_a_keyword() -> None:
    group = Question("group:special_groups", ("epidemic_supplies", "medical_products", "food_supply"))
    state = CheckState()
    intake = take(state, "我们是养猪的", group)
    assert state.profile["food_supply"] is True
    assert state.profile["epidemic_supplies"] is False  # not chosen in a multi-choice answer
    assert intake.notes[0].startswith("记下了：") and "否" not in intake.notes[0]


def test_nothing_recorded_says_nothing() -> None:
    state = CheckState()
    intake = take(state, "房租能减免吗")
    assert state.profile == {} and intake.notes == [] and not intake.took_anything
