"""Command line: `python -m actions.eligibility --jsonl` (machines) or `... profile.json` (people).

JSONL contract, one object per input line (blank lines are skipped):
  in:  {"profile": {...}, "as_of": "YYYY-MM-DD"?, "policy": "<doc_id>"?}
  out: {"policy": {doc_id, title, valid_until, expired}, "sme": {status, size, missing},
        "in_scope": bool|null, "measures": [{section, title, status, reasons, missing,
        benefit, units, estimate}], "ask_next": [field]}
       or {"error": "..."} for a line that cannot be evaluated; the run goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from actions import settings
from actions.eligibility.engine import evaluate, run
from actions.eligibility.errors import EligibilityError
from actions.eligibility.report import render
from actions.jsonl import jsonl_line
from actions.policy.corpus import CorpusError

REQUEST_KEYS = ("profile", "as_of", "policy")


def _request(raw: Any) -> tuple[Any, Any, Any]:
    """A request object → (profile, as_of, policy); raises EligibilityError listing bad keys."""
    if not isinstance(raw, dict):
        example = '{"profile": {...}, "as_of": "YYYY-MM-DD", "policy": "..."}'
        raise EligibilityError(f"每行应为 JSON 对象：{example}")
    problems = [f"未知的键“{key}”（可用：{'、'.join(REQUEST_KEYS)}）" for key in raw if key not in REQUEST_KEYS]
    if "profile" not in raw:
        problems.append("缺少 profile（企业信息）")
    for key in ("as_of", "policy"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            problems.append(f"{key} 应为字符串")
    if problems:
        raise EligibilityError("；".join(problems))
    return raw["profile"], raw.get("as_of"), raw.get("policy")


def handle_line(line: str, corpus_dir: Path, as_of: str | None = None, policy: str | None = None) -> dict[str, Any]:
    """One JSONL line → result dict or {"error": ...}; never raises for bad input.

    `as_of`/`policy` (from --as-of/--policy) apply to lines that do not give their own.
    """
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"不是有效的 JSON：{exc}"}
    try:
        profile, line_as_of, line_policy = _request(raw)
        return evaluate(profile, line_policy or policy, line_as_of or as_of, corpus_dir=corpus_dir)
    except (EligibilityError, CorpusError) as exc:
        return {"error": str(exc)}


def run_jsonl(
    source: TextIO, sink: TextIO, corpus_dir: Path, as_of: str | None = None, policy: str | None = None
) -> int:
    """Answer every line; returns how many lines were errors."""
    errors = 0
    for line in source:
        if not line.strip():
            continue
        result = handle_line(line, corpus_dir, as_of, policy)
        errors += "error" in result
        sink.write(jsonl_line(result))
        sink.flush()
    return errors


def _read_profile(path: str) -> dict[str, Any]:
    """A profile file, or a request object {"profile": ..., "as_of": ..., "policy": ...}."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EligibilityError(f"{path} 不是有效的 JSON：{exc}") from exc
    if isinstance(data, dict) and "profile" in data:
        return data
    return {"profile": data}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m actions.eligibility", description="中小企业扶持政策资格评估")
    p.add_argument("profile", nargs="?", help="企业信息 JSON 文件（- 为标准输入），输出给人看的报告")
    p.add_argument("--jsonl", action="store_true", help="从标准输入逐行读请求，逐行输出 JSON 结果")
    p.add_argument("--as-of", help="评估日期 YYYY-MM-DD（默认今天；--jsonl 时用于没有 as_of 的行）")
    p.add_argument("--policy", help="政策 doc_id（默认：标记 default 的政策；--jsonl 时用于没有 policy 的行）")
    p.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR, help="政策库目录")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.jsonl:
        run_jsonl(sys.stdin, sys.stdout, args.corpus, args.as_of, args.policy)
        return 0
    if not args.profile:
        parser().print_usage(sys.stderr)
        return 2
    try:
        request = _read_profile(args.profile)
        profile, as_of, policy = _request(request)
        evaluation = run(profile, args.policy or policy, args.as_of or as_of, corpus_dir=args.corpus)
    except (EligibilityError, CorpusError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    sys.stdout.write(render(evaluation))
    return 0
