"""Compound questions: "When did BiH become a candidate, and when did the European Council
decide to open negotiations?" asks two questions. Each part is answered as if asked on its
own, one after the other in the conversation (so that "it" in the second is what the first
was about), and the answers are given together; when a part has no answer, or every part
the same one, the question is answered whole instead, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.intent_reader import asks
from bot.knowledge import Language
from bot.reply import ANSWER, Reply
from bot.template import fill

# Where a question may part: after a question mark, a semicolon or a comma, or at "and"
# (English; "i", "а" and "dhe" in the region's languages, before the glossary).
_AND = r"(?:and|i|и|а|dhe|edhe)"
_JOINS = re.compile(rf"(\?\s+|[;,]\s+|\s+{_AND}\s+)", re.IGNORECASE)
_OPENING_AND = re.compile(rf"^{_AND}\s+", re.IGNORECASE)  # ", and what ...": "what ..." is the part
# A part names at least this many words ("and which country led it?"): "when and where
# was it signed?" is one question, of two words asked together.
MIN_PART_WORDS = 2
MAX_PARTS = 3
# A first part answered at least this surely is answered though a later part is not (`partly`);
# the whole question declined is wiser than a part read weakly on its own.
PART_SURE = 0.8


def parts(text: str, words_of: Callable[[str], list[str]], language: Language,
          is_chatter: Callable[[str], bool] | None = None) -> list[str]:
    """The questions a text asks (`split`)."""
    return split(text, words_of, language, is_chatter)[0]


def split(text: str, words_of: Callable[[str], list[str]], language: Language,
          is_chatter: Callable[[str], bool] | None = None) -> tuple[list[str], bool]:
    """The questions a text asks, each as typed: [text] when it asks one; and whether they
    are a start and an end asked together (`paired`). A piece starts a
    new question only when it begins as one ("and when did ...", "which country ...");
    otherwise it belongs to the question before it ("the EU's police missions in Bosnia and
    Macedonia"). A start and an end asked together are two questions too (`paired`).
    `words_of`: the words of what a piece asks; `is_chatter`: whether a piece asks nothing."""
    pieces = _JOINS.split(text)
    if len(pieces) < 3:
        return [text], False
    found = [pieces[0]]
    for join, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        words = words_of(piece)
        while words and words[0] in language.and_words:
            words = words[1:]
        # "hi, quick question: when ...": what opens the question is no question of its own
        if len(words) >= MIN_PART_WORDS and asks(words, language) and not (is_chatter and is_chatter(found[-1])):
            found[-1] += join.strip() if join.startswith("?") else ""  # "Who commands EUFOR?"
            found.append(piece)
        else:
            found[-1] += join + piece
    found = [part.strip() for part in found if part.strip()]
    if 1 < len(found) <= MAX_PARTS and all(len(words_of(part)) >= MIN_PART_WORDS for part in found) \
            and asks(words_of(found[0]), language):
        return found, False
    pair = paired(words_of(text), language)
    return (pair, True) if pair else ([text], False)


def paired(words: Sequence[str], language: Language) -> list[str]:
    """"What were the start and end dates of EUPAT?", "when did EUPAT start and end?": the
    question once for each of a start and an end asked together (the question's words,
    after the glossary), or [] when it asks no such pair."""
    for i in range(len(words) - 2):
        first, join, second = words[i:i + 3]
        if first in language.start_words and join in language.and_words and second in language.end_words:
            return [" ".join([*words[:i + 1], *words[i + 3:]]), " ".join([*words[:i], *words[i + 2:]])]
    return []


def partly(questions: Sequence[str], replies: Sequence[Reply], unanswered: str) -> Reply | None:
    """The answers to the parts that have one, and for each part that has none the
    `unanswered` text naming it ({part}); None unless the first part is answered surely and
    some other is not. A later part answered alone may be a fragment of the first ("..., and
    on what day?"), which read on its own asks something else."""
    answered = [reply for reply in replies if reply.kind == ANSWER]
    if not replies or replies[0].kind != ANSWER or replies[0].confidence < PART_SURE \
            or len(answered) == len(replies):
        return None
    given = joined(answered) if len(answered) > 1 else answered[0]
    if given is None:
        return None
    missing = [_naming(unanswered, _OPENING_AND.sub("", question.strip()))
               for question, reply in zip(questions, replies, strict=True) if reply.kind != ANSWER]
    return replace(given, text="\n\n".join([given.text, *missing]),
                   confidence=min(reply.confidence for reply in answered))


def _naming(text: str, part: str) -> str:
    return fill(text, lambda _q, _f: part)


def joined(replies: Sequence[Reply], *, pair: bool = False) -> Reply | None:
    """The answers to a compound question's parts as one reply; None when a part has no
    answer, or when every part has the same answer (the question read whole may say more),
    unless the parts are a start and an end (`pair`): one answer giving both ("launched on
    15 December 2005, ended on 14 June 2006") says more than the question read whole."""
    if not all(reply.kind == ANSWER for reply in replies):
        return None
    distinct = list({reply.text: reply for reply in replies}.values())
    if len(distinct) == 1:
        return distinct[0] if pair else None
    main = max(distinct, key=lambda reply: reply.confidence)  # what it is surest the question asks
    return Reply(
        text="\n\n".join(reply.text for reply in distinct), kind=ANSWER, intent=main.intent,
        confidence=min(reply.confidence for reply in distinct), suggestions=main.suggestions,
        sources=tuple(dict.fromkeys(source for reply in distinct for source in reply.sources)),
        footnotes=tuple(dict.fromkeys(note for reply in distinct for note in reply.footnotes)),
        entities=tuple(dict.fromkeys(entity for reply in distinct for entity in reply.entities)),
        fact=main.fact)
