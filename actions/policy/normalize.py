"""Text normalisation applied to both indexed passages and user questions.

People type traditional characters, full-width digits and stray spaces; the
index must see one canonical form or the same word will not match itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s)."""
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """Canonical form: simplified, half-width, lower-case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = _SPACES.sub(" ", text).strip()
    return text.lower()
