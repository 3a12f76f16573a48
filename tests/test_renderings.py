"""Issue 9, measured over every rendering of the project's own knowledge base: every intent
rendered for every entity it takes, as a user sees it (text, suggestions, footnotes, sources)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import dates
from bot.audit import KOSOVO, kosovo_footnote, lacks_as_of, never_cite_shown, run_audit
from bot.config import PROJECT_ROOT
from bot.console import HELP, Console
from bot.context import Conversation
from bot.coverage import Rendering, renderings
from bot.engine import Engine
from bot.policy import Policy, kind_rank
from bot.validate import load_engine

SECTION8 = [s.lower() for s in
            yaml.safe_load((Path(__file__).parent / "fixtures" / "section8.yaml").read_text("utf-8"))["section8"]]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(PROJECT_ROOT)


@pytest.fixture(scope="module")
def all_renderings(engine: Engine) -> list[Rendering]:
    return list(renderings(engine))


def shown(rendering: Rendering) -> str:
    reply = rendering.reply
    return "\n".join([reply.full_text(), *(s.text for s in reply.suggestions)])


def test_every_intent_and_entity_is_rendered(engine: Engine, all_renderings: list[Rendering]) -> None:
    assert {r.intent.id for r in all_renderings} == set(engine.kb.intents)
    about = {(r.intent.id, e.id) for r in all_renderings for e in r.entities}
    assert ("mission.head", "eulex") in about and ("partner.eu_status", "kosovo") in about
    assert ("partner.contributes_to_mission", "serbia") in about  # two slots: every pair


def test_no_never_cite_host_is_shown(all_renderings: list[Rendering]) -> None:
    policy = Policy.for_root(PROJECT_ROOT)
    assert len(policy.never_cite) > 20
    offending = {r.about: never_cite_shown(r, policy) for r in all_renderings if never_cite_shown(r, policy)}
    assert offending == {}


def test_every_rendering_naming_kosovo_carries_the_footnote(engine: Engine,
                                                           all_renderings: list[Rendering]) -> None:
    footnote = kosovo_footnote(engine.kb)
    assert footnote and "1244/1999" in footnote
    naming = [r for r in all_renderings
              if any(KOSOVO.search(t) for t in (r.reply.text, *(s.text for s in r.reply.suggestions)))]
    assert len(naming) > 30  # the partner's answers, EULEX's, the EUSR's, lists ...
    assert [r.about for r in naming if footnote not in r.reply.footnotes] == []
    assert all(footnote in r.reply.full_text() for r in naming)


def test_fixed_texts_naming_kosovo_carry_the_footnote(engine: Engine) -> None:
    footnote = kosovo_footnote(engine.kb)
    assert footnote
    questions = ["asdkjh qwpoe zxmn", "what's the weather in Skopje?", "when was it launched?",
                 "tell me " + "very " * 300 + "much", "who is the head of it?", "hello", "thanks", "help",
                 "who are you?", "bye", "how do I cook pasta?", "?", ""]
    replies = [engine.answer(q, Conversation()) for q in questions]
    fixed = [engine.kb.fallbacks.out_of_scope, engine.kb.fallbacks.unclear, engine.kb.fallbacks.ambiguous,
             engine.kb.fallbacks.too_long, engine.kb.fallbacks.need_entity, engine.kb.fallbacks.missing_fact]
    naming_fixed = [t for t in fixed if KOSOVO.search(t)]
    # Every fallback text that names Kosovo is reached by one of the questions, with the footnote.
    for text in naming_fixed:
        reached = [r for r in replies if r.text.startswith(text[:40])]
        assert reached, text
        assert all(footnote in r.footnotes for r in reached)
    for reply in replies:
        if any(KOSOVO.search(t) for t in (reply.text, *(s.text for s in reply.suggestions))):
            assert footnote in reply.footnotes, reply.text
    console = Console(lambda: engine, out=None, interactive=True)  # type: ignore[arg-type]
    help_text = console.handle("/help") or ""
    assert help_text == HELP and (not KOSOVO.search(help_text) or footnote in help_text)


def test_no_rendering_states_a_section_8_item(all_renderings: list[Rendering]) -> None:
    assert "2025/1161" in SECTION8 and "april 2009" in SECTION8
    stated = {r.about: [s for s in SECTION8 if s in shown(r).lower()] for r in all_renderings}
    assert {about: found for about, found in stated.items() if found} == {}


def test_every_time_varying_answer_shows_an_as_of(all_renderings: list[Rendering]) -> None:
    varying = [r for r in all_renderings if any(u.current for u in r.used)]
    assert any(r.intent.id == "mission.head" for r in varying)
    assert [r.about for r in all_renderings if lacks_as_of(r)] == []
    heads = [r for r in all_renderings if r.intent.id == "mission.head" and r.used]
    assert heads and all("(as of " in r.reply.text or not any(u.current for u in r.used) for r in heads)


def test_sources_are_listed_best_first(all_renderings: list[Rendering]) -> None:
    for rendering in all_renderings:
        ranks = [kind_rank(s.kind) for s in rendering.reply.sources]
        assert ranks == sorted(ranks), rendering.about


def test_audit_command_measures_every_rendering(engine: Engine, all_renderings: list[Rendering]) -> None:
    report = run_audit(engine, PROJECT_ROOT)
    assert f"renderings: {len(all_renderings)} " in report
    assert "first source official (official-eu or official-other):" in report
    for line in ("showing a never-cite host: 0", "naming Kosovo without the footnote: 0",
                 "time-varying without an as-of: 0"):
        assert line in report.splitlines()


def _human_key(human: str) -> tuple[int, ...]:
    """'24 February 2025' -> (2025, 2, 24), 'March 2026' -> (2026, 3), '2025' -> (2025,)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    *day_month, year = human.split()
    month = [months.index(day_month[-1]) + 1] if day_month else []
    return (int(year), *month, *([int(day_month[0])] if len(day_month) == 2 else []))


def test_a_list_is_as_of_its_newest_record(all_renderings: list[Rendering]) -> None:
    """The line under a list gives the date of the newest record it states, told in the past
    tense or not: a 2025 item that has run out does not leave the list "as of October 2010"."""
    stale = []
    for rendering in all_renderings:
        last = rendering.reply.text.splitlines()[-1] if rendering.reply.text else ""
        newest = dates.newest([u.record.as_of for u in rendering.used if u.record.as_of])
        if not last.startswith("(as of ") or newest is None:
            continue
        footer = _human_key(last[len("(as of "):-1])
        parsed = dates.parse(newest)
        assert parsed is not None
        if tuple(x or 0 for x in parsed)[:len(footer)] > footer:  # "March 2026" covers 9 March 2026
            stale.append(f"{rendering.intent.id} {[e.id for e in rendering.entities]}: {last}, newest {newest}")
    assert stale == []
