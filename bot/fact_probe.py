"""Measure the fact reader alone on a question file: `python -m bot.fact_probe FILE... [-v]`.

A file holds `questions:`, each either {q, contains: [...]} (in scope: a hit when the
returned records' text contains every item, alternatives separated by " | "), {q, intent:
null} (out of scope: rejected when the best score is below 0.5), or {q, intent, entity}
as in tests/eval (a hit when the best reading is that entity's fact named by the intent).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot import fact_reader
from bot.engine import Engine
from bot.fact_reader import FactReader, FactReading
from bot.knowledge import KnowledgeBase
from bot.loader import load
from bot.normalize import normalize

THRESHOLD = 0.5


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    return text.replace("’", "'").replace("–", "-").replace("“", '"').replace("”", '"')


def contains_all(text: str, wanted: Sequence[str]) -> bool:
    folded = _fold(text)
    return all(any(_fold(alt.strip()) in folded for alt in item.split(" | ")) for item in wanted)


class Probe:
    def __init__(self, root: Path) -> None:
        result = load(root)
        if result.kb is None or result.problems:
            raise SystemExit("\n".join(str(p) for p in result.problems))
        self.kb = result.kb
        self.engine = Engine(self.kb)
        started = time.perf_counter()
        self.reader = FactReader(self.kb, self.engine.glossary, self.engine.recognizer)
        self.build_ms = (time.perf_counter() - started) * 1000
        self.times: list[float] = []

    def read(self, question: str) -> list[FactReading]:
        understanding = self.engine.understand(question)
        described = self.engine.understander.described(understanding, None)
        started = time.perf_counter()
        readings = self.reader.read(understanding.words, understanding.mentions)
        if described is not None:
            other = self.reader.read(described.words, described.mentions)
            if other and (not readings or other[0].score > readings[0].score):
                readings = other
        self.times.append((time.perf_counter() - started) * 1000)
        return readings

    def text(self, reading: FactReading) -> str:
        records = self.kb.entities[reading.ref.entity].facts[reading.ref.fact]
        return " ".join(records[i].text for i in reading.ref.records)


def run(probe: Probe, path: Path, verbose: bool) -> list[str]:
    questions: list[dict[str, Any]] = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", [])
    hits = total = rejected = out_total = ranked_hits = 0
    in_scores: list[float] = []  # the best score of each question answered right
    out_scores: list[float] = []
    for item in questions:
        question = str(item["q"])
        readings = probe.read(question)
        best = readings[0] if readings else None
        score = best.score if best else 0.0
        if item.get("intent") and "contains" not in item:
            fact = str(item["intent"]).partition(".")[2]
            entity = probe.kb.entities.get(str(item.get("entity")))
            if entity is None or fact not in entity.facts:
                continue  # a list or general question: no one fact answers it
        if "contains" in item or item.get("intent"):
            total += 1
            if "contains" in item:
                wanted = [str(c) for c in item["contains"]]
                right = best is not None and contains_all(probe.text(best), wanted)
            else:
                fact = str(item["intent"]).partition(".")[2]
                right = best is not None and (best.ref.entity, best.ref.fact) == (item.get("entity"), fact)
            ranked_hits += right
            if right:
                in_scores.append(score)
            hit = right and score >= THRESHOLD
            hits += hit
            if verbose and not hit:
                where = f"{best.ref.entity}.{best.ref.fact}{list(best.ref.records)}" if best else "-"
                print(f"MISS {score:.2f} {'right' if right else 'wrong'} {where}: {question}  "
                      f"want {item.get('contains') or item.get('entity')}")
        else:
            out_total += 1
            out_scores.append(score)
            rejected += score < THRESHOLD
            if verbose and score >= THRESHOLD and best is not None:
                print(f"OOS  {score:.2f} {best.ref.entity}.{best.ref.fact}: {question}")
    print(f"{path}:")
    if total:
        print(f"  in scope: {hits}/{total} = {100 * hits / total:.1f}% answered right "
              f"(right at any score: {100 * ranked_hits / total:.1f}%)")
    if out_total:
        print(f"  out of scope: {rejected}/{out_total} = {100 * rejected / out_total:.1f}% rejected")
    cuts = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    if total:
        print("  right at threshold " + ", ".join(
            f"{c}: {100 * sum(x >= c for x in in_scores) / total:.1f}%" for c in cuts))
    if out_total:
        print("  rejected at threshold " + ", ".join(
            f"{c}: {100 * sum(x < c for x in out_scores) / out_total:.1f}%" for c in cuts))
    return [str(item["q"]) for item in questions]


def synthetic_timing(kb: KnowledgeBase, facts: int, questions: Sequence[str]) -> str:
    """Build the reader on a base of about `facts` records (the real entities copied under
    new names, their texts' words shuffled) and time read() on the questions."""
    rng = random.Random(7)
    entities = dict(kb.entities)
    real = list(kb.entities.values())
    total = sum(len(rs) for e in real for rs in e.facts.values())
    copy = 0
    while total < facts:
        copy += 1
        for entity in real:
            facts_of = {}
            for name, records in entity.facts.items():
                shuffled = []
                for record in records:
                    words = record.text.split()
                    rng.shuffle(words)
                    shuffled.append(dataclasses.replace(record, text=" ".join(words)))
                facts_of[name] = tuple(shuffled)
                total += len(records)
            ident = f"{entity.id}_{copy}"
            entities[ident] = dataclasses.replace(entity, id=ident, name=f"{entity.name} {copy}",
                                                  aliases=tuple(f"{a} {copy}" for a in entity.aliases),
                                                  descriptions=(), facts=facts_of)
    big = dataclasses.replace(kb, entities=entities)
    engine = Engine(big)
    started = time.perf_counter()
    reader = FactReader(big, engine.glossary, engine.recognizer)
    build = time.perf_counter() - started
    times = []
    for question in questions:
        words = engine.glossary.apply(normalize(question).split())
        mentions = engine.recognizer.find(words)
        started = time.perf_counter()
        reader.read(words, mentions)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return (f"synthetic base of {total} records: index built in {build:.1f} s; read(): "
            f"p50 {statistics.median(times):.3f} ms, p99 {times[int(0.99 * (len(times) - 1))]:.3f} ms")


def samples(probe: Probe, paths: Sequence[Path]) -> list[tuple[tuple[float, ...], int, float]]:
    """(features of the best record, 1 if it answers right else 0, sample weight) per question."""
    out = []
    for path in paths:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", []):
            for understanding in filter(None, [probe.engine.understand(str(item["q"]))]):
                reader = probe.reader
                question = reader._question(understanding.words, understanding.mentions)
                grouped = reader._group(reader._rank(question), 1)
                if not grouped:
                    continue
                ref, unit_id, score = grouped[0]
                records = probe.kb.entities[ref.entity].facts[ref.fact]
                text = " ".join(records[i].text for i in ref.records)
                if "contains" in item:
                    right = contains_all(text, [str(c) for c in item["contains"]])
                elif item.get("intent"):
                    fact = str(item["intent"]).partition(".")[2]
                    entity = probe.kb.entities.get(str(item.get("entity")))
                    if entity is None or fact not in entity.facts:
                        continue
                    right = (ref.entity, ref.fact) == (item.get("entity"), fact)
                else:
                    right = False
                weight = 1.0 if item.get("contains") or item.get("intent") else OUT_OF_SCOPE_WEIGHT
                out.append((reader.features(question, unit_id, score), int(right), weight))
    return out


# Declining a question on another subject matters more than answering one more in scope.
OUT_OF_SCOPE_WEIGHT = 2.0


def fit(data: Sequence[tuple[tuple[float, ...], int, float]], *, steps: int = 4000, rate: float = 0.5,
        l2: float = 0.001) -> tuple[list[float], float]:
    """Logistic regression by gradient descent: weights and bias."""
    size = len(data[0][0])
    weights, bias = [0.0] * size, 0.0
    total = sum(w for _, _, w in data)
    for _ in range(steps):
        grad, grad_bias = [0.0] * size, 0.0
        for features, label, weight in data:
            z = bias + sum(w * f for w, f in zip(weights, features, strict=True))
            error = (1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - label) * weight
            grad_bias += error
            for i, f in enumerate(features):
                grad[i] += error * f
        bias -= rate * grad_bias / total
        weights = [w - rate * (g / total + l2 * w) for w, g in zip(weights, grad, strict=True)]
    return weights, bias


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--synthetic", type=int, metavar="FACTS", help="also time read() on a base this large")
    parser.add_argument("--fit", action="store_true", help="fit the calibration on the files and print it")
    args = parser.parse_args(argv)
    probe = Probe(args.root)
    if args.fit:
        weights, bias = fit(samples(probe, args.files))
        print(f"CALIBRATION = ({', '.join(f'{w:.2f}' for w in weights)})\nCALIBRATION_BIAS = {bias:.2f}")
        fact_reader.CALIBRATION, fact_reader.CALIBRATION_BIAS = tuple(weights), bias
    asked: list[str] = []
    for path in args.files:
        asked.extend(run(probe, path, args.verbose))
    times = sorted(probe.times)
    if times:
        print(f"index built in {probe.build_ms:.0f} ms; read(): p50 {statistics.median(times):.3f} ms, "
              f"p99 {times[int(0.99 * (len(times) - 1))]:.3f} ms over {len(times)} questions")
    if args.synthetic:
        print(synthetic_timing(probe.kb, args.synthetic, asked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
