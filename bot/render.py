"""Turn an intent and the entities it is about into text, with sources and footnotes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import dates
from bot.knowledge import Entity, Intent, KnowledgeBase, ListSpec, Record, Source
from bot.normalize import normalize
from bot.policy import kind_rank
from bot.template import fill

# Attributes no source needs to back: the bot's own ids and the names it is asked by.
# (A full name is cited to the entity's source: "what does EUPAT stand for?" is a fact.)
UNSOURCED_ATTRIBUTES = frozenset({"id", "name"})
# How many renderings a renderer remembers (every intent for every entity is some 600).
MEMO_SIZE = 4096
# A list filter: missions whose `where` names the partner, e.g. `located_in: "{partner.id}"`.
LOCATED_IN = "located_in"


class MissingFact(LookupError):
    """The entity has no sourced value for a field the answer needs."""

    def __init__(self, entity: Entity | None, field_name: str) -> None:
        super().__init__(field_name)
        self.entity, self.field_name = entity, field_name

    def __reduce__(self) -> tuple[type[MissingFact], tuple[Entity | None, str]]:
        return MissingFact, (self.entity, self.field_name)


@dataclass
class Rendered:
    text: str
    sources: list[Source] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    empty_list: bool = False  # the "nothing found" text of a list answer, which needs no source
    listed: list[Entity] = field(default_factory=list)  # the entities a list answer named, in order
    used: list[Used] = field(default_factory=list)  # every fact record the text states
    dates: list[str] = field(default_factory=list)  # the as_of of every current fact it states
    # The intent's `otherwise` answered, after saying that the record asked for is missing.
    instead: bool = False

    @property
    def facts(self) -> set[tuple[str, str]]:
        """(entity id, fact name) of every fact the text states."""
        return {(used.entity.id, used.fact) for used in self.used}


@dataclass(frozen=True)
class Used:
    """A record a rendering stated, and whether as current (`text`) or as past (`past`)."""

    entity: Entity
    fact: str
    record: Record
    current: bool


def is_past(record: Record, today: date | None = None) -> bool:
    """Whether the record's own `until` has passed: it is then told in the past."""
    return record.until is not None and record.past is not None and dates.has_passed(record.until, today)


def record_text(record: Record, today: date | None = None) -> str:
    """The record as shown: its past form once `until` has passed, else its text and date."""
    if is_past(record, today):
        return record.past or record.text
    return f"{record.text} (as of {dates.human(record.as_of)})" if record.as_of else record.text


def as_of_line(newest: str) -> str:
    """The line under a list answer giving the date of its newest fact."""
    return f"(as of {dates.human(newest)})"


def attribute_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class _Collector:
    """Gathers the sources and footnotes of what a rendering used, in order.

    In list answers (`headline_only`) a fact shows only its first record: a list is an
    overview, and the full fact is one follow-up question away.
    """

    def __init__(self, kb: KnowledgeBase, *, headline_only: bool = False, today: date | None = None) -> None:
        self.kb = kb
        self.headline_only = headline_only
        self.today = today
        self.source_ids: dict[str, None] = {}
        self.footnotes: dict[str, None] = {}
        self.used: list[Used] = []
        self.dates: list[str] = []
        self.past_dates: list[str] = []  # the as_of of the facts it states in the past tense

    def use_record(self, entity: Entity, fact: str, record: Record) -> str:
        """Note the record, its sources and its date; return it as shown."""
        self.use_source(record.source or entity.source)
        for also in record.also:
            self.use_source(also)
        current = not is_past(record, self.today)
        self.used.append(Used(entity, fact, record, current))
        if record.as_of:
            (self.dates if current else self.past_dates).append(record.as_of)
        return record_text(record, self.today)

    def use_status(self, entity: Entity) -> None:
        """An answer that says (or chooses by) whether a mission is active states it as of a date."""
        status_as_of = entity.attributes.get("status_as_of")
        if status_as_of and entity.attributes.get("status") == "active":
            self.dates.append(str(status_as_of))

    def merge(self, other: _Collector) -> None:
        self.source_ids.update(other.source_ids)
        self.footnotes.update(other.footnotes)
        self.used.extend(other.used)
        self.dates.extend(other.dates)
        self.past_dates.extend(other.past_dates)

    def use_entity(self, entity: Entity) -> None:
        if entity.footnote:
            self.footnotes[entity.footnote] = None

    def use_source(self, source_id: str) -> None:
        if source_id:
            self.source_ids[source_id] = None

    def field(self, entity: Entity, name: str) -> str:
        self.use_entity(entity)
        if entity.facts.get(name):
            records = entity.facts[name][:1] if self.headline_only else entity.facts[name]
            return " ".join(self.use_record(entity, name, r) for r in records)
        if name in entity.attributes:
            if name not in UNSOURCED_ATTRIBUTES:
                self.use_source(entity.source)
            if name == "status" and entity.attributes.get("status_as_of") and entity.attributes[name] == "active":
                self.use_status(entity)
                return f"active as of {dates.human(str(entity.attributes['status_as_of']))}"
            return attribute_text(entity.attributes[name])
        raise MissingFact(entity, name)

    def sources(self) -> list[Source]:
        """Best first (official EU, other official, media, secondary), else in order of use."""
        found = [self.kb.sources[s] for s in self.source_ids if s in self.kb.sources]
        return sorted(found, key=lambda source: kind_rank(source.kind))


class Renderer:
    """Renders answers from the knowledge base; knows nothing of matching or front ends."""

    def __init__(self, kb: KnowledgeBase, today: date | None = None) -> None:
        self.kb = kb
        self.fixed_today = today  # None: bot.dates.today() at each answer
        # Renderings by intent, entities and day: the knowledge base never changes under a
        # renderer, and one answer is rendered to decide, to reply and to offer follow-ups.
        # Validation renders every answer once, and the engine cache keeps what it found, so
        # a bot started from the cache answers its first questions as fast as later ones.
        self._memo: dict[tuple[object, ...], Rendered | MissingFact] = {}

    def render(self, intent: Intent, slots: Mapping[str, Entity]) -> Rendered:
        """The answer of an intent for these entities (MissingFact if a fact it needs is missing).
        The result is shared between callers: treat it as read-only."""
        today = self.fixed_today or dates.today()
        key = (intent.id, today, *sorted((slot, entity.id) for slot, entity in slots.items()))
        found = self._memo.get(key)
        if found is None:
            try:
                found = self._render(intent, slots, today)
            except MissingFact as missing:
                found = missing
            if len(self._memo) > MEMO_SIZE:  # bounded; a day's change empties it in time too
                self._memo.clear()
            self._memo[key] = found
        if isinstance(found, MissingFact):
            raise found
        return found

    def _render(self, intent: Intent, slots: Mapping[str, Entity], today: date) -> Rendered:
        collector = _Collector(self.kb, today=today)
        for source in intent.sources:
            collector.use_source(source)
        main = self._main_entity(intent, slots)
        extra: dict[str, str] = {}
        listed: list[Entity] = []
        items: list[str] = []
        if intent.list is not None:
            items, listed = self._list_items(intent.list, slots, collector)
            if not items:
                if intent.list.empty:
                    text = fill(intent.list.empty, self._resolver(main, slots, collector, {}))
                    return Rendered(text, collector.sources(), list(collector.footnotes), empty_list=True,
                                    used=collector.used, dates=collector.dates)
                raise MissingFact(main, "items")
            extra = {"items": "\n".join(f"• {item}" for item in items), "count": str(len(items))}
        text = fill(intent.answer, self._resolver(main, slots, collector, extra))
        # A list is as of its newest record, told in the past tense or not: a list whose
        # 2025 item has run out is not "as of 2010" because its other item is.
        newest = dates.newest(collector.dates + collector.past_dates) if collector.dates else None
        if intent.list is not None and newest is not None and not (len(items) == 1 and as_of_line(newest) in text):
            text = f"{text}\n{as_of_line(newest)}"  # unless the one item says it already
        return Rendered(text, collector.sources(), list(collector.footnotes), listed=listed,
                        used=collector.used, dates=collector.dates)

    def render_fact(self, entity: Entity, name: str, indexes: Iterable[int]) -> Rendered:
        """Records of one fact of an entity, as an answer of their own (the fact reader's);
        no indexes: all of them. Shared between callers, like render()'s: read-only."""
        wanted = tuple(indexes)
        today = self.fixed_today or dates.today()
        key = ("fact", entity.id, name, wanted, today)
        found = self._memo.get(key)
        if found is None:
            try:
                found = self._render_fact(entity, name, wanted, today)
            except MissingFact as missing:
                found = missing
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = found
        if isinstance(found, MissingFact):
            raise found
        return found

    def _render_fact(self, entity: Entity, name: str, indexes: Sequence[int], today: date) -> Rendered:
        collector = _Collector(self.kb, today=today)
        collector.use_entity(entity)
        records = entity.facts.get(name, ())
        wanted = list(indexes) or range(len(records))
        chosen = [records[i] for i in wanted if 0 <= i < len(records)]
        if not chosen:
            raise MissingFact(entity, name)
        text = " ".join(collector.use_record(entity, name, record) for record in chosen)
        return Rendered(text, collector.sources(), list(collector.footnotes), used=collector.used,
                        dates=collector.dates)

    def _main_entity(self, intent: Intent, slots: Mapping[str, Entity]) -> Entity | None:
        if intent.entity:
            return self.kb.entities.get(intent.entity)
        for slot in intent.slots:
            if slot in slots:
                return slots[slot]
        return None

    def _resolver(self, main: Entity | None, slots: Mapping[str, Entity], collector: _Collector,
                  extra: Mapping[str, str]) -> Any:
        def resolve(qualifier: str | None, name: str) -> str:
            if qualifier is None and name in extra:
                return extra[name]
            entity = slots.get(qualifier) if qualifier else main
            if entity is None:
                raise MissingFact(main, f"{qualifier}.{name}" if qualifier else name)
            return collector.field(entity, name)

        return resolve

    def rows(self, spec: ListSpec) -> Iterable[tuple[Entity, Record | None]]:
        for entity in self.kb.entities_of(spec.from_type):
            if spec.from_fact is None:
                yield entity, None
            else:
                for record in entity.facts.get(spec.from_fact, ()):
                    yield entity, record

    def _list_items(self, spec: ListSpec, slots: Mapping[str, Entity],
                    collector: _Collector) -> tuple[list[str], list[Entity]]:
        where = {key: self._where_value(value, slots) for key, value in spec.where.items()}
        items: list[str] = []
        listed: list[Entity] = []
        for entity, record in self.rows(spec):
            if not all(self._row_matches(entity, record, key, value) for key, value in where.items()
                       if key != LOCATED_IN):
                continue
            if LOCATED_IN in where and not self._located_in(entity, where[LOCATED_IN]):
                continue
            row_collector = _Collector(self.kb, headline_only=True, today=collector.today)
            if "status" in where:  # chosen for being active: as of the date that says so
                row_collector.use_status(entity)
            try:
                resolver = self._row_resolver(entity, record, spec.from_fact or "", slots, row_collector)
                items.append(fill(spec.item, resolver))
            except MissingFact:
                continue  # a row without the fact is simply not listed
            if record is not None:  # a listed record is itself a claim, sourced like its text
                row_collector.use_source(record.source or entity.source)
            collector.merge(row_collector)
            if entity not in listed:
                listed.append(entity)
        return items, listed

    @staticmethod
    def _where_value(value: Any, slots: Mapping[str, Entity]) -> Any:
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            qualifier, _, name = value[1:-1].partition(".")
            entity = slots.get(qualifier)
            if entity is None:
                return None
            return entity.attributes.get(name or "id")
        return value

    def _located_in(self, entity: Entity, partner_id: Any) -> bool:
        """Whether an entity's `where` names the partner ("Kosovo*", "... today North Macedonia")."""
        partner = self.kb.entities.get(str(partner_id))
        if partner is None:
            return False
        where = f" {normalize(str(entity.attributes.get('where', '')))} "
        return any(f" {normalize(name)} " in where for name in (partner.name, *partner.aliases) if normalize(name))

    @staticmethod
    def _row_matches(entity: Entity, record: Record | None, key: str, value: Any) -> bool:
        if value is None:
            return False
        if key == "owner":
            return bool(entity.id == value)
        if record is not None and key in record.extra:
            actual: Any = record.extra[key]
        else:
            actual = entity.attributes.get(key, entity.facts.get(key))
        if isinstance(actual, list | tuple) and not isinstance(value, list | tuple):
            return value in actual
        return bool(actual == value)

    def _row_resolver(self, entity: Entity, record: Record | None, fact: str, slots: Mapping[str, Entity],
                      collector: _Collector) -> Any:
        def resolve(qualifier: str | None, name: str) -> str:
            if qualifier is None:
                if record is not None and name == "text":
                    collector.use_entity(entity)
                    return collector.use_record(entity, fact, record)
                if record is not None and name in record.extra:
                    return attribute_text(record.extra[name])
                return collector.field(entity, name)
            if qualifier == "owner":
                return collector.field(entity, name)
            if record is not None and qualifier in record.extra:
                target = self.kb.entities.get(str(record.extra[qualifier]))
                if target is None:
                    raise MissingFact(entity, f"{qualifier}.{name}")
                return collector.field(target, name)
            slot_entity = slots.get(qualifier)
            if slot_entity is None:
                raise MissingFact(entity, f"{qualifier}.{name}")
            return collector.field(slot_entity, name)

        return resolve
