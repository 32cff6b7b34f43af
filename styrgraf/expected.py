"""The hand-checked expected facts in ``tests/expected/`` and the normalisation both sides share.

:func:`load_expected` reads one ``<stem>.yaml`` strictly (unknown keys, bad levels, statuses or
kinds are a :class:`DocumentError` naming the file and entry) into :class:`Fact` tuples per
category; the ``normalise_*`` functions reduce names, periods, bodies, diarienummer and numbers
to the form :mod:`styrgraf.evaluation` compares. The file format is described in
``tests/expected/README.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from styrgraf.errors import DocumentError

__all__ = [
    "ANY",
    "BILAGA",
    "CATEGORIES",
    "NO_DATA",
    "ExpectedDocument",
    "Fact",
    "load_expected",
    "normalise_body",
    "normalise_dnr",
    "normalise_name",
    "normalise_number",
    "normalise_period",
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


_BODY_ALIASES = {"kommunstyrelsen": "ks", "kommunfullmäktige": "kf"}
NO_DATA = "no-data"


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


# --- normalisation ---------------------------------------------------------------------------

_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*]+")
_TRAILING = re.compile(r"[\s.,;:]+$")
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\d{4}")
BILAGA = re.compile(r"^bilaga\s+\d+\s*[-–:,]?\s*")


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


def normalise_body(body: object) -> object:
    if body is None or body is ANY:
        return body
    name = normalise_name(str(body))
    return _BODY_ALIASES.get(name, name)


def normalise_dnr(dnr: object) -> object:
    if dnr is None or dnr is ANY:
        return dnr
    return re.sub(r"^dnr\.?\s*", "", normalise_name(str(dnr)))


def normalise_number(value: object) -> object:
    """A cell value as a comparable Decimal, or the no-data marker."""
    if value is None:
        return NO_DATA
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
        yield Fact(str(title), (BILAGA.sub("", normalise_name(str(title))),))


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
                    number = NO_DATA if blank else normalise_number(value)
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
        normalise_body(entry.get("body")),
        entry.get("date"),
        paragraphs,
        normalise_dnr(entry.get("dnr")),
        bool(entry.get("malformed", False)),
    )
    return Fact(f"line {entry.get('line', '?')}: {entry['raw']}", (), fields, bool(entry.get("optional")))


def _expected_decision(entry: Mapping[str, Any]) -> Fact:
    points = entry.get("points", ANY)
    fields = (
        normalise_body(entry.get("body", ANY)),
        int(entry["paragraph"]),
        entry.get("date", ANY),
        normalise_dnr(entry.get("dnr", ANY)),
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
