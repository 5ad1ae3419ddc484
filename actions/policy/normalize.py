"""Text normalisation applied to both indexed passages and user questions.

People type traditional characters, full-width digits and stray spaces; the
index must see one canonical form or the same word will not match itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# OpenCC keeps 著 (a simplified character too), so traditional "用不著", "跟著", "著急" would not match
# their simplified spelling; as a particle or in 着急 it is 着.
_ZHE_PARTICLE = re.compile(r"(?<=[不得跟接看等拿带守随靠沿顺照背欠压撑扛挺熬睡])著|著(?=[急呢])")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s)."""
    return _ZHE_PARTICLE.sub("着", _t2s().convert(text))


def normalize(text: str) -> str:
    """Canonical form: simplified, half-width, lower-case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = _SPACES.sub(" ", text).strip()
    return text.lower()
