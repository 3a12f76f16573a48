"""What the project's partner and topic answers say (issue 9): no unconfirmed item, dated
statements, answer first. Rendered from the real knowledge base, as a user sees them."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.loader import load
from bot.render import MissingFact, Renderer

ROOT = Path(__file__).resolve().parent.parent

# Distinctive figures and names of items the fact sheet lists as unconfirmed (its section 8).
UNCONFIRMED = (
    "51%", "61%", "63%",                     # Serbia's alignment rates read only second-hand
    "April 2009",                            # the month of Albania's application
    "21–22 March 2024",                      # the European Council on BiH, read on a demo host
    "Rapid Response",                        # the cyber project read on an unvetted site
    "26–27 October 2023",                    # the 2023 JHA forum, read on a re-post
    "8 June 2011",                           # Serbia's FPA signing date
    "largely unchanged",                     # Serbia 2024, read on a re-post site
    "consistent record of 100%",             # Borrell on Montenegro, 2022
    "Mozambique", "EUFOR RCA",               # Serbia / Montenegro deployments not confirmed
)
NEVER_CITE_HOSTS = ("america-times.com", "thegeopost.com", "ohr.demo.ba", "oszar.com", "eeas.eu.com",
                    "thefrontierpost.com", "thedefensenews.com", "love-europe.com", "charter97.org",
                    "zilnice.news", "knowcyber.eu", "europarl.europa.eu./")
OURS = ("partner", "partners.", "topic.", "strategy.", "alignment.", "cooperation.")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    result = load(ROOT)
    assert result.kb is not None, result.problems
    return result.kb


def renderings(kb: KnowledgeBase) -> list[tuple[str, str, list[str]]]:
    """(intent and entities, text, source urls) of every partner and topic answer."""
    renderer, out = Renderer(kb), []
    for intent in kb.intents.values():
        if not intent.id.startswith(OURS) or intent.decline or intent.smalltalk:
            continue
        choices = [[(slot, e) for e in kb.entities_of(slot)] for slot in intent.slots]
        for combo in itertools.product(*choices):
            slots = dict(combo)
            try:
                rendered = renderer.render(intent, slots)
            except MissingFact:
                continue
            label = " ".join([intent.id, *(e.id for e in slots.values())])
            out.append((label, rendered.text, [s.url for s in rendered.sources]))
    return out


def test_no_answer_states_an_unconfirmed_item_or_cites_a_never_cite_host(kb: KnowledgeBase) -> None:
    found = [(label, item) for label, text, _ in renderings(kb) for item in UNCONFIRMED if item in text]
    assert not found
    cited = [(label, url) for label, _, urls in renderings(kb) for url in urls
             if any(host in url for host in NEVER_CITE_HOSTS)]
    assert not cited


def test_bih_is_not_listed_as_taking_part_in_eutm_rca(kb: KnowledgeBase) -> None:
    listing = dict((label, text) for label, text, _ in renderings(kb))["partners.contributions"]
    assert "Bosnia and Herzegovina" not in listing
    assert "Serbia – EUTM Somalia (since 2012" in listing


def test_the_fully_aligned_list_dates_every_partner(kb: KnowledgeBase) -> None:
    listing = dict((label, text) for label, text, _ in renderings(kb))["partners.fully_aligned"]
    items = [line for line in listing.splitlines() if line.startswith("• ")]
    assert [line.split(":")[0] for line in items] == [
        "• Albania", "• Bosnia and Herzegovina", "• Kosovo*", "• Montenegro", "• North Macedonia"]
    assert all("(as of " in line for line in items)


@pytest.mark.parametrize(("label", "first_words"), [
    ("partner.eu_status montenegro", "Montenegro is an EU candidate country negotiating accession"),
    ("partner.eu_status kosovo", "Kosovo* is a potential candidate for EU membership."),
    ("partner.negotiations albania", "Albania has opened all its negotiating clusters"),
    ("partner.alignment_record serbia", "Serbia is not fully aligned with the CFSP"),
    ("partner.alignment_duty albania", "Albania is invited to align with the CFSP"),
    ("partner.fpa montenegro", "Montenegro signed its Framework Participation Agreement with the EU"),
    ("partner.epf north_macedonia", "North Macedonia's army has received €38 million"),
    ("topic.overview quad_platform", "The Western Balkans QUAD – 100% alignment with EU CFSP is a platform"),
])
def test_the_answer_comes_first(kb: KnowledgeBase, label: str, first_words: str) -> None:
    text = dict((lab, t) for lab, t, _ in renderings(kb))[label]
    assert text.startswith(first_words)


def test_the_newest_montenegro_figures_are_dated(kb: KnowledgeBase) -> None:
    text = dict((label, t) for label, t, _ in renderings(kb))["partner.negotiations montenegro"]
    assert "provisionally closed 14" in text
    assert "(as of " in text
