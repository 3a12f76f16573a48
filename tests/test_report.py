"""The HTML evaluation report: what an editor sees when opening index.html."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from kbfactory import write_kb

from bot.cli import main
from bot.evaluate import Case, Outcome, Results
from bot.reply import AMBIGUOUS, ANSWER, OUT_OF_SCOPE, SMALLTALK, Reply
from bot.report import confusion, got_label, intent_scores, write_report

HOSTILE = '<script>alert("x")</script> & more'


def outcome(question: str, intent: str | None, entity: str | None, reply: Reply,
            conversation: int | None = None, turn: int = 0) -> Outcome:
    return Outcome(Case(question, intent, entity, conversation, turn), reply)


def answered(intent: str, confidence: float, *entities: str) -> Reply:
    return Reply("an answer", ANSWER, intent, confidence, entities=entities)


OUTCOMES = [
    outcome("what is eulex", "mission.overview", "eulex", answered("mission.overview", 1.0, "eulex")),
    outcome("tell me about althea", "mission.overview", "eulex",  # right intent, wrong entity
            answered("mission.overview", 0.95, "althea")),
    outcome("when did althea start", "mission.launched", "althea",
            answered("mission.launched", 0.9, "althea")),
    outcome("mandate of eulex", "mission.mandate", "eulex", Reply("which?", AMBIGUOUS, None, 0.86)),
    outcome("what is the weather in paris", None, None, Reply("no", OUT_OF_SCOPE, None, 0.37)),
    outcome(HOSTILE, "bad<intent>", None, Reply("no", OUT_OF_SCOPE, None, 0.08)),
    outcome("hi", "smalltalk.greet", None, Reply("hello", SMALLTALK, "smalltalk.greet", 1.0)),
    outcome("what is eulex", "mission.overview", "eulex", answered("mission.overview", 1.0, "eulex"), 1, 0),
    outcome("and althea?", "mission.overview", "althea", answered("mission.overview", 1.0, "althea"), 1, 1),
]


@pytest.fixture
def results() -> Results:
    return Results(list(OUTCOMES))


@pytest.fixture
def page(results: Results, tmp_path: Path) -> str:
    return write_report(results, tmp_path / "report").read_text(encoding="utf-8")


def svgs(page: str) -> dict[str, ET.Element]:
    """Each picture by its label, parsed as XML: a malformed picture fails here."""
    found = {}
    for text in re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL):
        element = ET.fromstring(text)
        found[element.attrib["aria-label"]] = element
    return found


def titles(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}title")]


def section(page: str, heading: str) -> str:
    start = page.index(f"<h2>{heading}</h2>")
    end = page.find("<h2>", start + 1)
    return page[start: end if end != -1 else len(page)]


class _Balance(HTMLParser):
    """Checks that every opened element is closed, in order."""

    VOID = frozenset({"meta", "br", "rect", "line"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_report_is_written_where_asked_and_its_path_returned(results: Results, tmp_path: Path) -> None:
    directory = tmp_path / "not" / "yet" / "there"
    index = write_report(results, directory)
    assert index == directory / "index.html"
    assert index.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert write_report(results, directory) == index  # writing again replaces it


def test_page_is_balanced_html_with_three_pictures(page: str) -> None:
    checker = _Balance()
    checker.feed(page)
    assert checker.stack == []
    assert set(svgs(page)) == {"Accuracy per intent", "Confusion matrix",
                               "Confidence of right and wrong answers"}


def test_everything_is_escaped(page: str) -> None:
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    assert "bad&lt;intent&gt;" in page
    pictures = svgs(page)  # the label also reaches the pictures, still well-formed
    assert any("bad<intent>" in t for t in titles(pictures["Accuracy per intent"]))


def test_accuracy_per_intent_worst_first(results: Results, page: str) -> None:
    scores = {s.label: (s.right, s.total) for s in intent_scores(results)}
    assert scores["mission.overview"] == (3, 4)
    assert scores["(out of scope)"] == (1, 1)
    assert [s.share for s in intent_scores(results)] == sorted(s.share for s in intent_scores(results))
    tips = titles(svgs(page)["Accuracy per intent"])
    assert "mission.overview: 3 of 4 right" in tips
    assert "75% (3/4)" in section(page, "Accuracy per intent")


def test_confusion_matrix_shows_what_was_confused(results: Results, page: str) -> None:
    matrix = confusion(results)
    assert "mission.mandate" in matrix.rows and "(ambiguous)" in matrix.columns
    assert matrix.counts[("mission.overview", "mission.overview (wrong entity)")] == 1
    assert matrix.counts[("mission.overview", "mission.overview")] == 3  # the diagonal
    assert "smalltalk.greet" not in matrix.rows  # never wrong: left out
    tips = titles(svgs(page)["Confusion matrix"])
    assert "expected mission.mandate, got (ambiguous): 1" in tips


def test_histogram_counts_every_answer_once(results: Results, page: str) -> None:
    counted = {"right": 0, "wrong": 0}
    for tip in titles(svgs(page)["Confidence of right and wrong answers"]):
        match = re.fullmatch(r"(\d+) (right|wrong) at confidence .*", tip)
        if match:
            counted[match.group(2)] += int(match.group(1))
    wrong = sum(not o.correct for o in results.outcomes)
    assert counted == {"right": len(results.outcomes) - wrong, "wrong": wrong}


def test_failing_questions_are_listed_and_only_they(results: Results, page: str) -> None:
    failing = section(page, "Failing questions")
    assert "mandate of eulex" in failing
    assert "tell me about althea" in failing and "mission.overview (eulex)" in failing
    assert "conversation 1, turn 2" not in failing  # the follow-up was right
    assert "what is the weather in paris" not in failing
    assert failing.count("<tr>") == 1 + sum(not o.correct for o in results.outcomes)


def test_labels_of_what_the_bot_did(results: Results) -> None:
    labels = {o.case.question: got_label(o) for o in results.outcomes}
    assert labels["mandate of eulex"] == "(ambiguous)"
    assert labels["what is the weather in paris"] == "(out of scope)"
    assert labels["tell me about althea"] == "mission.overview (wrong entity)"


def test_a_perfect_run_and_an_empty_one(tmp_path: Path) -> None:
    perfect = write_report(Results(OUTCOMES[:1]), tmp_path / "perfect").read_text(encoding="utf-8")
    assert "No confusions" in perfect
    assert "None." in section(perfect, "Failing questions")
    empty = write_report(Results(), tmp_path / "empty").read_text(encoding="utf-8")
    assert "No questions." in empty
    assert len(svgs(empty)) == 1  # the (empty) histogram still draws


def test_eval_command_writes_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_kb(tmp_path / "kb")
    cases = tmp_path / "cases.yaml"
    cases.write_text('questions:\n  - {q: "what is eulex", intent: mission.overview, entity: eulex}\n'
                     '  - {q: "when was eulex launched", intent: null}\n', encoding="utf-8")
    assert main(["eval", str(cases), "--root", str(root), "--report", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"report written to {tmp_path / 'out' / 'index.html'}" in out
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "when was eulex launched" in section(page, "Failing questions")
