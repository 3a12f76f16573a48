"""The knowledge base as plain, immutable data: what the YAML files say, checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("mission", "partner", "topic")


@dataclass(frozen=True)
class Source:
    """Where a fact was read: shown under every answer."""

    id: str
    title: str
    url: str
    kind: str = "secondary"  # "official-eu", "official-other", "media" or "secondary"


@dataclass(frozen=True)
class Record:
    """One sourced statement; a fact is one or more records."""

    text: str
    source: str
    as_of: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    """A mission, a partner or a topic, with its aliases, attributes and facts."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    source: str
    attributes: Mapping[str, Any]
    facts: Mapping[str, tuple[Record, ...]]
    footnote: str | None = None
    # Descriptions that are also questions of their own ("the first EU military operation"):
    # read as the entity only when the question asks something else about it.
    descriptions: tuple[str, ...] = ()

    def has(self, name: str) -> bool:
        return name in self.facts or name in self.attributes


@dataclass(frozen=True)
class ListSpec:
    """Render an answer over many entities, or over the records of one fact of each."""

    from_type: str
    from_fact: str | None
    where: Mapping[str, Any]
    item: str
    empty: str | None


@dataclass(frozen=True)
class Intent:
    """A kind of question, the ways it is asked, and how its answer is made."""

    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    slots: tuple[str, ...] = ()
    entity: str | None = None
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    switch: Mapping[str, str] = field(default_factory=dict)
    smalltalk: bool = False
    list: ListSpec | None = None
    decline: bool = False  # questions the bot declines: its answer says why, and nothing is offered


@dataclass(frozen=True)
class Fallbacks:
    """Texts for when the bot does not answer, and what it suggests instead."""

    out_of_scope: str
    unclear: str
    ambiguous: str
    need_entity: str
    missing_fact: str
    too_long: str
    suggest: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    """A synonym or acronym folded to one canonical term before matching."""

    term: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine needs, validated; swapped whole on reload."""

    sources: Mapping[str, Source]
    entities: Mapping[str, Entity]
    intents: Mapping[str, Intent]
    glossary: tuple[GlossaryEntry, ...]
    fallbacks: Fallbacks
    digest: str = ""

    def entities_of(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def summary(self) -> str:
        counts = {t: len(self.entities_of(t)) for t in ENTITY_TYPES}
        examples = sum(len(i.examples) for i in self.intents.values())
        facts = sum(len(e.facts) for e in self.entities.values())
        return (
            f"{counts['mission']} missions, {counts['partner']} partners, "
            f"{counts['topic']} topics, {facts} facts, {len(self.intents)} intents, "
            f"{examples} phrasings, {len(self.sources)} sources"
        )
