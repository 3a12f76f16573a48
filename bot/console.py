"""The terminal front end: a pleasant conversation when interactive, plain lines when piped."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.context import Conversation
from bot.engine import Engine
from bot.policy import KIND_LABELS
from bot.reply import Reply, Suggestion

HELP = """Ask in your own words, for example:
  When was EULEX launched?        Is Serbia required to align with the CFSP?
  Which EU missions are active?   What did Montenegro contribute to EU missions?
Follow-ups work: "and Althea?", "when did it end?", "what about Albania?".
Type a number to pick a suggestion.  /topics  what I know about   /help  this text   /quit  leave"""

Recorder = Callable[[str, Reply], None]


class _Style:
    """ANSI colours for a terminal; nothing at all otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


def format_reply(reply: Reply, style: _Style, *, numbered: bool) -> str:
    """The reply as the console shows it: answer, footnotes, sources, suggestions."""
    lines = [reply.text]
    if reply.footnotes:
        lines += ["", *(style(f, "2") for f in reply.footnotes)]
    if reply.sources:
        lines += ["", style("Sources:", "2")] + [
            style(f"  [{KIND_LABELS.get(s.kind, s.kind)}] {s.title} — {s.url}", "2") for s in reply.sources]
    if reply.suggestions:
        label = "You could also ask:" if reply.matched else "Try:"
        lines += ["", style(label, "36")]
        for number, suggestion in enumerate(reply.suggestions, start=1):
            prefix = f"  [{number}] " if numbered else "  - "
            lines.append(prefix + suggestion.text)
    return "\n".join(lines)


def _topics_suggestions(engine: Engine) -> tuple[Suggestion, ...]:
    overview = {t: engine.kb.intents.get(f"{t}.overview") for t in ("mission", "partner", "topic")}
    picks = []
    for type_, intent in overview.items():
        if intent is None:
            continue
        for entity in engine.kb.entities_of(type_):
            suggestion = engine.suggestion(intent, {type_: entity})
            if suggestion is not None:
                picks.append(suggestion)
    return tuple(picks)


def _setup_history(path: Path) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            readline.read_history_file(path)
    readline.set_history_length(1000)
    import atexit

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(path)

    atexit.register(save)


class Console:
    """One console session: one conversation, numbered suggestions."""

    def __init__(self, engine_source: Callable[[], Engine], *, out: TextIO, interactive: bool,
                 recorder: Recorder | None = None) -> None:
        self.engine_source = engine_source
        self.out = out
        self.interactive = interactive
        self.style = _Style(interactive)
        self.conversation = Conversation()
        self.recorder = recorder
        self.offered: tuple[Suggestion, ...] = ()

    def handle(self, line: str) -> str | None:
        """The text to print for one input line, or None to quit."""
        text = line.strip()
        engine = self.engine_source()
        if self.interactive and text.lower() in {"/quit", "/exit", "/q", "quit", "exit"}:
            return None
        if self.interactive and text.lower() in {"/help", "help", "?"}:
            return HELP
        if self.interactive and text.lower() == "/topics":
            self.offered = _topics_suggestions(engine)
            lines = ["I can tell you about these (type a number):"]
            lines += [f"  [{n}] {s.text}" for n, s in enumerate(self.offered, start=1)]
            return "\n".join(lines)
        if self.interactive and text.isdigit() and 1 <= int(text) <= len(self.offered):
            reply = engine.answer_suggestion(self.offered[int(text) - 1], self.conversation)
        else:
            reply = engine.answer(text, self.conversation)
            if self.recorder is not None:
                self.recorder(text, reply)
        self.offered = reply.suggestions
        return format_reply(reply, self.style, numbered=self.interactive)

    def run(self, lines: TextIO) -> int:
        if self.interactive:
            kb = self.engine_source().kb
            self.out.write(self.style("cfsp-bot", "1") + " — EU–Western Balkans cooperation in CFSP/CSDP "
                           f"({kb.summary()}).\n{HELP}\n\n")
        while True:
            try:
                line = input(self.style("you> ", "32")) if self.interactive else lines.readline()
            except EOFError:
                break
            except KeyboardInterrupt:
                self.out.write("\n")
                break
            if not self.interactive and line == "":
                break
            answer = self.handle(line)
            if answer is None:
                break
            self.out.write(answer + "\n\n")
            self.out.flush()
        return 0


def run_console(engine_source: Callable[[], Engine], *, history: Path,
                recorder: Recorder | None = None) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        _setup_history(history)
    console = Console(engine_source, out=sys.stdout, interactive=interactive, recorder=recorder)
    return console.run(sys.stdin)
