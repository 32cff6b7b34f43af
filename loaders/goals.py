"""Goals: målområden, kommunfullmäktiges mål, nämndmål and förvaltningsmål, each once per document.

A goal is printed several times in one report — in the overview list, as the heading of its
section in the goal account, in the indicator table, in the budget's list of council goals —
with spelling that drifts between occurrences ("Giftfri miljö" / "Giffri miljö"). Every
occurrence becomes a candidate; candidates of one level whose folded titles are close are
merged into one :class:`~loaders.facts.Goal`, titled by the spelling printed most often and
placed at its section heading when it has one. Structure read:

* "Målområde X" / "Målområde: X" headings → areas;
* "Kommunövergripande mål: Y" lines and the budget's list of council goals → council goals;
* goal tables ("Nämndmål⇥Nämndindikator…", "Kommunövergripande mål⇥Nämndmål⇥…") and
  "Förvaltningsmål: Z" lines → board or office goals with their council goal as parent;
* the report's goal sections (:func:`loaders.assessments.find_goal_sections`);
* the two-column layout table "Fullmäktiges övergripande mål  Nämndmål  Bedömning …"
  (:func:`read_layout_goal_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from loaders.assessments import find_goal_sections
from loaders.facts import DocumentFacts, Goal
from loaders.sections import clean_title, fold, is_heading_text, is_major_heading, report_period, strip_markup
from loaders.text import SourceText

__all__ = ["extract_goals"]

_AREA = re.compile(r"^\s*m\S{1,2}lomr\S{1,2}de\s*:?\s+(.{2,40})$", re.IGNORECASE)
_COUNCIL = re.compile(
    r"^\s*(?:(?:kommun\S{1,2}vergripande|(?:kommun)?fullm\S{1,2}ktiges(?:\s+\S{1,2}vergripande)?)"
    r"\s+m\S{1,2}l\s*:\s*)+:?\s*(.+)$",
    re.IGNORECASE,
)
_OWN_GOAL = re.compile(
    r"^\s*(?:n\S{1,2}mnd-?/)?(f\S{1,2}rvaltnings|n\S{1,2}mnd)m\S{1,2}l\s*:\s*(.+)$", re.IGNORECASE
)
_BUDGET_TITLE = re.compile(
    r"^(\S.{2,60}?)(?<!\bav)(?<!\bför)(?<!\bmed)(?<!\btill)\s+"
    r"(?:förslag till\s+)?(?:intern|förvaltnings)budget\b",
    re.IGNORECASE,
)
_ISSUER = re.compile(r"\b([A-ZÅÄÖa-zåäö-]+(?:styrelsen|nämnden))\b")
_NUMERIC = re.compile(r"^[\d\s,.%*<>≥≤()-]+$|^I\.?U\.?$", re.IGNORECASE)
_SPLIT_DESCRIPTION = re.compile(r"^(.+?\S)\s+(?=[A-ZÅÄÖ][a-zåäö]+\s+\S+\s+\S+\s+\S+)")
_MERGE_RATIO = 85.0
_LAYOUT_HEADER = re.compile(r"overgripande mal\s+namndmal\b")
_LAYOUT_END = re.compile(r"^(?:namndens analys|analys och bedomning)")


@dataclass(slots=True)
class _Merged:
    level: str
    titles: list[str]
    line: int
    line_last: int
    from_heading: bool
    sources: list[str] = field(default_factory=list)
    """Which kind of occurrence each title came from (parallel to ``titles``)."""
    parents: list[str] = field(default_factory=list)
    description: str | None = None
    owner: str | None = None


class _Goals:
    """Goal candidates merged by level and fuzzy title."""

    def __init__(self) -> None:
        self.merged: list[_Merged] = []

    def add(
        self,
        title: str,
        level: str,
        line: int,
        *,
        parent: str | None = None,
        description: str | None = None,
        owner: str | None = None,
        heading_last: int | None = None,
        source: str = "text",
    ) -> None:
        """Add one occurrence; ``source`` names the list it stands in (entries of one list differ)."""
        title = clean_title(title).rstrip(".")
        if len(title) < 3 or _NUMERIC.match(title):
            return
        goal = self.find(title, level, source)
        if goal is None:
            goal = _Merged(level, [], line, line, False)
            self.merged.append(goal)
        goal.titles.append(title)
        goal.sources.append(source)
        if heading_last is not None and not goal.from_heading:
            goal.line, goal.line_last, goal.from_heading = line, heading_last, True
        if parent:
            goal.parents.append(clean_title(parent))
        if description and not goal.description:
            goal.description = strip_markup(description).strip() or None
        if owner and not goal.owner:
            goal.owner = owner

    def find(self, title: str, level: str, source: str | None = None) -> _Merged | None:
        key = fold(title)
        best, score = None, 0.0
        for goal in self.merged:
            if goal.level != level:
                continue
            for known, known_source in zip(goal.titles, goal.sources, strict=True):
                other = fold(known)
                if known_source == source and other != key:
                    continue
                ratio = 100.0 if key.split("/")[0] == other.split("/")[0] else fuzz.ratio(key, other)
                if ratio > score:
                    best, score = goal, ratio
        return best if score >= _MERGE_RATIO else None

    def resolve(self, title: str, level: str) -> str:
        goal = self.find(title, level)
        return _best_title(goal.titles) if goal else clean_title(title)


def extract_goals(doc: SourceText, facts: DocumentFacts) -> None:
    """Append every goal the document states, once each, with parent, owner and period.

    The owner of the document's own goals is its issuer as the document extractor read it
    (when that ran first), else the board the opening lines name.
    """
    goals = _Goals()
    issuer = next((d.issuer for d in facts.documents if d.part_of is None and d.issuer), None)
    issuer = issuer or _issuer(doc)
    default_level = _default_level(doc)
    for section in find_goal_sections(doc):
        goals.add(
            section.title,
            default_level,
            section.first,
            parent=section.council,
            owner=issuer,
            heading_last=section.heading_last,
            source="section",
        )
    _read_structure(doc, goals, issuer)
    for layout in read_layout_goal_table(doc, [g for g in goals.merged if g.level == default_level]):
        _add_layout_goal(goals, layout, default_level, issuer)
    period = report_period(doc)
    for goal in goals.merged:
        parent_level = {"council": "area", "board": "council", "office": "council"}.get(goal.level)
        parent = None
        if goal.parents and parent_level:
            votes = [goals.resolve(p, parent_level) for p in goal.parents]
            parent = max(votes, key=votes.count)
        owner = "Kommunfullmäktige" if goal.level == "council" else goal.owner
        facts.goals.append(
            Goal(
                title=_best_title(goal.titles),
                level=goal.level,
                span=doc.span(goal.line, goal.line_last),
                description=goal.description,
                parent=parent,
                owner=owner,
                period=period,
            )
        )


def _add_layout_goal(goals: _Goals, layout: LayoutGoal, level: str, issuer: str | None) -> None:
    if layout.board:
        board = goals.find(layout.board, level)
        if board is not None:
            board.parents.append(layout.council)
    else:
        goals.add(layout.council, "council", layout.line, source="layout")


def _read_structure(doc: SourceText, goals: _Goals, issuer: str | None) -> None:
    """One pass over headings, colon lines and goal tables, keeping the area/council context."""
    area: str | None = None
    council: str | None = None
    owner = issuer
    table: str | None = None  # "two", "three", "overview" or None
    level = "board"
    in_listing = False
    for line in doc.lines:
        text = line.text
        if line.blank:
            if table == "overview":
                table = None
            continue
        folded = fold(text)
        if (budget := _BUDGET_TITLE.match(text.strip())) and is_heading_text(text, 90):
            owner = _nominative(budget.group(1))
        if folded in ("namndmal", "forvaltningsmal"):
            table, in_listing = "overview", False
            continue
        if folded in ("kommunovergripande mal", "kommunfullmaktiges mal"):
            in_listing, table = True, None
            continue
        structured = False
        for part in text.split("**"):
            if not part.strip():
                continue
            if (
                (match := _AREA.match(part))
                and is_heading_text(part, 60)
                and len(match.group(1).split()) <= 3
            ):
                area, structured = clean_title(match.group(1)), True
                goals.add(area, "area", line.number, source="heading")
                council, table = None, table if table != "overview" else None
            elif match := _COUNCIL.match(part):
                council, structured = clean_title(match.group(1).lstrip(": ")), True
                goals.add(council, "council", line.number, parent=area, source="heading")
            elif match := _OWN_GOAL.match(part):
                structured = True
                own_level = "office" if fold(match.group(1)).startswith("f") else "board"
                goals.add(
                    match.group(2), own_level, line.number, parent=council, owner=owner, source="heading"
                )
        if "\t" in text:
            cells = text.split("\t")
            head = [fold(strip_markup(c)) for c in cells]
            if head[0].endswith(("namndmal", "forvaltningsmal")) and not any(head[1:]):
                table, in_listing = "overview", False
                continue
            if len(head) > 1 and head[0].startswith("kommunovergripande mal") and head[1].endswith("mal"):
                table, level, in_listing = "three", "office" if "forvaltning" in head[1] else "board", False
                continue
            if len(head) > 1 and head[0].endswith(("namndmal", "forvaltningsmal")) and "indikator" in head[1]:
                table, level, in_listing = "two", "office" if "forvaltning" in head[0] else "board", False
                continue
            if table == "overview" and len(cells) == 2:
                _overview_row(cells, goals, line.number, owner)
            elif table == "overview":
                table = None
            elif table in ("two", "three"):
                council = _table_row(cells, table, level, goals, line.number, council, area, owner)
        elif table is not None and (is_major_heading(text) or fold(text).startswith("kommentar")):
            table = None
        elif council and table is None and not in_listing:
            _vote_row_parent(goals, text, council)
        elif in_listing and not structured and not _AREA.match(text):
            in_listing = _listed_council(doc, line.number, goals, area)


def _listed_council(doc: SourceText, number: int, goals: _Goals, area: str | None) -> bool:
    """In the budget's list of council goals: a heading followed by its description paragraph is
    a council goal; a paragraph continues the list; anything else ends it."""
    text = doc.line(number).text
    if not is_heading_text(text, 100):
        return len(text) > 60
    following = number + 1
    while following <= doc.line_count and doc.line(following).blank:
        following += 1
    if following > doc.line_count:
        return False
    description = doc.line(following).text
    if "\t" in description or len(description) < 60 or is_heading_text(description):
        return False
    goals.add(text, "council", number, parent=area, description=description, source="listing")
    return True


def _vote_row_parent(goals: _Goals, text: str, council: str) -> None:
    """A table row without tabs (OCR) that starts with a known goal's title: the goal sits under
    the council goal in force."""
    folded = fold(text)
    for goal in goals.merged:
        if goal.level in ("board", "office") and goal.from_heading:
            key = fold(goal.titles[0])
            if len(key) >= 8 and fuzz.ratio(folded[: len(key)], key) >= _MERGE_RATIO:
                goal.parents.append(council)
                return


def _overview_row(cells: list[str], goals: _Goals, number: int, owner: str | None) -> None:
    first = clean_title(cells[0])
    if first and len(first.split()) <= 3:
        goals.add(first, "area", number, source="overview")
    for cell in cells[1:]:
        if clean_title(cell):
            goals.add(cell, "board", number, owner=owner, source="overview")


def _table_row(
    cells: list[str],
    table: str,
    level: str,
    goals: _Goals,
    number: int,
    council: str | None,
    area: str | None,
    owner: str | None,
) -> str | None:
    """Read one goal-table row; return the council goal in force after it."""
    raw = [c.strip() for c in cells] + ["", ""]
    if table == "three":
        first, second, rest = raw[0], raw[1], raw[2:]
        if not first and not second:
            return council
        if first and (not second or _NUMERIC.match(strip_markup(second))):
            return council
        if not first and rest[0] and goals.find(second, "council") is not None:
            first, second = second, rest[0]
        if first:
            council = clean_title(first)
            goals.add(council, "council", number, parent=area, source="table")
        raw = [second, *rest]
    cell = raw[0]
    if not cell:
        return council
    if cell.startswith("<i>"):
        _describe_last(goals, level, cell)
        return council
    if raw[1] and _NUMERIC.match(strip_markup(raw[1])):
        return council
    title, description = _split_description(cell)
    if title and is_heading_text(title.rstrip("."), 120):
        goals.add(title, level, number, parent=council, description=description, owner=owner, source="table")
    return council


def _describe_last(goals: _Goals, level: str, cell: str) -> None:
    candidates = [g for g in goals.merged if g.level == level]
    if candidates and not candidates[-1].description:
        candidates[-1].description = strip_markup(cell) or None


def _split_description(cell: str) -> tuple[str, str | None]:
    """Split "Goal <i>description</i>" or "Goal Description sentence." into title and description."""
    if "<i>" in cell:
        title, _, rest = cell.partition("<i>")
        return strip_markup(title), strip_markup(rest) or None
    text = strip_markup(cell)
    if len(text.split()) > 8 and (match := _SPLIT_DESCRIPTION.match(text)):
        return match.group(1), text[match.end() :].strip() or None
    return text, None


def _best_title(titles: list[str]) -> str:
    """The spelling printed most often; a word split by conversion ("Klimat effektiv") loses."""
    groups: dict[str, list[str]] = {}
    for title in titles:
        groups.setdefault(title.replace(" ", "").casefold(), []).append(title)
    group = max(groups.values(), key=len)
    return min(group, key=lambda t: (t.count(" "), -group.count(t)))


def _default_level(doc: SourceText) -> str:
    own = board = 0
    for line in doc.lines:
        folded = fold(line.text)
        own += folded.startswith("forvaltningsmal")
        board += folded.startswith("namndmal")
    return "office" if own > board else "board"


def _issuer(doc: SourceText) -> str | None:
    head = [line.text.strip() for line in doc.lines[:80] if not line.blank][:40]
    for text in head:
        if len(text) <= 40 and _ISSUER.fullmatch(text):
            return text
    for text in head:
        if match := _ISSUER.search(text):
            return match.group(1)[:1].upper() + match.group(1)[1:]
    return None


def _nominative(name: str) -> str:
    """The nominative of a genitive name: "Kommunstyrelsens" → "Kommunstyrelsen"."""
    name = name.strip()
    return name[:-1] if name.endswith("s") and not name.endswith("ss") and " " not in name else name


@dataclass(frozen=True, slots=True)
class LayoutGoal:
    """A council goal of a two-column layout goal table, with the board goal printed beside it."""

    council: str
    line: int
    board: str | None = None


def read_layout_goal_table(doc: SourceText, known: list[_Merged]) -> list[LayoutGoal]:
    """Read "Fullmäktiges övergripande mål  Nämndmål  Bedömning" printed without tabs.

    The right-hand cells are the board goals whose sections the report judges (``known``); once
    their wrapped text is cut out, what is left on each line is the left column, where a line
    opening in lower case continues the council goal above it.
    """
    header = next((line.number for line in doc.lines if _LAYOUT_HEADER.search(fold(line.text))), None)
    if header is None or "\t" in doc.line(header).text:
        return []
    lines = []
    for line in doc.lines[header + 1 :]:
        if _LAYOUT_END.match(fold(line.text)) or is_major_heading(line.text):
            break
        if not line.blank:
            lines.append(line)
    joined, offsets = "", []
    for line in lines:
        offsets.append((line.number, len(joined), len(joined) + len(line.text)))
        joined += line.text + " "
    folded = _fold_keep_length(joined)
    boards = [r for goal in known if (r := _locate(folded, fold(_best_title(goal.titles)))) is not None]
    found: list[LayoutGoal] = []
    council: list[str] = []
    council_line = 0
    for number, begin, end in offsets:
        kept = "".join(ch for i, ch in enumerate(joined[begin:end], begin) if not _covered(i, boards))
        kept = " ".join(kept.split())
        if kept and kept != "-":
            if kept[:1].islower() and council:
                council.append(kept)
            else:
                if council:
                    found.append(LayoutGoal(" ".join(council), council_line))
                council, council_line = [kept], number
        for first, _last, title in boards:
            if begin <= first < end and council:
                found.append(LayoutGoal(" ".join(council), number, title))
    if council:
        found.append(LayoutGoal(" ".join(council), council_line))
    return found


def _fold_keep_length(text: str) -> str:
    return "".join(fold(ch)[:1] or " " if ch.strip() else " " for ch in text)


def _locate(folded: str, title: str) -> tuple[int, int, str] | None:
    words = [re.escape(w) for w in title.replace("-", " ").split()]
    if len(words) < 3:
        return None
    head = re.search(r"\W+".join(words[:3]), folded)
    if head is None:
        return None
    tail = re.search(r"\W+".join(words[-2:]), folded[head.start() : head.start() + len(title) + 60])
    if tail is None:
        return None
    return head.start(), head.start() + tail.end(), title


def _covered(index: int, ranges: list[tuple[int, int, str]]) -> bool:
    return any(first <= index < last for first, last, _ in ranges)
