"""Measure the loaders against the hand-checked expected facts in ``tests/expected/``.

For every seed document that has an expected file (``<stem>.yaml`` for ``<stem>.txt``),
:func:`evaluate` runs :func:`loaders.pipeline.read_document` and counts, per category, the facts
the loader found that the file expects (*matched*), those it missed (*misses*) and those it found
that the file does not hold (*spurious*). Precision, recall and F1 follow per document and, summed
over documents (micro-average), overall. :func:`format_report` prints them as a table and lists
the misses and spurious facts so a developer sees what to fix.

Matching rules (the expected-file format is described in ``tests/expected/README.md``):

* names are compared after Unicode NFC, case-folding, whitespace collapsing and removal of
  footnote marks (``¹``, ``*``) and trailing punctuation; an expected entry's ``aliases`` match too;
* indicator and assignment names match when rapidfuzz's ratio is ≥ 90, and an assignment also
  when one title is the start of the other (the first sentence of the assignment's text);
* documents on (title, type, year, issuer); attachments on their title without "Bilaga N";
  goals on (title, level); assessments on (goal, status, period); indicator values on
  (indicator, period, breakdown, value) with exact numeric equality, ``null`` matching only
  no-data; decision references on (body, date, paragraphs, dnr, malformed) as a multiset
  ("KS"/"Kommunstyrelsen" and "KF"/"Kommunfullmäktige" are one body); decisions on (body,
  paragraph, date, and dnr and number of points where given); organisations on the name;
  assignments on (title, status);
* an entry marked ``optional: true`` (or a ``blank`` cell) is never a miss, and a fact matching
  it is never spurious;
* pairs are one to one; outside decision references, a further fact matching an already paired
  entry (another printed form of it) is a duplicate, neither extracted nor spurious.

Precision is matched / extracted and recall matched / expected. A category with nothing expected
has recall 1; one with nothing extracted has precision 1 only if nothing was expected either.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rich.console import Console
from rich.table import Table

from loaders.facts import DocumentFacts
from loaders.pipeline import read_document
from styrgraf.errors import DocumentError
from styrgraf.expected import (
    ANY,
    BILAGA,
    CATEGORIES,
    NO_DATA,
    ExpectedDocument,
    Fact,
    load_expected,
    normalise_body,
    normalise_dnr,
    normalise_name,
    normalise_period,
)

__all__ = [
    "CATEGORIES",
    "CategoryScore",
    "DocumentScore",
    "EvaluationReport",
    "ExpectedDocument",
    "Fact",
    "evaluate",
    "extract_items",
    "format_report",
    "load_expected",
    "match_category",
    "score_document",
]

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz ratio (0–100) for two indicator or assignment names to be the same."""

_FUZZY_CATEGORIES = frozenset({"indicators", "indicator_values", "assignments"})
_MULTISET_CATEGORIES = frozenset({"decision_references"})


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """Counts for one category of one document (or summed over documents)."""

    category: str
    expected: int
    extracted: int
    matched: int
    misses: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        if self.extracted == 0:
            return 1.0 if self.expected == 0 else 0.0
        return self.matched / self.extracted

    @property
    def recall(self) -> float:
        return 1.0 if self.expected == 0 else self.matched / self.expected

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Scores of one seed document; ``error`` holds the loader's message if it gave up."""

    document: str
    categories: tuple[CategoryScore, ...]
    error: str | None = None

    def category(self, name: str) -> CategoryScore:
        return next(score for score in self.categories if score.category == name)


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Per-document scores and their micro-average over documents."""

    documents: tuple[DocumentScore, ...]
    overall: tuple[CategoryScore, ...] = field(default=())

    def category(self, name: str) -> CategoryScore:
        return next(score for score in self.overall if score.category == name)

    def total(self) -> CategoryScore:
        """All categories of all documents summed into one score."""
        return _sum_scores("all", self.overall)


# --- extracted facts -------------------------------------------------------------------------


def extract_items(facts: DocumentFacts) -> dict[str, tuple[Fact, ...]]:
    """Reduce a loader's :class:`DocumentFacts` to comparable facts, per category."""
    return {
        "documents": tuple(
            Fact(
                f"{d.title} ({d.doc_type}, {d.year})",
                (normalise_name(d.title),),
                (d.doc_type, d.year, normalise_name(d.issuer) if d.issuer else None),
            )
            for d in facts.documents
        ),
        "attachments": tuple(
            Fact(a.title, (BILAGA.sub("", normalise_name(a.title)),))
            for d in facts.documents
            for a in d.attachments
        ),
        "goals": tuple(
            Fact(f"{g.title} [{g.level}]", (normalise_name(g.title),), (g.level,)) for g in facts.goals
        ),
        "assessments": tuple(
            Fact(
                f"{a.goal}: {a.status} {a.period}",
                (normalise_name(a.goal),),
                (a.status, normalise_period(a.period)),
            )
            for a in facts.assessments
        ),
        "indicators": tuple(Fact(i.name, (normalise_name(i.name),)) for i in facts.indicators),
        "indicator_values": tuple(
            Fact(
                f"{o.indicator}{f' / {o.breakdown}' if o.breakdown else ''} {o.period} = {o.raw}",
                (normalise_name(o.indicator),),
                (
                    normalise_period(o.period),
                    normalise_name(o.breakdown or ""),
                    NO_DATA if o.no_data or o.value is None else o.value,
                ),
            )
            for o in facts.observations
        ),
        "decision_references": tuple(
            Fact(
                f"line {r.span.first_line}: {r.raw}",
                (),
                (normalise_body(r.body), r.date, tuple(r.paragraphs), normalise_dnr(r.dnr), r.malformed),
            )
            for r in facts.decision_references
        ),
        "decisions": tuple(
            Fact(
                f"{d.body} § {d.paragraph} {d.title}",
                (),
                (normalise_body(d.body), d.paragraph, d.date, normalise_dnr(d.dnr), len(d.points)),
            )
            for d in facts.decisions
        ),
        "organisations": tuple(
            Fact(o.name, tuple(dict.fromkeys(normalise_name(n) for n in (o.name, *o.aliases))))
            for o in facts.organisations
        ),
        "assignments": tuple(
            Fact(
                f"{a.title} [{a.status}]",
                (normalise_name(a.title),),
                (normalise_name(a.status) if a.status else None,),
            )
            for a in facts.assignments
        ),
    }


# --- matching --------------------------------------------------------------------------------


def _opens(whole: str, start: str) -> bool:
    """An assignment title is often its first sentence of a longer text: accept such a start."""
    return len(start) >= 20 and whole.startswith(start)


@lru_cache(maxsize=65536)
def _similarity(expected: str, extracted: str) -> float:
    return fuzz.ratio(expected, extracted)


def _score(category: str, expected: Fact, extracted: Fact) -> float | None:
    """How well ``extracted`` matches ``expected`` (higher is better), or ``None`` if it does not."""
    if len(expected.fields) != len(extracted.fields):
        return None
    if any(
        want is not ANY and want != got for want, got in zip(expected.fields, extracted.fields, strict=True)
    ):
        return None
    if not expected.names:
        return 100.0
    if set(expected.names) & set(extracted.names):
        return 100.0
    if category not in _FUZZY_CATEGORIES:
        return None
    if category == "assignments" and any(
        _opens(e, x) or _opens(x, e) for e in expected.names for x in extracted.names
    ):
        return float(FUZZY_THRESHOLD)
    best = max(_similarity(e, x) for e in expected.names for x in extracted.names)
    return best if best >= FUZZY_THRESHOLD else None


def match_category(category: str, expected: Sequence[Fact], extracted: Sequence[Fact]) -> CategoryScore:
    """Pair expected and extracted facts one to one (best match first) and count the outcome.

    Except for decision references (a multiset: a citation printed twice must be found twice), an
    extracted fact left over that matches an already paired expected entry is a *duplicate* — another
    printed form of the same goal or organisation ("AB Stångåstaden", "Stångåstaden AB") — and counts
    neither as extracted nor as spurious.
    """
    free = list(range(len(extracted)))
    matched = matched_optional = 0
    misses: list[str] = []
    for fact in sorted(expected, key=lambda fact: fact.optional):
        best: tuple[float, int] | None = None
        for position, index in enumerate(free):
            score = _score(category, fact, extracted[index])
            if score is not None and (best is None or score > best[0]):
                best = (score, position)
                if score == 100.0:
                    break
        if best is not None:
            free.pop(best[1])
            if fact.optional:
                matched_optional += 1
            else:
                matched += 1
        elif not fact.optional:
            misses.append(fact.label)
    duplicates = 0
    if category not in _MULTISET_CATEGORIES:
        spurious = [i for i in free if all(_score(category, f, extracted[i]) is None for f in expected)]
        duplicates, free = len(free) - len(spurious), spurious
    return CategoryScore(
        category=category,
        expected=sum(not fact.optional for fact in expected),
        extracted=len(extracted) - matched_optional - duplicates,
        matched=matched,
        misses=tuple(misses),
        spurious=tuple(extracted[index].label for index in free),
    )


def score_document(
    expected: ExpectedDocument, facts: DocumentFacts | None, error: str | None = None
) -> DocumentScore:
    """Score one document's extracted ``facts`` (``None`` when the loader gave up) against ``expected``."""
    items = extract_items(facts if facts is not None else DocumentFacts(source=expected.stem))
    return DocumentScore(
        document=expected.stem,
        categories=tuple(
            match_category(name, expected.facts.get(name, ()), items[name]) for name in CATEGORIES
        ),
        error=error,
    )


def _sum_scores(category: str, scores: Iterable[CategoryScore]) -> CategoryScore:
    scores = list(scores)
    return CategoryScore(
        category=category,
        expected=sum(score.expected for score in scores),
        extracted=sum(score.extracted for score in scores),
        matched=sum(score.matched for score in scores),
        misses=tuple(miss for score in scores for miss in score.misses),
        spurious=tuple(fact for score in scores for fact in score.spurious),
    )


def evaluate(expected_dir: Path, seeds_dir: Path) -> EvaluationReport:
    """Run the loaders on every seed that has an expected file and score them.

    :raises DocumentError: an expected file is malformed, or names a seed that does not exist.
    """
    documents: list[DocumentScore] = []
    for path in sorted(expected_dir.glob("*.yaml")):
        expected = load_expected(path)
        seed = seeds_dir / f"{path.stem}.txt"
        if not seed.is_file():
            raise DocumentError(path.name, None, f"no seed document {seed}")
        try:
            documents.append(score_document(expected, read_document(seed)))
        except DocumentError as error:
            documents.append(score_document(expected, None, str(error)))
    overall = tuple(
        _sum_scores(name, (_prefixed(document.document, document.category(name)) for document in documents))
        for name in CATEGORIES
    )
    return EvaluationReport(documents=tuple(documents), overall=overall)


def _prefixed(document: str, score: CategoryScore) -> CategoryScore:
    return CategoryScore(
        score.category,
        score.expected,
        score.extracted,
        score.matched,
        tuple(f"{document}: {miss}" for miss in score.misses),
        tuple(f"{document}: {fact}" for fact in score.spurious),
    )


# --- report ----------------------------------------------------------------------------------


def format_report(report: EvaluationReport, *, details: bool = True, limit: int = 15) -> str:
    """The report as plain text: one table of scores, then (with ``details``) up to ``limit``
    misses and spurious facts per document and category."""
    table = Table(title="Styrgraf loader evaluation", show_lines=False)
    for header in ("document", "category", "expected", "extracted", "matched"):
        table.add_column(header, justify="left" if header in ("document", "category") else "right")
    for header in ("precision", "recall", "F1"):
        table.add_column(header, justify="right")
    for document in report.documents:
        for score in document.categories:
            _add_row(table, document.document, score)
        table.add_section()
    for score in (*report.overall, report.total()):
        _add_row(table, "overall", score)
    buffer = io.StringIO()
    console = Console(file=buffer, width=130, color_system=None, highlight=False)
    console.print(table)
    for document in report.documents:
        if document.error:
            console.print(f"{document.document}: loader gave up: {document.error}")
    if details:
        for document in report.documents:
            for score in document.categories:
                for kind, facts in (("missed", score.misses), ("spurious", score.spurious)):
                    if facts:
                        console.print(f"\n{document.document} — {score.category} {kind} ({len(facts)}):")
                        for fact in facts[:limit]:
                            console.print(f"  - {fact}", markup=False)
                        if len(facts) > limit:
                            console.print(f"  … and {len(facts) - limit} more")
    return buffer.getvalue()


def _add_row(table: Table, document: str, score: CategoryScore) -> None:
    table.add_row(
        document,
        score.category,
        str(score.expected),
        str(score.extracted),
        str(score.matched),
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
    )
