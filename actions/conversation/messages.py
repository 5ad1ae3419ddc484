"""Split long replies into messages a phone chat channel accepts.

WeChat caps a text reply at 2048 bytes (UTF-8), so a result is cut at
paragraph, then line, then sentence boundaries; a single over-long sentence
is cut hard at a character boundary as a last resort.
"""

from __future__ import annotations

import re

MAX_BYTES = 2048
_SENTENCE = re.compile(r"[^。；！？!?;]*[。；！？!?;]?")


def byte_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _hard_cut(text: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for char in text:
        if byte_len(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + ([current] if current else [])


def _units(text: str, level: int) -> tuple[list[str], str]:
    """The pieces of `text` at a split level and the joiner that rebuilds it."""
    if level == 0:
        return text.split("\n\n"), "\n\n"
    if level == 1:
        return text.split("\n"), "\n"
    return [s for s in _SENTENCE.findall(text) if s], ""


# Rasa's output channels cut a text at every blank line into separate bubbles; a line holding one
# ideographic space looks the same on a phone and keeps a message whole.
BLANK_LINE = "\n\u3000\n"


def one_bubble(text: str) -> str:
    """The text with its blank lines kept visible but no longer splitting it into several messages."""
    return text.replace("\n\n", BLANK_LINE)


def split_message(text: str, limit: int = MAX_BYTES) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes (each one message), cut at the largest boundary that fits."""
    pieces = _split(text.strip(), limit, 0)
    return [_fit(one_bubble(piece), limit) for piece in pieces if piece.strip()]


def _fit(piece: str, limit: int) -> str:
    """The blank-line marker adds bytes: fall back to plain line breaks if they would not fit."""
    return piece if byte_len(piece) <= limit else piece.replace(BLANK_LINE, "\n")


def _split(text: str, limit: int, level: int) -> list[str]:
    if byte_len(text) <= limit:
        return [text]
    if level > 2:
        return _hard_cut(text, limit)
    units, joiner = _units(text, level)
    messages: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if byte_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        if byte_len(unit) <= limit:
            current = unit
        else:
            parts = _split(unit, limit, level + 1)
            messages.extend(parts[:-1])
            current = parts[-1]
    if current:
        messages.append(current)
    return messages


def split_all(texts: list[str], limit: int = MAX_BYTES) -> list[str]:
    """Every text split, and short neighbours joined back (fewer bubbles on a phone)."""
    pieces = [piece for text in texts for piece in split_message(text, limit)]
    merged: list[str] = []
    for piece in pieces:
        joined = f"{merged[-1]}{BLANK_LINE}{piece}" if merged else ""
        if merged and byte_len(joined) <= limit:
            merged[-1] = joined
        else:
            merged.append(piece)
    return merged
