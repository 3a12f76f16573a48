"""Acknowledgements are not questions: "ok", "thanks", "cool 👍", "…", "🙏" get a short reply.

A message is an acknowledgement when, leaving out emoji and punctuation, it is made only
of the examples of the acknowledging intents (`smalltalk.acknowledgement`, and
`smalltalk.thanks` for the thanking words), one after the other ("ok", "ok thanks",
"cool, great 👍"), or of nothing at all ("👍", "…"). A question mark makes it a question.
The words are data: adding one is an edit of `intents/smalltalk.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge import Intent
from bot.normalize import normalize
from bot.reply import ACKNOWLEDGEMENT, SMALLTALK, Reply

ACKNOWLEDGEMENT_INTENT = "smalltalk.acknowledgement"
# The intents whose examples acknowledge an answer. A message with a thanking word is
# answered by smalltalk.thanks ("You're welcome!"), any other by smalltalk.acknowledgement.
ACKNOWLEDGING = (ACKNOWLEDGEMENT_INTENT, "smalltalk.thanks")
QUESTION_MARKS = frozenset("?？¿❓❔⁉⁈")


class Acknowledgements:
    """The acknowledging phrases of a knowledge base, and which intent answers each."""

    def __init__(self, intents: Mapping[str, Intent]) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        for intent_id in ACKNOWLEDGING:
            intent = intents.get(intent_id)
            for example in intent.examples if intent is not None else ():
                words = tuple(normalize(example).split())
                if words:
                    self.phrases.setdefault(words, intent_id)
        self.longest = max((len(p) for p in self.phrases), default=0)
        # A word of no phrase ("budget") makes a message no acknowledgement: most questions
        # are told so by one set test, not by trying every span.
        self.words = frozenset(word for phrase in self.phrases for word in phrase)
        self.available = ACKNOWLEDGEMENT_INTENT in intents

    def intent_for(self, text: str) -> str | None:
        """The intent that answers `text` if it only acknowledges, else None."""
        if not self.available or not QUESTION_MARKS.isdisjoint(text):  # a question mark: a question
            return None
        words = tuple(normalize(text).split())
        if not words:
            return ACKNOWLEDGEMENT_INTENT if text.strip() else None
        found = self._cover(words) if self.words.issuperset(words) else None
        if found is None:
            return None
        return next((i for i in found if i != ACKNOWLEDGEMENT_INTENT), ACKNOWLEDGEMENT_INTENT)

    def _cover(self, words: tuple[str, ...]) -> list[str] | None:
        """The intents of phrases that together make up `words` exactly, or None."""
        best: list[list[str] | None] = [None] * (len(words) + 1)
        best[0] = []
        for start in range(len(words)):
            done = best[start]
            if done is None:
                continue
            for end in range(start + 1, min(len(words), start + self.longest) + 1):
                intent_id = self.phrases.get(words[start:end])
                if intent_id is not None and best[end] is None:
                    best[end] = [*done, intent_id]
        return best[len(words)]


def reply(intent: Intent, text: str) -> Reply:
    """The short reply to an acknowledgement: its intent's answer, with nothing more to offer.

    Words ("ok", "thanks") are small talk the bot understood; a message with no words at
    all (👍, "…") is acknowledged too, but it asked nothing, so it is not counted as matched.
    """
    if normalize(text):
        return Reply(intent.answer, SMALLTALK, intent.id, 1.0)
    return Reply(intent.answer, ACKNOWLEDGEMENT, None, 1.0)


def is_acknowledgement(answer: Reply) -> bool:
    """Whether a reply only acknowledges ("ok", "thanks", 👍): nothing to quote or remember."""
    return answer.kind == ACKNOWLEDGEMENT or answer.intent in ACKNOWLEDGING
