"""Facts → quads: IRIs, literals, provenance, no-data cells, ingest report and SHACL shapes."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from graph.iris import IriMinter, document_stem, normalise_base
from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from loaders import facts as f
from loaders import read_document
from ontology import ontology_text, shapes_text
from tests.seeds import SEEDS

BASE = "http://127.0.0.1:8000/"
SG = rdflib.Namespace("https://w3id.org/styrgraf/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
SDMX_MEASURE = rdflib.Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SOURCE = "900_test.txt"
VALD = "Anmälda våldsbrott, antal/100 000 invånare"


def span(first: int, last: int | None = None) -> f.Span:
    return f.Span(SOURCE, first, last or first)


def sample_facts() -> f.DocumentFacts:
    """A hand-built report with one fact of every kind, a malformed citation and an "I.U." cell."""
    facts = f.DocumentFacts(source=SOURCE, line_count=120)
    facts.documents.append(
        f.Document(
            "900_test", "Verksamhetsberättelse 2020", "verksamhetsberattelse", span(1, 3),
            year=2020, issuer="Kommunstyrelsen",
            attachments=(f.Attachment("Bilaga 2 Lokalförsörjningsplan", span(5), number=2),),
        )
    )  # fmt: skip
    facts.organisations += [
        f.Organisation("Kommunstyrelsen", "board", span(4), aliases=("KS",)),
        f.Organisation("Polismyndigheten", "external", span(40)),
    ]
    facts.goals += [
        f.Goal("Samhälle", "area", span(10)),
        f.Goal("Ett attraktivt och tryggt Linköping", "council", span(11), parent="Samhälle"),
        f.Goal("Giftfri miljö", "board", span(12, 14), owner="Kommunstyrelsen",
               parent="Ett attraktivt och tryggt Linköping", period="2020"),
    ]  # fmt: skip
    facts.assessments.append(
        f.Assessment("Giftfri miljö", "partly", "2020", span(20), evidence="delvis uppnått")
    )
    facts.indicators.append(
        f.Indicator(
            VALD, span(30), goal="Giftfri miljö",
            target=f.Target("Färre än 650", value=Decimal("650"), comparator="lt"),
        )
    )  # fmt: skip
    facts.observations += [
        f.Observation(VALD, "2019", "795", span(31), value=Decimal("795")),
        f.Observation(VALD, "2020", "I.U.", span(31), no_data=True),
        f.Observation(VALD, "2019", "12,5", span(32),
                      value=Decimal("12.5"), breakdown="Kvinnor"),
    ]  # fmt: skip
    facts.key_figures += [
        f.KeyFigure("Driftsammandrag", "Intäkter", "2020", "-1 234,5", span(50), value=Decimal("-1234.5")),
        f.KeyFigure("Driftsammandrag", "Avvikelse", "2020", "", span(51)),
    ]
    transfer = f.BudgetTransfer(Decimal("1000"), "tkr", span(61), source="Barn- och ungdomsnämnden",
                                recipient="Kommunstyrelsen", purpose="statistiktjänster")  # fmt: skip
    facts.decisions.append(
        f.Decision(
            "KS", 132, "Internbudget 2020", span(60, 70), date="2020-05-05", dnr="KS 2019-519",
            points=(f.DecisionPoint(1, "Internbudget 2020 fastställs.", span(65)),),
            recipients=("Ekonomienheten",), not_participating=("Jan Jansson (V)",), notes=("Anteckning.",),
            transfers=(transfer,),
        )
    )  # fmt: skip
    facts.transfers.append(transfer)
    facts.decision_references += [
        f.DecisionReference("KS 2020-05-05 § 132", span(80), body="KS", date="2020-05-05",
                            paragraphs=(132,), goal="Giftfri miljö"),
        f.DecisionReference("KF 202-11-24 § 248", span(81), body="KF", paragraphs=(248,), malformed=True,
                            problem="date 202-11-24 has a 3-digit year"),
        f.DecisionReference("Dnr KS 2020-444", span(81), body="KS", dnr="KS 2020-444"),
    ]  # fmt: skip
    assignment = f.StrategicAssignment("Digitalisering", span(90), status="Pågår", goal="Samhälle")
    facts.assignments.append(assignment)
    facts.ocr_repairs.append(f.OcrRepair("Verksamhetsstdd", "Verksamhetsstöd", 2))
    facts.issues.append(f.IngestIssue("line-not-understood", "cannot place this line", span(100)))
    return facts


def to_dataset(quads: list[ox.Quad]) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


def to_graph(quads: list[ox.Quad]) -> rdflib.Graph:
    triples = [q.triple for q in quads]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def shacl(graph: rdflib.Graph) -> tuple[bool, str]:
    ontology = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, _, report = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return bool(conforms), str(report)


@pytest.fixture(scope="module")
def sample() -> rdflib.Graph:
    return to_graph(facts_to_quads(sample_facts(), base=BASE, resolver=EntityResolver.seeded([])))


@pytest.fixture(scope="module")
def seed_quads() -> list[ox.Quad]:
    resolver = EntityResolver.seeded([])
    quads: list[ox.Quad] = []
    for path in sorted(SEEDS.glob("*.txt")):
        quads += facts_to_quads(read_document(path), base=BASE, resolver=resolver)
    return quads


def test_all_quads_in_the_documents_named_graph() -> None:
    quads = facts_to_quads(sample_facts(), base=BASE, resolver=EntityResolver.seeded([]))
    assert {q.graph_name for q in quads} == {ox.NamedNode(f"{BASE}graph/900_test")}
    assert len(quads) == len(set(quads))


def test_iris_are_readable_and_follow_the_base() -> None:
    other = "https://data.example.se/styrgraf"
    graph = to_graph(facts_to_quads(sample_facts(), base=other, resolver=EntityResolver.seeded([])))
    subjects = {str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)}
    ours = {s for s in subjects if not s.startswith(("https://w3id.org/styrgraf/", "http://purl.org/"))}
    assert ours and all(s.startswith(other + "/") for s in ours)
    assert f"{other}/id/goal/kommunstyrelsen/giftfri-miljo" in subjects
    assert f"{other}/id/org/polismyndigheten" in subjects
    assert f"{other}/id/document/900_test" in subjects
    assert f"{other}/id/document/900_test/bilaga-2" in subjects


def test_minter_normalises_base_and_document_stems() -> None:
    mint = IriMinter("http://x.se/data", EntityResolver())
    assert normalise_base("http://x.se/data//") == "http://x.se/data/"
    assert document_stem("000_bbff43da3c846827.txt") == "000_bbff43da3c846827"
    assert mint.graph("000_bbff43da3c846827.txt").value == "http://x.se/data/graph/000_bbff43da3c846827"
    assert mint.document("001_x#bilaga-1").value == "http://x.se/data/id/document/001_x/bilaga-1"
    with pytest.raises(ValueError, match="not an absolute"):
        normalise_base("127.0.0.1:8000")


def test_goal_hierarchy_uses_skos_and_contributes_to(sample: rdflib.Graph) -> None:
    board = rdflib.URIRef(f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo")
    parent = sample.value(board, SG.contributesTo)
    assert parent is not None and (board, SKOS.broader, parent) in sample
    label = rdflib.Literal("Ett attraktivt och tryggt Linköping", lang="sv")
    assert sample.value(parent, SKOS.prefLabel) == label
    assert (board, SG.goalLevel, SG["level-board"]) in sample
    assert (board, RDF.type, SG.BoardGoal) in sample


def test_decision_iri_from_body_date_and_paragraph(sample: rdflib.Graph) -> None:
    decisions = list(sample.subjects(RDF.type, SG.Decision))
    assert len(decisions) == 1
    decision = decisions[0]
    assert str(decision).startswith(f"{BASE}id/decision/") and str(decision).endswith("/2020-05-05/132")
    assert sample.value(decision, ELI.passed_by) == rdflib.URIRef(f"{BASE}id/org/kommunstyrelsen")
    assert sample.value(decision, ELI.date_document) == rdflib.Literal("2020-05-05", datatype=XSD.date)
    assert sample.value(decision, SG.diarienummer) == rdflib.Literal("KS 2019-519")
    assert len(list(sample.objects(decision, SG.decisionPoint))) == 1
    transfer = sample.value(predicate=SG.decidedBy, object=decision)
    assert sample.value(transfer, SG.amount) == rdflib.Literal("1000", datatype=XSD.decimal)


def test_well_formed_reference_points_at_the_decision_malformed_does_not(sample: rdflib.Graph) -> None:
    refs = {str(sample.value(r, SG.rawValue)): r for r in sample.subjects(RDF.type, SG.DecisionReference)}
    assert len(refs) == 3
    good, bad = refs["KS 2020-05-05 § 132"], refs["KF 202-11-24 § 248"]
    assert sample.value(good, SG.refersTo) == next(iter(sample.subjects(RDF.type, SG.Decision)))
    assert str(bad).startswith(f"{BASE}id/reference/900_test/")
    assert sample.value(bad, SG.refersTo) is None
    assert sample.value(bad, SG.malformed) == rdflib.Literal(True)
    assert "3-digit year" in str(sample.value(bad, SG.problem))


def test_no_data_cell_is_kept_outside_the_cube(sample: rdflib.Graph) -> None:
    cells = {str(sample.value(o, SG.rawValue)): o for o in sample.subjects(RDF.type, SG.IndicatorObservation)}
    assert set(cells) == {"795", "I.U.", "12,5"}
    missing = cells["I.U."]
    assert sample.value(missing, SG.noData) == rdflib.Literal(True)
    assert (missing, RDF.type, QB.Observation) not in sample
    assert sample.value(missing, SDMX_MEASURE.obsValue) is None
    assert sample.value(cells["12,5"], SDMX_MEASURE.obsValue) == rdflib.Literal("12.5", datatype=XSD.decimal)
    assert (cells["795"], RDF.type, QB.Observation) in sample


def test_every_fact_has_its_source_passage(sample: rdflib.Graph) -> None:
    facts = set(sample.subjects(RDF.type, SG.Goal)) | set(sample.subjects(RDF.type, SG.IndicatorObservation))
    for fact in facts:
        passage = sample.value(fact, PROV.wasDerivedFrom)
        assert passage is not None, fact
        assert sample.value(passage, SG.document) == rdflib.URIRef(f"{BASE}id/document/900_test")
    goal = rdflib.URIRef(f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo")
    passage = sample.value(goal, PROV.wasDerivedFrom)
    assert (sample.value(passage, SG.firstLine), sample.value(passage, SG.lastLine)) == (
        rdflib.Literal(12),
        rdflib.Literal(14),
    )


def test_ingest_report_counts_issues_and_ocr_repairs(sample: rdflib.Graph) -> None:
    report = rdflib.URIRef(f"{BASE}id/ingest/900_test")
    counts = {
        str(sample.value(c, SG.factKind)): int(str(sample.value(c, SG["count"])))
        for c in sample.objects(report, SG.factCount)
    }
    assert counts == sample_facts().counts()
    kinds = {str(sample.value(i, SG.issueKind)) for i in sample.objects(report, SG.issue)}
    assert kinds == {"line-not-understood"}
    repair = next(iter(sample.objects(report, SG.ocrRepair)))
    assert sample.value(repair, SG.repaired) == rdflib.Literal("Verksamhetsstöd")


def test_duplicate_cell_stays_out_of_the_cube_and_is_reported() -> None:
    facts = sample_facts()
    facts.observations.append(f.Observation(VALD, "2019", "796", span(33), value=Decimal("796")))
    graph = to_graph(facts_to_quads(facts, base=BASE, resolver=EntityResolver.seeded([])))
    assert len(list(graph.subjects(RDF.type, QB.Observation))) == 2
    assert len(list(graph.subjects(RDF.type, SG.IndicatorObservation))) == 4
    assert rdflib.Literal("duplicate-observation") in set(graph.objects(None, SG.issueKind))


def test_unknown_goal_title_is_reported_not_invented() -> None:
    facts = sample_facts()
    facts.assessments.append(f.Assessment("Ett mål som inte finns", "fulfilled", "2020", span(21)))
    graph = to_graph(facts_to_quads(facts, base=BASE, resolver=EntityResolver.seeded([])))
    assert rdflib.Literal("goal-not-found") in set(graph.objects(None, SG.issueKind))
    assert len(list(graph.subjects(RDF.type, SG.Goal))) == 3


def test_shapes_pass_on_the_hand_built_graph(sample: rdflib.Graph) -> None:
    conforms, report = shacl(sample)
    assert conforms, report


@pytest.mark.parametrize(
    ("remove", "add", "expected"),
    [
        ((None, SG.status, None), None, "exactly one status"),
        ((None, SG.goalLevel, SG["level-council"]), None, "exactly one level"),
        ((None, SG.rawValue, rdflib.Literal("I.U.")), None, "keeps the cell text"),
        (None, "refers", "must not point at a decision"),
        (None, "both", "either one decimal value"),
        ((None, PROV.wasDerivedFrom, None), None, "prov:wasDerivedFrom"),
    ],
)
def test_shapes_catch_broken_data(sample: rdflib.Graph, remove: object, add: object, expected: str) -> None:
    broken = rdflib.Graph()
    for triple in sample:
        broken.add(triple)
    if isinstance(remove, tuple):
        broken.remove(remove)
    if add == "refers":
        bad = next(r for r in broken.subjects(SG.malformed, rdflib.Literal(True)))
        broken.add((bad, SG.refersTo, rdflib.URIRef(f"{BASE}id/decision/kf/2020-11-24/248")))
    if add == "both":
        cells = broken.subjects(SG.noData, rdflib.Literal(True))
        cell = next(c for c in cells if (c, SG.indicator, None) in broken)
        broken.add((cell, SDMX_MEASURE.obsValue, rdflib.Literal("1", datatype=XSD.decimal)))
    conforms, report = shacl(broken)
    assert not conforms
    assert expected in report


def test_every_styrgraf_term_used_is_defined_in_the_ontology(sample: rdflib.Graph) -> None:
    ontology = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    defined = {s for s in ontology.subjects() if str(s).startswith(str(SG))}
    terms = {t for triple in sample for t in triple if isinstance(t, rdflib.URIRef)}
    used = {t for t in terms if str(t).startswith(str(SG))}
    assert used - defined == set()


def test_seed_documents_map_and_pass_the_shapes(seed_quads: list[ox.Quad]) -> None:
    dataset = to_dataset(seed_quads)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {f"{BASE}graph/{p.stem}" for p in SEEDS.glob("*.txt")} <= graphs
    union = to_graph(seed_quads)
    assert len(list(union.subjects(RDF.type, SG.IngestReport))) == 5
    conforms, report = shacl(union)
    assert conforms, report[:3000]


def test_seed_labels_are_swedish(seed_quads: list[ox.Quad]) -> None:
    union = to_graph(seed_quads)
    labels = list(union.objects(None, SKOS.prefLabel)) + list(union.objects(None, RDFS.label))
    assert labels
    assert all(isinstance(label, rdflib.Literal) for label in labels)


def test_cited_goal_titles_prefer_the_right_level_and_tolerate_spelling() -> None:
    facts = f.DocumentFacts(source=SOURCE, line_count=20)
    facts.goals += [
        f.Goal("Kostnadseffektiv verksamhet", "council", span(1), owner="Kommunfullmäktige"),
        f.Goal("Kostnadseffektiv verksamhet", "board", span(2), owner="Kommunstyrelsen",
               parent="Kostnadseffektiv verksamhet"),
        f.Goal("Framgångsrikt chefs- och ledarskap", "board", span(3), owner="Kommunstyrelsen"),
    ]  # fmt: skip
    facts.indicators += [
        f.Indicator("Kostnad per invånare", span(4), goal="Kostnadseffektiv verksamhet"),
        f.Indicator("Ledarindex", span(5), goal="Framgångsrikt chef- och ledarskap"),
    ]
    graph = to_graph(facts_to_quads(facts, base=BASE, resolver=EntityResolver.seeded([])))
    council = rdflib.URIRef(f"{BASE}id/goal/kommunfullmaktige/kostnadseffektiv-verksamhet")
    board = rdflib.URIRef(f"{BASE}id/goal/kommunstyrelsen/kostnadseffektiv-verksamhet")
    assert graph.value(board, SG.contributesTo) == council
    measured = {
        str(graph.value(i, SKOS.prefLabel)): graph.value(i, SG.measures) for i in graph.subjects(SG.measures)
    }
    assert measured["Kostnad per invånare"] == board
    assert graph.value(measured["Ledarindex"], SKOS.prefLabel) == rdflib.Literal(
        "Framgångsrikt chefs- och ledarskap", lang="sv"
    )
    assert rdflib.Literal("goal-not-found") not in set(graph.objects(None, SG.issueKind))


def test_goal_spelt_two_ways_is_one_goal_with_one_preferred_label() -> None:
    facts = f.DocumentFacts(source=SOURCE, line_count=20)
    facts.goals += [
        f.Goal("Gifrfri miljö", "board", span(1), owner="Kommunstyrelsen"),
        f.Goal("Giftfri miljö", "board", span(9), owner="Kommunstyrelsen"),
    ]
    graph = to_graph(facts_to_quads(facts, base=BASE, resolver=EntityResolver.seeded([])))
    goals = set(graph.subjects(RDF.type, SG.Goal))
    assert goals == {rdflib.URIRef(f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo")}
    goal = goals.pop()
    assert list(graph.objects(goal, SKOS.prefLabel)) == [rdflib.Literal("Giftfri miljö", lang="sv")]
    assert list(graph.objects(goal, SKOS.altLabel)) == [rdflib.Literal("Gifrfri miljö", lang="sv")]
    assert len(list(graph.objects(goal, PROV.wasDerivedFrom))) == 2


def test_every_enumeration_value_has_its_concept_in_the_ontology() -> None:
    from graph import vocab

    ontology = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    concepts = {str(s) for s in ontology.subjects(RDF.type, SKOS.Concept)}
    expected = (
        [f"doctype-{v}" for v in vocab.DOCUMENT_TYPES]
        + [f"status-{v}" for v in vocab.STATUSES]
        + [f"direction-{v}" for v in vocab.DIRECTIONS]
        + [f"level-{v}" for v in vocab.GOAL_CLASSES]
        + [f"orgkind-{v}" for v in vocab.ORGANISATION_CLASSES]
    )
    assert {str(SG) + name for name in expected} - concepts == set()
