"""Issue 9: source kinds and the source policy, dates (as_of, until/past, status_as_of), the
"as of" an answer shows, `stale` and `validate`'s warning."""

from __future__ import annotations

import filecmp
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from kbfactory import LOCATED

from bot import dates
from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.console import _Style, format_reply
from bot.context import Conversation
from bot.policy import NEVER_CITE, WEAK, Policy, listed_domain
from bot.stale import stale_facts
from bot.validate import check, load_engine
from tests.kbfactory import intents_data, knowledge_data, write_kb

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def problems(root: Path) -> list[str]:
    _, found = check(root)
    lines = [str(p) for p in found]
    assert all(LOCATED.match(line) for line in lines), lines
    return lines


def extra(root: Path, text: str) -> list[str]:
    (root / "knowledge" / "extra.yaml").write_text(text, encoding="utf-8")
    return problems(root)


def source_yaml(url: str, title: str = "A page", kind: str = "official-eu") -> str:
    return f'sources:\n  - id: extra_src\n    title: "{title}"\n    url: {url}\n    kind: {kind}\n'


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "kb")


# -- sources -------------------------------------------------------------------------------------

def test_the_factory_base_is_valid(root: Path) -> None:
    assert problems(root) == []


def test_a_never_cite_host_or_subdomain_is_refused_where_it_is_written(root: Path) -> None:
    lines = extra(root, source_yaml("https://ohr.demo.ba/?p=1"))
    assert any(line.startswith("knowledge/extra.yaml:4:10: source 'extra_src': ohr.demo.ba is on the never-cite")
               for line in lines), lines
    assert any("knowcyber.eu is on the never-cite" in line
               for line in extra(root, source_yaml("https://www.knowcyber.eu/x")))
    # multimedia.europarl.europa.eu. is listed; its parent, the Parliament's own site, is not.
    assert extra(root, source_yaml("https://www.europarl.europa.eu/news")) == []
    assert any("multimedia.europarl.europa.eu. is on the never-cite" in line
               for line in extra(root, source_yaml("https://multimedia.europarl.europa.eu./sl/x")))
    # The list bans the host written with its trailing dot; the fact sheet cites it without.
    assert extra(root, source_yaml("https://multimedia.europarl.europa.eu/sl/x")) == []


def test_a_weak_source_must_say_copy_or_secondary_and_be_secondary(root: Path) -> None:
    lines = extra(root, source_yaml("https://en.wikipedia.org/wiki/EULEX", kind="secondary"))
    assert lines == ["knowledge/extra.yaml:3:12: source 'extra_src': en.wikipedia.org is a weak source "
                     "(a copy, wiki or aggregator); its title must say \"(copy)\" or \"(secondary)\""]
    assert extra(root, source_yaml("https://en.wikipedia.org/wiki/EULEX", "EULEX (secondary)", "secondary")) == []
    assert extra(root, source_yaml("https://paperzz.com/doc/1", "EU factsheet (Copy)", "secondary")) == []
    lines = extra(root, source_yaml("https://paperzz.com/doc/1", "EU factsheet (copy)", "official-eu"))
    assert any(line.startswith("knowledge/extra.yaml:5:11:") and "its kind must be secondary" in line
               for line in lines), lines


def test_a_source_needs_a_known_kind(root: Path) -> None:
    lines = extra(root, 'sources:\n  - id: extra_src\n    title: "A page"\n    url: https://example.org/\n')
    assert any(line.startswith("knowledge/extra.yaml:2:5:") and "missing the required key 'kind'" in line
               for line in lines), lines
    lines = extra(root, source_yaml("https://example.org/", kind="official"))
    assert any(line.startswith("knowledge/extra.yaml:5:11: 'kind' of source 'extra_src' must be one of "
                               "official-eu, official-other, media, secondary") for line in lines), lines


def test_the_shared_lists_are_preferred_to_the_committed_copies(tmp_path: Path) -> None:
    root = write_kb(tmp_path / "project")
    shared = tmp_path / "shared" / "reference"
    shared.mkdir(parents=True)
    (shared / NEVER_CITE).write_text("# comment\nexample.net\n", encoding="utf-8")
    (shared / WEAK).write_text("example.com\n", encoding="utf-8")
    assert Policy.for_root(root) == Policy(frozenset({"example.net"}), frozenset({"example.com"}))
    assert any("example.net is on the never-cite" in line for line in extra(root, source_yaml("https://a.example.net/")))
    assert extra(root, source_yaml("https://ohr.demo.ba/")) == []  # not on this shared list


def test_the_committed_copies_equal_the_shared_lists() -> None:
    shared = PROJECT_ROOT.resolve().parent / "shared" / "reference"
    copies = PROJECT_ROOT / "knowledge" / "policy"
    for name in (NEVER_CITE, WEAK):
        assert (copies / name).is_file()
        if (shared / name).is_file():
            assert filecmp.cmp(shared / name, copies / name, shallow=False), name
    policy = Policy.for_root(PROJECT_ROOT)
    assert listed_domain("https://eeas.eu.com/x", policy.never_cite) == "eeas.eu.com"
    assert listed_domain("https://www.eeas.europa.eu/x", policy.never_cite) is None


def kb_with(**changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    knowledge = knowledge_data()
    eulex = knowledge["missions"][0]
    eulex.update(changes)
    return knowledge, intents_data()


def test_sources_are_listed_best_first(root: Path) -> None:
    knowledge, intents = kb_with()
    knowledge["sources"] += [
        {"id": "copy", "title": "A copy (copy)", "url": "https://example.org/c", "kind": "secondary"},
        {"id": "gov", "title": "A ministry", "url": "https://example.org/g", "kind": "official-other"}]
    knowledge["missions"][0]["facts"]["overview"] = {"text": "EULEX Kosovo is the EU's rule of law mission.",
                                                     "source": "copy", "also": ["src_althea", "gov"]}
    write_kb(root, knowledge=knowledge, intents=intents)
    reply = load_engine(root).answer("tell me about eulex", Conversation())
    assert [s.id for s in reply.sources] == ["gov", "src_althea", "copy"]
    shown = format_reply(reply, _Style(False), numbered=False).splitlines()
    sources = shown[shown.index("Sources:") + 1:shown.index("Sources:") + 4]
    assert sources == ["  [official] A ministry — https://example.org/g",
                       "  [media] Test source: EUFOR Althea — https://example.org/althea",
                       "  [secondary copy] A copy (copy) — https://example.org/c"]


# -- dates ---------------------------------------------------------------------------------------

MISSION = """\
missions:
  - id: eutest
    name: EU Test Mission
    aliases: [eutest]
    source: src_main
    kind: civilian
    status: active
    status_as_of: "{status_as_of}"
    region: outside  # a mission of the region would need local_names
    where: Kosovo
    start: 2010
    facts:
      overview: "EU Test Mission is a test."
      head:
        text: "The Head of EU Test Mission is Jane Doe."
        as_of: {as_of}
"""


def mission(as_of: str, status_as_of: str = "2026-11") -> str:
    return MISSION.format(as_of=as_of, status_as_of=status_as_of)


@pytest.mark.parametrize("as_of", ["2026-03", "2026", "2026-12-06", '"2025-02-28"'])
def test_dates_in_the_three_forms_are_accepted(root: Path, as_of: str) -> None:
    assert extra(root, mission(as_of)) == []


@pytest.mark.parametrize(("as_of", "message"), [
    ('"June 2012"', "'as_of' of fact 'head' of mission 'eutest' must be a date written YYYY, YYYY-MM or "
                    "YYYY-MM-DD (e.g. \"2026-03\"), not 'June 2012'"),
    ("2026-13", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2025-02-30", "must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2027", "'as_of' of fact 'head' of mission 'eutest' is in the future (2027)"),
    ("2026-12-07", "is in the future (2026-12-07)"),
])
def test_a_malformed_or_future_as_of_is_an_error_where_it_is_written(root: Path, as_of: str, message: str) -> None:
    lines = extra(root, mission(as_of))
    assert any(line.startswith("knowledge/extra.yaml:16:16: ") and message in line for line in lines), lines


def test_status_as_of_is_required_and_checked(root: Path) -> None:
    assert any(line.startswith("knowledge/extra.yaml:8:19: 'status_as_of' of mission 'eutest' is in the future")
               for line in extra(root, mission("2026", status_as_of="2027-01")))
    lines = extra(root, mission("2026").replace('    status_as_of: "2026-11"\n', ""))
    assert any(line.startswith("knowledge/extra.yaml:2:5:") and "missing the required key 'status_as_of'" in line
               for line in lines), lines


def test_a_time_varying_fact_needs_an_as_of(root: Path) -> None:
    lines = extra(root, mission("2026").replace("        as_of: 2026\n", ""))
    assert any(line.startswith("knowledge/extra.yaml:15:9: fact 'head' of mission 'eutest' can change over time")
               for line in lines), lines
    # An ended mission's end is history; an active mission's `ended` is its current mandate.
    text = mission("2026") + '      ended: "Its mandate runs to 2027."\n'
    assert any("fact 'ended' of mission 'eutest' can change over time" in line for line in extra(root, text))
    assert extra(root, text.replace("status: active", "status: ended")) == []


def test_until_needs_past_and_past_needs_until(root: Path) -> None:
    text = mission("2026") + '        until: "2026-10"\n'
    assert any(line.startswith("knowledge/extra.yaml:17:9:") and "has 'until' but no 'past'" in line
               for line in extra(root, text)), extra(root, text)
    text = mission("2026") + '        past: "Jane Doe was Head."\n'
    assert any(line.startswith("knowledge/extra.yaml:17:9:") and "has 'past' but no 'until'" in line
               for line in extra(root, text))
    assert any("'until' of fact 'head'" in line and "not 'October 2026'" in line
               for line in extra(root, mission("2026") + '        until: "October 2026"\n        past: "x"\n'))


def test_none_found_is_true_or_false_where_it_is_written(root: Path) -> None:
    assert extra(root, mission("2026") + "        none_found: true\n") == []
    lines = extra(root, mission("2026") + "        none_found: maybe\n")
    assert any(line.startswith("knowledge/extra.yaml:17:21: 'none_found' of fact 'head' of mission 'eutest' "
                               "must be true or false") for line in lines), lines


def test_as_of_is_shown_in_words() -> None:
    assert [dates.human(d) for d in ("2026", "2026-03", "2026-03-05")] == ["2026", "March 2026", "5 March 2026"]


def head_answer(root: Path, until: str, today: date, monkeypatch: pytest.MonkeyPatch) -> str:
    text = (mission("2026-03") + f'        until: "{until}"\n'
            f'        past: "Jane Doe was Head of EU Test Mission until {until}."\n')
    (root / "knowledge" / "extra.yaml").write_text(text, encoding="utf-8")
    (root / "intents" / "more.yaml").write_text(
        'intents:\n  - id: mission.head\n    title: "Who heads {mission}?"\n    slot: mission\n'
        '    examples: ["who heads {mission}", "head of {mission}"]\n    answer: "{head}"\n', encoding="utf-8")
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    engine = load_engine(root)
    monkeypatch.setattr(dates, "today", lambda: today)
    return engine.answer("who heads eutest", Conversation()).text


def test_a_record_is_told_in_the_past_once_its_until_has_passed(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert head_answer(root, "2026-10", date(2026, 10, 31), monkeypatch) == \
        "The Head of EU Test Mission is Jane Doe. (as of March 2026)"
    assert head_answer(root, "2026-10", date(2026, 11, 1), monkeypatch) == \
        "Jane Doe was Head of EU Test Mission until 2026-10."
    assert head_answer(root, "2026", date(2026, 12, 31), monkeypatch).startswith("The Head of EU Test Mission is")
    assert head_answer(root, "2026", date(2027, 1, 1), monkeypatch).startswith("Jane Doe was Head")


def test_a_list_answer_gives_the_date_of_its_newest_fact(root: Path) -> None:
    knowledge, intents = kb_with(status_as_of="2026-11")
    write_kb(root, knowledge=knowledge, intents=intents)
    reply = load_engine(root).answer("which missions are active", Conversation())
    assert reply.text.splitlines()[-1] == "(as of November 2026)"
    assert "• EULEX Kosovo (Kosovo)" in reply.text and "• EUFOR Althea" in reply.text
    contributions = load_engine(root).answer("serbia contributions", Conversation()).text
    assert "Serbia has contributed staff to EUFOR Althea. (as of October 2024)" in contributions
    # A list of one item that says its date already does not say it twice.
    assert contributions.count("(as of October 2024)") == 1



def test_an_active_status_says_as_of_when(root: Path) -> None:
    knowledge, intents = kb_with(status_as_of="2026-11")
    active = next(i for i in intents["intents"] if i["id"] == "missions.active")
    active["list"] = {"from": "mission", "where": {}, "item": "{name}: {status}"}
    write_kb(root, knowledge=knowledge, intents=intents)
    lines = load_engine(root).answer("which missions are active", Conversation()).text.splitlines()
    assert lines[1:] == ["• EULEX Kosovo: active as of November 2026", "• EUFOR Althea: active as of 2025",
                         "• EUPOL Proxima: ended", "(as of November 2026)"]


# -- stale and validate ---------------------------------------------------------------------------

def test_stale_lists_old_facts_oldest_first_with_file_and_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "knowledge" / "extra.yaml").write_text(mission("2024-06", status_as_of="2025-01"), encoding="utf-8")
    assert main(["stale", "--root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "7 facts older than 12 months, oldest first (file:line: as_of  entity fact: text):",
        "knowledge/base.yaml:33: 2024  eulex size: EULEX has a few hundred staff.",
        "knowledge/extra.yaml:15: 2024-06  eutest head: The Head of EU Test Mission is Jane Doe.",
        "knowledge/base.yaml:86: 2024-10  serbia contributions: Serbia has contributed staff to EUFOR Althea.",
        "knowledge/base.yaml:22: 2025-01  eulex status: EULEX Kosovo is active.",
        "knowledge/base.yaml:47: 2025  althea status: EUFOR Althea is active.",
        "knowledge/extra.yaml:8: 2025-01  eutest status: EU Test Mission is active.",
        "knowledge/base.yaml:30: 2025-06  eulex mandate: EULEX monitors and supports Kosovo's rule of law "
        "institutions.",
    ]
    assert main(["stale", "--root", str(root), "--months", "24"]) == 0
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()[1:]] == ["2024", "2024-06", "2024-10"]
    assert main(["stale", "--root", str(root), "--months", "36"]) == 0
    assert capsys.readouterr().out.strip() == "no fact is older than 36 months"


def test_stale_skips_what_is_past_and_ended_missions(root: Path) -> None:
    text = mission("2024-06") + '        until: "2025-10"\n        past: "Jane Doe was Head until October 2025."\n'
    (root / "knowledge" / "extra.yaml").write_text(text, encoding="utf-8")
    kb = load_engine(root).kb
    assert "eutest" not in [s.entity for s in stale_facts(kb)]  # told in the past: no longer a claim
    assert "proxima" not in [s.entity for s in stale_facts(kb, 0)]  # ended


def test_validate_warns_of_stale_facts_and_still_exits_0(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and captured.out.startswith("knowledge base valid:")
    assert captured.err == "warning: 5 facts are older than 12 months; `python -m bot stale` lists them\n"


def test_stale_and_audit_run_on_the_project() -> None:
    assert main(["stale"]) == 0
    assert main(["audit"]) == 0
