"""The staff console in a real browser against the real web app, engine and Rasa server."""

from __future__ import annotations

import json
import subprocess
import uuid

import command_lines as cli
from conftest import STAFF_TOKEN, screenshot
from playwright.sync_api import expect
from servers import ACTIONS_PYTHON, ROOT

PROFILE = {"industry": "餐饮业", "employees": 30, "affected": True, "premises": "state_owned"}


def log_in(page, stack):
    page.goto(f"{stack.web_url}/console")
    page.fill("#token", STAFF_TOKEN)
    page.click("#token-form button")
    expect(page.locator("#token-status")).to_have_text("已登录")


def engine(profile: dict) -> dict:
    """The eligibility command line's JSON for `profile` (the contract the console must match)."""
    return cli.eligibility({"profile": profile})


def engine_report(profile: dict, tmp_path) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [str(ACTIONS_PYTHON), "-m", "actions.eligibility", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    return run.stdout.strip()


def test_search_as_you_type_shows_measure_7_for_rent(page, stack):
    log_in(page, stack)
    page.locator("#search-input").press_sequentially("房租", delay=50)
    first = page.locator("#search-results li.hit").first
    expect(first).to_contain_text("第（七）条")
    expect(first.locator("mark").first).to_have_text("房租")
    expect(first.locator(".units")).to_contain_text("责任单位")
    expect(page.locator("#search-validity")).to_contain_text("2020年6月30日")
    screenshot(page, "console-search")


def test_the_checklist_gives_the_engines_answer_and_copies_it(page, stack, tmp_path):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.web_url)
    log_in(page, stack)
    page.click("#tab-check")
    page.select_option("#f-industry", "餐饮业")
    page.fill("#f-employees", "30")
    page.check('input[name="f-affected"][value="true"]')
    page.select_option("#f-premises", "state_owned")
    expected = engine(PROFILE)
    applies = sorted(m["section"] for m in expected["measures"] if m["status"] == "applies")
    assert applies, "the profile under test should qualify for something"
    shown = page.locator('#check-summary li[data-status="applies"]')
    expect(shown).to_have_count(len(applies))
    assert sorted(int(s) for s in shown.evaluate_all("els => els.map(e => e.dataset.section)")) == applies
    page.click("#copy-answer")
    expect(page.locator("#copy-status")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == engine_report(PROFILE, tmp_path)
    assert "2020年6月30日" in copied and "责任单位" in copied
    screenshot(page, "console-checklist")


def test_browse_every_measure_and_open_one(page, stack):
    log_in(page, stack)
    page.click("#tab-browse")
    buttons = page.locator("#policy-list .measure-list button")
    expect(buttons).to_have_count(22)
    buttons.nth(6).click()
    expect(page.locator("#measure-full")).to_contain_text("第（七）条")
    expect(page.locator("#measure-full")).to_contain_text("责任单位")


def test_a_conversation_is_looked_up_with_its_recorded_facts(page, stack):
    sender = f"hand-over-{uuid.uuid4().hex[:8]}"
    stack.say(sender, "帮我看看能享受哪些政策")
    stack.say(sender, "我们是开饭店的，三十个人，租的国有的门面")
    log_in(page, stack)
    page.click("#tab-conversation")
    page.fill("#sender-id", sender)
    page.click("#conversation-form button")
    expect(page.locator('table.facts tr[data-field="employees"] td')).to_have_text("30人")
    expect(page.locator('table.facts tr[data-field="industry"] td')).to_have_text("餐饮业")
    expect(page.locator(".transcript li.user").nth(1)).to_contain_text("我们是开饭店的")
    screenshot(page, "console-conversation")


def test_without_a_token_the_console_says_what_to_do(page, stack):
    page.goto(f"{stack.web_url}/console")
    expect(page.locator("#error")).to_contain_text("坐席令牌")
    page.fill("#token", "wrong-token")
    page.click("#token-form button")
    expect(page.locator("#error")).to_contain_text("令牌无效")
