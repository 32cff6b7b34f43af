"""Facts → RDF: one document's :class:`~loaders.facts.DocumentFacts` as quads in its named graph.

Every fact keeps its provenance: ``prov:wasDerivedFrom`` a ``sg:SourcePassage`` (document and
inclusive line span) in the same graph, so entities shared across documents (organisations,
goals) carry one passage per document that names them. Numbers are ``xsd:decimal``, dates
``xsd:date``, raw cell text is kept as ``sg:rawValue``; "I.U." and blank cells stay as
observations with ``sg:noData true``. Indicator values with a number form a W3C Data Cube data
set per document (structure ``sg:IndicatorStructure``, see ``docs/ontology.md``).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad
from rapidfuzz import fuzz

from graph.iris import IriMinter, document_stem
from graph.resolve import EntityResolver, slugify
from graph.vocab import (
    CITED_LEVELS,
    DCAT,
    DCTERMS,
    DIRECTIONS,
    DOCUMENT_TYPES,
    ELI,
    FOAF,
    GOAL_CLASSES,
    ORG,
    ORGANISATION_CLASSES,
    PARENT_LEVELS,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SG,
    SKOS,
    STATUSES,
    XSD,
    Object,
    Triple,
    boolean,
    decimal,
    integer,
    iso_date,
    structure_triples,
    sv,
    text,
)
from loaders import facts as f

__all__ = ["facts_to_quads"]

_CLOSE_TITLE = 92
"""Least rapidfuzz ratio of slugs for a cited title to name a declared goal ("cheffoch" ~ "chef- och")."""


def facts_to_quads(facts: f.DocumentFacts, *, base: str, resolver: EntityResolver) -> list[Quad]:
    """All triples of one document's facts, in the document's named graph ``{base}graph/<stem>``."""
    builder = _Builder(facts, IriMinter(base, resolver))
    builder.build()
    graph = builder.mint.graph(facts.source)
    return [Quad(s, p, o, graph) for s, p, o in dict.fromkeys(builder.triples)]


class _Builder:
    """Accumulates the triples of one document; one method per kind of fact."""

    def __init__(self, facts: f.DocumentFacts, mint: IriMinter) -> None:
        self.facts = facts
        self.mint = mint
        self.triples: list[Triple] = []
        self.source = facts.source
        self.doc = mint.document(document_stem(facts.source))
        self.issuer = next((d.issuer for d in facts.documents if d.issuer and not d.part_of), None)
        self.goal_iris = [(goal, mint.goal(goal.title, goal.owner)) for goal in facts.goals]
        self.mapping_issues: list[tuple[str, str, f.Span]] = []
        self._cube_keys: set[tuple[NamedNode, NamedNode, NamedNode]] = set()
        self._ordinals: dict[tuple[str, ...], int] = {}
        self._passages: dict[f.Span, NamedNode] = {}

    def add(self, s: NamedNode, p: NamedNode, o: Object | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def add_text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        if value:
            self.add(s, p, text(value))

    def label(self, s: NamedNode, label: str) -> None:
        self.add(s, SKOS.prefLabel, sv(label))
        self.add(s, RDFS.label, sv(label))

    def derive(self, s: NamedNode, span: f.Span) -> None:
        """``s prov:wasDerivedFrom`` the passage of ``span`` (the passage described once per graph)."""
        passage = self._passages.get(span)
        if passage is not None:  # described already
            self.add(s, PROV.wasDerivedFrom, passage)
            return
        passage = self._passages[span] = self.mint.passage(span.document, span.first_line, span.last_line)
        self.add(s, PROV.wasDerivedFrom, passage)
        self.add(passage, RDF.type, SG.SourcePassage)
        self.add(passage, SG.document, self.mint.document(document_stem(span.document)))
        self.add(passage, SG.firstLine, integer(span.first_line))
        self.add(passage, SG.lastLine, integer(span.last_line))

    def unique(self, kind: str, *parts: str) -> NamedNode:
        """A document-local IRI from readable parts, suffixed "-2", "-3" … when the parts repeat."""
        n = self._ordinals[(kind, *parts)] = self._ordinals.get((kind, *parts), 0) + 1
        tail = list(parts)
        tail[-1] = tail[-1] if n == 1 else f"{tail[-1]}-{n}"
        return self.mint.local(kind, self.source, *tail)

    def build(self) -> None:
        _map_documents(self)
        for organisation in self.facts.organisations:
            _map_organisation(self, organisation)
        for goal in self.facts.goals:
            _map_goal(self, goal)
        for assessment in self.facts.assessments:
            _map_assessment(self, assessment)
        _map_indicators(self)
        _map_decisions(self)
        _map_references(self)
        _map_key_figures_and_assignments(self)
        _map_ingest_report(self)

    # ---- shared helpers used by the part mappers --------------------------------------------

    def organisation_ref(self, name: str, span: f.Span) -> NamedNode:
        """The IRI of an organisation named in passing; typed and labelled so it is never dangling."""
        iri = self.mint.organisation(name)
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, SKOS.prefLabel, sv(self.mint.resolver.organisation(name).label))
        self.derive(iri, span)
        return iri

    def goal_ref(self, title: str, span: f.Span, levels: tuple[str, ...] = CITED_LEVELS) -> NamedNode | None:
        """The IRI of a goal cited by title: the goal declared in this document under that title.

        The title is matched exactly (slug), else through the resolver within each owner (OCR and
        spelling variants), else by a close fuzzy match of the folded titles; of several matches
        (a title used at several levels) the first level in ``levels`` wins. A title that matches
        no declared goal links nothing — the citing fact keeps its text and the ingest report
        records a ``goal-not-found`` issue — rather than pointing at an undescribed goal.
        """
        slug = slugify(title)
        found = [(goal, iri) for goal, iri in self.goal_iris if slugify(goal.title) == slug]
        if not found:
            for owner in dict.fromkeys(goal.owner for goal, _ in self.goal_iris):
                cited = self.mint.goal(title, owner)
                found += [(goal, iri) for goal, iri in self.goal_iris if goal.owner == owner and iri == cited]
        if not found:
            key = slug.replace("-", " ")
            found = [
                (goal, iri)
                for goal, iri in self.goal_iris
                if fuzz.ratio(key, slugify(goal.title).replace("-", " ")) >= _CLOSE_TITLE
            ]
        if found:
            rank = {level: n for n, level in enumerate(levels)}
            return min(found, key=lambda pair: rank.get(pair[0].level, len(rank)))[1]
        self.mapping_issues.append(("goal-not-found", f"goal {title!r} is not among the goals read", span))
        return None

    def in_cube(self, key: tuple[NamedNode, NamedNode, NamedNode]) -> bool:
        """Claim a (indicator, period, breakdown) cell of this document's data set; False if taken (IC-12)."""
        if key in self._cube_keys:
            return False
        self._cube_keys.add(key)
        return True


def _types(b: _Builder, s: NamedNode, *classes: NamedNode) -> None:
    for cls in classes:
        b.add(s, RDF.type, cls)


def _map_documents(b: _Builder) -> None:
    """The source document (always), its parts and the bilagor they list."""
    stem = document_stem(b.source)
    _types(b, b.doc, SG.Document, FOAF.Document)
    b.add(b.doc, DCTERMS.identifier, text(stem))
    if not any(d.key.partition("#")[0] == stem and not d.part_of for d in b.facts.documents):
        b.add(b.doc, RDFS.label, sv(b.source))
    for doc in b.facts.documents:
        iri = b.mint.document(doc.key)
        _types(b, iri, SG.Document, FOAF.Document)
        b.add(iri, DCTERMS.identifier, text(doc.key))
        b.add(iri, DCTERMS.title, sv(doc.title))
        b.add(iri, RDFS.label, sv(doc.title))
        if doc.doc_type in DOCUMENT_TYPES:
            b.add(iri, DCTERMS.type, SG[f"doctype-{doc.doc_type}"])
        if doc.year is not None:
            b.add(iri, SG.year, Literal(f"{doc.year:04d}", datatype=XSD.gYear))
        b.add_text(iri, SG.period, doc.period)
        b.add(iri, DCTERMS.issued, iso_date(doc.date))
        if doc.issuer:
            b.add(iri, DCTERMS.publisher, b.organisation_ref(doc.issuer, doc.span))
        part_of = b.mint.document(doc.part_of) if doc.part_of else (b.doc if iri != b.doc else None)
        if part_of is not None:
            b.add(iri, DCTERMS.isPartOf, part_of)
            b.add(part_of, DCTERMS.hasPart, iri)
        b.derive(iri, doc.span)
        for attachment in doc.attachments:
            att = b.mint.attachment(b.source, attachment.title, attachment.number)
            _types(b, att, SG.Attachment, SG.Document, FOAF.Document)
            b.add(att, DCTERMS.title, sv(attachment.title))
            b.add(att, RDFS.label, sv(attachment.title))
            if attachment.number is not None:
                b.add(att, SG.attachmentNumber, integer(attachment.number))
            b.add(iri, DCTERMS.hasPart, att)
            b.add(att, DCTERMS.isPartOf, iri)
            b.derive(att, attachment.span)


def _map_organisation(b: _Builder, organisation: f.Organisation) -> None:
    iri = b.organisation_ref(organisation.name, organisation.span)
    if organisation.kind in ORGANISATION_CLASSES:
        b.add(iri, RDF.type, ORGANISATION_CLASSES[organisation.kind])
        b.add(iri, ORG.classification, SG[f"orgkind-{organisation.kind}"])
    b.add(iri, RDFS.label, sv(b.mint.resolver.organisation(organisation.name).label))
    for alias in (organisation.name, *organisation.aliases):
        if alias != b.mint.resolver.organisation(organisation.name).label:
            b.add(iri, SKOS.altLabel, sv(alias))
    if organisation.parent:
        b.add(iri, ORG.subOrganizationOf, b.organisation_ref(organisation.parent, organisation.span))


def _map_goal(b: _Builder, goal: f.Goal) -> None:
    iri = b.mint.goal(goal.title, goal.owner)
    _types(b, iri, SG.Goal, SKOS.Concept)
    label = b.mint.goal_label(goal.title, goal.owner)
    b.label(iri, label)
    if goal.title != label:
        b.add(iri, SKOS.altLabel, sv(goal.title))
    if goal.level in GOAL_CLASSES:
        b.add(iri, RDF.type, GOAL_CLASSES[goal.level])
        b.add(iri, SG.goalLevel, SG[f"level-{goal.level}"])
    b.add_text(iri, DCTERMS.description, goal.description)
    b.add_text(iri, SG.period, goal.period)
    if goal.owner:
        b.add(iri, SG.owner, b.organisation_ref(goal.owner, goal.span))
    parent = (
        b.goal_ref(goal.parent, goal.span, PARENT_LEVELS.get(goal.level, CITED_LEVELS))
        if goal.parent
        else None
    )
    b.add(iri, SG.contributesTo, parent)
    b.add(iri, SKOS.broader, parent)
    b.derive(iri, goal.span)


def _map_assessment(b: _Builder, assessment: f.Assessment) -> None:
    goal = b.goal_ref(assessment.goal, assessment.span)
    if goal is None:
        return  # recorded as goal-not-found; an assessment of no goal says nothing
    iri = b.unique("assessment", goal.value.rsplit("/", 1)[-1], assessment.period)
    b.add(iri, RDF.type, SG.Assessment)
    b.add(iri, SG.assessedGoal, goal)
    if assessment.status in STATUSES:
        b.add(iri, SG.status, SG[f"status-{assessment.status}"])
    b.add(iri, SG.period, text(assessment.period))
    b.add(iri, SDMX_DIMENSION.refPeriod, _period(b, assessment.period))
    b.add(iri, SG.assessedIn, b.doc)
    b.add_text(iri, SG.comment, assessment.rationale)
    b.add_text(iri, SG.evidence, assessment.evidence)
    b.derive(iri, assessment.span)


def _period(b: _Builder, period: str) -> NamedNode:
    iri = b.mint.period(period)
    b.add(iri, RDF.type, SG.Period)
    b.add(iri, RDFS.label, text(period))
    if len(period) == 4 and period.isdigit():
        b.add(iri, SG.year, Literal(period, datatype=XSD.gYear))
    return iri


def _map_indicators(b: _Builder) -> None:
    """Indicators, their targets and every value cell; cells with a number form the data set."""
    for indicator in b.facts.indicators:
        iri = _indicator_ref(b, indicator.name, indicator.span)
        if indicator.goal:
            goal = b.goal_ref(indicator.goal, indicator.span)
            b.add(iri, SG.measures, goal)
            b.add(iri, SG.relatedGoal, goal)
        b.add_text(iri, SG.unit, indicator.unit)
        for note in indicator.footnotes:
            b.add(iri, SG.footnote, text(f"{note.mark} {note.text}"))
        if indicator.target is not None:
            _map_target(b, iri, indicator.target)
    if not b.facts.observations:
        return
    dataset = b.mint.dataset(b.source)
    _types(b, dataset, QB.DataSet, DCAT.Dataset)
    b.add(dataset, QB.structure, SG.IndicatorStructure)
    b.add(dataset, RDFS.label, sv(f"Indikatorvärden i {b.source}"))
    b.add(dataset, PROV.wasDerivedFrom, b.doc)
    b.triples.extend(structure_triples())
    for obs in b.facts.observations:
        _map_observation(b, obs, dataset)


def _indicator_ref(b: _Builder, name: str, span: f.Span) -> NamedNode:
    iri = b.mint.indicator(name, b.issuer, b.source)
    _types(b, iri, SG.Indicator, SKOS.Concept)
    b.label(iri, name)
    if b.issuer:
        b.add(iri, SG.owner, b.organisation_ref(b.issuer, span))
    b.derive(iri, span)
    return iri


def _map_target(b: _Builder, indicator: NamedNode, target: f.Target) -> None:
    slug = indicator.value.rsplit("/", 1)[-1]
    iri = b.unique("target", slug, *([target.period] if target.period else []))
    b.add(indicator, SG.target, iri)
    b.add(iri, RDF.type, SG.Target)
    b.add(iri, SG.rawValue, text(target.raw))
    if target.value is not None:
        b.add(iri, SG.targetValue, decimal(target.value))
    b.add_text(iri, SG.comparator, target.comparator)
    if target.direction in DIRECTIONS:
        b.add(iri, SG.direction, SG[f"direction-{target.direction}"])
    b.add_text(iri, SG.period, target.period)


def _map_observation(b: _Builder, obs: f.Observation, dataset: NamedNode) -> None:
    indicator = _indicator_ref(b, obs.indicator, obs.span)
    period = _period(b, obs.period)
    if obs.breakdown:
        breakdown = b.mint.breakdown(obs.breakdown)
        b.add(breakdown, RDF.type, SKOS.Concept)
        b.add(breakdown, SKOS.inScheme, SG.BreakdownScheme)
        b.add(breakdown, SKOS.prefLabel, sv(obs.breakdown))
    else:
        breakdown = SG["breakdown-total"]
    parts = [indicator.value.rsplit("/", 1)[-1], obs.period] + ([obs.breakdown] if obs.breakdown else [])
    iri = b.unique("observation", *parts)
    b.add(iri, RDF.type, SG.IndicatorObservation)
    b.add(iri, SG.indicator, indicator)
    b.add(iri, SDMX_DIMENSION.refPeriod, period)
    b.add(iri, SG.breakdown, breakdown)
    b.add(iri, SG.rawValue, text(obs.raw))
    b.add_text(iri, SG.qualifier, obs.qualifier)
    if obs.goal:
        b.add(iri, SG.relatedGoal, b.goal_ref(obs.goal, obs.span))
    if obs.value is None or obs.no_data:
        b.add(iri, SG.noData, boolean(True))
    else:
        b.add(iri, SDMX_MEASURE.obsValue, decimal(obs.value))
        if b.in_cube((indicator, period, breakdown)):
            b.add(iri, RDF.type, QB.Observation)
            b.add(iri, QB.dataSet, dataset)
        else:
            message = f"second value for {obs.indicator!r} {obs.period} kept outside the data set"
            b.mapping_issues.append(("duplicate-observation", message, obs.span))
    b.derive(iri, obs.span)


def _map_decisions(b: _Builder) -> None:
    seen: set[f.BudgetTransfer] = set()
    for decision in b.facts.decisions:
        iri = b.mint.decision(decision.body, decision.date, decision.paragraph, b.source)
        _types(b, iri, SG.Decision, ELI.LegalResource)
        b.add(iri, DCTERMS.title, sv(decision.title))
        b.add(iri, RDFS.label, sv(f"§ {decision.paragraph} {decision.title}"))
        b.add(iri, ELI.passed_by, b.organisation_ref(decision.body, decision.span))
        b.add(iri, ELI.date_document, iso_date(decision.date))
        b.add(iri, ELI.id_local, text(f"{decision.body} § {decision.paragraph}"))
        b.add(iri, SG.paragraph, integer(decision.paragraph))
        b.add_text(iri, SG.diarienummer, decision.dnr)
        b.add(iri, DCTERMS.isPartOf, b.doc)
        for point in decision.points:
            node = NamedNode(f"{iri.value}/point/{point.number}")
            b.add(iri, SG.decisionPoint, node)
            b.add(node, RDF.type, SG.DecisionPoint)
            b.add(node, SG.pointNumber, integer(point.number))
            b.add(node, SG.text, text(point.text))
            b.derive(node, point.span)
        for recipient in decision.recipients:
            b.add(iri, SG.recipient, text(recipient))
        for name in decision.not_participating:
            b.add(iri, SG.notParticipating, text(name))
        for note in decision.notes:
            b.add(iri, SG.protocolNote, text(note))
        for transfer in decision.transfers:
            seen.add(transfer)
            _map_transfer(b, transfer, iri)
        b.derive(iri, decision.span)
    for transfer in b.facts.transfers:
        if transfer not in seen:
            _map_transfer(b, transfer, None)


def _map_transfer(b: _Builder, transfer: f.BudgetTransfer, decision: NamedNode | None) -> None:
    iri = b.unique("transfer", str(transfer.span.first_line))
    b.add(iri, RDF.type, SG.BudgetTransfer)
    b.add(iri, SG.amount, decimal(transfer.amount))
    b.add(iri, SG.unit, text(transfer.unit))
    b.add(iri, SG.transferKind, text(transfer.kind))
    b.add_text(iri, SG.purpose, transfer.purpose)
    if transfer.source:
        b.add(iri, SG.fromOrganisation, b.organisation_ref(transfer.source, transfer.span))
    if transfer.recipient:
        b.add(iri, SG.toOrganisation, b.organisation_ref(transfer.recipient, transfer.span))
    if transfer.year is not None:
        b.add(iri, SG.year, Literal(f"{transfer.year:04d}", datatype=XSD.gYear))
    b.add(iri, SG.decidedBy, decision)
    b.derive(iri, transfer.span)


def _map_references(b: _Builder) -> None:
    """Citations of decisions; well-formed ones also point at the decision's minted IRI."""
    per_line: dict[int, int] = {}
    for ref in b.facts.decision_references:
        line = ref.span.first_line
        per_line[line] = per_line.get(line, 0) + 1
        iri = b.mint.reference(b.source, line, per_line[line])
        b.add(iri, RDF.type, SG.DecisionReference)
        b.add(iri, SG.rawValue, text(ref.raw))
        b.add(iri, SG.citedIn, b.doc)
        b.add(iri, SG.malformed, boolean(ref.malformed))
        b.add_text(iri, SG.problem, ref.problem)
        b.add_text(iri, SG.bodyName, ref.body)
        b.add(iri, SG.date, iso_date(ref.date))
        b.add_text(iri, SG.diarienummer, ref.dnr)
        b.add_text(iri, SG.subject, ref.subject)
        for paragraph in ref.paragraphs:
            b.add(iri, SG.paragraph, integer(paragraph))
        if ref.goal:
            b.add(iri, SG.relatedGoal, b.goal_ref(ref.goal, ref.span))
        if not ref.malformed and ref.body and iso_date(ref.date) is not None:
            for paragraph in ref.paragraphs:
                b.add(iri, SG.refersTo, _cited_decision(b, ref, ref.body, paragraph))
        b.derive(iri, ref.span)


def _cited_decision(b: _Builder, ref: f.DecisionReference, body: str, paragraph: int) -> NamedNode:
    """The decision a well-formed citation names, described as far as the citation tells.

    A decision cited but not read from its protocol still gets its body, date, § and a title
    (the clause the citation stands in), with the citation's line as its source.
    """
    iri = b.mint.decision(body, ref.date, paragraph, b.source)
    _types(b, iri, SG.Decision, ELI.LegalResource)
    name = f"{body} {ref.date} § {paragraph}"
    b.add(iri, RDFS.label, sv(name))
    b.add(iri, DCTERMS.title, sv(ref.subject or name))
    b.add(iri, ELI.passed_by, b.organisation_ref(body, ref.span))
    b.add(iri, ELI.date_document, iso_date(ref.date))
    b.add(iri, ELI.id_local, text(f"{body} § {paragraph}"))
    b.add(iri, SG.paragraph, integer(paragraph))
    b.derive(iri, ref.span)
    return iri


def _map_key_figures_and_assignments(b: _Builder) -> None:
    for figure in b.facts.key_figures:
        iri = b.unique("keyfigure", figure.table, figure.row, figure.column)
        b.add(iri, RDF.type, SG.KeyFigure)
        b.add(iri, SG.table, text(figure.table))
        b.add(iri, SG.row, text(figure.row))
        b.add(iri, SG.column, text(figure.column))
        b.add(iri, SG.rawValue, text(figure.raw))
        if figure.value is None:
            b.add(iri, SG.noData, boolean(True))
        else:
            b.add(iri, SG.numericValue, decimal(figure.value))
        b.add_text(iri, SG.unit, figure.unit)
        b.derive(iri, figure.span)
    for assignment in b.facts.assignments:
        iri = b.unique("assignment", assignment.title)
        b.add(iri, RDF.type, SG.StrategicAssignment)
        b.add(iri, DCTERMS.title, sv(assignment.title))
        b.add(iri, RDFS.label, sv(assignment.title))
        b.add_text(iri, SG.statusText, assignment.status)
        b.add_text(iri, SG.comment, assignment.comment)
        if assignment.goal:
            b.add(iri, SG.relatedGoal, b.goal_ref(assignment.goal, assignment.span))
        b.derive(iri, assignment.span)


def _map_ingest_report(b: _Builder) -> None:
    """Counts per kind, issues (the loaders' and the mapping's) and OCR repairs, as triples."""
    report = b.mint.ingest_report(b.source)
    b.add(report, RDF.type, SG.IngestReport)
    b.add(report, SG.reportOf, b.doc)
    b.add(report, RDFS.label, sv(f"Inläsningsrapport för {b.source}"))
    b.add(report, SG.lineCount, integer(b.facts.line_count))
    for kind, count in b.facts.counts().items():
        node = NamedNode(f"{report.value}/count/{kind}")
        b.add(report, SG.factCount, node)
        b.add(node, RDF.type, SG.FactCount)
        b.add(node, SG.factKind, text(kind))
        b.add(node, SG.count, integer(count))
    issues = [(i.kind, i.message, i.span) for i in b.facts.issues] + b.mapping_issues
    for n, (kind, message, span) in enumerate(issues, start=1):
        node = NamedNode(f"{report.value}/issue/{n}")
        b.add(report, SG.issue, node)
        b.add(node, RDF.type, SG.IngestIssue)
        b.add(node, SG.issueKind, text(kind))
        b.add(node, SG.message, text(message))
        b.derive(node, span)
    for n, repair in enumerate(b.facts.ocr_repairs, start=1):
        node = NamedNode(f"{report.value}/ocr/{n}")
        b.add(report, SG.ocrRepair, node)
        b.add(node, RDF.type, SG.OcrRepair)
        b.add(node, SG.original, text(repair.original))
        b.add(node, SG.repaired, text(repair.repaired))
        b.add(node, SG.line, integer(repair.line))
