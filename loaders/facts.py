"""Plain facts extracted from governance documents — no RDF here.

Every fact is a frozen, slotted dataclass carrying the :class:`Span` it was read from
(source document name and 1-based, inclusive line numbers of the text the loader read).
``graph/`` turns facts into triples; loaders never see RDF.

Names are kept as the document prints them (after OCR repair, see ``loaders.ocr``);
resolving "KS" and "Kommunstyrelsen" to one organisation, or "Giffri miljö" and
"Giftfri miljö" to one goal, is done when IRIs are minted in ``graph/``.

Vocabulary of the string-valued enumerations (kept as plain strings so facts stay
trivially serialisable):

* ``DocumentType``: verksamhetsberattelse, delarsrapport, internbudget,
  protokollsutdrag, mbl-protokoll, minnesanteckningar, tjansteskrivelse, bilaga,
  uppfoljning, verksamhetsplan, other
* ``GoalLevel``: area (målområde), council (kommunfullmäktiges/kommunövergripande mål),
  board (nämndmål), office (a förvaltning's own goal)
* ``AssessmentStatus``: fulfilled, partly, not-fulfilled, not-assessable
* ``OrganisationKind``: municipality, council, board (nämnd/styrelse), committee
  (utskott/beredning), office (förvaltning), staff (stab), unit (verksamhet/enhet),
  company (kommunalt bolag), external, party
* ``Direction``: increase, decrease, keep (for "Öka", "Minska", "Bibehålla")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "Assessment",
    "Attachment",
    "BudgetTransfer",
    "Decision",
    "DecisionPoint",
    "DecisionReference",
    "Document",
    "DocumentFacts",
    "Footnote",
    "Goal",
    "Indicator",
    "IngestIssue",
    "KeyFigure",
    "Observation",
    "OcrRepair",
    "Organisation",
    "Span",
    "StrategicAssignment",
    "Target",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Where a fact was read: document name and inclusive 1-based line range."""

    document: str
    first_line: int
    last_line: int

    def __post_init__(self) -> None:
        if self.first_line < 1 or self.last_line < self.first_line:
            raise ValueError(f"bad span {self.first_line}-{self.last_line} in {self.document}")

    def __str__(self) -> str:
        if self.first_line == self.last_line:
            return f"{self.document}:{self.first_line}"
        return f"{self.document}:{self.first_line}-{self.last_line}"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A bilaga a document lists ("Bilaga 7 Verksamhetsberättelse 2020, Verksamhetsstöd och service")."""

    title: str
    span: Span
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """The source document itself (one per file; parts of it are separate Document facts)."""

    key: str
    """Stable key of this document or part, e.g. the file stem, or ``stem#bilaga-1``."""
    title: str
    doc_type: str
    span: Span
    year: int | None = None
    period: str | None = None
    """Reporting period as printed: "2020", "januari–augusti 2018", "2020-2023" …"""
    issuer: str | None = None
    """Name of the issuing organisation as printed (resolved in graph/)."""
    date: str | None = None
    """ISO date of the document when printed (protocol date, skrivelse date)."""
    part_of: str | None = None
    """Key of the document this one is part of (a bilaga within a protocol extract)."""
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation named in a document, with its kind and parent where the text says it."""

    name: str
    kind: str
    span: Span
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Goal:
    """A målområde, a council goal, a nämndmål or a förvaltning's own goal."""

    title: str
    level: str
    span: Span
    description: str | None = None
    parent: str | None = None
    """Title of the goal this one contributes to (council goal for a nämndmål, area for a council goal)."""
    owner: str | None = None
    """Organisation that owns the goal (kommunfullmäktige for council goals, the nämnd for nämndmål)."""
    period: str | None = None
    """Budget/report year the goal belongs to, e.g. "2020"."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """A report's judgement of one goal for one period."""

    goal: str
    status: str
    period: str
    span: Span
    rationale: str | None = None
    evidence: str | None = None
    """The phrase the status was read from ("bedöms nämndmålet som delvis uppnått")."""


@dataclass(frozen=True, slots=True)
class Target:
    """Target value or desired direction of an indicator, verbatim and parsed."""

    raw: str
    value: Decimal | None = None
    comparator: str | None = None
    """"lt", "le", "gt", "ge", "eq" for "Mindre än 100", "Högst 5", "Fler än 1", "40 000"."""
    direction: str | None = None
    """"increase", "decrease", "keep" for "Öka", "Minska", "Bibehålla"."""
    period: str | None = None


@dataclass(frozen=True, slots=True)
class Footnote:
    mark: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Indicator:
    """A nämndindikator (or key figure series) measuring a goal."""

    name: str
    span: Span
    goal: str | None = None
    unit: str | None = None
    target: Target | None = None
    footnotes: tuple[Footnote, ...] = ()
    breakdowns: tuple[str, ...] = ()
    """Names of the breakdown rows under it ("Män", "Kvinnor", "Gator/torg" …)."""
    targets: tuple[Target, ...] = ()
    """Every target printed for it, one per målvärde column (each with its period when named)."""
    breakdown_targets: tuple[tuple[str, Target], ...] = ()
    """Targets printed on breakdown rows: ("Gator/torg", Target("70")) …"""


@dataclass(frozen=True, slots=True)
class Observation:
    """One cell: an indicator's value for one period (and breakdown)."""

    indicator: str
    period: str
    raw: str
    span: Span
    value: Decimal | None = None
    """None when the cell says "I.U.", is blank, or holds no number."""
    breakdown: str | None = None
    qualifier: str | None = None
    """Verbatim qualifier beside the number: "Fler än 1", "(4,75 år 2017)" …"""
    no_data: bool = False
    goal: str | None = None


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A cell of an economy or personnel table (driftsammandrag, investeringar, personal)."""

    table: str
    row: str
    column: str
    raw: str
    span: Span
    value: Decimal | None = None
    unit: str | None = None
    """"tkr", "mnkr", "%", "antal" … from the table caption when stated."""
    group: str | None = None
    """The row this one details (an italic "varav kostnader" or "Kvinnor" under the row above it)
    or the section row it stands under ("Kommunstyrelsen"), as printed."""


@dataclass(frozen=True, slots=True)
class DecisionReference:
    """A citation of a decision in running text: "(KS 2020-05-05 § 132)", "Dnr KS 2019-519"."""

    raw: str
    span: Span
    body: str | None = None
    """Deciding body as printed or inferred from the sentence: "KF", "KS", "Kommundirektören" …"""
    date: str | None = None
    """ISO date when the printed date is well formed."""
    paragraphs: tuple[int, ...] = ()
    dnr: str | None = None
    subject: str | None = None
    goal: str | None = None
    """Title of the goal section the citation stands in, when it stands in one."""
    malformed: bool = False
    problem: str | None = None
    """Why the citation is flagged malformed ("date 202-11-24 has a 3-digit year")."""


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    number: int
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class BudgetTransfer:
    """Money moved or framed by a decision: "Ramjustering sker med 1 000 tkr … från X till Y"."""

    amount: Decimal
    unit: str
    span: Span
    purpose: str | None = None
    source: str | None = None
    recipient: str | None = None
    year: int | None = None
    kind: str = "transfer"
    """"transfer" (ramjustering) or "investment-frame" (utökad investeringsram)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision actually taken in a protocol paragraph (§ 315 …)."""

    body: str
    paragraph: int
    title: str
    span: Span
    date: str | None = None
    dnr: str | None = None
    points: tuple[DecisionPoint, ...] = ()
    not_participating: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    """Protokollsanteckningar, verbatim."""
    recipients: tuple[str, ...] = ()
    """"Beslutet skickas till" list."""
    transfers: tuple[BudgetTransfer, ...] = ()


@dataclass(frozen=True, slots=True)
class StrategicAssignment:
    """A strategiskt utvecklingsuppdrag and its reported status."""

    title: str
    span: Span
    status: str | None = None
    comment: str | None = None
    goal: str | None = None


@dataclass(frozen=True, slots=True)
class OcrRepair:
    original: str
    repaired: str
    line: int


@dataclass(frozen=True, slots=True)
class IngestIssue:
    """Something a loader could not understand or resolve; kept so users can judge completeness."""

    kind: str
    """"line-not-understood", "dangling-reference", "malformed-reference" …"""
    message: str
    span: Span


@dataclass(slots=True)
class DocumentFacts:
    """Everything extracted from one source file."""

    source: str
    documents: list[Document] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)
    decision_references: list[DecisionReference] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    transfers: list[BudgetTransfer] = field(default_factory=list)
    assignments: list[StrategicAssignment] = field(default_factory=list)
    ocr_repairs: list[OcrRepair] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    line_count: int = 0

    def counts(self) -> dict[str, int]:
        """Number of facts per kind, for the ingest report."""
        return {
            name: len(getattr(self, name))
            for name in (
                "documents",
                "organisations",
                "goals",
                "assessments",
                "indicators",
                "observations",
                "key_figures",
                "decision_references",
                "decisions",
                "transfers",
                "assignments",
                "ocr_repairs",
                "issues",
            )
        }
