"""What a question asks for precisely, and whether an answer gives it.

"Which UN resolution renewed Althea in 2012?" asks about 2012, and "in which month of
2009 did Albania apply?" for a month: an answer that names neither is the answer to a
neighbouring question, however close its words are. Such an answer is not given; the
bot says it has nothing sourced on that instead (bot/decide.py).

Checked on the reply's text, so that intents and fact records are held to the same test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.dates import MONTHS
from bot.entities import Mention
from bot.knowledge import Language

_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
_SHARE = re.compile(r"\d\s*%|\bper ?cent")


@dataclass(frozen=True)
class Asked:
    """The specifics a question asks about: years it names, a date finer than a year, a share."""

    years: tuple[str, ...] = ()
    month: bool = False
    share: bool = False

    def __bool__(self) -> bool:
        return bool(self.years or self.month or self.share)

    def describe(self) -> str:
        """How a reply names what it has nothing on: "2025", "the month", "the percentage"."""
        parts = [*self.years]
        if self.month:
            parts.append("the exact date")
        if self.share:
            parts.append("the percentage")
        return ", ".join(parts)


def asked(words: Sequence[str], mentions: Sequence[Mention], language: Language, names: str = "") -> Asked:
    """The specifics of a question's words. A year of a name ("the 2018 strategy", "the
    Strategy for the Western Balkans of 2018": `names` are those of the entities named)
    names the thing, and asks nothing."""
    named = {index for mention in mentions for index in range(mention.start, mention.end)}
    years = tuple(dict.fromkeys(word for index, word in enumerate(words)
                                if index not in named and _YEAR.fullmatch(word) and word not in names))
    month = any(word in language.date_detail_words and language.exact_words.intersection(words[max(0, i - 2):i])
                for i, word in enumerate(words))
    share = any(word in language.share_words for word in words)
    return Asked(years, month, share)


def unmet(question: Asked, answer: str) -> Asked:
    """What of the question's specifics an answer's text does not give."""
    return Asked(tuple(year for year in question.years if year not in answer),
                 question.month and not _MONTH.search(answer),
                 question.share and not _SHARE.search(answer))


def gives(question: Asked, answer: str) -> bool:
    """Whether an answer's text gives everything the question asks for."""
    return not unmet(question, answer)
