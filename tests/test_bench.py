"""`bot bench` and its synthetic knowledge bases. Shapes and sense only: a benchmark
measures, it is not a timed test, so nothing here asserts on speed."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from bot import bench, synthetic
from bot.config import load_settings
from bot.errors import BotError
from bot.validate import check

CONTRACT = {"phrasings": int, "matcher": str, "p50_ms": float, "p99_ms": float, "accuracy": float,
            "startup_s": float, "peak_rss_mb": float}


def test_bench_json_prints_one_contract_line_per_size_and_matcher(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench, "QUESTIONS", 40)  # the shape, not the numbers
    settings = load_settings(root=tmp_path)
    assert bench.cli_bench(argparse.Namespace(json=True, sizes="200"), settings) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["phrasings"], r["matcher"]) for r in rows] == [(200, "project"), (200, "full-scan")]
    for row in rows:
        for key, kind in CONTRACT.items():
            assert isinstance(row[key], kind), key
        assert 0.0 <= row["accuracy"] <= 1.0
        assert 0.0 <= row["p50_ms"] <= row["p99_ms"]
        assert row["startup_s"] > 0 and row["peak_rss_mb"] > 0
        assert row["questions"] == 40
    assert rows[0]["agreement"] is not None and rows[0]["startup_cold_s"] is not None
    assert rows[0]["from_cache"] is True and rows[1]["from_cache"] is None


def test_table_has_a_line_per_row() -> None:
    row = bench.Row(phrasings=1000, matcher="project", p50_ms=0.4, p99_ms=1.2, accuracy=0.99,
                    startup_s=0.1, peak_rss_mb=40.0, base="synthetic", questions=10,
                    in_scope_accuracy=0.98, rejection=1.0, startup_cold_s=2.0, peak_rss_cold_mb=60.0,
                    agreement=1.0)
    lines = bench.table([row, row]).splitlines()
    assert len(lines) == 4 and "p50 ms" in lines[0] and "1,000" in lines[2] and "(2.00 cold)" in lines[2]


@pytest.mark.parametrize(("text", "sizes"), [
    (None, ["real", "1000", "10000", "100000", "10000facts"]),
    ("1000, 10000", ["1000", "10000"]),
    ("10000facts", ["10000facts"]),
    ("real,200", ["real", "200"]),
])
def test_sizes(text: str | None, sizes: list[str]) -> None:
    assert bench.sizes_from(text) == sizes


@pytest.mark.parametrize("text", ["ten", "0", "-5", "1e3", "facts", "0facts"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(BotError):
        bench.sizes_from(text)


def test_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.99) == 99.0
    assert bench.percentile(values, 0.5) == 50.0
    assert bench.percentile([3.0], 0.99) == 3.0


def test_full_scan_question_count_shrinks_with_size() -> None:
    assert bench.full_scan_questions(1_000, 2_000) == 2_000
    assert bench.full_scan_questions(100_000, 2_000) == bench.FULL_SCAN_MIN_QUESTIONS


def test_questions_round_trip(tmp_path: Path) -> None:
    questions = [synthetic.Question("what is eulex", "mission.overview", "eulex"),
                 synthetic.Question("weather?", None)]
    bench.write_questions(tmp_path / "q.json", questions)
    assert bench.read_questions(tmp_path / "q.json") == questions


# -- the synthetic bases ---------------------------------------------------------------
@pytest.mark.parametrize("size", [1, 9, 10, 11, 250])
def test_synthetic_base_has_exactly_the_phrasings_asked_and_validates(tmp_path: Path, size: int) -> None:
    synthetic.write_base(tmp_path, size)
    result, problems = check(tmp_path)
    assert problems == [] and result.kb is not None
    assert sum(len(i.examples) for i in result.kb.intents.values()) == size


def test_synthetic_base_is_the_same_every_time(tmp_path: Path) -> None:
    synthetic.write_base(tmp_path / "a", 300)
    synthetic.write_base(tmp_path / "b", 300)
    for file in sorted((tmp_path / "a").rglob("*.yaml")):
        twin = tmp_path / "b" / file.relative_to(tmp_path / "a")
        assert file.read_bytes() == twin.read_bytes()


def test_synthetic_base_has_slots_and_distinct_phrasings() -> None:
    intents = synthetic.make_intents(2_000, random.Random(1))
    examples = [e for i in intents for e in i.examples]
    assert len(examples) == len(set(examples)) == 2_000
    assert any(i.slot for i in intents) and not all(i.slot for i in intents)
    assert all(("{mission}" in e) == i.slot for i in intents for e in i.examples)


def test_questions_mix_perturbed_phrasings_and_unrelated_ones(tmp_path: Path) -> None:
    base = synthetic.write_base(tmp_path, 500)
    questions = synthetic.questions(base, 400)
    examples = {e for i in base.intents for e in i.examples}
    related = [q for q in questions if q.intent is not None]
    unrelated = [q for q in questions if q.intent is None]
    assert 40 < len(unrelated) < 130
    assert sum(q.text in examples for q in related) < len(related) // 10  # nearly all perturbed
    assert not any("{mission}" in q.text for q in questions)


def test_typo_is_one_slip() -> None:
    rng = random.Random(2)
    slips = {synthetic.typo("mandate", rng) for _ in range(200)}
    assert all(OSA.distance(slip, "mandate") <= 1 for slip in slips)
    assert len(slips) > 20
    assert synthetic.typo("eu", rng) == "eu"


def test_a_synthetic_base_holds_the_facts_asked(tmp_path: Path) -> None:
    base = synthetic.write_base(tmp_path, 200, facts=95)
    result, problems = check(tmp_path)
    assert problems == [] and result.kb is not None
    records = sum(len(r) for e in result.kb.entities.values() for name, r in e.facts.items() if name != "overview")
    assert records == 95 == len(base.fact_questions)
    ident, fact = base.fact_questions[0].intent.removeprefix("fact:").split(".")  # type: ignore[union-attr]
    assert result.kb.entities[ident].facts[fact]
