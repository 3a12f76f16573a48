"""The command line: `python -m bot COMMAND` (or `cfsp-bot COMMAND`). See CONTRACT.md."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from bot.cache import load_engine
from bot.config import Settings, load_settings
from bot.context import Conversation
from bot.errors import BotError, ConfigError, KnowledgeBaseError
from bot.reply import Reply
from bot.validate import check

EXIT_OK, EXIT_PROBLEMS, EXIT_INVALID_KB = 0, 1, 2


def reply_json(question: str, reply: Reply) -> str:
    """One line of `ask --json`, exactly the keys of the contract (plus a few extra)."""
    return json.dumps({
        "question": question,
        "matched": reply.matched,
        "intent": reply.intent if reply.matched else None,
        "confidence": round(min(1.0, max(0.0, reply.confidence)), 4),
        "answer": reply.text,
        "suggestions": [s.text for s in reply.suggestions],
        "sources": [s.url for s in reply.sources],
        "kind": reply.kind,
        "entities": list(reply.entities),
        "footnotes": list(reply.footnotes),
        "source_titles": [s.title for s in reply.sources],
        "fact": f"{reply.fact.entity}.{reply.fact.fact}" if reply.fact else None,
    }, ensure_ascii=False)


def input_lines(stream: BinaryIO) -> Iterator[str]:
    """Each line of a byte stream, decoded leniently: undecodable bytes still make a line."""
    for raw in stream:
        yield raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="replace")


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    result, problems = check(settings.root)
    if problems or result.kb is None:
        for problem in problems:
            print(problem)
        return EXIT_PROBLEMS
    print(f"knowledge base valid: {result.kb.summary()}")
    from bot.stale import DEFAULT_MONTHS, stale_facts

    stale = len(stale_facts(result.kb))
    if stale:  # a warning, on standard error: the summary stays one line, the exit code 0
        print(f"warning: {stale} facts are older than {DEFAULT_MONTHS} months; "
              "`python -m bot stale` lists them", file=sys.stderr)
    return EXIT_OK


def cmd_stale(args: argparse.Namespace, settings: Settings) -> int:
    from bot.stale import format_stale, stale_facts

    if args.months < 0:
        print("error: --months must be 0 or more", file=sys.stderr)
        return EXIT_PROBLEMS
    engine = load_engine(settings.root)
    print(format_stale(stale_facts(engine.kb, args.months), args.months))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from bot.audit import run_audit

    engine = load_engine(settings.root)
    print(run_audit(engine, settings.root, verbose=args.verbose))
    return EXIT_OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = load_engine(settings.root)
    questions: Iterator[str] = (
        iter([" ".join(args.question)]) if args.question else input_lines(sys.stdin.buffer))
    # --conversation: every question is the next turn of one conversation, as in the console.
    shared = Conversation() if args.conversation else None
    for question in questions:
        reply = engine.answer(question, shared if shared is not None else Conversation())
        if args.json:
            print(reply_json(question, reply), flush=True)
        else:
            print(reply.full_text() + "\n", flush=True)
    return EXIT_OK


def _recorder(settings: Settings) -> Callable[[str, Reply], None] | None:
    if not settings.record_unanswered:
        return None
    try:
        from bot.unanswered import UnansweredLog
    except ImportError:  # recording is optional; answering is not
        return None
    return UnansweredLog(settings.db_path, enabled=settings.record_unanswered).record_reply


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console

    engine = load_engine(settings.root)
    history = settings.root / ".cache" / "console_history"
    return run_console(lambda: engine, history=history, recorder=_recorder(settings))


def cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.app import run_telegram

    return run_telegram(settings)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """`make run`: Telegram when a token is configured, the console otherwise."""
    if settings.telegram_token:
        return cmd_telegram(args, settings)
    print("No TELEGRAM_BOT_TOKEN set: starting the console instead (see README).", file=sys.stderr)
    return cmd_console(args, settings)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import evaluate, format_results, load_cases

    engine = load_engine(settings.root)
    path = Path(args.file) if args.file else settings.root / "tests" / "eval"
    results = evaluate(engine, load_cases(path))
    print(format_results(results, verbose=args.verbose))
    if args.coverage:
        from bot.coverage import format_coverage

        print()
        print(format_coverage(engine, results))
    if args.variants:
        from bot.variants import format_variants, measure

        print()
        print(format_variants(measure(engine, load_cases(path)), verbose=args.verbose))
    if args.report:
        from bot.report import write_report

        index = write_report(results, Path(args.report))
        print(f"\nreport written to {index}")
    return EXIT_OK


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from bot.unanswered import cli_unanswered

    engine = load_engine(settings.root)  # refuses an invalid knowledge base like every command
    return cli_unanswered(args, settings, engine)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bench import cli_bench

    status: int = cli_bench(args, settings)
    return status


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR",
                        help="a folder holding knowledge/ and intents/ (default: the project's own)")
    parser = argparse.ArgumentParser(prog="cfsp-bot", parents=[common],
                                     description="Answers questions on EU–Western Balkans CFSP/CSDP cooperation.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace, Settings], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    add("run", cmd_run, "Telegram bot if TELEGRAM_BOT_TOKEN is set, else the console")
    add("console", cmd_console, "interactive conversation in the terminal")
    ask = add("ask", cmd_ask, "answer a question (or each line of standard input)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--conversation", action="store_true",
                     help="each line of standard input is the next turn of one conversation")
    ask.add_argument("question", nargs="*", help="the question; none: read standard input")
    add("validate", cmd_validate, "check the whole knowledge base")
    stale = add("stale", cmd_stale, "list the facts whose as_of is older than N months, oldest first")
    stale.add_argument("--months", type=int, default=12, help="age in months (default 12)")
    audit = add("audit", cmd_audit, "measure source quality, footnotes and as-of dates over every rendering")
    audit.add_argument("--verbose", "-v", action="store_true", help="list the renderings that break a rule")
    evaluation = add("eval", cmd_eval, "score a labelled question file or folder")
    evaluation.add_argument("file", nargs="?", help="a YAML file or a folder of them (default: tests/eval)")
    evaluation.add_argument("--verbose", "-v", action="store_true", help="list the failing questions")
    evaluation.add_argument("--coverage", action="store_true",
                            help="list intents, entities and facts no question reaches")
    evaluation.add_argument("--report", metavar="DIR", help="write an HTML report into DIR")
    evaluation.add_argument("--variants", action="store_true",
                            help="ask the questions answered right again, padded or mistyped as people type them")
    add("telegram", cmd_telegram, "run the Telegram bot (long polling, or a webhook if WEBHOOK_URL is set)")
    unanswered = add("unanswered", cmd_unanswered, "list recorded unanswered questions, grouped")
    unanswered.add_argument("--days", type=float, default=None, help="only the last N days")
    unanswered.add_argument("--csv", action="store_true", help="CSV output")
    unanswered.add_argument("--limit", type=int, default=50, help="at most this many groups")
    bench = add("bench", cmd_bench, "measure speed, accuracy and memory")
    bench.add_argument("--json", action="store_true", help="one JSON object per line")
    bench.add_argument("--sizes", default=None, help="comma-separated phrasing counts, e.g. 1000,10000,100000")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        root = Path(args.root) if getattr(args, "root", None) else None
        settings = load_settings(root=root)
        logging.basicConfig(level=settings.log_level if settings.log_level in logging.getLevelNamesMapping()
                            else "INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs contain the token
        handler: Callable[[argparse.Namespace, Settings], int] = args.handler
        return handler(args, settings)
    except KnowledgeBaseError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID_KB
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return EXIT_INVALID_KB
    except BotError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
