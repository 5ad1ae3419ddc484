"""Command line: chat with the WeChat channel from a terminal, or run the fake WeChat API.

  python -m channels.wechat chat [--url URL] [--openid ID] [--encrypted] [--fake-api PORT]
  python -m channels.wechat fake-api [--port PORT]

Both read WECHAT_TOKEN, WECHAT_APPID, WECHAT_SECRET and WECHAT_AES_KEY from the
environment, the same variables the Rasa server reads.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

from channels.wechat.fake_api import FakeWeChatAPI
from channels.wechat.simulator import WeChatSimulator

HELP = "输入文字发送；/subscribe 关注事件，/image 图片，/voice 语音，/location 位置，/quit 退出。"


def _print_pushed(message: dict) -> None:
    print(f"\n[客服消息] {message.get('text', {}).get('content', message)}\n> ", end="", flush=True)


def chat(args: argparse.Namespace) -> int:
    token = os.environ.get("WECHAT_TOKEN", "")
    if not token:
        print("Set WECHAT_TOKEN to the token the Rasa server was started with.", file=sys.stderr)
        return 2
    if args.encrypted and not (os.environ.get("WECHAT_AES_KEY") and os.environ.get("WECHAT_APPID")):
        print("--encrypted needs WECHAT_AES_KEY and WECHAT_APPID (as on the server).", file=sys.stderr)
        return 2
    if args.fake_api:
        api = FakeWeChatAPI(
            os.environ.get("WECHAT_APPID", ""), os.environ.get("WECHAT_SECRET", ""), args.fake_api, _print_pushed
        )
        api.start()
        print(f"Fake WeChat API at {api.api_base} (start the Rasa server with WECHAT_API_BASE={api.api_base})")
    sim = WeChatSimulator(
        args.url,
        token,
        openid=args.openid,
        app_id=os.environ.get("WECHAT_APPID", ""),
        aes_key=os.environ.get("WECHAT_AES_KEY", ""),
        encrypted=args.encrypted,
    )
    check = sim.verify()
    if check.status_code != 200:
        print(f"The channel refused verification ({check.status_code}): {check.text.strip()}", file=sys.stderr)
        return 1
    print(f"Connected to {args.url} as {args.openid} ({'安全模式' if args.encrypted else '明文模式'}). {HELP}")
    while True:
        try:
            line = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line == "/quit":
            return 0
        if line == "/subscribe":
            xml = sim.event_xml("subscribe")
        elif line in ("/image", "/voice", "/location"):
            xml = sim.media_xml(line[1:])
        else:
            xml = sim.text_xml(line)[0]
        reply = sim.post(xml)
        if reply.status and reply.status != 200:
            print(f"[HTTP {reply.status}] {reply.body.strip()}")
        elif reply.text is None:
            print(f"[no passive reply after {reply.tries} tries, {reply.seconds:.1f} s]")
        else:
            print(f"{reply.text}\n[{reply.seconds * 1000:.0f} ms, try {reply.tries}]")


def fake_api(args: argparse.Namespace) -> int:
    api = FakeWeChatAPI(
        os.environ.get("WECHAT_APPID", ""), os.environ.get("WECHAT_SECRET", ""), args.port, _print_pushed
    ).start()
    print(f"Fake WeChat API at {api.api_base}; Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        api.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m channels.wechat", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    chat_parser = commands.add_parser("chat", help="chat with the channel as a WeChat user")
    chat_parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/wechat/webhook")
    chat_parser.add_argument("--openid", default=f"sim-{uuid.uuid4().hex[:8]}")
    chat_parser.add_argument("--encrypted", action="store_true", help="安全模式 (needs WECHAT_AES_KEY, WECHAT_APPID)")
    chat_parser.add_argument("--fake-api", type=int, metavar="PORT", help="also run the fake WeChat API on PORT")
    chat_parser.set_defaults(run=chat)
    api_parser = commands.add_parser("fake-api", help="run the fake WeChat API (token, message/custom/send)")
    api_parser.add_argument("--port", type=int, default=8089)
    api_parser.set_defaults(run=fake_api)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
