"""The chatty words around a question: "hi, quick question: when did EUPM end, please?"
asks "when did EUPM end?". What a question opens with ("hi", "I was wondering,", "can you
tell me") and closes with ("please", "thanks!") says nothing of what it asks, and is left
out before it is read (knowledge/language.yaml: `padding`, `opening_phrases`,
`closing_phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from bot.knowledge import Language


class Chatter:
    """Finds what a question asks among its words (as `words_of` reads a text)."""

    def __init__(self, language: Language, words_of: Callable[[str], Sequence[str]]) -> None:
        self.padding, self.starts = language.padding, language.question_starts
        # After thanks, what starts a question: "thanks, and who leads it?" (not "thank you,
        # that helped", which is thanks).
        self.next_question = language.question_starts | language.and_words
        self.prepositions = language.question_prepositions  # "thanks, under which chapter ...?"
        # The phrases, as questions' words read, longest first, by their first (openers) or
        # last (closers) word: most words begin or end none, and are passed over at one look.
        self.openers = _by_word(_phrases(language.opening_phrases, words_of), 0)
        self.closers = _by_word(_phrases(language.closing_phrases, words_of), -1)
        # Thanks as a message's first words, as typed: "thanks, eufor 2021 renewal resolution number"
        thanks = sorted((p for p in language.closing_phrases if p), key=len, reverse=True)
        self._thanks_first = re.compile(r"^\W*(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in thanks)
                                        + r")\b\W*", re.IGNORECASE) if thanks else None

    def after_thanks(self, text: str) -> str | None:
        """What a message says after the thanks it opens with, if anything: "thanks, proxima
        numbers at the end?" asks "proxima numbers at the end?" (the engine answers it when it
        has an answer; "thanks, that helped" stays thanks)."""
        found = self._thanks_first.match(text) if self._thanks_first is not None else None
        if found is None or found.end() >= len(text.rstrip()):
            return None
        return text[found.end():]

    def without(self, words: list[str]) -> list[str]:
        """The words of what a question asks; all of them when it asks nothing ("hi")."""
        span = self.span(words)
        return words if span is None else words[span[0] : span[1]]

    def _asks_from(self, words: Sequence[str], at: int, end: int) -> bool:
        """Whether a question starts at `at` ("and who ...", "under which ...")."""
        return _asks(words, at, end, self.next_question, self.prepositions)

    def span(self, words: Sequence[str]) -> tuple[int, int] | None:
        """Where what a question asks starts and ends among its words (None: it asks
        nothing). A question's start is kept ("can you explain ...?" is a question,
        "explain ..." none)."""
        start, end = 0, len(words)
        while start < end:
            opening = _length_at(words, start, self.openers)
            if opening and start + opening == end:
                return None  # "hi, I have a question": nothing asked yet
            thanks = _length_at(words, start, self.closers)
            if thanks and self._asks_from(words, start + thanks, end):
                start += thanks
            elif opening:
                start += opening
            elif words[start] in self.padding and words[start] not in self.starts:
                start += 1
            else:
                break
        if start == end:
            return None
        while end > start + 1:
            closing = _length_before(words, end, self.closers)
            if closing and end - closing > start:
                end -= closing
            elif words[end - 1] in self.padding:
                end -= 1
            else:
                break
        return start, end


def _asks(words: Sequence[str], at: int, end: int, starts: frozenset[str], prepositions: frozenset[str]) -> bool:
    return at < end and (words[at] in starts or (
        words[at] in prepositions and at + 1 < end and words[at + 1] in starts))


def _phrases(phrases: Iterable[str], words_of: Callable[[str], Sequence[str]]) -> list[tuple[str, ...]]:
    return sorted({tuple(words_of(phrase)) for phrase in phrases} - {()}, key=len, reverse=True)


def _by_word(phrases: Sequence[tuple[str, ...]], at: int) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:  # longest first, and so within each word's list
        found.setdefault(phrase[at], []).append(phrase)
    return found


def _length_at(words: Sequence[str], start: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
    """The length of the longest phrase that stands at `start` (0: none)."""
    return next((len(p) for p in phrases.get(words[start], ()) if tuple(words[start : start + len(p)]) == p), 0)


def _length_before(words: Sequence[str], end: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
    """The length of the longest phrase that ends at `end` (0: none)."""
    return next((len(p) for p in phrases.get(words[end - 1], ())
                 if len(p) <= end and tuple(words[end - len(p) : end]) == p), 0)
