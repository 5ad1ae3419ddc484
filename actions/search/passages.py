"""Passages to index: one per policy section, or sentence chunks of free text.

A structured policy yields its sections (so a hit can cite （七） and its units);
a document that does not parse, or a JSONL line of plain text, is cut into
passages of a few sentences with section null.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import yaml

from actions.policy.corpus import PolicyDocument, load_corpus
from actions.policy.parser import PolicyParseError, parse_policy

MAX_CHUNK_CHARS = 320
DECLINE_FILE = "out-of-scope-questions.yml"
_SENTENCES = re.compile(r"[^。！？；!?]*[。！？；!?]?")


@dataclass(frozen=True)
class Passage:
    """A retrievable unit and everything an answer needs to cite it."""

    doc_id: str
    section: int | None
    title: str
    text: str
    units: list[str] = field(default_factory=list)
    # Questions people ask that this passage answers (corpus/<doc>/example-questions.yml).
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def cited(self) -> dict:
        """The fields an answer cites (the search CLI's hit contract)."""
        return {
            "doc_id": self.doc_id,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "units": self.units,
        }

    def views(self) -> list[str]:
        """Texts embedded for this passage: the whole, and for a measure its title and each sentence."""
        whole = f"{self.title}。{self.text}" if self.section and not self.text.startswith(self.title) else self.text
        if self.section is None:
            return [whole]
        sentences = [s for s in (x.strip() for x in _SENTENCES.findall(self.text)) if len(s) >= 6]
        return [whole, self.title, *sentences] if len(sentences) > 1 else [whole, self.title]


def chunk_text(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Whole sentences grouped into chunks of at most ~limit characters."""
    chunks: list[str] = []
    current = ""
    for sentence in (s.strip() for s in _SENTENCES.findall(text)):
        if not sentence:
            continue
        if current and len(current) + len(sentence) > limit:
            chunks.append(current)
            current = ""
        while len(sentence) > limit:
            chunks.append(sentence[:limit])
            sentence = sentence[limit:]
        current += sentence
    if current:
        chunks.append(current)
    return chunks


def _structured(doc_id: str, text: str) -> list[Passage] | None:
    try:
        sections = parse_policy(text)
    except PolicyParseError:
        return None
    return [Passage(doc_id, s.number, s.title, s.text, list(s.units)) for s in sections]


def _plain(doc_id: str, title: str, text: str) -> list[Passage]:
    return [Passage(doc_id, None, title, chunk) for chunk in chunk_text(text)]


def _example_questions(document: PolicyDocument) -> dict[int, list[str]]:
    name = document.meta.get("example_questions")
    if not name:
        return {}
    data = yaml.safe_load((document.folder / name).read_text(encoding="utf-8")) or {}
    return {int(section): [str(q) for q in questions] for section, questions in (data.get("sections") or {}).items()}


def passages_of_document(document: PolicyDocument) -> list[Passage]:
    structured = _structured(document.doc_id, document.text)
    if structured is None:
        return _plain(document.doc_id, document.title, document.text)
    examples = _example_questions(document)
    return [replace(p, examples=examples.get(p.section or 0, [])) for p in structured]


def decline_questions(paths: list[Path]) -> list[str]:
    """Questions the corpus does not answer (corpus/out-of-scope-questions.yml), for abstention."""
    questions: list[str] = []
    for path in paths:
        bank = path / DECLINE_FILE
        if path.is_dir() and bank.is_file():
            questions.extend(
                str(q) for q in (yaml.safe_load(bank.read_text(encoding="utf-8")) or {}).get("questions", [])
            )
    return questions


def passages_of_jsonl(path: Path) -> list[Passage]:
    """{"doc_id", "text", "title"?} per line; structured texts keep their sections."""
    passages: list[Passage] = []
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_id, text = str(record["doc_id"]), str(record["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f'{path}:{line_number}: 需要 {{"doc_id", "text"}} 形式的 JSON（{exc}）') from exc
            title = str(record.get("title") or text[:30])
            passages.extend(_structured(doc_id, text) or _plain(doc_id, title, text))
    return passages


def collect_passages(paths: list[Path]) -> list[Passage]:
    """Passages from corpus folders and/or JSONL files, in the order given."""
    passages: list[Passage] = []
    for path in paths:
        if path.is_dir():
            for document in load_corpus(path):
                passages.extend(passages_of_document(document))
        elif path.is_file():
            passages.extend(passages_of_jsonl(path))
        else:
            raise FileNotFoundError(f"找不到 {path}（需要政策库目录或 JSONL 文件）")
    return passages
