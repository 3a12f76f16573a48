"""What the engine returns: plain data that any front end can show."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge import FactRef, Source

# Reply kinds. Only ANSWER, SMALLTALK, NEED_ENTITY and MISSING_FACT mean the bot
# understood the question; the others are fallbacks.
ANSWER = "answer"
SMALLTALK = "smalltalk"
# 👍, "…": no words, and no question. Acknowledged, but nothing was understood: not matched.
# ("ok", "thanks" are acknowledged by their small-talk intents; see bot/acknowledge.py.)
ACKNOWLEDGEMENT = "acknowledgement"
NEED_ENTITY = "need_entity"
MISSING_FACT = "missing_fact"
AMBIGUOUS = "ambiguous"
OUT_OF_SCOPE = "out_of_scope"
UNCLEAR = "unclear"
TOO_LONG = "too_long"
UNDERSTOOD = frozenset({ANSWER, SMALLTALK, NEED_ENTITY, MISSING_FACT})


@dataclass(frozen=True)
class Suggestion:
    """A question the bot offers as a follow-up, and how to answer it without parsing."""

    text: str
    intent: str
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """One answer (or fallback) with everything a front end needs to show it."""

    text: str
    kind: str
    intent: str | None = None
    confidence: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    sources: tuple[Source, ...] = ()
    footnotes: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    fact: FactRef | None = None  # the fact record(s) answered, when the fact reader answered

    @property
    def matched(self) -> bool:
        return self.kind in UNDERSTOOD

    def full_text(self) -> str:
        """The answer with its footnotes and sources, as plain text."""
        parts = [self.text]
        if self.footnotes:
            parts.append("\n".join(self.footnotes))
        if self.sources:
            lines = ["Sources:"] + [f"- {s.title}: {s.url}" for s in self.sources]
            parts.append("\n".join(lines))
        return "\n\n".join(parts)
