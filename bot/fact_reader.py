"""The fact reader (placeholder with the agreed interface; the real one lands from the
freader branch)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.entities import EntityRecognizer, Glossary, Mention
from bot.knowledge import KnowledgeBase


@dataclass(frozen=True)
class FactRef:
    entity: str
    fact: str
    records: tuple[int, ...]


@dataclass(frozen=True)
class FactReading:
    ref: FactRef
    score: float


class FactReader:
    def __init__(self, kb: KnowledgeBase, glossary: Glossary, recognizer: EntityRecognizer) -> None:
        self.kb = kb

    def read(self, words: Sequence[str], mentions: Sequence[Mention], *, limit: int = 3) -> list[FactReading]:
        return []
