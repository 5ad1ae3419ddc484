"""Turning what people type into a field's canonical choice (mainly: industry names).

People answer "开饭店的" or "搞运输", the size standard knows "餐饮业" and
"交通运输业"; the synonym table in data bridges them. Ambiguity is reported,
never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

from actions.eligibility.fields import FieldDef, base_fields
from actions.policy.normalize import normalize

_NOISE = re.compile(r"[\s，,。.、！!？?：:；;“”\"'（）()]+")


class ChoiceError(ValueError):
    """The text names no choice of the field, or more than one."""


def _canonical(text: str) -> str:
    return _NOISE.sub("", normalize(text))


_CHOICE_MAPS: dict[int, tuple[FieldDef, dict[str, str]]] = {}


def _choice_map(field: FieldDef) -> dict[str, str]:
    """Normalised key, label and synonym → choice key, built once per field definition
    (normalising ~480 industry synonyms on every answer cost 7 ms)."""
    cached = _CHOICE_MAPS.get(id(field))
    if cached is not None and cached[0] is field:
        return cached[1]
    exact = {_canonical(key): key for key in field.choices}
    exact.update({_canonical(label): key for key, label in field.choices.items()})
    exact.update({_canonical(word): key for word, key in field.synonyms.items()})
    _CHOICE_MAPS[id(field)] = (field, exact)
    return exact


def exact_choice(field: FieldDef, text: str) -> str | None:
    """The choice whose key, label or synonym IS the whole text ("租赁和商务服务业", "承租其他房屋")."""
    return _choice_map(field).get(_canonical(text or ""))


def resolve_choice(field: FieldDef, text: str) -> str:
    """The choice key `text` means: key, label or synonym; for fields with synonyms also
    the longest key/label/synonym contained in it ("我是开饭店的" → 餐饮业)."""
    wanted = _canonical(text)
    if not wanted:
        raise ChoiceError(f"{field.name}（{field.label}）不能为空字符串")
    exact = _choice_map(field)
    if wanted in exact:
        return exact[wanted]
    contained = []
    if field.synonyms:
        contained = [(len(word), key) for word, key in exact.items() if len(word) >= 2 and word in wanted]
    if contained:
        longest = max(length for length, _ in contained)
        keys = sorted({key for length, key in contained if length == longest})
        if len(keys) == 1:
            return keys[0]
        raise ChoiceError(f"{field.name}（{field.label}）“{text}”有歧义，可能是：{'、'.join(keys)}")
    options = " / ".join(f"{k}（{v}）" if k != v else k for k, v in field.choices.items())
    hint = "，也可以用常见说法（如“开饭店的”“做软件的”）" if field.synonyms else ""
    raise ChoiceError(f"{field.name}（{field.label}）无法识别“{text}”，可选：{options}{hint}")


def normalise_industry(text: str, corpus_dir: Path | None = None) -> str | None:
    """'开饭店的' → '餐饮业'; None when the text names no industry or is ambiguous."""
    try:
        return resolve_choice(base_fields(corpus_dir)["industry"], text)
    except ChoiceError:
        return None
