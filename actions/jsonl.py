"""One JSON Lines record per line, whatever the text inside it.

json.dumps(ensure_ascii=False) keeps U+2028, U+2029 and U+0085 as they are, and many readers
(Python's str.splitlines among them) break a line there: a batch would lose its place. They are
written escaped; everything else stays readable Chinese.
"""

from __future__ import annotations

import json
from typing import Any

_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def jsonl_line(record: Any) -> str:
    text = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text + "\n"
