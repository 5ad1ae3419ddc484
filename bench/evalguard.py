"""Near-duplicate guard: evaluation sentences must not be (near) copies of what the system was built from.

A benchmark that asks the system the sentences it was trained on, or the questions its index stores,
measures recall of those sentences, not understanding. This module finds such copies.

References (what the system holds):
  - sentence references: every intent training example of data/nlu/*.yml (entity annotations
    [x](y) / [x]{...} stripped; regex and lookup tables are features, not examples), and the
    question banks the search index embeds: corpus/*/example-questions.yml and
    corpus/out-of-scope-questions.yml;
  - phrase references: the vocabulary examples of the check, i.e. every phrase of
    actions/conversation/vocabulary.yml (list items and non-ASCII keys; profile field names are not
    phrases) and the `example:` values of corpus/standards/profile-fields.yml (leading 比如：dropped).

Evaluation sets: tests/data/retrieval_dev.jsonl (`q`), tests/data/nlu_holdout.yml (intent examples),
tests/data/real_user/conversations.yml (the user's messages) and tests/data/real_user/questions.yml
(`text`); absent files are skipped.

Rule. Both sides are compared in canonical form: actions.policy.normalize.normalize (traditional →
simplified, NFKC full → half width, lower case), then every character that is not a letter, digit or
combining mark is dropped (punctuation, symbols such as emoji and ～, whitespace). An evaluation
sentence E is a near copy of a reference R when
  1. E == R; or
  2. edit distance (Levenshtein, one character = one edit) d(E, R) <= min(2, len(S) // 3), S being the
     shorter of the two: at most 2 edits and at most a third of the shorter text, so 1–2 character
     texts must be identical and 3–5 character texts may differ by one edit (any two 2-character
     strings are within 2 edits of each other; that is not copying); or
  3. containment: E is contained in R, or R is contained in E, where the contained text has at least
     MIN_CONTAINED (4) characters — a reference plus a few words, or a fragment of a reference.
     For phrase references only "E is contained in R" counts: a short answer word (是, 租的, 国有)
     inside a long evaluation sentence is not a copy of anything.
With this rule the retrieval dev set as reviewed (224 questions) has 85 near copies of the two
question banks alone (the review's 80–96 depending on the variant), and the NLU held-out set
73 of 186 sentences near copies of data/nlu (the review's "about a third").

    .venv/actions/bin/python bench/evalguard.py                      # every evaluation set; exit 1 on a copy
    .venv/actions/bin/python bench/evalguard.py tests/data/nlu_holdout.yml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from actions.policy.normalize import normalize  # noqa: E402

MAX_EDITS = 2
MIN_CONTAINED = 4
RETRIEVAL_DEV = ROOT / "tests" / "data" / "retrieval_dev.jsonl"
NLU_HOLDOUT = ROOT / "tests" / "data" / "nlu_holdout.yml"
REAL_USER = ROOT / "tests" / "data" / "real_user"
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_USER_ROLES = {"user", "enterprise", "customer", "human", "client", "用户", "企业", "客户"}


def canonical(text: str) -> str:
    """The system's normalisation, then letters, digits and marks only."""
    return "".join(c for c in normalize(text) if unicodedata.category(c)[0] in "LNM")


def allowed_edits(shorter: int) -> int:
    return min(MAX_EDITS, shorter // 3)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Sentence:
    text: str
    source: str  # file, relative to the repository
    phrase: bool = False  # vocabulary phrase: only "evaluation sentence inside the phrase" containment


@dataclass(frozen=True)
class NearCopy:
    sentence: Sentence
    reference: Sentence
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.sentence.source}: {self.sentence.text!r} ~ {self.reference.text!r} "
            f"({self.reference.source}; {self.reason})"
        )


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _examples_block(block) -> list[str]:
    """Rasa YAML `examples`: a `- ` list in one string, or a list of {text: ...}."""
    if isinstance(block, str):
        lines = (line.strip() for line in block.splitlines())
        return [_ENTITY.sub(r"\1", line[2:].strip()) for line in lines if line.startswith("- ")]
    if isinstance(block, list):
        return [_ENTITY.sub(r"\1", str(item.get("text", ""))) for item in block if isinstance(item, dict)]
    return []


def rasa_intent_examples(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        text for item in data.get("nlu") or [] if "intent" in item for text in _examples_block(item.get("examples"))
    ]


def _strings(node, skip: set[str]) -> list[str]:
    """Phrases of a vocabulary file: list items and non-ASCII keys, recursively."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and not key.isascii():
                found.append(key)
            if isinstance(value, dict | list):
                found.extend(_strings(value, skip))
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict | list):
                found.extend(_strings(item, skip))
            elif item is not None and str(item) not in skip:
                found.append(str(item))
    return found


def references(root: Path = ROOT) -> list[Sentence]:
    refs: list[Sentence] = []
    for path in sorted((root / "data" / "nlu").glob("*.yml")):
        refs += [Sentence(t, _relative(path)) for t in rasa_intent_examples(path)]
    for path in sorted(root.glob("corpus/*/example-questions.yml")):
        sections = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sections") or {}
        refs += [Sentence(str(q), _relative(path)) for qs in sections.values() for q in qs or []]
    declined = root / "corpus" / "out-of-scope-questions.yml"
    if declined.is_file():
        questions = (yaml.safe_load(declined.read_text(encoding="utf-8")) or {}).get("questions") or []
        refs += [Sentence(str(q), _relative(declined)) for q in questions]
    profile = root / "corpus" / "standards" / "profile-fields.yml"
    fields = (yaml.safe_load(profile.read_text(encoding="utf-8")) or {}).get("fields") or {}
    for spec in fields.values():
        if isinstance(spec, dict) and spec.get("example"):
            text = re.sub(r"^\s*比如[:：]\s*", "", str(spec["example"]))
            refs.append(Sentence(text, _relative(profile), phrase=True))
    vocabulary = root / "actions" / "conversation" / "vocabulary.yml"
    if vocabulary.is_file():
        data = yaml.safe_load(vocabulary.read_text(encoding="utf-8")) or {}
        refs += [Sentence(t, _relative(vocabulary), phrase=True) for t in _strings(data, set(fields))]
    return refs


def _user_messages(node, inside_user: bool = False) -> list[str]:
    """User turns of a conversation file whatever its exact layout: values of `user:` keys, and
    text/message/content of turns whose role/speaker/from/sender/who is the user."""
    found: list[str] = []
    if isinstance(node, dict):
        role = next((node[k] for k in ("role", "speaker", "from", "sender", "who") if k in node), None)
        is_user = isinstance(role, str) and role.strip().lower() in _USER_ROLES
        for key, value in node.items():
            if key == "user":
                found.extend(_user_messages(value, inside_user=True))
            elif is_user and key in ("text", "message", "content") and isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict | list):
                found.extend(_user_messages(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_user_messages(item, inside_user))
    elif inside_user and isinstance(node, str):
        found.append(node)
    return found


def _texts(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_texts(item))
    return found


def evaluation_set(path: Path) -> list[Sentence]:
    """The sentences of one evaluation file (empty when it does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    source = _relative(path)
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [Sentence(json.loads(line)["q"], source) for line in lines if line.strip()]
    if path.name.endswith("conversations.yml"):
        return [Sentence(t, source) for t in _user_messages(yaml.safe_load(path.read_text(encoding="utf-8")))]
    if path.name.endswith("questions.yml"):
        return [Sentence(t, source) for t in _texts(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return [Sentence(t, source) for t in rasa_intent_examples(path)]


def evaluation_files(root: Path = ROOT) -> list[Path]:
    data = root / "tests" / "data"
    return [
        data / "retrieval_dev.jsonl",
        data / "nlu_holdout.yml",
        data / "real_user" / "conversations.yml",
        data / "real_user" / "questions.yml",
        data / "real_user" / "dev_conversations.yml",
        data / "real_user" / "dev_questions.yml",
        data / "real_user" / "dev3_conversations.yml",
        data / "real_user" / "dev3_questions.yml",
        data / "real_user" / "dev5_conversations.yml",
        data / "real_user" / "dev5_questions.yml",
        data / "real_user" / "blind4_conversations.yml",
        data / "real_user" / "blind4_questions.yml",
        data / "real_user" / "dev6_conversations.yml",
        data / "real_user" / "dev6_questions.yml",
        data / "real_user" / "blind7_conversations.yml",
        data / "real_user" / "blind7_questions.yml",
        data / "real_user" / "dev8_conversations.yml",
        data / "real_user" / "dev8_questions.yml",
        data / "real_user" / "dev9_conversations.yml",
        data / "real_user" / "dev9_questions.yml",
        data / "real_user" / "dev10_conversations.yml",
        data / "real_user" / "dev10_questions.yml",
        data / "real_user" / "dev11_conversations.yml",
        data / "real_user" / "dev11_questions.yml",
        data / "real_user" / "dev12_conversations.yml",
        data / "real_user" / "dev12_questions.yml",
        data / "real_user" / "dev13_conversations.yml",
        data / "real_user" / "dev13_questions.yml",
        data / "real_user" / "dev14_conversations.yml",
        data / "real_user" / "dev14_questions.yml",
        data / "real_user" / "dev15_conversations.yml",
        data / "real_user" / "dev15_questions.yml",
        data / "real_user" / "dev16_conversations.yml",
        data / "real_user" / "dev16_questions.yml",
        data / "real_user" / "dev17_conversations.yml",
        data / "real_user" / "dev17_questions.yml",
        data / "real_user" / "dev18_conversations.yml",
        data / "real_user" / "dev18_questions.yml",
    ]


class Guard:
    """References indexed once; `match` finds the closest near copy of one sentence."""

    def __init__(self, refs: list[Sentence]) -> None:
        self.exact: dict[str, Sentence] = {}
        self.by_length: dict[int, list[tuple[str, frozenset, Sentence]]] = defaultdict(list)
        self.forms: list[tuple[str, Sentence]] = []
        for ref in refs:
            form = canonical(ref.text)
            if not form or form in self.exact:
                continue
            self.exact[form] = ref
            self.by_length[len(form)].append((form, frozenset(form), ref))
            self.forms.append((form, ref))

    def match(self, sentence: Sentence) -> NearCopy | None:
        form = canonical(sentence.text)
        if not form:
            return None
        if form in self.exact:
            return NearCopy(sentence, self.exact[form], "identical after normalisation")
        chars = frozenset(form)
        best: tuple[int, NearCopy] | None = None
        for length in range(len(form) - MAX_EDITS, len(form) + MAX_EDITS + 1):
            limit = allowed_edits(min(length, len(form)))
            if abs(length - len(form)) > limit:
                continue
            for other, other_chars, ref in self.by_length.get(length, ()):
                # Each character of one text that the other lacks costs at least one edit.
                if len(chars - other_chars) > limit or len(other_chars - chars) > limit:
                    continue
                distance = edit_distance(form, other, limit)
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, NearCopy(sentence, ref, f"edit distance {distance}"))
        if best:
            return best[1]
        contained: tuple[int, NearCopy] | None = None
        for other, ref in self.forms:
            if len(form) >= MIN_CONTAINED and len(other) > len(form) and form in other:
                hit = (len(form), NearCopy(sentence, ref, "evaluation sentence contained in the reference"))
            elif not ref.phrase and MIN_CONTAINED <= len(other) < len(form) and other in form:
                hit = (len(other), NearCopy(sentence, ref, "reference contained in the evaluation sentence"))
            else:
                continue
            if contained is None or hit[0] > contained[0]:
                contained = hit
        return contained[1] if contained else None


def near_copies(files: list[Path] | None = None, root: Path = ROOT) -> tuple[list[NearCopy], dict[str, int]]:
    """Near copies in the given evaluation files (default: all), and how many sentences each file has."""
    guard = Guard(references(root))
    found: list[NearCopy] = []
    sizes: dict[str, int] = {}
    for path in files or evaluation_files(root):
        sentences = evaluation_set(path)
        if Path(path).is_file():
            sizes[_relative(Path(path))] = len(sentences)
        found += [copy for copy in map(guard.match, sentences) if copy]
    return found, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="evaluation files (default: every evaluation set)")
    parser.add_argument(
        "--blind",
        action="store_true",
        help="name only the flagged evaluation sentences, never the training text they copy "
        "(for authors of an evaluation set who must not see the training data)",
    )
    args = parser.parse_args()
    found, sizes = near_copies(args.files or None)
    for path, size in sizes.items():
        copies = sum(1 for c in found if c.sentence.source == path)
        print(f"{path}: {size} sentences, {copies} near copies of training data, question banks or vocabulary")
    for copy in found:
        print(f"  {copy.sentence.source}: {copy.sentence.text!r}" if args.blind else f"  {copy}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
