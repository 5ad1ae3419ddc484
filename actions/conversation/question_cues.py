"""The cue words of free questions (question-kinds.yml), loaded once, and the text tests built on them.

Kept apart from questions.py so the follow-up answers can read article numbers and
topic words without importing the question router (which imports them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cn2an
import yaml

from actions.policy.normalize import normalize

CUES_FILE = Path(__file__).with_name("question-kinds.yml")
_NUMERAL = r"(\d{1,3}|[零一二三四五六七八九十百两]{1,5})"
_PUNCTUATION = re.compile(r"[\s,，.。?？!！、:：;；\"“”'‘’()（）\[\]【】《》~～…-]")


def _words(values: Any) -> tuple[str, ...]:
    """Normalised phrases, longest first (so "哪个部门发" is tried before "哪个部门")."""
    return tuple(sorted({normalize(str(v)) for v in values or []}, key=lambda w: (-len(w), w)))


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class Cues:
    document_subject: tuple[str, ...]
    document_facets: dict[str, tuple[str, ...]]
    measure_facets: dict[str, tuple[str, ...]]
    details: dict[str, dict[str, Any]]
    filler: tuple[str, ...]
    whole_body_chars: int
    templates: dict[str, Any]
    references: tuple[re.Pattern[str], ...]
    counts: re.Pattern[str]
    contact: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    topic_terms: tuple[str, ...] = ()
    not_places: tuple[str, ...] = ()

    def same_as(self, word: str) -> tuple[str, ...]:
        """The word and the words that mean the same in the policy text ("租金" → "房租")."""
        for group in self.synonyms:
            if word in group:
                return group
        return (word,)

    def all_cue_words(self) -> tuple[str, ...]:
        words = [*self.document_subject]
        for facets in (self.document_facets, self.measure_facets):
            for cues in facets.values():
                words.extend(cues)
        return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _reference_patterns(article: dict[str, Any]) -> tuple[re.Pattern[str], ...]:
    """第N条 / 第(N)条 / 第(N) in digits or Chinese numerals; a bare "N条" at the start or after a
    look-word ("看看N条") unless a count follows ("N条措施"); "(N)" at the start."""
    counters = _alternatives(_words(article.get("counters")))
    ordinals = _alternatives(_words(article.get("counters")) + _words(article.get("ordinal_counters")))
    not_after = _alternatives(_words(article.get("not_a_reference_after")))
    bare_after = _alternatives(_words(article.get("bare_after")))
    named_before = _alternatives(_words(article.get("named_before")))
    guard = f"(?!{not_after})" if not_after else ""
    lead = rf"(?:^|[\s,，。?？!！、:：]|{bare_after})" if bare_after else r"(?:^|[\s,，。?？!！、:：])"
    patterns = [
        re.compile(rf"第\s*\(?\s*{_NUMERAL}\s*\)?\s*(?:{ordinals})"),
        re.compile(rf"第\s*\(\s*{_NUMERAL}\s*\)"),
        # "(二十)那一条": the number in brackets, before any bare "一条" after it.
        re.compile(r"^\s*\(\s*([零一二三四五六七八九十百两]{1,5})\s*\)"),
        re.compile(rf"{lead}\s*\(?{_NUMERAL}\)?\s*(?:{counters}){guard}"),
    ]
    if named_before:
        # "措施十五是啥意思"; not "措施22条" or "措施一共…" (a count, or no number).
        patterns.append(
            re.compile(rf"(?:{named_before})\s*第?\s*\(?{_NUMERAL}\)?(?![\d个万亿条项款共直起些下般定样切])")
        )
    return tuple(patterns)


@lru_cache(maxsize=1)
def cues(path: Path = CUES_FILE) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Cues(
        document_subject=_words(data["document_subject"]),
        document_facets={facet: _words(words) for facet, words in data["document_facets"].items()},
        measure_facets={facet: _words(words) for facet, words in data["measure_facets"].items()},
        details={facet: dict(spec) for facet, spec in (data.get("details") or {}).items()},
        filler=_words(data["filler"]),
        whole_body_chars=int(data.get("whole_body_chars", 200)),
        templates=dict(data["templates"]),
        references=_reference_patterns(data["article"]),
        counts=re.compile(rf"{_NUMERAL}\s*(?:{_alternatives(_words(data['article'].get('counters')))})"),
        contact=_words(data.get("contact")),
        synonyms=tuple(tuple(normalize(w) for w in group) for group in data.get("synonyms") or ()),
        topic_terms=_words(data.get("topic_terms")),
        not_places=_words(data.get("not_places")),
    )


def _to_int(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    try:
        return int(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError):
        return None


def _reference(text: str) -> re.Match[str] | None:
    """The first reference to a measure, by pattern order; one after "倒数" counts from the end and
    names no measure by that number ("倒数第N条，就是第M条" refers to M)."""
    for pattern in cues().references:
        for match in pattern.finditer(text):
            before = text[: match.start(1)].rstrip()
            if text[: match.start()].rstrip().endswith("倒数"):
                continue
            if match.group(1) == "一" and before.endswith(("那", "这", "哪")):
                continue  # "减房租那一条": that one, not measure one
            return match
    return None


_PLACE = re.compile(r"([\u4e00-\u9fff]{2})市(?![场里民面])")


def other_place(text: str, region: str) -> str | None:
    """A city the question names that is not in the policy's `region` ("长春市的…房租补贴"): this
    policy does not speak for it. Words ending in 市 that name no place (超市, 门市) are listed in
    question-kinds.yml `not_places`."""
    for match in _PLACE.finditer(normalize(text or "")):
        word = match.group(0)
        if match.group(1) in region or word.endswith(cues().not_places):
            continue
        return word
    return None


def article_number(text: str) -> int | None:
    """The number a message refers to (in Chinese numerals or digits), a measure or not; None if none."""
    match = _reference(normalize(text or ""))
    return _to_int(match.group(1)) if match else None


def first_facet(text: str, facets: dict[str, tuple[str, ...]]) -> str | None:
    """The first facet (in the data file's order) one of whose cues occurs in the text."""
    normalized = normalize(text or "")
    return next((facet for facet, words in facets.items() if any(w in normalized for w in words)), None)


def has_document_subject(text: str, names: tuple[str, ...] = ()) -> bool:
    """Whether the text names the document ("这个政策", or one of the policy's own `names`)."""
    normalized = normalize(text or "")
    return any(w in normalized for w in (*cues().document_subject, *names))


def residue(text: str, names: tuple[str, ...] = ()) -> str:
    """What is left of a question without its reference, counts, cue and filler words and the
    policy's own `names` (title, region): the topic it names, "" when it names none."""
    rest = normalize(text or "")
    for pattern in (*cues().references, cues().counts):
        rest = pattern.sub(" ", rest)
    own = tuple(sorted({normalize(n) for n in names if n}, key=lambda w: (-len(w), w)))
    for word in (*own, *cues().all_cue_words(), *cues().filler):
        rest = rest.replace(word, " ")
    return _PUNCTUATION.sub("", rest)


def names_a_topic(text: str, names: tuple[str, ...] = ()) -> bool:
    """Whether anything but question wording is left ("<事项>找哪个部门" yes, "那要找谁办?" no)."""
    return bool(residue(text, names))
