"""Coverage: what the evaluation never asks, and what no intent can say.

`python -m bot eval --coverage` lists the intents and entities that no evaluation
question expects (by its labels), and the facts in the knowledge files that no intent's
answer or list can render: a fact nobody can reach is work wasted until an intent
names it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.engine import Engine
from bot.evaluate import Results
from bot.knowledge import Entity, Intent, KnowledgeBase, ListSpec
from bot.render import MissingFact, Used
from bot.reply import Reply
from bot.template import placeholders

# Fields of a fact's own records, not facts of the entity that owns them.
RECORD_FIELDS = frozenset({"as_of", "until", "past", "also", "mission", "date"})
LIST_FIELDS = frozenset({"items", "count"})

# A field an intent can render: ("type", "mission", "launched") for the fact of any
# mission, ("entity", "wb_strategy", "adopted") for one entity's fact.
Field = tuple[str, str, str]


def expected_intents(results: Results) -> set[str]:
    return {o.case.intent for o in results.outcomes if o.case.intent is not None}


def expected_entities(kb: KnowledgeBase, results: Results) -> set[str]:
    """Entities the labels name, and the fixed entity of every expected intent."""
    named = {o.case.entity for o in results.outcomes if o.case.entity is not None}
    for intent_id in expected_intents(results):
        intent = kb.intents.get(intent_id)
        if intent is not None and intent.entity is not None:
            named.add(intent.entity)
    return named


def _main_scope(intent: Intent) -> tuple[str, str] | None:
    if intent.entity is not None:
        return ("entity", intent.entity)
    return ("type", intent.slots[0]) if intent.slots else None


def _template_fields(template: str, intent: Intent, *, skip: Iterable[str] = ()) -> Iterator[Field]:
    """Fields an answer (or a list's `empty` text) names: the main entity's, or a slot's."""
    main = _main_scope(intent)
    for qualifier, name in placeholders(template):
        if qualifier is None and name not in skip and main is not None:
            yield (*main, name)
        elif qualifier in intent.slots:
            yield ("type", qualifier, name)


def _list_fields(spec: ListSpec, intent: Intent) -> Iterator[Field]:
    """Fields a list item names: the row entity's, its records', a record's mission's, a slot's."""
    over_records = spec.from_fact is not None
    for qualifier, name in placeholders(spec.item):
        if qualifier is None and over_records and name == "text":
            yield ("type", spec.from_type, spec.from_fact or "")
        elif qualifier == "owner" or (qualifier is None and not (over_records and name in RECORD_FIELDS)):
            yield ("type", spec.from_type, name)
        elif qualifier == "mission" and over_records:
            yield from (("type", "mission", name), ("type", "topic", name))  # a record's `mission:` id
        elif qualifier in intent.slots:
            yield ("type", qualifier, name)


def renderable_fields(kb: KnowledgeBase) -> set[Field]:
    """Every field some intent's template or list can render."""
    fields: set[Field] = set()
    for intent in kb.intents.values():
        skip = LIST_FIELDS if intent.list is not None else frozenset()
        fields.update(_template_fields(intent.answer, intent, skip=skip))
        if intent.list is not None:
            fields.update(_list_fields(intent.list, intent))
            fields.update(_template_fields(intent.list.empty or "", intent))
    return fields


def unrenderable_facts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(entity id, fact name) for every fact that no intent can render."""
    fields = renderable_fields(kb)
    return [
        (entity.id, fact)
        for entity in kb.entities.values()
        for fact in entity.facts
        if ("type", entity.type, fact) not in fields and ("entity", entity.id, fact) not in fields
    ]


def _section(title: str, items: Sequence[str], total: int | None = None) -> list[str]:
    of = f" of {total}" if total is not None else ""
    return [f"{title} ({len(items)}{of}):", *(f"  {item}" for item in items or ["none"])]


def format_coverage(engine: Engine, results: Results) -> str:
    """What no evaluation question reaches and what no intent can render, as text."""
    kb = engine.kb
    intents, entities = expected_intents(results), expected_entities(kb, results)
    lines = ["coverage:"]
    answering = {i.id for i in kb.intents.values() if not i.decline}  # declining ones expect none
    lines += _section("intents no evaluation question expects",
                      sorted(answering - intents), len(answering))
    unnamed = [e for e in sorted(kb.entities.values(), key=lambda e: e.id) if e.id not in entities]
    lines += _section("entities no evaluation question names",
                      [f"{e.id} ({e.type}, {e.name})" for e in unnamed], len(kb.entities))
    facts = unrenderable_facts(kb)
    lines += _section("facts no intent can render", [f"{entity}: {fact}" for entity, fact in sorted(facts)],
                      sum(len(e.facts) for e in kb.entities.values()))
    unknown = sorted((intents - set(kb.intents)) | (entities - set(kb.entities)))
    if unknown:
        lines += _section("labels in the evaluation naming nothing in the knowledge base", unknown)
    return "\n".join(lines)


# -- every rendering -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendering:
    """One intent rendered for one choice of its entities, as the user would see it."""

    intent: Intent
    entities: tuple[Entity, ...]
    reply: Reply
    used: tuple[Used, ...]  # the fact records the text states (none for a missing-fact reply)

    @property
    def about(self) -> str:
        return self.intent.id + "".join(f" {e.id}" for e in self.entities)


def slot_combinations(kb: KnowledgeBase, intent: Intent) -> Iterator[dict[str, Entity]]:
    """Every choice of entities an intent can be asked about (one empty choice without slots).
    A topic answered by another intent (`answered_by`) is that intent's rendering, not this one's."""
    if intent.entity is not None or not intent.slots:
        yield {}
        return
    pools = [[e for e in kb.entities_of(slot) if slot != "topic" or "answered_by" not in e.attributes]
             for slot in intent.slots]
    for combo in itertools.product(*pools):
        yield {e.type: e for e in combo}


def renderings(engine: Engine) -> Iterator[Rendering]:
    """Every intent rendered for every entity (and pair of entities) it takes."""
    for intent in engine.kb.intents.values():
        for slots in slot_combinations(engine.kb, intent):
            try:
                used = tuple(engine.renderer.render(intent, slots).used)
            except MissingFact:
                used = ()
            yield Rendering(intent, tuple(slots.values()), engine.render_intent(intent, slots), used)
