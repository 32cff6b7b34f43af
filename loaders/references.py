"""Decision references: citations of decisions in running text ("beslutshänvisningar").

A citation names a deciding body, a date and one or more paragraphs — "(KS 2020-05-05 § 132)",
"(KF 2020-02-25 § 33, § 34)", "KS 2022-10-18 § 283 och § 282" — or a diarienummer
("Dnr KS 2020-444", "(KS 2019-516)"). The body may be missing from the citation and named by
the sentence instead ("Kommundirektören beslutade … (2020-02-11 § 19)"). A citation whose date is
not a well formed date ("KF 202-11-24 § 248", "KF 2020-08 25 § 171") is kept verbatim and
flagged ``malformed`` — never repaired by guessing.

Law sections are not decisions: a "§" is only read as a decision paragraph when a date stands
right before it, so "MBL § 11", "11 § MBL", "LOV3§" and OCR bullets read as "§" never match.
Paragraphs of an MBL protocol ("Protokoll central MB-grupp § 11 2019-10-10", date after the §)
are references to a negotiation protocol, not to a decision, and are not reported here.

The extractor runs after the goal extractors: a citation standing inside the span of a goal
assessment is attributed to that goal.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from loaders.facts import DecisionReference, DocumentFacts, IngestIssue, Span
from loaders.text import SourceText

__all__ = ["extract_decision_references", "find_references"]

_BODY = r"(?P<body>\b[A-ZÅÄÖ]{2,5}\b|[Kk]ommunfullmäktiges?|[Kk]ommunstyrelsens?)"
_DATE = r"(?P<date>\b\d{2,4}-\d{1,2}[- ]\d{1,2}\b|\b\d{6}\b)"
_PARAS = r"(?P<paras>§ ?\d+(?:(?:, ?| och )§ ?\d+)*)"
_DNR = r"(?P<dnr>\b[A-ZÅÄÖ]{2,5} \d{4}-\d{3,5}\b)"
_WITH_PARAGRAPH = re.compile(rf"(?:{_BODY},? )?{_DATE},? {_PARAS}(?: \({_DNR}\))?")
_CITED_BODY = (
    r"(?:(?<=\()|(?<=\bi )|(?<=\bav ))(?P<body>[A-ZÅÄÖ]{2,5}|[Kk]ommunfullmäktige|[Kk]ommunstyrelsen)"
)
_WITHOUT_PARAGRAPH = re.compile(rf"{_CITED_BODY} (?P<date>\d{{4}}-\d{{2}}-\d{{2}})\b(?!,? ?§)")
_DNR_ONLY = re.compile(rf"(?:\b[Dd]nr\.? {_DNR}|(?P<bare>\b[A-ZÅÄÖ]{{2,5}} \d{{4}}-\d{{3,5}})\b)")
_WRITTEN_DATE = re.compile(
    rf"{_CITED_BODY} (?:den )?(?P<day>\d{{1,2}}) (?P<month>januari|februari|mars|april|maj|juni|"
    r"juli|augusti|september|oktober|november|december) (?P<year>\d{4})\b(?:, ärende \d+)?"
)
_GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_MONTHS = ("januari februari mars april maj juni juli augusti september oktober november december").split()
_FULL_BODIES = {"kommunfullmäktige": "KF", "kommunstyrelsen": "KS"}
_AGENT = re.compile(
    r"(?P<agent>\b[A-ZÅÄÖa-zåäö][\w-]*(?:n|e|et))\s+(?:har\s+)?"
    r"(?:beslutade|beslutat|fastställde|fastställt|antog|antagit|fattade|fattat)\b"
)
_TWO_DIGITS = re.compile(r"\d\d")
_MONTH_WORD = re.compile("|".join(_MONTHS))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\-–•])")


def extract_decision_references(doc: SourceText, facts: DocumentFacts) -> None:
    """Append every decision citation in ``doc`` to ``facts.decision_references``."""
    for line in doc.lines:
        if line.blank:
            continue
        for reference in find_references(line.text, doc.span(line.number)):
            goal = _goal_at(facts, line.number)
            if goal is not None:
                reference = _with_goal(reference, goal)
            facts.decision_references.append(reference)
            if reference.malformed:
                message = f"decision citation {reference.raw!r}: {reference.problem}"
                facts.issues.append(IngestIssue("malformed-reference", message, reference.span))


def find_references(text: str, span: Span) -> list[DecisionReference]:
    """The decision citations in one line of ``text``, in reading order."""
    if not _TWO_DIGITS.search(text):  # every citation prints a date or diarienummer
        return []
    found: list[tuple[int, int, DecisionReference]] = []

    def add(
        match: re.Match[str],
        raw: str,
        body: str | None,
        date_iso: str | None,
        paragraphs: tuple[int, ...],
        dnr: str | None,
        problem: str | None,
    ) -> None:
        subject = _subject(text, match.start())
        reference = _reference(raw, span, body, date_iso, paragraphs, dnr, problem, subject)
        found.append((match.start(), match.end(), reference))

    paragraph_signs = "§" in text  # each pattern runs only where the text it needs is printed
    dashes = "-" in text
    for match in _WITH_PARAGRAPH.finditer(text) if paragraph_signs else ():
        paragraphs = tuple(int(number) for number in re.findall(r"\d+", match["paras"]))
        body = _body(match["body"]) or _agent(text, match.start())
        date_iso, problem = _parse_date(match["date"])
        add(match, match[0], body, date_iso, paragraphs, match["dnr"], problem)
    for match in _WITHOUT_PARAGRAPH.finditer(text) if dashes else ():
        if not _overlaps(match.span(), found):
            date_iso, problem = _parse_date(match["date"])
            add(match, match[0], _body(match["body"]), date_iso, (), None, problem)
    for match in _WRITTEN_DATE.finditer(text) if _MONTH_WORD.search(text) else ():
        if not _overlaps(match.span(), found):
            month = _MONTHS.index(match["month"]) + 1
            iso = _iso(int(match["year"]), month, int(match["day"]))
            problem = None if iso else f"date {match[0]} is not a calendar date"
            add(match, match[0], _body(match["body"]), iso, (), None, problem)
    for match in _DNR_ONLY.finditer(text) if dashes else ():
        dnr = match["dnr"] or match["bare"]
        if not _overlaps(match.span(), found) and not _is_year_range(dnr):
            add(match, match[0], dnr.split()[0], None, (), dnr, None)
    found.sort(key=lambda item: item[0])
    return [reference for _, _, reference in _merge_groups(text, found)]


def _merge_groups(
    text: str, found: list[tuple[int, int, DecisionReference]]
) -> list[tuple[int, int, DecisionReference]]:
    """One parenthesis holding a diarienummer and one dated decision cites one decision:
    "(KS 2017-878, fastställd av kommunstyrelsen 2018-01-30 § 21)"."""
    for group in _GROUP.finditer(text):
        inside = [item for item in found if group.start() <= item[0] and item[1] <= group.end()]
        dnrs = [item for item in inside if item[2].dnr and item[2].date is None and not item[2].paragraphs]
        dated = [item for item in inside if item[2].dnr is None and item[2].date is not None]
        if len(inside) == 2 and len(dnrs) == 1 and len(dated) == 1:
            first, last = min(inside, key=lambda item: item[0]), max(inside, key=lambda item: item[1])
            merged = replace(dated[0][2], raw=text[first[0] : last[1]].strip(), dnr=dnrs[0][2].dnr)
            found = [item for item in found if item not in inside] + [(first[0], last[1], merged)]
    return sorted(found, key=lambda item: item[0])


def _reference(
    raw: str,
    span: Span,
    body: str | None,
    date_iso: str | None,
    paragraphs: tuple[int, ...],
    dnr: str | None,
    problem: str | None,
    subject: str | None,
) -> DecisionReference:
    return DecisionReference(
        raw=raw.strip(),
        span=span,
        body=body,
        date=date_iso,
        paragraphs=paragraphs,
        dnr=dnr,
        subject=subject,
        malformed=problem is not None,
        problem=problem,
    )


def _parse_date(raw: str) -> tuple[str | None, str | None]:
    """ISO form of a printed date and, when it is not well formed, why."""
    parts = re.fullmatch(r"(\d+)-(\d+)-(\d+)", raw)
    if parts is None:
        if re.fullmatch(r"\d{6}", raw):
            return None, f"date {raw} is written without century or separators"
        return None, f"date {raw} is not written YYYY-MM-DD"
    year, month, day = parts.groups()
    if len(year) != 4:
        return None, f"date {raw} has a {len(year)}-digit year"
    iso = _iso(int(year), int(month), int(day))
    if iso is None or len(month) != 2 or len(day) != 2:
        return None, f"date {raw} is not a calendar date"
    return iso, None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _body(printed: str | None) -> str | None:
    """The body as an abbreviation: "KS" stays, "kommunstyrelsens" becomes "KS"."""
    if printed is None or printed.isupper():
        return printed
    word = printed.lower()
    if word.endswith(("ens", "tiges")):
        word = word[:-1]
    return _FULL_BODIES.get(word, printed)


def _agent(text: str, position: int) -> str | None:
    """The deciding body named by the sentence around a citation that names none."""
    sentence = _sentence_before(text, position)
    match = _AGENT.search(sentence)
    if match is None:
        match = re.search(r"\b(?:beslutade|fastställde|antog) (?P<agent>\w+(?:n|e))\b", sentence)
    if match is None:
        return None
    agent = match["agent"]
    return _FULL_BODIES.get(agent.lower(), agent[0].upper() + agent[1:])


def _sentence_before(text: str, position: int) -> str:
    head = text[:position]
    starts = [match.end() for match in _SENTENCE_END.finditer(head)]
    return head[starts[-1] if starts else 0 :]


def _subject(text: str, position: int) -> str | None:
    """The clause saying what was decided: the sentence up to the citation."""
    clause = _sentence_before(text, position).strip()
    clause = re.sub(r"\s*\([^)]*$", "", clause)
    clause = re.sub(r"^(?:[-–•*]\s*)+", "", clause).rstrip(" ,;:")
    return clause or None


def _is_year_range(dnr: str) -> bool:
    """ "KS 2020-2023" is a period, not a diarienummer."""
    first, _, second = dnr.split()[1].partition("-")
    return len(second) == 4 and 0 < int(second) - int(first) <= 15


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int, DecisionReference]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end, _ in taken)


def _goal_at(facts: DocumentFacts, line: int) -> str | None:
    """Title of the goal whose assessment span holds ``line`` (the narrowest one)."""
    holding = [
        assessment
        for assessment in facts.assessments
        if assessment.span.first_line <= line <= assessment.span.last_line
    ]
    if not holding:
        return None
    narrowest = min(holding, key=lambda item: item.span.last_line - item.span.first_line)
    return narrowest.goal


def _with_goal(reference: DecisionReference, goal: str) -> DecisionReference:
    return replace(reference, goal=goal)
