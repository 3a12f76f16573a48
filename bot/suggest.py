"""What the bot offers next: follow-ups to an answer, defaults, and the choices of a
question it could not settle. Only what has a sourced answer is ever offered."""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge import Entity, Intent, KnowledgeBase
from bot.render import MissingFact, Renderer
from bot.reply import Suggestion
from bot.template import fill

MAX_SUGGESTIONS = 4
MIN_SUGGESTIONS = 2  # every answer offers at least two follow-ups


class Suggester:
    """Builds suggestions from intents' titles and `related` lists."""

    def __init__(self, kb: KnowledgeBase, renderer: Renderer) -> None:
        self.kb, self.renderer = kb, renderer
        # Intents by the entity types they take: the filler below looks only at those that
        # fit, not at every intent of a large base.
        self._by_slots: dict[frozenset[str], list[Intent]] = {}
        for intent in kb.intents.values():
            if intent.slots:
                self._by_slots.setdefault(frozenset(intent.slots), []).append(intent)
        self._defaults: dict[int, tuple[Suggestion, ...]] = {}
        # Follow-ups already worked out, by intent, entities and facts stated: many questions
        # get the same answer's follow-ups, each of them filled and rendered to be offered.
        self._related: dict[tuple[str | None, tuple[tuple[str, str], ...], frozenset[tuple[str, str]]],
                            tuple[Suggestion, ...]] = {}
        self._order = {intent.id: index for index, intent in enumerate(kb.intents.values())}

    def suggestion(self, intent: Intent, slots: Mapping[str, Entity]) -> Suggestion | None:
        """The intent offered as a question about these entities, if it can be filled."""
        if intent.decline or any(s not in slots for s in intent.slots):
            return None
        text = fill(intent.title, lambda q, f: slots[f].name if q is None and f in slots else f"{{{f}}}")
        return Suggestion(text, intent.id, tuple(slots[s].id for s in intent.slots))

    def answerable(self, intent: Intent, slots: Mapping[str, Entity]) -> bool:
        """Whether the intent has a sourced answer for these entities (the renderer
        remembers its renderings, so asking again costs a lookup)."""
        used = {s: e for s, e in slots.items() if s in intent.slots}
        try:
            return not self.renderer.render(intent, used).empty_list
        except MissingFact:
            return False

    def offer(self, intent: Intent, slots: Mapping[str, Entity],
              stated: frozenset[tuple[str, str]] = frozenset()) -> Suggestion | None:
        """The intent as a suggestion, only when it can be filled and answered, and says
        more than the facts just `stated` ((entity id, fact name) pairs)."""
        suggestion = self.suggestion(intent, slots)
        if suggestion is None or not self.answerable(intent, slots):
            return None
        used = {s: e for s, e in slots.items() if s in intent.slots}
        if stated and self.renderer.render(intent, used).facts <= stated:
            return None  # it would only repeat the answer just given
        return suggestion

    def related(self, intent: Intent | None, slots: Mapping[str, Entity],
                stated: frozenset[tuple[str, str]] = frozenset()) -> tuple[Suggestion, ...]:
        """Two to four follow-ups: the intent's related ones, then whatever else can be
        said about these entities, then the general questions; none that would only repeat
        the facts just `stated` (remembered)."""
        key = (intent.id if intent else None, tuple((slot, entity.id) for slot, entity in slots.items()), stated)
        known = self._related.get(key)
        if known is None:
            if len(self._related) > 10_000:  # bounded: a large base has many combinations
                self._related.clear()
            known = self._related[key] = self._find_related(intent, slots, stated)
        return known

    def _find_related(self, intent: Intent | None, slots: Mapping[str, Entity],
                      stated: frozenset[tuple[str, str]]) -> tuple[Suggestion, ...]:
        current = intent.id if intent else None
        out: list[Suggestion] = []
        for related_id in intent.related if intent else ():
            related = self.kb.intents.get(related_id)
            suggestion = self.offer(related, slots, stated) if related is not None else None
            if suggestion is not None:
                out.append(suggestion)
        if len(out) < MIN_SUGGESTIONS:
            # An entity with few sourced facts: offer whatever else can be said about it,
            # then the general questions.
            types = frozenset(slots)
            fitting = [i for kinds, intents in self._by_slots.items() if kinds <= types for i in intents]
            for other in sorted(fitting, key=lambda intent: self._order[intent.id]):
                if other.id == current:
                    continue
                suggestion = self.offer(other, slots, stated)
                if suggestion is not None and suggestion not in out:
                    out.append(suggestion)
                if len(out) >= MIN_SUGGESTIONS:
                    break
            out.extend(s for s in self.defaults() if s.intent != current and s not in out)
        return tuple(out[:MAX_SUGGESTIONS])

    def defaults(self, count: int = 3) -> tuple[Suggestion, ...]:
        """The general questions offered when there is nothing more specific (remembered)."""
        known = self._defaults.get(count)
        if known is None:
            known = self._defaults[count] = self._find_defaults(count)
        return known

    def _find_defaults(self, count: int) -> tuple[Suggestion, ...]:
        out = []
        for ident in self.kb.fallbacks.suggest:
            intent_id, _, entity_id = ident.partition(":")
            intent = self.kb.intents.get(intent_id)
            if intent is None:
                continue
            slots = {}
            if entity_id in self.kb.entities:
                slots[self.kb.entities[entity_id].type] = self.kb.entities[entity_id]
            suggestion = self.offer(intent, slots)
            if suggestion is not None:
                out.append(suggestion)
        return tuple(out[:count])

    def entity_choices(self, intent: Intent, slot: str, slots: Mapping[str, Entity]) -> tuple[Suggestion, ...]:
        """'Which mission do you mean?': the entities the intent has an answer for."""
        options = []
        for entity in self.kb.entities_of(slot):
            suggestion = self.offer(intent, {**slots, slot: entity})
            if suggestion is not None:
                options.append(suggestion)
        return tuple(options[:MAX_SUGGESTIONS])
