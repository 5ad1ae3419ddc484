"""The chat widget in a real browser against the real servers (socket.io, session persistence)."""

from __future__ import annotations

import re

from conftest import screenshot
from playwright.sync_api import expect

CHAT = "#policy-chat"


def open_widget(page, stack):
    page.goto(f"{stack.web_url}/")
    page.locator(f"{CHAT} .launcher").click()
    expect(page.locator(f"{CHAT} .panel")).to_be_visible()


def send(page, text: str) -> None:
    page.locator(f"{CHAT} textarea").fill(text)
    page.keyboard.press("Enter")


def ask(page, text: str, reply_contains: str) -> None:
    """Send and wait for a NEW bot message with the expected content (no race with older ones)."""
    before = bot_messages(page).count()
    send(page, text)
    expect(bot_messages(page).nth(before)).to_be_visible()
    expect(bot_messages(page).last).to_contain_text(reply_contains)


def bot_messages(page):
    return page.locator(f"{CHAT} .msg.bot")


def session_id(page) -> str:
    return page.evaluate("window.PolicyChat.sessionId()")


def user_turns(stack, sender: str) -> list[str]:
    return [e["text"] for e in stack.tracker(sender)["events"] if e["event"] == "user"]


def test_a_question_gets_its_answer(page, stack):
    open_widget(page, stack)
    send(page, "房租能减免吗")
    expect(bot_messages(page).nth(1)).to_contain_text("第（七）条")
    expect(bot_messages(page).nth(1)).to_contain_text("责任单位")
    expect(page.locator(f"{CHAT} .typing")).to_be_hidden()
    assert user_turns(stack, session_id(page)) == ["房租能减免吗"]  # the widget's session id is the sender id


def test_quick_replies_run_a_short_check_that_survives_a_reload(page, stack):
    open_widget(page, stack)
    send(page, "帮我看看能享受哪些政策")
    yes = page.locator(f"{CHAT} .replies button", has_text=re.compile("^是$"))
    expect(yes).to_be_visible()
    yes.click()
    sender = session_id(page)
    expect(page.locator(f"{CHAT} .msg.user").last).to_have_text("是")
    expect(bot_messages(page).last).to_contain_text("【第2问】")
    assert stack.tracker(sender)["slots"]["profile"].get("affected") is True
    shown_before = page.locator(f"{CHAT} .msg").count()

    page.reload()
    expect(page.locator(f"{CHAT} .panel")).to_be_visible()  # stays open
    assert session_id(page) == sender
    expect(page.locator(f"{CHAT} .msg")).to_have_count(shown_before)  # the transcript is kept
    ask(page, "我们是开饭店的，三十个人", "【第3问】")
    expect(page.locator(f"{CHAT} .replies button", has_text="都不是")).to_be_visible()
    ask(page, "先看结果", "评估结果")
    expect(page.locator(f"{CHAT} .replies button")).to_have_count(0)  # the result retires the buttons
    profile = stack.tracker(sender)["slots"]["profile"]
    assert profile["affected"] is True and profile["employees"] == 30 and profile["industry"] == "餐饮业"
    assert user_turns(stack, sender) == ["帮我看看能享受哪些政策", "是", "我们是开饭店的，三十个人", "先看结果"]
    screenshot(page, "widget-desktop")


def test_session_ids_are_random_and_per_browser(browser, stack):
    ids = []
    for _ in range(2):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{stack.web_url}/")
        ids.append(session_id(page))
        context.close()
    assert ids[0] != ids[1]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)


def test_phone_width_fills_the_screen(browser, stack):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_widget(page, stack)
    send(page, "社保能缓缴吗")
    expect(bot_messages(page).nth(1)).to_contain_text("社")
    box = page.locator(f"{CHAT} .panel").bounding_box()
    assert box["width"] >= 389 and box["height"] >= 800
    screenshot(page, "widget-phone")
    context.close()


def test_handoff_button_asks_for_a_person(page, stack):
    open_widget(page, stack)
    page.locator(f"{CHAT} .handoff").click()
    expect(page.locator(f"{CHAT} .msg.user").last).to_have_text("转人工")
    expect(bot_messages(page).nth(1)).to_be_visible()
    assert user_turns(stack, session_id(page)) == ["转人工"]


def test_keyboard_only_use(page, stack):
    page.goto(f"{stack.web_url}/")
    page.locator(f"{CHAT} .launcher").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{CHAT} textarea")).to_be_focused()
    page.keyboard.type("税能延期交吗")
    page.keyboard.press("Enter")
    expect(bot_messages(page).nth(1)).to_contain_text("税")
    page.keyboard.press("Escape")
    expect(page.locator(f"{CHAT} .panel")).to_be_hidden()
    expect(page.locator(f"{CHAT} .launcher")).to_be_focused()


def test_input_limit_is_shown_and_enforced(page, stack):
    open_widget(page, stack)
    expect(page.locator(f"{CHAT} .count")).to_have_text("0/500")
    page.locator(f"{CHAT} textarea").fill("长" * 600)
    assert len(page.locator(f"{CHAT} textarea").input_value()) == 500
    expect(page.locator(f"{CHAT} .count")).to_contain_text("已达字数上限")


def test_an_unreachable_server_is_said_plainly_and_the_text_is_kept(page, stack):
    page.goto(f"{stack.web_url}/health")  # any page of the web app's origin
    page.set_content(
        f'<html><body><script src="{stack.web_url}/widget/widget.js" data-server="http://127.0.0.1:9"></script></body></html>'
    )
    page.locator(f"{CHAT} .launcher").click()
    expect(page.locator(f"{CHAT} .banner")).to_contain_text("连不上服务器")
    page.locator(f"{CHAT} textarea").fill("房租能减免吗")
    page.keyboard.press("Enter")
    expect(page.locator(f"{CHAT} .msg.system").last).to_contain_text("消息未发送")
    assert page.locator(f"{CHAT} textarea").input_value() == "房租能减免吗"
