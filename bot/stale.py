"""Facts to check again: `python -m bot stale [--months N]`, and the warning of `validate`.

A fact is stale when its `as_of` (or a mission's `status_as_of`) began more than N months
before today: "2025" counts from January 2025, "2025-06" from 1 June 2025. A record whose
`until` has passed is told in the past and is not listed: it no longer claims anything current;
nor are the facts of ended missions, which are history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import dates
from bot.knowledge import KnowledgeBase
from bot.render import is_past

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class StaleFact:
    as_of: str
    place: str  # path:line
    entity: str
    fact: str
    text: str

    def line(self) -> str:
        return f"{self.place}: {self.as_of}  {self.entity} {self.fact}: {self.text}"


def stale_facts(kb: KnowledgeBase, months: int = DEFAULT_MONTHS, today: date | None = None) -> list[StaleFact]:
    """Every dated fact older than `months` months, oldest first."""
    on = today or dates.today()
    cutoff = dates.months_before(on, months)
    found: list[StaleFact] = []
    for entity in kb.entities.values():
        if entity.attributes.get("status") == "ended":
            continue
        status_as_of = entity.attributes.get("status_as_of")
        if entity.attributes.get("status") == "active" and status_as_of and dates.start(str(status_as_of)) < cutoff:
            found.append(StaleFact(str(status_as_of), str(entity.attributes.get("status_place", "")),
                                   entity.id, "status", f"{entity.name} is active."))
        for fact, records in entity.facts.items():
            for record in records:
                if record.as_of and dates.start(record.as_of) < cutoff and not is_past(record, on):
                    found.append(StaleFact(record.as_of, record.place, entity.id, fact, record.text))
    return sorted(found, key=lambda s: (dates.start(s.as_of), s.place))


def format_stale(facts: list[StaleFact], months: int) -> str:
    if not facts:
        return f"no fact is older than {months} months"
    head = f"{len(facts)} facts older than {months} months, oldest first (file:line: as_of  entity fact: text):"
    return "\n".join([head, *(f.line() for f in facts)])
