"""Fit the bot's messages into WeChat replies of at most 2048 bytes (UTF-8).

A passive reply is ONE text message. Messages are joined when they fit; a longer text
is cut at line ends where possible and never inside a character; what does not fit
is returned so the channel can send it later (customer-service API or next message).
"""

from __future__ import annotations

REPLY_LIMIT_BYTES = 2048
SEPARATOR = "\n\n"


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut_line(line: str, limit: int) -> list[str]:
    """Cut one over-long line at character boundaries into pieces of ≤ limit bytes."""
    pieces, current, used = [], [], 0
    for char in line:
        width = size(char)
        if used + width > limit and current:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += width
    if current:
        pieces.append("".join(current))
    return pieces


def split_text(text: str, limit: int = REPLY_LIMIT_BYTES) -> list[str]:
    """`text` as pieces of ≤ limit bytes, cut between lines where a line fits."""
    if limit < 4:
        raise ValueError("a limit below 4 bytes cannot hold every UTF-8 character")
    text = text.strip("\n")
    if size(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for part in _cut_line(line, limit) if size(line) > limit else [line]:
            candidate = f"{current}\n{part}" if current else part
            if size(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    pieces.append(current.strip("\n"))
                current = part
    if current.strip():
        pieces.append(current.strip("\n"))
    return pieces


def pack(messages: list[str], limit: int = REPLY_LIMIT_BYTES) -> list[str]:
    """Join consecutive messages while they fit; split those that alone do not."""
    packed: list[str] = []
    for message in messages:
        for piece in split_text(message, limit):
            if packed and size(packed[-1] + SEPARATOR + piece) <= limit:
                packed[-1] = packed[-1] + SEPARATOR + piece
            else:
                packed.append(piece)
    return packed


def take_passive(messages: list[str], footer: str = "", limit: int = REPLY_LIMIT_BYTES) -> tuple[str, list[str]]:
    """The passive reply text and the messages left for later.

    When something is left, the reply ends with `footer` (e.g. "send any message for
    the rest"), and the reply including it stays within `limit`.
    """
    whole = pack(messages, limit)
    if len(whole) <= 1:
        return (whole[0] if whole else ""), []
    reserve = size(SEPARATOR + footer) if footer else 0
    first, *rest = pack(messages, limit - reserve)
    if footer:
        first = first + SEPARATOR + footer
    return first, pack(rest, limit)
