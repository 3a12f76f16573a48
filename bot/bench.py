"""`python -m bot bench`: answer time, accuracy, start-up and memory as the base grows.

For each size (the real knowledge base, then synthetic bases of 1,000, 10,000 and
100,000 phrasings written by `bot.synthetic` in the project's own format), three
fresh processes, so that each one's peak memory is its own:

- project, cold: no engine cache; load, validate, compile, index, save the cache;
- project: start from the cache, then answer every question;
- full-scan: load and validate without the cache, build an engine that scores every
  phrasing (the reference), then answer as many questions as it can in a few minutes.

Time per question is `Engine.answer` end to end, one core, in process. Accuracy is
the share of questions handled right: a perturbed phrasing answered with its own
intent, an unrelated question declined. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot import cache, synthetic
from bot.config import Settings
from bot.context import Conversation
from bot.engine import Engine
from bot.errors import BotError, KnowledgeBaseError
from bot.loader import content_digest
from bot.synthetic import Question

DEFAULT_SIZES = (1_000, 10_000, 100_000)
# A base of 1,000 phrasings holding this many fact records: the fact reader's size test.
FACT_SIZES = ("10000facts",)
FACTS_SUFFIX = "facts"
FACT_BASE_PHRASINGS = 1_000
REAL = "real"
QUESTIONS = 2_000
# The full scan scores every phrasing, some 20 us each: it answers only as many
# questions as make this many scorings (at least the minimum), a minute or two a size.
FULL_SCAN_WORK = 3_000_000
FULL_SCAN_MIN_QUESTIONS = 50
# Answered before timing starts, so that first-call costs (imports, caches) are not
# counted; not among the measured questions, whose own caches stay cold.
WARM_UP = ("hello", "what is the budget", "who leads it", "when did it start")
PROJECT, FULL_SCAN, PROJECT_COLD = "project", "full-scan", "project-cold"
EXIT_INVALID_KB = 2


class BenchError(BotError):
    """A benchmark run failed."""


@dataclass(frozen=True)
class Measure:
    """What one fresh process measured."""

    phrasings: int
    startup_s: float
    peak_rss_mb: float
    from_cache: bool = False
    times_ms: tuple[float, ...] = ()
    answers: tuple[tuple[str, str | None], ...] = ()  # (reply kind, intent) per question
    correct: tuple[bool, ...] = ()
    in_scope: tuple[bool, ...] = ()
    facts: int = 0  # fact records in the base


@dataclass(frozen=True)
class Row:
    """One line of the report: the contract's keys first, then details."""

    phrasings: int
    matcher: str
    p50_ms: float
    p99_ms: float
    accuracy: float
    startup_s: float
    peak_rss_mb: float
    base: str
    questions: int
    in_scope_accuracy: float
    rejection: float
    startup_cold_s: float | None = None
    peak_rss_cold_mb: float | None = None
    agreement: float | None = None  # same reply as the full scan, on the full scan's questions
    accuracy_on_full_scan_questions: float | None = None  # like with like
    from_cache: bool | None = None  # the warm start really found its cache
    facts: int = 0  # fact records in the base


# -- inside a measuring process ---------------------------------------------------------
def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB.

    Linux's `ru_maxrss` survives `exec`: a child started by a big parent reports
    the parent's size. The kernel's own high-water mark (VmHWM) is the child's alone.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes there, KiB here


def start(root: Path, mode: str) -> Engine:
    """Start an engine the way `mode` says; the caller times it."""
    if mode == FULL_SCAN:
        from bot.validate import check

        result, problems = check(root)
        if problems or result.kb is None:
            raise KnowledgeBaseError(problems)
        return Engine(result.kb, full_scan=True)
    if mode == PROJECT_COLD:
        cache.clear(root)
    return cache.load_engine(root)


def is_correct(question: Question, kind: str, intent: str | None, entities: Sequence[str]) -> bool:
    from bot.reply import UNDERSTOOD

    if question.intent is None:
        return kind not in UNDERSTOOD
    right = kind in UNDERSTOOD and intent == question.intent
    return right and (question.entity is None or question.entity in entities)


def measure(root: Path, mode: str, questions: Sequence[Question]) -> Measure:
    # Whether the warm start can find its cache: not so if any engine module changed
    # since the cold start saved it (someone editing the code while `bench` runs).
    from_cache = mode == PROJECT and cache.cache_file(root, content_digest(root)).is_file()
    began = time.perf_counter()
    engine = start(root, mode)
    startup = time.perf_counter() - began
    for text in WARM_UP if questions else ():
        engine.answer(text, Conversation())
    times, answers, correct = [], [], []
    for question in questions:
        conversation = Conversation()
        began_ns = time.perf_counter_ns()
        reply = engine.answer(question.text, conversation)
        times.append((time.perf_counter_ns() - began_ns) / 1e6)
        answers.append((reply.kind, reply.intent))
        correct.append(is_correct(question, reply.kind, reply.intent, reply.entities))
    facts = sum(len(records) for entity in engine.kb.entities.values() for records in entity.facts.values())
    return Measure(len(engine.phrasings), startup, peak_rss_mb(), from_cache, tuple(times), tuple(answers),
                   tuple(correct), tuple(q.intent is not None for q in questions), facts)


def child_main(argv: Sequence[str]) -> int:
    """`python -m bot.bench MODE ROOT QUESTIONS_FILE COUNT`: one measurement, as JSON."""
    mode, root, questions_file, count = argv
    questions = read_questions(Path(questions_file))[: int(count)]
    try:
        result = measure(Path(root), mode, questions)
    except KnowledgeBaseError as error:
        for problem in error.problems[:20]:
            print(problem, file=sys.stderr)
        return EXIT_INVALID_KB
    print(json.dumps(asdict(result)))
    return 0


# -- questions ------------------------------------------------------------------------------
def write_questions(path: Path, questions: Sequence[Question]) -> None:
    path.write_text(json.dumps([asdict(q) for q in questions]), encoding="utf-8")


def read_questions(path: Path) -> list[Question]:
    return [Question(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def real_questions(root: Path) -> list[Question]:
    """The labelled single questions of `tests/eval` (follow-ups need a conversation)."""
    from bot.evaluate import load_cases

    folder = root / "tests" / "eval"
    if not folder.is_dir():
        return []
    return [Question(c.question, c.intent, c.entity) for c in load_cases(folder) if c.conversation is None]


# -- the parent: run the processes, gather the rows -------------------------------------------
def run_child(mode: str, root: Path, questions_file: Path, count: int) -> Measure:
    command = [sys.executable, "-m", "bot.bench", mode, str(root), str(questions_file), str(count)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=cache.PACKAGE_DIR.parent)
    if done.returncode == EXIT_INVALID_KB:
        raise KnowledgeBaseError([])
    if done.returncode != 0:
        raise BenchError(f"{mode} on {root} failed:\n{done.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return Measure(
        phrasings=int(data["phrasings"]), startup_s=float(data["startup_s"]),
        peak_rss_mb=float(data["peak_rss_mb"]), from_cache=bool(data["from_cache"]),
        times_ms=tuple(data["times_ms"]),
        answers=tuple((kind, intent) for kind, intent in data["answers"]),
        correct=tuple(data["correct"]), in_scope=tuple(data["in_scope"]), facts=int(data.get("facts", 0)),
    )


def full_scan_questions(phrasings: int, available: int) -> int:
    return min(available, max(FULL_SCAN_MIN_QUESTIONS, FULL_SCAN_WORK // max(1, phrasings)))


def share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 1.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else 0.0


def make_row(base: str, matcher: str, run: Measure, *, cold: Measure | None = None,
             reference: Measure | None = None) -> Row:
    scope = [c for c, s in zip(run.correct, run.in_scope, strict=True) if s]
    unrelated = [c for c, s in zip(run.correct, run.in_scope, strict=True) if not s]
    agreement = same_questions = None
    if reference is not None:
        pairs = zip(run.answers, reference.answers, strict=False)
        agreement = round(share([mine == theirs for mine, theirs in pairs]), 4)
        same_questions = round(share(run.correct[: len(reference.correct)]), 4)
    return Row(
        phrasings=run.phrasings, matcher=matcher,
        p50_ms=round(statistics.median(run.times_ms), 4) if run.times_ms else 0.0,
        p99_ms=round(percentile(run.times_ms, 0.99), 4),
        accuracy=round(share(run.correct), 4), startup_s=round(run.startup_s, 3),
        peak_rss_mb=round(run.peak_rss_mb, 1), base=base, questions=len(run.times_ms),
        in_scope_accuracy=round(share(scope), 4), rejection=round(share(unrelated), 4),
        startup_cold_s=round(cold.startup_s, 3) if cold else None,
        peak_rss_cold_mb=round(cold.peak_rss_mb, 1) if cold else None,
        agreement=agreement, accuracy_on_full_scan_questions=same_questions,
        from_cache=run.from_cache if matcher == PROJECT else None, facts=run.facts,
    )


def bench_base(base: str, label: str, root: Path, questions_file: Path, count: int,
               progress: bool) -> tuple[Row, Row]:
    """Project (cold, then from the cache) and full scan on one knowledge base."""
    note(progress, f"{label}: project matcher, cold start ...")
    cold = run_child(PROJECT_COLD, root, questions_file, 0)
    note(progress, f"{label}: project matcher, {count} questions ...")
    project = run_child(PROJECT, root, questions_file, count)
    scan_count = full_scan_questions(project.phrasings, count)
    note(progress, f"{label}: full scan, {scan_count} questions ...")
    scan = run_child(FULL_SCAN, root, questions_file, scan_count)
    return make_row(base, PROJECT, project, cold=cold, reference=scan), make_row(base, FULL_SCAN, scan)


def sizes_from(text: str | None) -> list[str]:
    """`--sizes 1000,10000` -> ["1000", "10000"]; no option: the real base and the defaults."""
    if not text:
        return [REAL, *map(str, DEFAULT_SIZES), *FACT_SIZES]
    sizes = [part.strip().lower() for part in text.split(",") if part.strip()]
    for size in sizes:
        number = size.removesuffix(FACTS_SUFFIX)
        if size != REAL and (not number.isdigit() or int(number) <= 0):
            raise BenchError(f"--sizes: '{size}' is not a number of phrasings, N{FACTS_SUFFIX} or '{REAL}'")
    return sizes


def bench_real(settings: Settings, folder: Path, progress: bool) -> tuple[Row, ...]:
    """The project's own knowledge base, asked the labelled questions of tests/eval."""
    questions = real_questions(settings.root)
    if not questions:
        note(True, "real knowledge base: skipped, no questions in tests/eval")
        return ()
    write_questions(folder / "questions.json", questions)
    try:
        return bench_base(REAL, "real knowledge base", settings.root, folder / "questions.json",
                          len(questions), progress)
    except KnowledgeBaseError:
        note(True, "real knowledge base: skipped, it does not validate (python -m bot validate)")
        return ()


def bench_synthetic(size: str, folder: Path, progress: bool) -> tuple[Row, ...]:
    facts = int(size.removesuffix(FACTS_SUFFIX)) if size.endswith(FACTS_SUFFIX) else 0
    phrasings = FACT_BASE_PHRASINGS if facts else int(size)
    label = f"{phrasings:,} phrasings" + (f" and {facts:,} facts" if facts else "")
    note(progress, f"{label}: writing a synthetic knowledge base ...")
    base = synthetic.write_base(folder / "kb", phrasings, facts=facts)
    write_questions(folder / "questions.json", synthetic.questions(base, QUESTIONS))
    return bench_base("synthetic", label, folder / "kb", folder / "questions.json", QUESTIONS, progress)


def run_sizes(sizes: Sequence[str], settings: Settings, *, progress: bool) -> Iterator[Row]:
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="cfsp-bench-") as folder:
            if size == REAL:
                yield from bench_real(settings, Path(folder), progress)
            else:
                yield from bench_synthetic(size, Path(folder), progress)


def note(show: bool, text: str) -> None:
    if show:
        print(text, file=sys.stderr, flush=True)


# -- output -----------------------------------------------------------------------------
HEADER = ("phrasings, facts", "matcher", "questions", "p50 ms", "p99 ms", "accuracy", "in scope", "rejected",
          "agrees", "acc. same Qs", "start-up s", "peak RSS MB")
LEGEND = """\
project = the bot's engine: indexed matcher, started from its cache (cold: without it; (!) cache missed).
full-scan = the same engine scoring every phrasing, started without a cache, asked fewer questions.
accuracy = questions handled right (in scope: answered with their intent; rejected: unrelated ones
declined). agrees, acc. same Qs = the project's replies, and accuracy, on the full scan's questions.
Time per question: Engine.answer end to end, in process, one core. Memory: each process's peak RSS."""


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _and_cold(warm: str, cold: str | None) -> str:
    return warm if cold is None else f"{warm} ({cold} cold)"


def table_line(r: Row) -> list[str]:
    startup = f"{r.startup_s:.2f}" + (" (!)" if r.from_cache is False else "")
    return [
        f"{r.phrasings:,}" + (" (real)" if r.base == REAL else "") + f", {r.facts:,} facts",
        r.matcher, str(r.questions),
        f"{r.p50_ms:.3f}", f"{r.p99_ms:.3f}", _percent(r.accuracy), _percent(r.in_scope_accuracy),
        _percent(r.rejection), _percent(r.agreement), _percent(r.accuracy_on_full_scan_questions),
        _and_cold(startup, None if r.startup_cold_s is None else f"{r.startup_cold_s:.2f}"),
        _and_cold(f"{r.peak_rss_mb:.0f}", None if r.peak_rss_cold_mb is None else f"{r.peak_rss_cold_mb:.0f}"),
    ]


def table(rows: Sequence[Row]) -> str:
    """The human-readable report: one line per base and matcher."""
    lines = [list(HEADER), *map(table_line, rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = ["  ".join(cell.ljust(w) if i == 1 else cell.rjust(w)
                     for i, (cell, w) in enumerate(zip(line, widths, strict=True))) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def cli_bench(args: argparse.Namespace, settings: Settings) -> int:
    """`python -m bot bench [--json] [--sizes 1000,10000,100000]`."""
    rows: list[Row] = []
    for row in run_sizes(sizes_from(getattr(args, "sizes", None)), settings, progress=not args.json):
        rows.append(row)
        if args.json:
            print(json.dumps(asdict(row)), flush=True)
    if not args.json:
        print(table(rows))
        print()
        print(LEGEND)
    return 0


if __name__ == "__main__":
    raise SystemExit(child_main(sys.argv[1:]))
