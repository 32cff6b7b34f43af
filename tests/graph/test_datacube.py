"""Indicator values as a W3C Data Cube: the integrity constraints IC-1 … IC-21 hold on the mapped graph.

The constraint queries in ``datacube/`` are the ASK queries of the recommendation (section 11.1);
IC-20 and IC-21 are templates instantiated once per ``qb:parentChildProperty`` as it prescribes.
The W3C SHACL rendering of the same constraints runs with pyshacl too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate

from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from loaders import facts as f
from loaders import read_document
from tests.seeds import SEEDS

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "datacube"
DATACUBE_SHAPES = HERE.parents[1] / ".." / "shared" / "reference" / "datacube" / "datacube.shapes.ttl"
BASE = "http://127.0.0.1:8000/"
QB = "http://purl.org/linked-data/cube#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SG = "https://w3id.org/styrgraf/ontology#"
OBS_VALUE = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATA_SET = ox.NamedNode("http://purl.org/linked-data/cube#dataSet")
SEED_NAMES = tuple(sorted(p.name for p in SEEDS.glob("*.txt")))
CONSTRAINTS = sorted(p.stem for p in QUERIES.glob("ic-*.rq") if not p.stem.endswith("-instances"))


def cube_facts(source: str) -> f.DocumentFacts:
    """Two indicators over three years with breakdowns, an "I.U." cell and a value reported twice."""
    facts = f.DocumentFacts(source=source, line_count=50)
    cover = f.Span(source, 1, 1)
    facts.documents.append(f.Document(source[:-4], "Årsrapport", "verksamhetsberattelse", cover, issuer="KS"))
    for n, name in enumerate(("Andel nöjda brukare, %", "Sjukfrånvaro, %"), start=1):
        facts.indicators.append(f.Indicator(name, f.Span(source, 10 * n, 10 * n)))
        for year in ("2018", "2019", "2020"):
            for breakdown in (None, "Kvinnor", "Män"):
                raw = "I.U." if (year, breakdown, n) == ("2020", "Män", 2) else f"{n}{year[-1]},5"
                value = None if raw == "I.U." else Decimal(raw.replace(",", "."))
                span = f.Span(source, 10 * n + 1, 10 * n + 1)
                facts.observations.append(
                    f.Observation(
                        name, year, raw, span, value=value, breakdown=breakdown, no_data=value is None
                    )
                )
    facts.observations.append(
        f.Observation("Sjukfrånvaro, %", "2019", "7", f.Span(source, 30, 30), value=Decimal(7))
    )
    return facts


def cube_member(store: ox.Store) -> ox.NamedNode:
    """An observation that is in a data set (cells kept out of the cube are not)."""
    subject = next(iter(store.quads_for_pattern(None, DATA_SET, None))).subject
    assert isinstance(subject, ox.NamedNode)
    return subject


def mapped(*extra: f.DocumentFacts, seeds: Sequence[str] = SEED_NAMES) -> ox.Store:
    """The RDF merge of the mapped documents: every triple once, in the default graph.

    Each document graph repeats the data structure definition; the merge holds it once, as the
    constraints (written for one graph) expect.
    """
    store = ox.Store()
    resolver = EntityResolver.seeded([])
    documents = [read_document(SEEDS / name) for name in seeds]
    for facts in [*documents, *extra]:
        store.extend(ox.Quad(*q.triple) for q in facts_to_quads(facts, base=BASE, resolver=resolver))
    return store


def violated(store: ox.Store, name: str) -> bool:
    """Whether the constraint ``name`` finds a violation (every instantiation, for a template)."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    if "<$p>" not in text:
        return bool(store.query(text))
    instances = (QUERIES / f"{name}-instances.rq").read_text(encoding="utf-8")
    solutions = store.query(instances)
    assert isinstance(solutions, ox.QuerySolutions)
    values = {solution["p"] for solution in solutions}
    return any(bool(store.query(text.replace("<$p>", str(p)))) for p in values if isinstance(p, ox.NamedNode))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return mapped(cube_facts("910_cube.txt"), cube_facts("911_cube.txt"))


def test_all_constraints_of_the_recommendation_are_kept() -> None:
    numbers = {name.removeprefix("ic-").rstrip("ab") for name in CONSTRAINTS}
    assert numbers == {f"{n:02d}" for n in range(1, 22)}
    for path in QUERIES.glob("*.rq"):
        assert "https://www.w3.org/TR/vocab-data-cube/#wf-rules" in path.read_text(encoding="utf-8"), path


def test_cube_is_not_empty(store: ox.Store) -> None:
    observations = list(store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(QB + "Observation")))
    assert len({q.subject for q in observations}) >= 2 * 17


@pytest.mark.parametrize("name", CONSTRAINTS)
def test_no_constraint_finds_a_violation_on_the_mapped_seed_graph(store: ox.Store, name: str) -> None:
    assert not violated(store, name)


def test_missing_measure_is_caught_by_ic14() -> None:
    store = mapped(cube_facts("910_cube.txt"), seeds=())
    store.remove(next(iter(store.quads_for_pattern(cube_member(store), OBS_VALUE, None))))
    assert violated(store, "ic-14")


def test_duplicate_observation_is_caught_by_ic12() -> None:
    store = mapped(cube_facts("910_cube.txt"), seeds=())
    kept = cube_member(store)
    twin = ox.NamedNode(kept.value + "-twin")
    for quad in list(store.quads_for_pattern(kept, None, None)):
        store.add(ox.Quad(twin, quad.predicate, quad.object))
    assert violated(store, "ic-12")


def test_breakdown_outside_the_code_list_is_caught_by_ic19() -> None:
    store = mapped(cube_facts("910_cube.txt"), seeds=())
    scheme = ox.NamedNode(SG + "BreakdownScheme")
    membership = next(iter(store.quads_for_pattern(None, ox.NamedNode(SKOS + "inScheme"), scheme)))
    store.remove(membership)
    assert violated(store, "ic-19a")


def test_hierarchy_templates_are_instantiated_per_parent_child_property() -> None:
    """IC-20/21 run once per qb:parentChildProperty; a code outside the hierarchy is found."""
    store = mapped(cube_facts("910_cube.txt"), seeds=())
    hierarchy, total = ox.NamedNode(BASE + "id/breakdown-hierarchy"), ox.NamedNode(SG + "breakdown-total")
    narrower = ox.NamedNode(SKOS + "narrower")
    for s, p, o in (
        (hierarchy, RDF_TYPE, ox.NamedNode(QB + "HierarchicalCodeList")),
        (hierarchy, ox.NamedNode(QB + "hierarchyRoot"), total),
        (hierarchy, ox.NamedNode(QB + "parentChildProperty"), narrower),
        (ox.NamedNode(SG + "breakdown"), ox.NamedNode(QB + "codeList"), hierarchy),
    ):
        store.add(ox.Quad(s, p, o))
    assert violated(store, "ic-20")
    for code in ("kvinnor", "man"):
        store.add(ox.Quad(total, narrower, ox.NamedNode(f"{BASE}id/breakdown/{code}")))
    assert not violated(store, "ic-20")


def _rdflib_graph(store: ox.Store) -> rdflib.Graph:
    triples = [q.triple for q in store]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_w3c_datacube_shapes_pass_with_pyshacl() -> None:
    store = mapped(cube_facts("910_cube.txt"), cube_facts("911_cube.txt"), seeds=())
    shapes = rdflib.Graph().parse(DATACUBE_SHAPES, format="turtle")
    conforms, _, report = validate(_rdflib_graph(store), shacl_graph=shapes, advanced=True)
    assert conforms, report


@pytest.mark.slow
def test_w3c_datacube_shapes_pass_with_pyshacl_on_a_seed_document() -> None:
    """One seed at a time: pyshacl evaluates IC-12 over all pairs for every observation (cubic)."""
    store = mapped(seeds=[name for name in SEED_NAMES if name.startswith("001_")])
    assert next(iter(store.quads_for_pattern(None, DATA_SET, None)), None) is not None
    shapes = rdflib.Graph().parse(DATACUBE_SHAPES, format="turtle")
    conforms, _, report = validate(_rdflib_graph(store), shacl_graph=shapes, advanced=True)
    assert conforms, report


def test_w3c_datacube_shapes_catch_a_missing_dimension() -> None:
    store = mapped(cube_facts("910_cube.txt"), seeds=())
    period = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod")
    observation = cube_member(store)
    store.remove(next(iter(store.quads_for_pattern(observation, period, None))))
    shapes = rdflib.Graph().parse(DATACUBE_SHAPES, format="turtle")
    conforms, _, report = validate(_rdflib_graph(store), shacl_graph=shapes, advanced=True)
    assert not conforms
    assert "has a value for each dimension declared" in str(report)
