"""Bounded memos: what a word or text was worked out to be, kept for the next question.
Questions bring endless new words, so a memo is emptied when it grows past its limit
rather than growing with every word ever asked."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Words are few and small: this many of them cost a few MB.
WORDS_REMEMBERED = 100_000


def remembered(memo: dict[K, V], key: K, make: Callable[[K], V], limit: int = WORDS_REMEMBERED) -> V:
    """memo[key], made by `make` the first time (`make` never returns None)."""
    found = memo.get(key)
    if found is None:
        if len(memo) > limit:
            memo.clear()
        found = memo[key] = make(key)
    return found
