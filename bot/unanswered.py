"""What the bot could not answer, recorded for editors and grouped by similarity.

The console and the Telegram bot (never `ask` or `eval`) call
`UnansweredLog.record_reply` after each answer; `python -m bot unanswered` and the
Telegram `/stats` command read `UnansweredLog.groups`. One SQLite file in WAL mode, so
many writers (threads, or the console and the bot at once) wait their turn instead of
failing. Only the question, the time, the kind of reply and the best candidate intent
with its score are stored: never a user id or a chat id.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from rapidfuzz import fuzz, process

from bot.config import Settings
from bot.engine import Engine
from bot.errors import BotError
from bot.normalize import normalize
from bot.reply import AMBIGUOUS, MISSING_FACT, OUT_OF_SCOPE, TOO_LONG, UNCLEAR, Reply

logger = logging.getLogger(__name__)

# Replies worth an editor's look whatever their confidence: the fallbacks, and a
# MISSING_FACT (the bot understood, but the knowledge base has no sourced answer yet).
RECORDED_KINDS = frozenset({OUT_OF_SCOPE, UNCLEAR, AMBIGUOUS, TOO_LONG, MISSING_FACT})
# Answers below this confidence are recorded too: the bot answered, but on a weak
# match. On the evaluation set (tests/eval, November 2026) 17-48% of the answers in
# each 0.05 band below 0.80 are wrong, and 2-7% from 0.80 up; a cut at 0.80 catches 57
# of the 70 wrong answers, while 0.85 would record 43 more answers for 3 more wrong ones.
LOW_CONFIDENCE = 0.80
# Two normalised questions this similar (rapidfuzz token_sort_ratio, 0-100) are one
# group: 88 joins a typo or a changed word ("who heads eulex" / "who leads eulex": 93)
# but keeps apart the same question about different things, which may need different
# edits ("when was eulex launched" / "when was althea launched": 85; "what is nato" /
# "what is osce": 75).
GROUP_SIMILARITY = 88
# A TOO_LONG question may be a pasted document; its start says enough.
MAX_STORED_CHARS = 1000
# How long a writer waits for another to finish before giving up on one record.
BUSY_TIMEOUT_S = 10.0
# How often, and after how long a pause, a write refused at once as "locked" is tried again.
LOCKED_RETRIES = 5
LOCKED_PAUSE_S = 0.05
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # UTC; sorts as text, so SQLite compares it directly

SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    intent TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_asked_at ON unanswered (asked_at);
"""

Nearest = Callable[[str], tuple[str | None, float]]


@dataclass(frozen=True)
class Entry:
    """One recorded question."""

    asked_at: str
    question: str
    intent: str | None
    score: float


@dataclass(frozen=True)
class UnansweredGroup:
    """Similar unanswered questions, with the intent nearest to them."""

    example: str
    count: int
    questions: tuple[str, ...]
    nearest_intent: str | None
    best_score: float
    last_seen: str


def should_record(question: str, reply: Reply) -> bool:
    """True for fallbacks, missing facts and low-confidence answers to a non-blank question."""
    if not question.strip():
        return False
    return reply.kind in RECORDED_KINDS or reply.confidence < LOW_CONFIDENCE


def nearest_candidate(reply: Reply) -> tuple[str | None, float]:
    """The best candidate intent the reply reveals, and its score.

    An ambiguous reply offers its two best candidates, best first. Out-of-scope and
    unclear replies offer the default suggestions, which are not candidates: their
    intent stays unknown here and is looked up when the groups are listed.
    """
    if reply.intent is not None:
        return reply.intent, reply.confidence
    if reply.kind == AMBIGUOUS and reply.suggestions:
        return reply.suggestions[0].intent, reply.confidence
    return None, reply.confidence


def engine_nearest(engine: Engine) -> Nearest:
    """A lookup of the intent nearest to a question in the current knowledge base."""

    def nearest(question: str) -> tuple[str | None, float]:
        ranked = engine.rank(engine.understand(question), None)
        if not ranked or ranked[0].score <= 0.0:  # nothing in common: no intent is nearer than another
            return None, 0.0
        return ranked[0].intent, ranked[0].score

    return nearest


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _storable(question: str) -> str:
    """The question as SQLite can store it: valid UTF-8, bounded length."""
    text = question.strip().encode("utf-8", errors="replace").decode("utf-8")
    return text if len(text) <= MAX_STORED_CHARS else text[: MAX_STORED_CHARS - 1] + "…"


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database: WAL mode, busy timeout, the table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                 check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


class UnansweredLog:
    """The recorded unanswered questions in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path, *, enabled: bool = True,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        self.path = Path(path)
        self.enabled = enabled
        self._clock = clock
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._warned = False

    # -- writing -------------------------------------------------------------------
    def record_reply(self, question: str, reply: Reply) -> None:
        """Record the question if the reply shows the bot could not answer it well. Never raises."""
        try:
            if not self.enabled or not should_record(question, reply):
                return
            intent, score = nearest_candidate(reply)
            row = (self._clock().strftime(TIME_FORMAT), _storable(question), reply.kind, intent, float(score))
            self._insert(row)
        except Exception as error:  # recording is a help for editors; answering must go on
            self._failed(error)

    def _insert(self, row: tuple[str, str, str, str | None, float]) -> None:
        """One row, tried again when another connection was switching the file to WAL: SQLite
        can answer "database is locked" at once then, without waiting for its busy timeout."""
        for attempt in range(LOCKED_RETRIES + 1):
            try:
                with self._lock:
                    self._connect().execute(
                        "INSERT INTO unanswered (asked_at, question, kind, intent, score) VALUES (?, ?, ?, ?, ?)",
                        row)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == LOCKED_RETRIES:
                    raise
                time.sleep(LOCKED_PAUSE_S * (attempt + 1))

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = open_database(self.path)
        return self._connection

    def _failed(self, error: Exception) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()  # open afresh next time: the file may be back
                self._connection = None
            first, self._warned = not self._warned, True
        if first:
            logger.warning("cannot record unanswered questions in %s (%s: %s); the bot goes on "
                           "answering without recording", self.path, type(error).__name__, error)
        else:
            logger.debug("still cannot record in %s: %s", self.path, error)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # -- reading ---------------------------------------------------------------------
    def entries(self, *, days: float | None = None) -> list[Entry]:
        """Recorded questions, oldest first; only the last `days` days if given.

        An absent database has no entries (and is not created); one that exists but
        cannot be read raises BotError.
        """
        if not self.path.exists():
            return []
        since = "" if days is None else (self._clock() - timedelta(days=days)).strftime(TIME_FORMAT)
        try:
            with self._lock:
                rows = self._connect().execute(
                    "SELECT asked_at, question, intent, score FROM unanswered WHERE asked_at >= ? "
                    "ORDER BY asked_at, id", (since,)).fetchall()
        except (sqlite3.Error, OSError) as error:
            raise BotError(f"cannot read the unanswered questions in {self.path}: {error}") from None
        return [Entry(str(a), str(q), None if i is None else str(i), float(s)) for a, q, i, s in rows]

    def groups(self, *, days: float | None = None, limit: int = 50,
               nearest: Nearest | None = None) -> list[UnansweredGroup]:
        """Similar questions grouped, most asked first (then most recent).

        `nearest` (see `engine_nearest`) fills in the nearest intent of groups whose
        replies did not reveal one, such as out-of-scope questions.
        """
        found = group_entries(self.entries(days=days), limit=limit)
        if nearest is None:
            return found
        return [_with_nearest(g, nearest) for g in found]


# -- grouping ---------------------------------------------------------------------------
@dataclass
class _Bucket:
    """Questions gathered into one group so far."""

    key: str
    spellings: dict[str, Counter[str]] = field(default_factory=dict)  # normalised -> raw texts
    entries: list[Entry] = field(default_factory=list)

    def add(self, normalised: str, entries: Sequence[Entry]) -> None:
        self.spellings.setdefault(normalised, Counter()).update(e.question for e in entries)
        self.entries.extend(entries)

    def group(self) -> UnansweredGroup:
        forms = sorted(self.spellings.values(), key=lambda c: (-c.total(), _commonest(c)))
        questions = tuple(_commonest(c) for c in forms)
        scored = [e for e in self.entries if e.intent is not None]
        best = max(scored, key=lambda e: e.score) if scored else None
        return UnansweredGroup(
            example=questions[0],
            count=len(self.entries),
            questions=questions,
            nearest_intent=best.intent if best else None,
            best_score=max(e.score for e in self.entries),
            last_seen=max(e.asked_at for e in self.entries),
        )


def _commonest(spellings: Counter[str]) -> str:
    """The spelling asked most often; the alphabetically first among equals."""
    return min(spellings, key=lambda text: (-spellings[text], text))


def group_entries(entries: Iterable[Entry], *, limit: int = 50) -> list[UnansweredGroup]:
    """Group entries whose normalised questions are similar; most asked groups first."""
    by_form: dict[str, list[Entry]] = {}
    for entry in entries:
        by_form.setdefault(normalize(entry.question), []).append(entry)
    buckets: list[_Bucket] = []
    for form in sorted(by_form, key=lambda f: (-len(by_form[f]), f)):
        bucket = _similar_bucket(form, buckets)
        if bucket is None:
            bucket = _Bucket(form)
            buckets.append(bucket)
        bucket.add(form, by_form[form])
    groups = sorted((bucket.group() for bucket in buckets), key=lambda g: g.example)
    groups.sort(key=lambda g: g.last_seen, reverse=True)  # stable: equal counts, most recent first
    groups.sort(key=lambda g: g.count, reverse=True)
    return groups[: max(0, limit)]


def _similar_bucket(form: str, buckets: Sequence[_Bucket]) -> _Bucket | None:
    if not form or not buckets:
        return None
    match = process.extractOne(form, [b.key for b in buckets], scorer=fuzz.token_sort_ratio,
                               score_cutoff=GROUP_SIMILARITY)
    return buckets[match[2]] if match else None


def _with_nearest(group: UnansweredGroup, nearest: Nearest) -> UnansweredGroup:
    if group.nearest_intent is not None:
        return group
    intent, score = nearest(group.example)
    return UnansweredGroup(group.example, group.count, group.questions, intent, score, group.last_seen)


# -- the command ------------------------------------------------------------------------
CSV_HEADER = ("count", "example", "nearest_intent", "best_score", "last_seen", "questions")


def write_csv(groups: Sequence[UnansweredGroup], out: TextIO) -> None:
    """Groups as CSV with a header; a group's questions joined by ' | '."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for g in groups:
        writer.writerow((g.count, g.example, g.nearest_intent or "", f"{g.best_score:.2f}",
                         g.last_seen, " | ".join(g.questions)))


def _window(days: float | None) -> str:
    return "" if days is None else f" in the last {days:g} days"


def format_groups(groups: Sequence[UnansweredGroup], *, days: float | None = None) -> str:
    """Groups as an editor reads them: count, example, nearest intent, other wordings."""
    if not groups:
        return f"No unanswered questions recorded{_window(days)}."
    total = sum(g.count for g in groups)
    lines = [f"Unanswered questions{_window(days)}: {total} in {len(groups)} groups, most asked first.", ""]
    for g in groups:
        nearest = f"{g.nearest_intent} ({g.best_score:.2f})" if g.nearest_intent else "none"
        lines.append(f"{g.count:5d}  {g.example}")
        when = g.last_seen.replace("T", " ").replace("Z", " UTC")
        lines.append(f"       nearest intent: {nearest}; last asked {when}")
        others = [f'"{q}"' for q in g.questions[1:6]]
        if others:
            more = f" and {len(g.questions) - 6} more" if len(g.questions) > 6 else ""
            lines.append(f"       also asked as: {', '.join(others)}{more}")
    return "\n".join(lines)


def cli_unanswered(args: argparse.Namespace, settings: Settings, engine: Engine | None = None) -> int:
    """`python -m bot unanswered [--days N] [--csv] [--limit N]`."""
    log = UnansweredLog(settings.db_path, enabled=False)
    try:
        groups = log.groups(days=args.days, limit=args.limit,
                            nearest=engine_nearest(engine) if engine is not None else None)
    finally:
        log.close()
    if args.csv:
        write_csv(groups, sys.stdout)
        if not groups:
            print(format_groups(groups, days=args.days), file=sys.stderr)
    else:
        print(format_groups(groups, days=args.days))
    return 0
