"""Command line for running the assistant in production.

python -m ops endpoints [--action-url URL] [--out FILE]   endpoints.yml from the environment
python -m ops describe                                     one line: where conversations live
python -m ops prune --older-than-days N [--dry-run]        delete conversations idle for N days
python -m ops check-model                                  refuse (exit 2) a missing or stale Rasa model
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ops.model_check import model_problem
from ops.retention import prune
from ops.stores import StoreConfigError, Stores, endpoints


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops")
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("endpoints", help="write Rasa's endpoints.yml from TRACKER_STORE_URL, LOCK_STORE_URL")
    write.add_argument("--action-url", default="http://localhost:5055/webhook")
    write.add_argument("--out", type=Path)
    commands.add_parser("describe", help="say where conversations and locks live")
    commands.add_parser("check-model", help="exit 2 naming `make train` when the Rasa model is missing or stale")
    clean = commands.add_parser("prune", help="delete conversations whose last event is older than N days")
    clean.add_argument("--older-than-days", type=float, required=True)
    clean.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check-model":
        problem = model_problem()
        if problem:
            print(f"Rasa server not started: {problem}", file=sys.stderr)
            return 2
        return 0
    try:
        stores = Stores.from_env()
        if args.command == "describe":
            print(stores.describe())
            return 0
        if args.command == "endpoints":
            text = "# Written by `python -m ops endpoints` from the environment; do not edit.\n" + yaml.safe_dump(
                endpoints(args.action_url, stores), allow_unicode=True, sort_keys=False
            )
            stores.prepare()
            if args.out:
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
            return 0
        if args.older_than_days < 0:
            print("--older-than-days must be 0 or more", file=sys.stderr)
            return 2
        deleted = prune(stores, args.older_than_days, dry_run=args.dry_run)
        verb = "would delete" if args.dry_run else "deleted"
        print(f"{verb} {deleted} conversation(s) idle for more than {args.older_than_days:g} days")
        return 0
    except StoreConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
