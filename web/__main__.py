"""`python -m web [--port 8000]`: serve the web app (demo page, widget, console, staff API)."""

from __future__ import annotations

import argparse
import os

import uvicorn

from web.app import create_app
from web.settings import WebSettings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m web")
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "0.0.0.0"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8000")))
    args = parser.parse_args()
    settings = WebSettings.from_env()
    print(settings.describe(args.port), flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
