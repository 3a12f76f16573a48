"""An HTML report of an evaluation run, for an editor to open in a browser.

`python -m bot eval FILE --report DIR` writes DIR/index.html: the scores, accuracy per
intent, the confusion matrix, the confidence histograms of right and wrong answers, and
the failing questions. The pictures are inline SVG drawn here: the report is one file
that needs no plotting library, no network and no script. Every text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.evaluate import Outcome, Results

OUT_OF_SCOPE_LABEL = "(out of scope)"
RIGHT_COLOUR, WRONG_COLOUR, MIDDLE_COLOUR, TRACK_COLOUR = "#2e7d32", "#c62828", "#ef8f00", "#e8e8e8"
CHAR_PX = 7  # rough width of one character at the 12px font the pictures use
MAX_LABEL_CHARS = 44
MAX_ANSWER_CHARS = 240

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 75em; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ddd; padding: .3em .5em; vertical-align: top; }
th { background: #f4f4f4; text-align: left; } td.num { text-align: right; white-space: nowrap; }
.note { color: #666; } svg { max-width: 100%; height: auto; } svg text { font: 12px system-ui, sans-serif; }
"""


def esc(value: object) -> str:
    """Text made safe for HTML and SVG, quotes included."""
    return html.escape(str(value), quote=True)


def short(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expected_label(outcome: Outcome) -> str:
    return outcome.case.intent or OUT_OF_SCOPE_LABEL


def got_label(outcome: Outcome) -> str:
    """What the bot did, in the same words as the expected labels where they agree."""
    reply = outcome.reply
    if not reply.matched:
        return f"({reply.kind.replace('_', ' ')})"
    if reply.intent == outcome.case.intent and not outcome.correct:
        return f"{reply.intent} (wrong entity)"
    return reply.intent or "?"


# -- accuracy per intent ----------------------------------------------------------------
@dataclass(frozen=True)
class IntentScore:
    label: str
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def intent_scores(results: Results) -> list[IntentScore]:
    """Accuracy per expected intent (out-of-scope questions as one label), worst first."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for outcome in results.outcomes:
        total[expected_label(outcome)] += 1
        right[expected_label(outcome)] += outcome.correct
    scores = [IntentScore(label, right[label], total[label]) for label in total]
    return sorted(scores, key=lambda s: (s.share, s.label))


def _share_colour(share: float) -> str:
    return RIGHT_COLOUR if share >= 0.9 else MIDDLE_COLOUR if share >= 0.6 else WRONG_COLOUR


def _svg(width: int, height: int, label: str, body: Sequence[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}">'
            f"<title>{esc(label)}</title>{''.join(body)}</svg>")


def accuracy_svg(scores: Sequence[IntentScore]) -> str:
    """Horizontal bars: one per intent, the share of its questions answered right."""
    label_w = CHAR_PX * max((len(short(s.label)) for s in scores), default=10) + 12
    bar_w, row_h = 320, 20
    body = []
    for index, score in enumerate(scores):
        y = 6 + index * row_h
        tip = f"{score.label}: {score.right} of {score.total} right"
        body.append(
            f"<g><title>{esc(tip)}</title>"
            f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end">{esc(short(score.label))}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h - 6}" fill="{TRACK_COLOUR}"/>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w * score.share:.1f}" height="{row_h - 6}" '
            f'fill="{_share_colour(score.share)}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 12}">'
            f"{score.share:.0%} ({score.right}/{score.total})</text>"
            "</g>")
    height = 12 + row_h * len(scores)
    return _svg(label_w + bar_w + 110, height, "Accuracy per intent", body)


# -- confusion matrix ----------------------------------------------------------------------
@dataclass(frozen=True)
class Confusion:
    """Counts of (expected, got) over the labels that take part in at least one error."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Counter[tuple[str, str]]


def confusion(results: Results) -> Confusion:
    wrong = [o for o in results.outcomes if not o.correct]
    rows = sorted({expected_label(o) for o in wrong})
    involved = set(rows) | {got_label(o) for o in wrong}
    got = {got_label(o) for o in results.outcomes if expected_label(o) in involved} & involved
    # Shared labels first and in the rows' order, so that the diagonal stays a diagonal.
    columns = [label for label in rows if label in got] + sorted(got - set(rows))
    counts = Counter((expected_label(o), got_label(o)) for o in results.outcomes
                     if expected_label(o) in rows and got_label(o) in columns)
    return Confusion(tuple(rows), tuple(columns), counts)


CELL = 24


def _cell(x: int, y: int, expected: str, got: str, count: int, strength: float) -> str:
    """One non-empty cell: green on the diagonal, red off it, darker for more questions."""
    rgb = "46,125,50" if expected == got else "198,40,40"
    return (f"<g><title>{esc(f'expected {expected}, got {got}: {count}')}</title>"
            f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" fill="rgba({rgb},{strength:.2f})"/>'
            f'<text x="{x + CELL // 2 - 1}" y="{y + 16}" text-anchor="middle">{count}</text></g>')


def _grid(matrix: Confusion, left: int, top: int) -> list[str]:
    """Labels, striped rows and column lines, so that a cell can be traced to both labels."""
    width, height = CELL * len(matrix.columns), CELL * len(matrix.rows)
    body = []
    for i, row in enumerate(matrix.rows):
        y = top + i * CELL
        if i % 2 == 0:
            body.append(f'<rect x="{left}" y="{y - 1}" width="{width}" height="{CELL}" fill="#f3f3f3"/>')
        body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{esc(short(row))}</text>')
    for j, column in enumerate(matrix.columns):
        x = left + j * CELL
        body.append(f'<line x1="{x - 1}" y1="{top - 1}" x2="{x - 1}" y2="{top + height - 1}" stroke="#e4e4e4"/>'
                    f'<text transform="translate({x + CELL // 2},{top - 6}) rotate(-45)">{esc(short(column))}</text>')
    return body


def confusion_svg(matrix: Confusion) -> str:
    """A grid of counts: rows are the expected intents, columns what the bot did.

    Right (diagonal) and wrong cells are shaded each on their own scale, so that a
    confusion of 2 stands out next to one of 9 however many questions were right.
    """
    left = CHAR_PX * max(len(short(r)) for r in matrix.rows) + 12
    top = int(CHAR_PX * max(len(short(c)) for c in matrix.columns) * 0.72) + 16
    cells = {key: n for key, n in matrix.counts.items() if n}
    largest = {right: max([n for (e, g), n in cells.items() if (e == g) == right] or [1])
               for right in (True, False)}
    body = _grid(matrix, left, top)
    for (expected, got), count in cells.items():
        strength = 0.25 + 0.75 * count / largest[expected == got]
        x, y = left + matrix.columns.index(got) * CELL, top + matrix.rows.index(expected) * CELL
        body.append(_cell(x, y, expected, got, count, strength))
    width = left + CELL * len(matrix.columns) + top  # room for the last slanted label
    return _svg(width, top + CELL * len(matrix.rows) + 8, "Confusion matrix", body)


# -- confidence histogram -------------------------------------------------------------------
HIST_LEFT, HIST_TOP, HIST_HEIGHT, BAND_WIDTH = 40, 28, 180, 52


def _histogram_frame(bins: int, largest: int) -> list[str]:
    """Legend, axis and labels; the band edges are labelled, as a band is [edge, next edge)."""
    base, right_end = HIST_TOP + HIST_HEIGHT, HIST_LEFT + BAND_WIDTH * bins
    frame = [
        f'<rect x="{HIST_LEFT}" y="6" width="12" height="12" fill="{RIGHT_COLOUR}"/>'
        f'<text x="{HIST_LEFT + 16}" y="16">right</text>'
        f'<rect x="{HIST_LEFT + 70}" y="6" width="12" height="12" fill="{WRONG_COLOUR}"/>'
        f'<text x="{HIST_LEFT + 86}" y="16">wrong</text>',
        f'<line x1="{HIST_LEFT}" y1="{base}" x2="{right_end}" y2="{base}" stroke="#888"/>',
        f'<text x="{HIST_LEFT - 6}" y="{HIST_TOP + 10}" text-anchor="end">{largest}</text>'
        f'<text x="{HIST_LEFT - 6}" y="{base}" text-anchor="end">0</text>',
        f'<text x="{(HIST_LEFT + right_end) // 2}" y="{base + 34}" text-anchor="middle">confidence</text>',
    ]
    for edge in range(bins + 1):
        x = HIST_LEFT + edge * BAND_WIDTH
        frame.append(f'<line x1="{x}" y1="{base}" x2="{x}" y2="{base + 4}" stroke="#888"/>'
                     f'<text x="{x}" y="{base + 16}" text-anchor="middle">{edge / bins:.1f}</text>')
    return frame


def _histogram_bar(band: int, bins: int, offset: int, count: int, largest: int) -> str:
    colour, what = (RIGHT_COLOUR, "right") if offset == 0 else (WRONG_COLOUR, "wrong")
    height = HIST_HEIGHT * count / largest
    x = HIST_LEFT + band * BAND_WIDTH + 7 + offset * 20
    tip = f"{count} {what} at confidence {band / bins:.1f}–{(band + 1) / bins:.1f}"
    return (f"<g><title>{esc(tip)}</title><rect x=\"{x}\" y=\"{HIST_TOP + HIST_HEIGHT - height:.1f}\" "
            f'width="18" height="{height:.1f}" fill="{colour}"/></g>')


def histogram_svg(right: Sequence[int], wrong: Sequence[int]) -> str:
    """Two bars per confidence band: right answers and wrong ones."""
    bins, largest = len(right), max([*right, *wrong, 1])
    body = _histogram_frame(bins, largest)
    for band, counts in enumerate(zip(right, wrong, strict=True)):
        body += [_histogram_bar(band, bins, offset, count, largest) for offset, count in enumerate(counts)]
    return _svg(HIST_LEFT + BAND_WIDTH * bins + 20, HIST_TOP + HIST_HEIGHT + 44,
                "Confidence of right and wrong answers", body)


# -- the page ------------------------------------------------------------------------------
def _summary(results: Results) -> str:
    rows = [
        ("questions", f"{len(results.outcomes)} ({len(results.in_scope)} in scope, "
                      f"{len(results.out_of_scope)} out of scope)"),
        ("top-1 accuracy (in scope)", f"{results.accuracy:.1%}"),
        ("out-of-scope rejection", f"{results.rejection:.1%}"),
        ("follow-up accuracy", f"{results.follow_up_accuracy:.1%}"),
        ("failing questions", str(sum(not o.correct for o in results.outcomes))),
    ]
    cells = "".join(f"<tr><th>{esc(name)}</th><td>{esc(value)}</td></tr>" for name, value in rows)
    return f"<table>{cells}</table>"


def _accuracy_section(results: Results) -> str:
    scores = intent_scores(results)
    if not scores:
        return '<p class="note">No questions.</p>'
    return ('<p class="note">Share of each intent\'s questions answered right, worst first. '
            "Out-of-scope questions count as right when the bot declined them.</p>" + accuracy_svg(scores))


def _confusion_section(results: Results) -> str:
    matrix = confusion(results)
    if not matrix.rows:
        return '<p class="note">No confusions: every question was answered as labelled.</p>'
    return ('<p class="note">Rows: the expected intent; columns: what the bot did. Green on the '
            "diagonal is right; red is a confusion. Only intents involved in an error are shown.</p>"
            + confusion_svg(matrix))


def _histogram_section(results: Results) -> str:
    return ('<p class="note">How sure the bot was. Wrong answers at high confidence need a phrasing '
            "or a sharper intent; right answers at low confidence are close calls.</p>"
            + histogram_svg(results.histogram(correct=True), results.histogram(correct=False)))


def _failure_row(outcome: Outcome) -> str:
    case, reply = outcome.case, outcome.reply
    expected = expected_label(outcome) + (f" ({case.entity})" if case.entity else "")
    got = got_label(outcome) + (f" ({', '.join(reply.entities)})" if reply.entities else "")
    where = f"conversation {case.conversation}, turn {case.turn + 1}" if case.conversation is not None else ""
    return (f"<tr><td>{esc(case.question)}<br><span class=\"note\">{esc(where)}</span></td>"
            f"<td>{esc(expected)}</td><td>{esc(got)}</td><td class=\"num\">{reply.confidence:.2f}</td>"
            f"<td>{esc(short(reply.text, MAX_ANSWER_CHARS))}</td></tr>")


def _failures_section(results: Results) -> str:
    failing = [o for o in results.outcomes if not o.correct]
    if not failing:
        return '<p class="note">None.</p>'
    head = "<tr><th>question</th><th>expected</th><th>got</th><th>confidence</th><th>answer</th></tr>"
    return f"<table>{head}{''.join(_failure_row(o) for o in failing)}</table>"


def render_report(results: Results, *, generated: datetime | None = None) -> str:
    """The whole report as one HTML page."""
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        ("Scores", _summary(results)),
        ("Accuracy per intent", _accuracy_section(results)),
        ("Confusion matrix", _confusion_section(results)),
        ("Confidence of right and wrong answers", _histogram_section(results)),
        ("Failing questions", _failures_section(results)),
    ]
    body = "".join(f"<h2>{esc(title)}</h2>{content}" for title, content in sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>cfsp-bot evaluation report</title><style>{STYLE}</style></head>"
            f"<body><h1>cfsp-bot evaluation report</h1><p class=\"note\">Generated {esc(when)}.</p>"
            f"{body}</body></html>\n")


def write_report(results: Results, directory: Path) -> Path:
    """Write `index.html` into `directory` (created if needed) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    index = directory / "index.html"
    index.write_text(render_report(results), encoding="utf-8")
    return index
