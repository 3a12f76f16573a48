"""How much a right answer survives the ways people pad and mistype a question.

`python -m bot eval --variants SET` asks every single in-scope question of SET that the bot
answers right again, rewritten as people also type it (a chatty opening or closing, a
typo, no capitals or punctuation), and counts the rewritten questions still answered
right. Nothing is tuned by it: it says how much of an evaluation's score leans on the
exact wording of its questions.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.engine import Engine
from bot.evaluate import Case, evaluate

# A fixed seed: the same typos every run, so that two versions of the bot compare.
TYPO_SEED = 7
TYPO_MIN_CHARS = 6  # a transposed letter in a shorter word leaves little to read


def _lower_first(question: str) -> str:
    return question[:1].lower() + question[1:]


def _plain(question: str) -> str | None:
    """No capitals and no closing punctuation, as typed on a phone."""
    return re.sub(r"[?!.]+\s*$", "", question).lower()


def _typo(question: str) -> str | None:
    """Two letters of the longest word swapped ("operations" -> "operatoins"), where the
    question itself decides (the same typo every run, whatever else is asked)."""
    words = question.split()
    index = max(range(len(words)), key=lambda i: len(re.sub(r"\W", "", words[i])))
    word = words[index]
    if len(word) < TYPO_MIN_CHARS:
        return None
    at = random.Random(f"{TYPO_SEED}:{question}").randrange(1, len(word) - 2)
    words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def rewrites() -> dict[str, Callable[[str], str | None]]:
    """Each way of rewriting a question, by name (None: this one cannot be rewritten so)."""
    return {
        "no capitals or punctuation": _plain,
        "'hi, quick question:' before": lambda q: "hi, quick question: " + _lower_first(q),
        "'I was wondering,' before": lambda q: "I was wondering, " + _lower_first(q),
        "'can you tell me' before": lambda q: "can you tell me " + _lower_first(q),
        "'thanks,' before": lambda q: "thanks, " + _lower_first(q),
        "', please?' after": lambda q: re.sub(r"\?\s*$", "", q) + ", please?",
        "'thanks!' after": lambda q: q + " thanks!",
        "two letters swapped": _typo,
    }


@dataclass(frozen=True)
class VariantResult:
    name: str
    kept: int  # rewritten questions still answered right
    total: int  # questions that could be rewritten so
    lost: tuple[str, ...]  # the rewritten questions answered wrong

    @property
    def share(self) -> float:
        return self.kept / self.total if self.total else 1.0


def measure(engine: Engine, cases: Sequence[Case]) -> list[VariantResult]:
    """Each rewrite's share of right answers kept, over the single in-scope questions
    answered right (follow-up turns depend on their conversation, and are left out)."""
    singles = [c for c in cases if c.conversation is None and c.in_scope]
    right = [o.case for o in evaluate(engine, singles).outcomes if o.correct]
    results = []
    for name, rewrite in rewrites().items():
        rewritten = []
        for case in right:
            question = rewrite(case.question)
            if question and question != case.question:
                rewritten.append(replace(case, question=question))
        outcomes = evaluate(engine, rewritten).outcomes
        lost = tuple(o.case.question for o in outcomes if not o.correct)
        results.append(VariantResult(name, len(outcomes) - len(lost), len(outcomes), lost))
    return results


def format_variants(results: Sequence[VariantResult], *, verbose: bool = False) -> str:
    lines = ["right answers kept when the question is rewritten:"]
    for result in results:
        lines.append(f"  {result.name:<30} {result.share:6.1%}  ({result.kept}/{result.total})")
    if verbose:
        for result in results:
            for question in result.lost:
                lines.append(f"  lost ({result.name}): {question!r}")
    return "\n".join(lines)
