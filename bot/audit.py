"""Source quality over every rendering: `python -m bot audit [-v]`.

Renders every intent for every entity it takes (bot.coverage.renderings), as a user sees
it, and counts: how many renderings there are; the share of those with sources whose
first source is official (official-eu or official-other); and the renderings that break
a rule: showing a never-cite host, naming Kosovo without its footnote, stating a
time-varying fact without an "as of".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.coverage import Rendering, renderings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, is_time_varying
from bot.policy import OFFICIAL_KINDS, Policy, listed_domain

KOSOVO = re.compile(r"kosov|косов", re.IGNORECASE)  # Kosovo, Kosova, Kosovë, Косово


def kosovo_footnote(kb: KnowledgeBase) -> str | None:
    entity = kb.entities.get("kosovo")
    return entity.footnote if entity is not None else None


def never_cite_shown(rendering: Rendering, policy: Policy) -> list[str]:
    """The never-cite domains a rendering shows, as a source or anywhere in its text."""
    shown = {d for s in rendering.reply.sources if (d := listed_domain(s.url, policy.never_cite))}
    text = rendering.reply.full_text().lower()
    shown.update(d for d in policy.never_cite if d in text)
    return sorted(shown)


def names_kosovo_without_footnote(rendering: Rendering, footnote: str | None) -> bool:
    reply = rendering.reply
    named = any(KOSOVO.search(t) for t in (reply.text, *(s.text for s in reply.suggestions)))
    return named and (footnote is None or footnote not in reply.footnotes)


def is_time_varying_answer(rendering: Rendering) -> bool:
    """Whether the rendering states, as current, a fact that can change."""
    return any(u.current and is_time_varying(u.entity, u.fact) for u in rendering.used)


def lacks_as_of(rendering: Rendering) -> bool:
    return is_time_varying_answer(rendering) and "as of " not in rendering.reply.text


@dataclass
class Audit:
    renderings: int = 0
    with_sources: int = 0
    first_official: int = 0
    never_cite: list[str] = field(default_factory=list)
    no_footnote: list[str] = field(default_factory=list)
    no_as_of: list[str] = field(default_factory=list)

    @property
    def official_share(self) -> float:
        return self.first_official / self.with_sources if self.with_sources else 0.0


def audit(all_renderings: Iterable[Rendering], kb: KnowledgeBase, policy: Policy) -> Audit:
    result = Audit()
    footnote = kosovo_footnote(kb)
    for rendering in all_renderings:
        result.renderings += 1
        sources = rendering.reply.sources
        if sources:
            result.with_sources += 1
            result.first_official += sources[0].kind in OFFICIAL_KINDS
        domains = never_cite_shown(rendering, policy)
        if domains:
            result.never_cite.append(f"{rendering.about} ({', '.join(domains)})")
        if names_kosovo_without_footnote(rendering, footnote):
            result.no_footnote.append(rendering.about)
        if lacks_as_of(rendering):
            result.no_as_of.append(rendering.about)
    return result


def format_audit(result: Audit, *, verbose: bool = False) -> str:
    lines = [
        f"renderings: {result.renderings} (every intent for every entity it takes)",
        f"first source official (official-eu or official-other): {result.first_official} of "
        f"{result.with_sources} renderings with sources ({result.official_share:.1%})",
    ]
    for label, items in (("showing a never-cite host", result.never_cite),
                         ("naming Kosovo without the footnote", result.no_footnote),
                         ("time-varying without an as-of", result.no_as_of)):
        lines.append(f"{label}: {len(items)}")
        if verbose:
            lines += [f"  {item}" for item in items]
    return "\n".join(lines)


def run_audit(engine: Engine, root: Path, *, verbose: bool = False) -> str:
    return format_audit(audit(renderings(engine), engine.kb, Policy.for_root(root)), verbose=verbose)
