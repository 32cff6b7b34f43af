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
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz
from rich.console import Console
from rich.table import Table

from loaders.facts import DocumentFacts
from loaders.pipeline import read_document
from styrgraf.errors import DocumentError

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

CATEGORIES = (
    "documents",
    "attachments",
    "goals",
    "assessments",
    "indicators",
    "indicator_values",
    "decision_references",
    "decisions",
    "organisations",
    "assignments",
)
"""Scored categories, in report order."""

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz ratio (0–100) for two indicator or assignment names to be the same."""

_FUZZY_CATEGORIES = frozenset({"indicators", "indicator_values", "assignments"})
_MULTISET_CATEGORIES = frozenset({"decision_references"})
_BODY_ALIASES = {"kommunstyrelsen": "ks", "kommunfullmäktige": "kf"}
_NO_DATA = "no-data"


class _Any:
    """Wildcard field of an expected fact: the file does not say, so anything matches."""

    def __repr__(self) -> str:
        return "*"


ANY: Any = _Any()


@dataclass(frozen=True, slots=True)
class Fact:
    """One comparable fact — expected or extracted — reduced to what matching looks at."""

    label: str
    """Human-readable form shown among misses and spurious facts."""
    names: tuple[str, ...] = ()
    """Normalised names the fact answers to (title and aliases); empty when it has no name."""
    fields: tuple[object, ...] = ()
    """Normalised values compared for equality; :data:`ANY` in an expected fact matches anything."""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class ExpectedDocument:
    """The expected facts of one seed document, per category."""

    stem: str
    facts: Mapping[str, tuple[Fact, ...]]


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


# --- normalisation ---------------------------------------------------------------------------

_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*]+")
_TRAILING = re.compile(r"[\s.,;:]+$")
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\d{4}")
_BILAGA = re.compile(r"^bilaga\s+\d+\s*[-–:,]?\s*")


def normalise_name(text: str) -> str:
    """Case-fold, drop footnote marks and trailing punctuation, collapse whitespace."""
    text = _MARKS.sub(" ", unicodedata.normalize("NFC", text).casefold())
    return _TRAILING.sub("", _SPACE.sub(" ", text).strip())


def normalise_period(period: object) -> str:
    """ "2020", "Augusti 2020" and "helår 2020" are one period; "2020-2023" stays itself."""
    text = normalise_name(str(period))
    years = _YEAR.findall(text)
    if len(years) == 1 and sum(ch.isdigit() for ch in text) == 4:
        return str(years[0])
    return text


def _body(body: object) -> object:
    if body is None or body is ANY:
        return body
    name = normalise_name(str(body))
    return _BODY_ALIASES.get(name, name)


def _dnr(dnr: object) -> object:
    if dnr is None or dnr is ANY:
        return dnr
    return re.sub(r"^dnr\.?\s*", "", normalise_name(str(dnr)))


def _number(value: object) -> object:
    """A cell value as a comparable Decimal, or the no-data marker."""
    if value is None:
        return _NO_DATA
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    try:
        return Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


# --- expected files --------------------------------------------------------------------------

_KEYS = {
    "document": {
        "title",
        "aliases",
        "type",
        "year",
        "issuer",
        "attachments",
        "parts",
        "period",
        "date",
        "optional",
    },
    "goals": {"title", "level", "parent", "aliases", "optional", "description", "owner"},
    "assessments": {"goal", "status", "period", "optional", "line"},
    "indicators": {
        "name",
        "goal",
        "target",
        "values",
        "breakdowns",
        "breakdown_targets",
        "unit",
        "aliases",
        "optional",
        "line",
    },
    "decision_references": {
        "line",
        "raw",
        "body",
        "date",
        "paragraphs",
        "dnr",
        "malformed",
        "optional",
        "subject",
        "goal",
    },
    "decisions": {
        "body",
        "paragraph",
        "date",
        "dnr",
        "title",
        "points",
        "recipients",
        "not_participating",
        "optional",
        "line",
    },
    "organisations": {"name", "kind", "aliases", "parent", "optional"},
    "assignments": {"title", "status", "optional", "goal", "line"},
}
_LEVELS = {"area", "council", "board", "office"}
_STATUSES = {"fulfilled", "partly", "not-fulfilled", "not-assessable"}
_KINDS = {
    "municipality",
    "council",
    "board",
    "committee",
    "office",
    "staff",
    "unit",
    "company",
    "external",
    "party",
}


class _Reader:
    """Validates one expected file while turning it into :class:`Fact` tuples."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, reason: str) -> DocumentError:
        return DocumentError(self.path.name, None, f"{where}: {reason}")

    def entries(self, data: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise self.fail(section, "must be a list")
        for index, entry in enumerate(entries):
            self.check(entry, section, f"{section}[{index}]")
        return entries

    def check(self, entry: object, section: str, where: str) -> None:
        if not isinstance(entry, Mapping):
            raise self.fail(where, "must be a mapping")
        unknown = sorted(set(entry) - _KEYS[section])
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r}")
        required = {
            "goals": "title",
            "assessments": "goal",
            "indicators": "name",
            "organisations": "name",
            "assignments": "title",
            "decisions": "paragraph",
            "decision_references": "raw",
            "document": "type",
        }[section]
        if entry.get(required) in (None, ""):
            raise self.fail(where, f"missing {required!r}")
        for key, allowed in (("level", _LEVELS), ("status", _STATUSES), ("kind", _KINDS)):
            if section in ("goals", "assessments", "organisations") and key in entry:
                if entry[key] not in allowed:
                    raise self.fail(where, f"{key} {entry[key]!r} is not one of {sorted(allowed)}")


def load_expected(path: Path) -> ExpectedDocument:
    """Read and validate one expected-facts file.

    :raises DocumentError: the file is not valid YAML or breaks the format (names file and entry).
    """
    reader = _Reader(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise reader.fail("yaml", str(error).replace("\n", " ")) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("document"), Mapping):
        raise reader.fail("document", "the file needs a 'document' mapping")
    document: Mapping[str, Any] = data["document"]
    reader.check(document, "document", "document")
    goals = reader.entries(data, "goals")
    aliases = _goal_aliases(goals)
    facts: dict[str, tuple[Fact, ...]] = {
        "documents": tuple(_expected_documents(document, reader)),
        "attachments": tuple(_expected_attachments(document)),
        "goals": tuple(_expected_goal(goal) for goal in goals),
        "assessments": tuple(
            _expected_assessment(entry, aliases) for entry in reader.entries(data, "assessments")
        ),
        "indicators": tuple(_expected_indicator(entry) for entry in reader.entries(data, "indicators")),
        "indicator_values": tuple(_expected_values(reader.entries(data, "indicators"), reader)),
        "decision_references": tuple(
            _expected_reference(entry) for entry in reader.entries(data, "decision_references")
        ),
        "decisions": tuple(_expected_decision(entry) for entry in reader.entries(data, "decisions")),
        "organisations": tuple(
            _expected_organisation(entry) for entry in reader.entries(data, "organisations")
        ),
        "assignments": tuple(_expected_assignment(entry) for entry in reader.entries(data, "assignments")),
    }
    return ExpectedDocument(stem=path.stem, facts=facts)


def _names(entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    names = [str(entry[key]), *(str(alias) for alias in entry.get("aliases") or ())]
    return tuple(dict.fromkeys(normalise_name(name) for name in names))


def _goal_aliases(goals: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    aliases: dict[str, tuple[str, ...]] = {}
    for goal in goals:
        names = _names(goal, "title")
        for name in names:
            aliases[name] = tuple(dict.fromkeys((*aliases.get(name, ()), *names)))
    return aliases


def _expected_documents(document: Mapping[str, Any], reader: _Reader) -> Iterable[Fact]:
    entries = [document, *(document.get("parts") or ())]
    for index, entry in enumerate(entries):
        if index:
            reader.check(entry, "document", f"document.parts[{index - 1}]")
        title, doc_type = entry.get("title"), entry.get("type", ANY)
        year = entry.get("year", ANY)
        issuer = normalise_name(str(entry["issuer"])) if entry.get("issuer") else ANY
        yield Fact(  # a document with no printed title ("title: null") may be titled anything
            f"{title or '(untitled)'} ({doc_type}, {year})",
            _names(entry, "title") if title else (),
            (doc_type, year, issuer),
            bool(entry.get("optional")),
        )


def _expected_attachments(document: Mapping[str, Any]) -> Iterable[Fact]:
    for title in document.get("attachments") or ():
        yield Fact(str(title), (_BILAGA.sub("", normalise_name(str(title))),))


def _expected_goal(entry: Mapping[str, Any]) -> Fact:
    label = f"{entry['title']} [{entry.get('level', '?')}]"
    return Fact(label, _names(entry, "title"), (entry.get("level", ANY),), bool(entry.get("optional")))


def _expected_assessment(entry: Mapping[str, Any], aliases: Mapping[str, tuple[str, ...]]) -> Fact:
    goal = normalise_name(str(entry["goal"]))
    period = normalise_period(entry["period"]) if entry.get("period") is not None else ANY
    return Fact(
        f"{entry['goal']}: {entry.get('status')} {entry.get('period', '')}".rstrip(),
        aliases.get(goal, (goal,)),
        (entry.get("status", ANY), period),
        bool(entry.get("optional")),
    )


def _expected_indicator(entry: Mapping[str, Any]) -> Fact:
    return Fact(str(entry["name"]), _names(entry, "name"), (), bool(entry.get("optional")))


def _expected_values(entries: Iterable[Mapping[str, Any]], reader: _Reader) -> Iterable[Fact]:
    for entry in entries:
        names, name = _names(entry, "name"), str(entry["name"])
        rows: list[tuple[str | None, object]] = [(None, entry.get("values") or {})]
        rows += list((entry.get("breakdowns") or {}).items())
        for breakdown, values in rows:
            if not isinstance(values, Mapping):
                raise reader.fail(name, f"values of {breakdown or 'the indicator'} must be a mapping")
            for period, value in values.items():
                blank = value == "blank"
                try:
                    number = _NO_DATA if blank else _number(value)
                except ValueError as error:
                    raise reader.fail(f"{name} {period}", str(error)) from None
                row = f" / {breakdown}" if breakdown else ""
                yield Fact(
                    f"{name}{row} {period} = {'blank' if blank else 'null' if value is None else value}",
                    names,
                    (normalise_period(period), normalise_name(breakdown or ""), number),
                    blank or bool(entry.get("optional")),
                )


def _expected_reference(entry: Mapping[str, Any]) -> Fact:
    paragraphs = tuple(int(number) for number in entry.get("paragraphs") or ())
    fields = (
        _body(entry.get("body")),
        entry.get("date"),
        paragraphs,
        _dnr(entry.get("dnr")),
        bool(entry.get("malformed", False)),
    )
    return Fact(f"line {entry.get('line', '?')}: {entry['raw']}", (), fields, bool(entry.get("optional")))


def _expected_decision(entry: Mapping[str, Any]) -> Fact:
    points = entry.get("points", ANY)
    fields = (
        _body(entry.get("body", ANY)),
        int(entry["paragraph"]),
        entry.get("date", ANY),
        _dnr(entry.get("dnr", ANY)),
        points,
    )
    return Fact(
        f"{entry.get('body')} § {entry['paragraph']} {entry.get('title', '')}".rstrip(),
        (),
        fields,
        bool(entry.get("optional")),
    )


def _expected_organisation(entry: Mapping[str, Any]) -> Fact:
    return Fact(str(entry["name"]), _names(entry, "name"), (), bool(entry.get("optional")))


def _expected_assignment(entry: Mapping[str, Any]) -> Fact:
    status = normalise_name(str(entry["status"])) if entry.get("status") else ANY
    return Fact(
        f"{entry['title']} [{entry.get('status')}]",
        (normalise_name(str(entry["title"])),),
        (status,),
        bool(entry.get("optional")),
    )


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
            Fact(a.title, (_BILAGA.sub("", normalise_name(a.title)),))
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
                    _NO_DATA if o.no_data or o.value is None else o.value,
                ),
            )
            for o in facts.observations
        ),
        "decision_references": tuple(
            Fact(
                f"line {r.span.first_line}: {r.raw}",
                (),
                (_body(r.body), r.date, tuple(r.paragraphs), _dnr(r.dnr), r.malformed),
            )
            for r in facts.decision_references
        ),
        "decisions": tuple(
            Fact(
                f"{d.body} § {d.paragraph} {d.title}",
                (),
                (_body(d.body), d.paragraph, d.date, _dnr(d.dnr), len(d.points)),
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
