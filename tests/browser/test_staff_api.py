"""The staff API through the real web app: auth, CORS, the command lines' JSON, 4xx for bad input."""

from __future__ import annotations

import uuid

import command_lines as cli
import pytest
import requests
from servers import start_web_app, stop_server


def test_every_route_needs_the_bearer_token(stack):
    for path in ("/api/search?q=x", "/api/policies", "/api/fields", "/api/conversations/someone"):
        assert requests.get(f"{stack.web_url}{path}", timeout=30).status_code == 401
        wrong = requests.get(f"{stack.web_url}{path}", headers={"Authorization": "Bearer nope"}, timeout=30)
        assert wrong.status_code == 401
    assert requests.post(f"{stack.web_url}/api/eligibility", json={"profile": {}}, timeout=30).status_code == 401
    assert stack.staff("GET", "/api/policies").status_code == 200


def test_search_is_the_command_lines_json_plus_validity(stack):
    api = stack.staff("GET", "/api/search", params={"q": "房租能减免吗", "k": 3}).json()
    cli_answer = cli.search("房租能减免吗", 3)
    assert api["abstained"] == cli_answer["abstained"]
    assert [(h["section"], h["title"], h["units"]) for h in api["hits"]] == [
        (h["section"], h["title"], h["units"]) for h in cli_answer["hits"]
    ]
    assert api["hits"][0]["section"] == 7 and api["hits"][0]["expired"] is True
    assert "房租" in api["terms"]


@pytest.mark.parametrize("q", ["7", "第七条", "第（七）条讲什么"])
def test_article_numbers_find_their_measure(stack, q):
    hits = stack.staff("GET", "/api/search", params={"q": q}).json()["hits"]
    assert hits[0]["section"] == 7 and hits[0]["match"] == "article number"


def test_a_number_that_is_no_article_finds_none(stack):
    assert all(h["section"] != 99 for h in stack.staff("GET", "/api/search", params={"q": "99"}).json()["hits"])


def test_eligibility_is_the_command_lines_json(stack):
    profile = {"industry": "餐饮业", "employees": 30, "affected": True, "premises": "state_owned"}
    api = stack.staff("POST", "/api/eligibility", json={"profile": profile, "as_of": "2020-05-01"}).json()
    expected = cli.eligibility({"profile": profile, "as_of": "2020-05-01"})
    assert {k: v for k, v in api.items() if k != "answer_text"} == expected
    assert api["policy"]["expired"] is False  # as of 2020-05-01
    assert "第" in api["answer_text"] or "（七）" in api["answer_text"]


def test_policies_and_one_policy(stack):
    policies = stack.staff("GET", "/api/policies").json()
    doc_id = policies[0]["doc_id"]
    assert policies[0]["measures"] == 22 and policies[0]["valid_until"] == "2020-06-30"
    detail = stack.staff("GET", f"/api/policies/{doc_id}").json()
    assert [s["section"] for s in detail["sections"]] == list(range(1, 23))
    assert stack.staff("GET", "/api/policies/no-such-policy").status_code == 404


def test_a_conversation_shows_the_profile_slot_and_transcript(stack):
    sender = f"api-{uuid.uuid4().hex[:8]}"
    stack.say(sender, "帮我看看能享受哪些政策")
    stack.say(sender, "我们是做批发的，二十个人")
    found = stack.staff("GET", f"/api/conversations/{sender}").json()
    assert found["profile"] == stack.tracker(sender)["slots"]["profile"]
    assert found["profile"]["employees"] == 20
    assert [t["text"] for t in found["transcript"] if t["who"] == "user"] == [
        "帮我看看能享受哪些政策",
        "我们是做批发的，二十个人",
    ]
    assert stack.staff("GET", f"/api/conversations/nobody-{uuid.uuid4().hex}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/api/search", {"params": {"q": ""}}, 422),
        ("GET", "/api/search", {"params": {"q": "   "}}, 422),
        ("GET", "/api/search", {"params": {"q": "长" * 201}}, 422),
        ("GET", "/api/search", {"params": {"q": "房租", "k": 0}}, 422),
        ("GET", "/api/search", {"params": {"q": "房租", "k": "many"}}, 422),
        ("POST", "/api/eligibility", {"data": "{not json", "headers": {"Content-Type": "application/json"}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": "餐饮"}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {"employees": -5}}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {"employees": "很多"}}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {"no_such_field": 1}}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {}, "as_of": "yesterday"}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {}, "surprise": 1}}, 422),
        ("POST", "/api/eligibility", {"json": {"profile": {}, "policy": "nope"}}, 404),
        ("POST", "/api/eligibility", {"json": {"profile": {"x": "y" * 100_000}}}, 413),
        ("GET", "/api/conversations/bad%20id", {}, 422),
        ("GET", "/api/conversations/" + "a" * 200, {}, 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(stack, method, path, kwargs, status):
    answer = stack.staff(method, path, **kwargs)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"]


def test_cors_only_for_configured_origins(stack):
    allowed = requests.options(
        f"{stack.web_url}/api/search",
        headers={"Origin": "https://allowed.example", "Access-Control-Request-Method": "GET"},
        timeout=30,
    )
    assert allowed.headers.get("access-control-allow-origin") == "https://allowed.example"
    other = requests.get(f"{stack.web_url}/api/policies", headers={"Origin": "https://evil.example"}, timeout=30)
    assert "access-control-allow-origin" not in other.headers


def test_openapi_description_is_served(stack):
    spec = requests.get(f"{stack.web_url}/api/openapi.json", timeout=30).json()
    for path in (
        "/api/search",
        "/api/eligibility",
        "/api/policies",
        "/api/policies/{doc_id}",
        "/api/conversations/{sender_id}",
    ):
        assert path in spec["paths"]


def test_without_staff_token_the_api_refuses_everything(stack, tmp_path):
    started = []
    try:
        url = start_web_app(tmp_path, stack.rasa_url, started, {"STAFF_TOKEN": ""})
        answer = requests.get(f"{url}/api/policies", headers={"Authorization": "Bearer anything"}, timeout=30)
        assert answer.status_code == 503 and "STAFF_TOKEN" in answer.json()["detail"]
        assert requests.get(f"{url}/", timeout=30).status_code == 200  # the public widget page still works
    finally:
        for process in started:
            stop_server(process)
