"""The command line, run as users and scripts run it (CONTRACT.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

CONTRACT_KEYS = {"question", "matched", "intent", "confidence", "answer", "suggestions", "sources"}


def run(*args: str, stdin: bytes | None = None, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          cwd=cwd, timeout=120, check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})


def json_lines(output: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.decode().splitlines()]


def test_validate_exit_0_with_summary() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.decode()
    assert summary.count("\n") == 1 and "missions" in summary and "intents" in summary


def test_ask_one_question_gives_sourced_answer() -> None:
    result = run("ask", "When", "was", "EULEX", "launched?")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "2008" in text and "Sources:" in text and "http" in text


def test_ask_json_one_object_per_line_even_blank_and_undecodable() -> None:
    stdin = b"what is cfsp\n\nwhen was eulex launched\n" + b"caf\xe9 \xff\xfe\n" + "emoji 🙂\n".encode()
    result = run("ask", "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    objects = json_lines(result.stdout)
    assert len(objects) == 5
    for item in objects:
        assert item.keys() >= CONTRACT_KEYS
        assert isinstance(item["confidence"], float) and 0.0 <= item["confidence"] <= 1.0
        assert isinstance(item["answer"], str) and item["answer"]
        assert (item["intent"] is None) == (not item["matched"])
    assert objects[0]["matched"] is True and objects[0]["intent"] == "topic.overview"
    assert objects[1]["matched"] is False and objects[1]["question"] == ""
    assert objects[2]["intent"] == "mission.launched" and objects[2]["sources"]
    assert objects[3]["matched"] is False and "\ufffd" in str(objects[3]["question"])


def test_ask_lines_are_independent_questions() -> None:
    result = run("ask", "--json", stdin=b"when was eulex launched\nand althea?\n")
    first, second = json_lines(result.stdout)
    assert first["intent"] == "mission.launched"
    assert second["intent"] != "mission.launched" or "Althea" not in str(second["answer"])


def test_ask_json_out_of_scope_falls_back_with_suggestions() -> None:
    (item,) = json_lines(run("ask", "--json", "what's the weather in Skopje tomorrow").stdout)
    assert item["matched"] is False and item["intent"] is None
    assert len(item["suggestions"]) == 3  # type: ignore[arg-type]


def test_console_piped_carries_context_without_noise() -> None:
    result = run("console", stdin=b"When was EULEX launched?\nand Althea?\n")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "you>" not in text and "\033[" not in text
    assert "2008" in text and "2004" in text


def test_console_acknowledges_ok_and_emoji_in_a_line_and_keeps_the_context() -> None:
    result = run("console", stdin="When was EULEX launched?\nok\n👍\nand Althea?\n".encode())
    replies = result.stdout.decode().split("\n\n")
    acknowledgements = [r for r in replies if r.strip() == "👍 Ask me anything else whenever you like."]
    assert len(acknowledgements) == 2
    assert "2 December 2004" in result.stdout.decode()  # "and Althea?" still followed on from EULEX


@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    for folder in ("knowledge", "intents"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    (tmp_path / "knowledge" / "broken.yaml").write_text("sources:\n  - id: [oops\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [["ask", "hello"], ["ask", "--json", "hello"], ["console"], ["eval"],
                                     ["unanswered"]])
def test_invalid_base_exits_2_with_located_problems(broken_root: Path, command: list[str]) -> None:
    result = run(*command, "--root", str(broken_root), stdin=b"")
    assert result.returncode == 2
    assert result.stdout == b""
    assert "knowledge/broken.yaml:" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_validate_invalid_base_exits_1_one_line_per_problem(broken_root: Path) -> None:
    result = run("validate", "--root", str(broken_root))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines and all(line.startswith("knowledge/broken.yaml:") for line in lines)


def test_root_before_the_command_works_too(broken_root: Path) -> None:
    assert run("--root", str(broken_root), "validate").returncode == 1
