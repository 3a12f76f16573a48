"""Recording what the bot could not answer, grouping it, and `python -m bot unanswered`."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from kbfactory import tiny_engine, write_kb

from bot import unanswered
from bot.cli import main
from bot.console import Console
from bot.errors import BotError
from bot.reply import (
    AMBIGUOUS,
    ANSWER,
    MISSING_FACT,
    NEED_ENTITY,
    OUT_OF_SCOPE,
    SMALLTALK,
    TOO_LONG,
    UNCLEAR,
    Reply,
    Suggestion,
)
from bot.unanswered import LOW_CONFIDENCE, UnansweredGroup, UnansweredLog, group_entries

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
MakeLog = Callable[..., UnansweredLog]
OFFERED = (Suggestion("Which EU missions are active?", "missions.active"),)


def fallback(kind: str, confidence: float = 0.3) -> Reply:
    return Reply("fallback text", kind, None, confidence, OFFERED)


def answer(confidence: float, intent: str = "mission.launched", kind: str = ANSWER) -> Reply:
    return Reply("an answer", kind, intent, confidence)


def rows(path: Path) -> list[tuple[str, str, str | None, float]]:
    with sqlite3.connect(path) as connection:
        cursor = connection.execute("SELECT question, kind, intent, score FROM unanswered ORDER BY id")
        found = cursor.fetchall()
    connection.close()
    return [(str(q), str(k), i, float(s)) for q, k, i, s in found]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "unanswered.sqlite3"


@pytest.fixture
def open_log(db: Path) -> Iterator[MakeLog]:
    """Make logs on the test's database; all closed at the end."""
    made: list[UnansweredLog] = []

    def make(path: Path = db, *, enabled: bool = True,
             clock: Callable[[], datetime] | None = None) -> UnansweredLog:
        log = UnansweredLog(path, enabled=enabled, clock=clock or (lambda: datetime.now(UTC)))
        made.append(log)
        return log

    yield make
    for log in made:
        log.close()


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


# -- what is recorded ------------------------------------------------------------------------
@pytest.mark.parametrize("reply", [
    fallback(OUT_OF_SCOPE), fallback(UNCLEAR, 0.0), fallback(TOO_LONG, 0.0), fallback(AMBIGUOUS, 0.9),
    answer(0.9, kind=MISSING_FACT), answer(LOW_CONFIDENCE - 0.01), answer(0.76, "smalltalk.greet", SMALLTALK),
    answer(0.7, kind=NEED_ENTITY),
], ids=lambda r: f"{r.kind}@{r.confidence:.2f}")
def test_records_fallbacks_missing_facts_and_low_confidence(open_log: MakeLog,
                                                            db: Path, reply: Reply) -> None:
    open_log().record_reply("who commands althea", reply)
    assert [(q, k) for q, k, _, _ in rows(db)] == [("who commands althea", reply.kind)]


@pytest.mark.parametrize("reply", [
    answer(1.0), answer(LOW_CONFIDENCE), answer(0.95, "smalltalk.greet", SMALLTALK),
    answer(1.0, kind=NEED_ENTITY),
], ids=lambda r: f"{r.kind}@{r.confidence:.2f}")
def test_confident_answers_are_not_recorded(open_log: MakeLog, db: Path,
                                            reply: Reply) -> None:
    log = open_log()
    log.record_reply("when was eulex launched", reply)
    log.record_reply("anything", fallback(OUT_OF_SCOPE))  # so that the database exists
    assert [q for q, _, _, _ in rows(db)] == ["anything"]


def test_blank_questions_are_not_recorded(open_log: MakeLog, db: Path) -> None:
    log = open_log()
    for blank in ("", "   ", "\n"):
        log.record_reply(blank, fallback(UNCLEAR, 0.0))
    assert not db.exists()


def test_disabled_log_records_nothing_and_creates_no_file(open_log: MakeLog,
                                                          db: Path) -> None:
    open_log(enabled=False).record_reply("what is the weather", fallback(OUT_OF_SCOPE))
    assert not db.exists()


def test_stores_the_time_and_the_best_candidate_with_its_score(open_log: MakeLog,
                                                                db: Path) -> None:
    log = open_log(clock=at(NOW))
    log.record_reply("when did it start", answer(0.75, "mission.launched"))
    ambiguous = Reply("which?", AMBIGUOUS, None, 0.86,
                      (Suggestion("What is the mandate of EULEX?", "mission.mandate"),
                       Suggestion("Tell me about EULEX", "mission.overview")))
    log.record_reply("mandate of eulex", ambiguous)
    log.record_reply("weather in paris", fallback(OUT_OF_SCOPE, 0.39))
    assert rows(db) == [
        ("when did it start", ANSWER, "mission.launched", 0.75),
        ("mandate of eulex", AMBIGUOUS, "mission.mandate", 0.86),
        # The default suggestions of a fallback are not candidates: no intent is invented.
        ("weather in paris", OUT_OF_SCOPE, None, 0.39),
    ]
    with sqlite3.connect(db) as connection:
        times = connection.execute("SELECT DISTINCT asked_at FROM unanswered").fetchall()
    assert times == [("2025-06-01T12:00:00Z",)]
    connection.close()


def test_no_user_or_chat_id_is_stored(open_log: MakeLog, db: Path) -> None:
    open_log().record_reply("weather in paris", fallback(OUT_OF_SCOPE))
    with sqlite3.connect(db) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(unanswered)")}
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    assert tables == {"unanswered"}
    assert columns == {"id", "asked_at", "question", "kind", "intent", "score"}
    assert not any(word in column for column in columns for word in ("user", "chat", "sender", "name"))


def test_long_and_undecodable_questions_are_stored_safely(open_log: MakeLog,
                                                          db: Path) -> None:
    log = open_log()
    log.record_reply("x" * 5000, fallback(TOO_LONG, 0.0))
    log.record_reply("bad \udcff byte", fallback(UNCLEAR, 0.0))  # a surrogate from undecodable input
    (long, _, _, _), (bad, _, _, _) = rows(db)
    assert len(long) == unanswered.MAX_STORED_CHARS and long.endswith("…")
    assert bad == "bad ? byte"


def test_database_is_in_wal_mode_with_parent_folders_created(open_log: MakeLog,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c.sqlite3"
    open_log(path).record_reply("weather in paris", fallback(OUT_OF_SCOPE))
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


# -- concurrency and failures ----------------------------------------------------------------
def test_concurrent_writers_lose_no_record(open_log: MakeLog, db: Path) -> None:
    shared = open_log()
    logs = [shared, shared, shared, open_log(), open_log(), open_log()]  # shared and separate connections
    per_thread = 60
    start = threading.Barrier(len(logs))

    def write(number: int, log: UnansweredLog) -> None:
        start.wait()
        for index in range(per_thread):
            log.record_reply(f"question {number}-{index}", fallback(OUT_OF_SCOPE))

    threads = [threading.Thread(target=write, args=(n, log)) for n, log in enumerate(logs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorded = [q for q, _, _, _ in rows(db)]
    assert len(recorded) == len(logs) * per_thread
    assert len(set(recorded)) == len(recorded)


async def test_writers_from_asyncio_to_thread_lose_no_record(open_log: MakeLog,
                                                             db: Path) -> None:
    log = open_log()
    await asyncio.gather(*(asyncio.to_thread(log.record_reply, f"question {n}", fallback(UNCLEAR, 0.0))
                           for n in range(100)))
    assert len(rows(db)) == 100


def test_unopenable_database_is_logged_once_and_never_raises(open_log: MakeLog,
                                                             tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    directory = tmp_path / "a-folder"
    directory.mkdir()
    log = open_log(directory)  # a folder where the file should be
    with caplog.at_level(logging.DEBUG, logger="bot.unanswered"):
        for index in range(5):
            log.record_reply(f"question {index}", fallback(OUT_OF_SCOPE))
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert str(directory) in warnings[0].getMessage()


def test_parent_that_is_a_file_is_logged_once(open_log: MakeLog, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    log = open_log(blocker / "unanswered.sqlite3")
    with caplog.at_level(logging.WARNING, logger="bot.unanswered"):
        log.record_reply("one", fallback(OUT_OF_SCOPE))
        log.record_reply("two", fallback(OUT_OF_SCOPE))
    assert len(caplog.records) == 1


def test_recording_resumes_once_the_path_works(open_log: MakeLog, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "later.sqlite3"
    path.mkdir()
    log = open_log(path)
    with caplog.at_level(logging.WARNING, logger="bot.unanswered"):
        log.record_reply("lost", fallback(OUT_OF_SCOPE))
    path.rmdir()
    log.record_reply("kept", fallback(OUT_OF_SCOPE))
    assert [q for q, _, _, _ in rows(path)] == ["kept"]


def test_reading_an_unreadable_database_raises_bot_error(open_log: MakeLog,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(BotError, match="cannot read"):
        open_log(path).groups()


# -- grouping --------------------------------------------------------------------------------
def record_all(log: UnansweredLog, questions: list[str], reply: Reply | None = None) -> None:
    for question in questions:
        log.record_reply(question, reply or fallback(OUT_OF_SCOPE))


def test_similar_questions_form_one_group_most_asked_first(open_log: MakeLog) -> None:
    log = open_log(clock=at(NOW))
    record_all(log, ["Who commands Althea?", "who commands althea", "who commanded althea",
                     "WHO COMMANDS ALTHEA", "what is the weather in paris",
                     "whats the weather in paris today?"])
    record_all(log, ["what is nato"])
    groups = log.groups()
    assert [(g.example, g.count) for g in groups] == [
        ("WHO COMMANDS ALTHEA", 4), ("what is the weather in paris", 2), ("what is nato", 1),
    ]
    assert groups[0].questions == ("WHO COMMANDS ALTHEA", "who commanded althea")
    assert groups[1].questions == ("what is the weather in paris", "whats the weather in paris today?")


def test_spellings_that_normalise_alike_count_as_one_question(open_log: MakeLog) -> None:
    record_all(open_log(), ["whats the weather in paris", "What is the weather in Paris?",
                            "what is the weather in paris", "What is the weather in Paris?"])
    (group,) = open_log().groups()
    assert (group.example, group.count, group.questions) == (
        "What is the weather in Paris?", 4, ("What is the weather in Paris?",))


def test_the_same_question_about_different_things_stays_apart() -> None:
    entries = [unanswered.Entry("2025-06-01T12:00:00Z", q, None, 0.5)
               for q in ("when was eulex launched", "when was althea launched",
                         "what is nato", "what is osce")]
    assert len(group_entries(entries)) == 4


def test_group_keeps_the_best_candidate_and_last_time(open_log: MakeLog) -> None:
    early = open_log(clock=at(NOW - timedelta(hours=2)))
    late = open_log(clock=at(NOW))
    early.record_reply("who leads eulex", answer(0.7, "mission.head"))
    late.record_reply("who heads eulex", fallback(OUT_OF_SCOPE, 0.5))
    late.record_reply("who leads eulex?", answer(0.75, "mission.overview"))
    (group,) = late.groups()
    assert group == UnansweredGroup(example="who leads eulex", count=3,
                                    questions=("who leads eulex", "who heads eulex"),
                                    nearest_intent="mission.overview", best_score=0.75,
                                    last_seen="2025-06-01T12:00:00Z")


def test_days_window_and_limit(open_log: MakeLog, db: Path) -> None:
    record_all(open_log(clock=at(NOW - timedelta(days=10))), ["old question about nato"] * 3)
    record_all(open_log(clock=at(NOW - timedelta(hours=1))), ["recent question about osce"])
    reader = open_log(clock=at(NOW))
    assert [g.example for g in reader.groups()] == ["old question about nato", "recent question about osce"]
    assert [g.example for g in reader.groups(days=7)] == ["recent question about osce"]
    assert [g.example for g in reader.groups(limit=1)] == ["old question about nato"]
    assert reader.groups(limit=0) == []


def test_equal_counts_list_the_most_recent_first(open_log: MakeLog) -> None:
    record_all(open_log(clock=at(NOW - timedelta(days=1))), ["an older question about nato"])
    record_all(open_log(clock=at(NOW)), ["a newer question about osce"])
    assert [g.example for g in open_log().groups()] == ["a newer question about osce",
                                                       "an older question about nato"]


def test_groups_of_a_missing_database_are_empty_and_create_nothing(open_log: MakeLog,
                                                                   db: Path) -> None:
    assert open_log().groups(days=3) == []
    assert not db.exists()


def test_nearest_intent_is_looked_up_for_fallbacks(open_log: MakeLog, tmp_path: Path) -> None:
    engine = tiny_engine(tmp_path / "kb")
    log = open_log()
    log.record_reply("when did eulex get launched exactly", fallback(OUT_OF_SCOPE, 0.7))
    log.record_reply("who leads eulex", answer(0.75, "mission.overview"))
    log.record_reply("qqq zzz", fallback(UNCLEAR, 0.0))
    by_example = {g.example: g for g in log.groups(nearest=unanswered.engine_nearest(engine))}
    assert by_example["when did eulex get launched exactly"].nearest_intent == "mission.launched"
    assert by_example["who leads eulex"].nearest_intent == "mission.overview"  # recorded, kept
    assert (by_example["qqq zzz"].nearest_intent, by_example["qqq zzz"].best_score) == (None, 0.0)


def test_console_records_what_it_could_not_answer(open_log: MakeLog, tmp_path: Path) -> None:
    engine = tiny_engine(tmp_path / "kb")
    log = open_log()
    console = Console(lambda: engine, out=io.StringIO(), interactive=False, recorder=log.record_reply)
    # Exact phrasings: an answer (not recorded), a missing fact (Althea has no mandate).
    for line in ("what is eulex", "what is the mandate of althea", "what is the weather in paris",
                 "asdkjh qwe"):
        console.handle(line)
    assert sorted(g.example for g in log.groups()) == ["asdkjh qwe", "what is the mandate of althea",
                                                       "what is the weather in paris"]


# -- the command -----------------------------------------------------------------------------
@pytest.fixture
def cli_env(tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny knowledge base, BOT_DB_PATH set, and no .env of the project in the way."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_DB_PATH", str(db))
    monkeypatch.delenv("BOT_RECORD_UNANSWERED", raising=False)
    return write_kb(tmp_path / "kb")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_says_so_when_nothing_is_recorded(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "unanswered", "--root", str(cli_env))
    assert code == 0
    assert out.strip() == "No unanswered questions recorded."
    code, out, _ = run(capsys, "unanswered", "--root", str(cli_env), "--days", "7")
    assert out.strip() == "No unanswered questions recorded in the last 7 days."


def test_cli_lists_groups_most_asked_first(cli_env: Path, db: Path, open_log: MakeLog,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = open_log()
    record_all(log, ["what is the weather in paris"])
    record_all(log, ["when did eulex get launched exactly"] * 3)
    code, out, _ = run(capsys, "unanswered", "--root", str(cli_env))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Unanswered questions: 4 in 2 groups, most asked first."
    first = lines.index("    3  when did eulex get launched exactly")
    second = lines.index("    1  what is the weather in paris")
    assert first < second
    assert "nearest intent: mission.launched" in lines[first + 1]


def test_cli_csv_has_a_header_and_one_row_per_group(cli_env: Path, open_log: MakeLog,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    log = open_log()
    record_all(log, ["who commands althea", "Who commands Althea?", 'who commands "Althea", now'],
               answer(0.75, "mission.overview"))
    code, out, _ = run(capsys, "unanswered", "--root", str(cli_env), "--csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == list(unanswered.CSV_HEADER)
    assert len(table) == 1
    assert table[0]["count"] == "3"
    assert table[0]["nearest_intent"] == "mission.overview"
    assert table[0]["questions"].split(" | ") == ["Who commands Althea?", 'who commands "Althea", now']


def test_cli_csv_with_nothing_recorded_is_just_the_header(cli_env: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "unanswered", "--root", str(cli_env), "--csv")
    assert (code, out) == (0, ",".join(unanswered.CSV_HEADER) + "\n")
    assert "No unanswered questions" in err


def test_cli_days_and_limit(cli_env: Path, open_log: MakeLog,
                            capsys: pytest.CaptureFixture[str]) -> None:
    month_ago = datetime.now(UTC) - timedelta(days=30)
    record_all(open_log(clock=at(month_ago)), ["an old question on nato"] * 2)
    record_all(open_log(), ["a new question on osce"])
    _, out, _ = run(capsys, "unanswered", "--root", str(cli_env), "--days", "1", "--csv")
    assert [r["example"] for r in csv.DictReader(io.StringIO(out))] == ["a new question on osce"]
    _, out, _ = run(capsys, "unanswered", "--root", str(cli_env), "--limit", "1", "--csv")
    assert [r["example"] for r in csv.DictReader(io.StringIO(out))] == ["an old question on nato"]


def test_ask_and_eval_record_nothing(cli_env: Path, db: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text('questions:\n  - {q: "what is the weather", intent: null}\n', encoding="utf-8")
    assert run(capsys, "ask", "--root", str(cli_env), "what is the weather in paris")[0] == 0
    assert run(capsys, "eval", "--root", str(cli_env), str(cases))[0] == 0
    assert not db.exists()


def test_recorder_follows_the_setting(cli_env: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import _recorder
    from bot.config import load_settings

    monkeypatch.setenv("BOT_RECORD_UNANSWERED", "0")
    assert _recorder(load_settings(root=cli_env)) is None
    monkeypatch.setenv("BOT_RECORD_UNANSWERED", "1")
    record = _recorder(load_settings(root=cli_env))
    assert record is not None
    try:
        record("what is the weather in paris", fallback(OUT_OF_SCOPE))
    finally:
        record.__self__.close()  # type: ignore[attr-defined]
    assert [q for q, _, _, _ in rows(db)] == ["what is the weather in paris"]
