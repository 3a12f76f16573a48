"""`eval --coverage`: what no evaluation question reaches, and what no intent can render."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbfactory import intents_data, knowledge_data, tiny_engine, write_kb

from bot.cli import main
from bot.coverage import format_coverage, renderable_fields, unrenderable_facts
from bot.engine import Engine
from bot.evaluate import Case, Results, evaluate
from bot.validate import load_engine


def listed(report: str, heading: str) -> list[str]:
    """The items under one heading of the coverage report."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    items = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        items.append(line.strip())
    return items


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return tiny_engine(tmp_path_factory.mktemp("kb"))


@pytest.fixture(scope="module")
def results(engine: Engine) -> Results:
    return evaluate(engine, [
        Case("what is eulex", "mission.overview", "eulex"),
        Case("when did althea start", "mission.launched", "althea"),
        Case("what about serbia", "partner.overview", "serbia"),
        Case("what is the weather", None, None),
    ])


def test_intents_no_question_expects(engine: Engine, results: Results) -> None:
    report = format_coverage(engine, results)
    assert "intents no evaluation question expects (5 of 8):" in report
    assert listed(report, "intents no evaluation question expects") == [
        "mission.mandate", "missions.active", "partner.contributions", "smalltalk.greet", "topic.overview",
    ]


def test_entities_no_question_names(engine: Engine, results: Results) -> None:
    report = format_coverage(engine, results)
    assert listed(report, "entities no evaluation question names") == [
        "albania (partner, Albania)", "cfsp (topic, Common Foreign and Security Policy)",
        "proxima (mission, EUPOL Proxima)",
    ]


def test_facts_no_intent_can_render(engine: Engine, results: Results) -> None:
    report = format_coverage(engine, results)
    assert listed(report, "facts no intent can render") == ["althea: motto", "eulex: size"]
    assert sorted(unrenderable_facts(engine.kb)) == [("althea", "motto"), ("eulex", "size")]


def test_list_intents_render_the_fields_they_name(engine: Engine) -> None:
    fields = renderable_fields(engine.kb)
    assert ("type", "partner", "contributions") in fields  # records shown by {text}
    assert ("type", "mission", "name") in fields  # {mission.name} of each record's mission
    assert ("type", "mission", "where") in fields  # missions.active's item
    assert ("type", "partner", "name") in fields  # {partner.name} in the answer
    assert ("type", "partner", "as_of") not in fields  # a record's own field, not a fact


def test_a_fixed_entity_intent_renders_only_that_entity(tmp_path: Path) -> None:
    knowledge, intents = knowledge_data(), intents_data()
    topic = knowledge["topics"][0]
    topic["facts"]["adopted"] = "The CFSP was set up by the Maastricht Treaty."
    knowledge["topics"].append({**topic, "id": "csdp", "name": "CSDP", "aliases": ["csdp"]})
    intents["intents"].append({
        "id": "cfsp.adopted", "title": "When was the CFSP set up?", "entity": "cfsp",
        "examples": ["when was the cfsp set up", "since when does the cfsp exist"], "answer": "{adopted}",
    })
    engine = load_engine(write_kb(tmp_path, knowledge=knowledge, intents=intents))
    assert ("csdp", "adopted") in unrenderable_facts(engine.kb)
    assert ("cfsp", "adopted") not in unrenderable_facts(engine.kb)
    results = evaluate(engine, [Case("when was the cfsp set up", "cfsp.adopted", None)])
    report = format_coverage(engine, results)
    # The intent's fixed entity counts as reached even though the label names no entity.
    assert "cfsp (topic" not in "\n".join(listed(report, "entities no evaluation question names"))


def test_labels_naming_nothing_are_pointed_out(engine: Engine) -> None:
    results = evaluate(engine, [Case("what is eulex", "mission.overveiw", "eulx")])
    report = format_coverage(engine, results)
    assert listed(report, "labels in the evaluation naming nothing") == ["eulx", "mission.overveiw"]
    assert "labels in the evaluation" not in format_coverage(engine, evaluate(engine, [
        Case("what is eulex", "mission.overview", "eulex")]))


def test_eval_command_prints_coverage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_kb(tmp_path / "kb")
    cases = tmp_path / "cases.yaml"
    cases.write_text('questions:\n  - {q: "what is eulex", intent: mission.overview, entity: eulex}\n',
                     encoding="utf-8")
    assert main(["eval", str(cases), "--root", str(root), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "intents no evaluation question expects (7 of 8):" in out
    assert "  althea: motto" in out
