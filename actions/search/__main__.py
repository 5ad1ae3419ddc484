"""Command line: build an index, or query it (JSONL for tools, text for people).

python -m actions.search build --docs corpus [more.jsonl ...] --out models/index
python -m actions.search query --jsonl [--index DIR] [--k N]   < questions.jsonl
python -m actions.search query "房租能免吗"
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from actions import settings
from actions.jsonl import jsonl_line
from actions.policy.corpus import CorpusError, default_document, load_corpus
from actions.search.answer import format_answer
from actions.search.embedder import ModelMissingError
from actions.search.index import IndexUnavailableError, build_index, is_up_to_date
from actions.search.service import get_searcher

MAX_QUERY_CHARS = 500


def _build(args: argparse.Namespace) -> int:
    if args.if_stale and is_up_to_date(Path(args.out)):
        print(f"索引 {args.out} 已是最新")
        return 0
    manifest = build_index([Path(p) for p in args.docs], Path(args.out))
    print(f"索引已建好：{args.out}（{manifest['passages']} 段，用时 {manifest['build_seconds']} 秒）")
    return 0


def _query_jsonl(args: argparse.Namespace) -> int:
    searcher = get_searcher(Path(args.index))
    for line_number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            query = record["q"]
            if not isinstance(query, str):
                raise TypeError("q 必须是字符串")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            out = {"error": f'第{line_number}行不是 {{"q": "..."}} 形式的 JSON：{exc}'}
        else:
            out = searcher.search(query[:MAX_QUERY_CHARS], k=args.k).to_dict()
            out["q"] = query
        sys.stdout.write(jsonl_line(out))
        sys.stdout.flush()
    return 0


def _query_text(args: argparse.Namespace) -> int:
    query = " ".join(args.question).strip()
    if not query:
        print('请在命令后面写上问题，例如：python -m actions.search query "房租能免吗"', file=sys.stderr)
        return 2
    searcher = get_searcher(Path(args.index))
    result = searcher.search(query[:MAX_QUERY_CHARS], k=args.k)
    try:
        documents = load_corpus(settings.CORPUS_DIR)
    except CorpusError:
        documents = []
    scope = default_document(documents).title if documents else "政策库"
    print(format_answer(result, {d.doc_id: d for d in documents}, scope=scope))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.search", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build an index from corpus folders and/or JSONL files")
    build.add_argument("--docs", nargs="+", required=True, help="corpus folders or JSONL files of {doc_id, text}")
    build.add_argument("--out", required=True, help="index folder to write")
    build.add_argument("--if-stale", action="store_true", help="only build when missing or out of date")
    query = commands.add_parser("query", help="ask the index")
    query.add_argument("question", nargs="*", help="a question (omit with --jsonl)")
    query.add_argument("--jsonl", action="store_true", help='read {"q": ...} lines on stdin, write results')
    query.add_argument("--index", default=str(settings.INDEX_DIR), help="index folder")
    query.add_argument("--k", type=int, default=3, help="hits per question")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        return _query_jsonl(args) if args.jsonl else _query_text(args)
    except (IndexUnavailableError, ModelMissingError, CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
