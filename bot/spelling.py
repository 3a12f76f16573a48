"""Words typed as no record, name or phrasing writes them, read as the one they are all
but: "Roberston" is Robertson, "Сорека" (Soreka) Soreca, "resolutoin" resolution. A
misspelt word is still the one asked about, for every reader alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.closest import Choices

# A word is read as the surname it is all but (fuzz.ratio, 0-100) from this long.
SURNAME_GUESS_MIN_CHARS = 5
SURNAME_LIKENESS = 80
# Any other word of the records or phrasings as long, from this long and this alike: two
# letters swapped in a word of six leave it 83 alike ("decdie", "decide"), in one of ten 90.
WORD_GUESS_MIN_CHARS = 6
WORD_LIKENESS = 83


class Speller:
    """Reads a misspelt word as the surname or word it is all but."""

    def __init__(self, surnames: Iterable[str], language_words: frozenset[str]) -> None:
        self.surnames = Choices(sorted({name for name in surnames if len(name) >= SURNAME_GUESS_MIN_CHARS}))
        # Never read as another: a word the language lists read ("opinion" of "in your opinion").
        self.language_words = language_words
        # The records' and phrasings' words other than surnames (know_words): "frist" is as
        # like "first" as the surname Feist, and is read as neither.
        self.other_words = Choices([])

    def know_words(self, words: Iterable[str]) -> None:
        """The words of the records and phrasings, which a misspelt word may be as well."""
        surnames = set(self.surnames.choices)
        self.other_words = Choices([word for word in words if word not in surnames])

    def read(self, word: str, is_unused: Callable[[str], bool]) -> str:
        """The surname or word `word` is all but, or `word` (`is_unused`: whether no record,
        name or phrasing is written with it)."""
        if len(word) < SURNAME_GUESS_MIN_CHARS or word in self.language_words or not is_unused(word):
            return word
        surname = self.surnames.best(word, SURNAME_LIKENESS)
        if surname is not None:
            return surname[0] if self.other_words.best(word, surname[1]) is None else word
        if len(word) < WORD_GUESS_MIN_CHARS:
            return word
        other = self.other_words.best(word, WORD_LIKENESS)
        # Letters swapped or mistyped, not a word cut short: "standby" is no "stand"
        return other[0] if other is not None and len(other[0]) == len(word) else word
