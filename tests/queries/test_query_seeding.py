"""Parameters as ``VALUES`` rows: a sub-SELECT that projects a parameter gets its own row, and a
query whose parameters are only joined (never used in an expression of a nested group) runs on
the rows alone — with the same answers as with Oxigraph's substitutions, on the real seed store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import GraphStore
from queries import all_queries
from queries.registry import bind_in_text, parse_query_file
from queries.trace import find_entity
from tests.queries.test_named_queries import BASE, DOC_2020, GIFTFRI, KS, ingested_seed_store

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[GraphStore]:
    yield GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


def test_a_sub_select_projecting_a_parameter_gets_its_own_row_and_others_do_not() -> None:
    goal = ox.NamedNode(EX + "g")
    text = bind_in_text(
        "SELECT ?x ?y $goal WHERE { { SELECT DISTINCT $goal ?x WHERE { $goal <p> ?x } } "
        "OPTIONAL { SELECT ?y WHERE { ?y <q> $goal } } "
        "OPTIONAL { SELECT (COUNT(*) AS $goal) WHERE { ?a ?b ?c } } }",
        {ox.Variable("goal"): goal},
    )
    row = f"VALUES (?goal) {{ ({goal}) }}"
    assert text.count(row) == 2
    inner = f"{{ SELECT DISTINCT $goal ?x WHERE {{ {row} $goal"
    assert text.startswith(f"SELECT ?x ?y $goal WHERE {{ {row} {inner}")
    assert "SELECT ?y WHERE { ?y <q> $goal }" in text


def test_a_lateral_sub_select_sees_the_outer_row_and_gets_none_of_its_own() -> None:
    bound = {ox.Variable("r"): ox.NamedNode(EX + "r")}
    sparql = "SELECT $r ?g WHERE { LATERAL { SELECT DISTINCT $r ?g WHERE { GRAPH ?g { $r ?p ?o } } } }"
    text = bind_in_text(sparql, bound)
    assert text.count("VALUES") == 1
    assert list(ox.Store().query(text)) == []


def test_the_seeded_sub_select_answers_as_the_substituted_query_does() -> None:
    store = ox.Store()
    for s, o in (("g", "a"), ("g", "b"), ("h", "c")):
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.NamedNode(EX + o)))
    bound = {ox.Variable("goal"): ox.NamedNode(EX + "g")}
    sparql = f"SELECT ?x $goal WHERE {{ {{ SELECT DISTINCT $goal ?x WHERE {{ $goal <{EX}p> ?x }} }} }}"
    seeded = {str(r["x"]) for r in store.query(bind_in_text(sparql, bound))}
    substituted = {str(r["x"]) for r in store.query(sparql, substitutions=bound)}
    assert seeded == substituted == {f"<{EX}a>", f"<{EX}b>"}


@pytest.mark.parametrize(
    ("where", "substitute"),
    [
        ("{ $goal <p> ?x OPTIONAL { ?x <q> ?y } }", False),
        ("{ $goal <p> ?x FILTER(?x != $goal) }", False),
        ("{ { $goal <p> ?x } UNION { GRAPH ?g { ?x <p> $goal } } }", False),
        ("{ OPTIONAL { SELECT DISTINCT $goal ?x WHERE { $goal <p> ?x FILTER(?x != $goal) } } }", False),
        ("{ ?x <p> ?y OPTIONAL { ?y <q> $goal } }", True),
        ("{ ?x <p> ?y OPTIONAL { ?y <q> ?z FILTER(?z != $goal) } }", True),
        ("{ ?x <p> ?y FILTER NOT EXISTS { ?y <q> $goal } }", True),
        ("{ ?x <p> ?y MINUS { ?y <q> $goal } }", True),
        ("{ { ?x <p> ?y BIND($goal AS ?z) } UNION { ?x <q> ?y } }", True),
        ("{ { SELECT ?x WHERE { ?x <p> ?y FILTER(?y != $goal) } } }", True),
    ],
)
def test_substitutions_are_kept_only_where_a_values_row_could_answer_otherwise(
    where: str, substitute: bool
) -> None:
    header = "#+ summary: x\n#+ params:\n#+   goal: {type: iri}\n"
    text = f"{header}BASE <{EX}>\nSELECT ?x $goal WHERE {where}\n"
    assert parse_query_file("x", text).substitute is substitute


def test_the_trace_queries_run_on_values_rows_alone() -> None:
    runs_on_rows = {name for name, query in all_queries().items() if query.params and not query.substitute}
    assert {"goal_trace", "goal_trace_indicators", "goal_trace_family", "goal_trace_sources"} <= runs_on_rows
    assert {"goals", "goal_set_changes", "goal_trace_versions"}.isdisjoint(runs_on_rows)


def _sorted_rows(results: object) -> object:
    """SELECT rows, CONSTRUCT triples (sorted) or an ASK answer, comparable."""
    if isinstance(results, ox.QuerySolutions):
        names = results.variables
        return sorted(tuple(str(s[v]) for v in names) for s in results)
    if isinstance(results, ox.QueryTriples):
        return sorted(str(t) for t in results)
    return bool(results)


def test_every_query_without_substitutions_answers_as_with_them_on_the_seeds(store: GraphStore) -> None:
    sg = "https://w3id.org/styrgraf/ontology#"
    goals = [str(r["g"].value) for r in store.query(f"SELECT DISTINCT ?g {{ ?g a <{sg}Goal> }}")]
    samples: dict[str, list[object]] = {
        "goal": [GIFTFRI, *sorted(goals)[::8]],
        "organisation": [KS],
        "body": [KS],
        "year": ["2020", "2024"],
        "status": ["not-fulfilled", "fulfilled"],
        "indicator": [f"{BASE}id/indicator/kommunstyrelsen/antal-inkopta-plastbagare-ej-fornybar-plast"],
        "decision": [f"{BASE}id/decision/kommunstyrelsen/2020-01-14/3"],
        "document": [DOC_2020],
        "graph": [f"{BASE}graph/000_bbff43da3c846827", f"{BASE}graph/004_0587bfff7451c447"],
        "resource": [GIFTFRI, KS, DOC_2020],
        "uriSpace": [BASE],
    }
    checked = 0
    for name, query in all_queries().items():
        if query.substitute or not query.params:
            continue
        first, *rest = query.params
        others = {p.name: samples[p.name][0] for p in rest if p.name in samples}
        for value in samples.get(first.name) or [query.example.get(first.name, "")]:
            bound = query.bind(({first.name: value} if value else {}) | others)
            text = bind_in_text(query.sparql, bound)
            assert _sorted_rows(store.query(text)) == _sorted_rows(
                store.query(text, substitutions=bound)
            ), f"{name} {value}"
            checked += 1
    assert checked >= 80


def test_a_goal_named_by_owner_and_slug_is_found_directly_as_the_full_listing_finds_it(
    store: GraphStore,
) -> None:
    for key in ("kommunstyrelsen/giftfri-miljo", "no/such-goal"):
        assert find_entity(store, "goal", key, base=BASE) == find_entity(store, "goal", key), key
    assert find_entity(store, "goal", "kommunstyrelsen/giftfri-miljo", base=BASE) == GIFTFRI
    assert find_entity(store, "goal", "no/such-goal", base=BASE) is None
