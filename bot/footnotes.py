"""The one rule for status footnotes: a text that names Kosovo carries the EU's footnote.

The footnote belongs to the entity (`footnote:` in knowledge/); whether a reply needs it
depends only on what the reply's text names, so answers, lists, fallbacks, help texts and
Telegram menus all go through `footnotes_for` (Telegram's fixed texts through texts.footnoted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge import KnowledgeBase
from bot.normalize import fold, normalize


def footnotes_for(texts: Iterable[str], kb: KnowledgeBase) -> tuple[str, ...]:
    """The footnotes of every entity with one that any of `texts` names, in order."""
    joined = " ".join(text for text in texts if text).casefold()
    # Every match starts with one of its pattern's literal beginnings: a plain substring
    # test (in C) first spares most replies, which name no such entity, the regex (a
    # pattern without names, which matches anything, has none and is always searched).
    return tuple(footnote for footnote, pattern, starts in _patterns(kb)
                 if (not starts or any(start in joined for start in starts)) and pattern.search(joined))


_Patterns = tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]
_last: tuple[KnowledgeBase | None, _Patterns] = (None, ())


def _patterns(kb: KnowledgeBase) -> _Patterns:
    """Per footnote, one pattern of the names of the entities that carry it, and the
    literal text each of its matches starts with (kept for the last knowledge base asked
    about: a reload makes a new one)."""
    global _last
    if _last[0] is not kb:
        _last = (kb, _compile(kb))
    return _last[1]


def _compile(kb: KnowledgeBase) -> _Patterns:
    """Patterns over case-folded text as written (any script, accents kept), so a reply is
    searched as it is, never normalised: the names as written and folded, and each name's
    stem with any ending ("Kosova", "Kosovë", "Kosovës", "Kosovo's", "Косову")."""
    names: dict[str, set[str]] = {}
    starts: dict[str, set[str]] = {}
    for entity in kb.entities.values():
        if not entity.footnote or entity.type != "partner":
            continue  # missions "in Kosovo" carry it through the name of the place, when they say it
        forms = names.setdefault(entity.footnote, set())
        literal = starts.setdefault(entity.footnote, set())
        for name in (entity.name, *entity.aliases):
            written = name.casefold().rstrip("*")
            for form in {written, fold(written), normalize(name)}:
                if len(form) >= 4:
                    forms.add(re.escape(form[:5]) + r"\w*" if " " not in form else re.escape(form))
                    literal.add(form[:5] if " " not in form else form)
    out = []
    for footnote, forms in names.items():
        alternatives = "|".join(sorted(forms, key=len, reverse=True))
        out.append((footnote, re.compile(rf"(?<![\w])(?:{alternatives})"), tuple(sorted(starts[footnote]))))
    return tuple(out)
