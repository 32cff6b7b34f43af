"""Substitutions written into the query text mean what pyoxigraph's substitutions mean.

Each case runs the query twice on the same in-memory Oxigraph store — with ``substitutions``, and
rewritten by :func:`graph.substitution.substitute` without them — and compares the solutions.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.substitution import query_form, settle_optional_parameters, substitute
from styrgraf.errors import QueryError

EX = "http://example.org/"
P = ox.NamedNode(EX + "p")
G = ox.NamedNode(EX + "g")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for n in range(4):
        subject = ox.NamedNode(f"{EX}s{n}")
        store.add(ox.Quad(subject, P, ox.Literal(n), G))
        store.add(ox.Quad(subject, ox.NamedNode(EX + "name"), ox.Literal(f'name "{n}" }} #'), G))
    return store


def rows(result: ox.QuerySolutions) -> list[tuple[ox.NamedNode | ox.Literal | ox.BlankNode | None, ...]]:
    names = [v.value for v in result.variables]
    return sorted((tuple(row[n] for n in names) for row in result), key=str)


def same_as_substituted(store: ox.Store, sparql: str, **values: ox.NamedNode | ox.Literal) -> list[object]:
    bound = {ox.Variable(name): term for name, term in values.items()}
    expected = rows(store.query(sparql, substitutions=bound, use_default_graph_as_union=True))
    rewritten = substitute(sparql, bound)
    assert rewritten != sparql
    assert rows(store.query(rewritten, use_default_graph_as_union=True)) == expected
    return list(expected)


def test_parameter_in_a_nested_union_branch_and_filter_is_seen(store: ox.Store) -> None:
    found = same_as_substituted(
        store,
        "SELECT ?s $x WHERE { { ?s <http://example.org/p> ?o FILTER(?o >= $x) } UNION { ?s ?q $x } }",
        x=ox.Literal(2),
    )
    assert len(found) == 3


def test_subquery_sees_the_parameter_only_when_it_projects_it(store: ox.Store) -> None:
    projected = "SELECT ?s $x WHERE { { SELECT ?s ?x WHERE { ?s <http://example.org/p> ?x } } }"
    assert len(same_as_substituted(store, projected, x=ox.Literal(1))) == 1
    hidden = "SELECT ?s $x WHERE { { SELECT ?s WHERE { ?s <http://example.org/p> ?x } } }"
    assert len(same_as_substituted(store, hidden, x=ox.Literal(1))) == 4


def test_group_by_and_optional_filters_keep_the_parameter(store: ox.Store) -> None:
    grouped = (
        "SELECT (COUNT(?s) AS ?n) $x WHERE { ?s <http://example.org/p> ?o "
        "OPTIONAL { ?s ?p ?o2 FILTER(?o2 = $x) } FILTER(?o != $x) } GROUP BY $x"
    )
    assert same_as_substituted(store, grouped, x=ox.Literal(3))[0][0] == ox.Literal(3)


def test_a_text_value_stays_a_literal_whatever_it_holds(store: ox.Store) -> None:
    hostile = 'name "1" } # ") } ; DROP ALL'
    query = "SELECT ?s $q WHERE { ?s <http://example.org/name> ?n FILTER EXISTS { ?s ?p ?n FILTER(?n = $q) }}"
    assert same_as_substituted(store, query, q=ox.Literal(hostile)) == []
    assert len(same_as_substituted(store, query, q=ox.Literal('name "1" } #'))) == 1


def test_construct_template_keeps_its_variables(store: ox.Store) -> None:
    """pyoxigraph 0.5 answers a substituted CONSTRUCT with no triples; the rewrite fills the template."""
    query = "CONSTRUCT { ?s <http://example.org/q> $x } WHERE { ?s <http://example.org/p> ?o FILTER(?o<$x) }"
    rewritten = substitute(query, {ox.Variable("x"): ox.Literal(2)})
    found = set(store.query(rewritten, use_default_graph_as_union=True))
    q = ox.NamedNode(EX + "q")
    assert found == {ox.Triple(ox.NamedNode(f"{EX}s{n}"), q, ox.Literal(2)) for n in (0, 1)}


def test_bound_and_bind_on_a_parameter_are_refused() -> None:
    x = {ox.Variable("x"): ox.Literal(1)}
    with pytest.raises(QueryError, match=r"^parameter \?x: BOUND on a parameter has no equivalent"):
        substitute("SELECT $x WHERE { ?s ?p ?o FILTER(BOUND($x)) }", x)
    with pytest.raises(QueryError, match=r"^parameter \?x: BIND on a parameter has no equivalent"):
        substitute("SELECT ?x WHERE { ?s ?p ?o BIND(?o AS ?x) }", x)
    with pytest.raises(QueryError, match=r"^parameter \?b: only IRIs and literals"):
        substitute("SELECT $b WHERE { ?b ?p ?o }", {ox.Variable("b"): ox.BlankNode()})


def test_lateral_subquery_reads_the_parameter_from_its_left_side(store: ox.Store) -> None:
    query = (
        "SELECT $x ?s WHERE { ?s <http://example.org/p> ?o "
        "LATERAL { SELECT $x ?s WHERE { { ?s <http://example.org/p> $x } UNION { ?s ?q $x } } } }"
    )
    assert len(same_as_substituted(store, query, x=ox.Literal(1))) == 2  # s1, once per branch


def test_optional_parameter_tests_are_settled_for_any_server(store: ox.Store) -> None:
    query = (
        "PREFIX sg: <https://w3id.org/styrgraf/ontology#> "
        "SELECT ?s $x $y WHERE { ?s <http://example.org/p> ?o "
        "FILTER(sameTerm(COALESCE($x, sg:unset), sg:unset) || ?o = $x) "
        "FILTER(sameTerm(COALESCE($y, sg:unset), sg:unset) || ?o = $y) }"
    )
    bound = {ox.Variable("x"): ox.Literal(2)}
    settled = settle_optional_parameters(substitute(query, bound), ["x"])
    assert "FILTER(false || ?o = $x)" in settled and "FILTER(!BOUND(?y) || ?o = $y)" in settled
    expected = rows(store.query(query, substitutions=bound, use_default_graph_as_union=True))
    assert rows(store.query(settled, use_default_graph_as_union=True)) == expected and len(expected) == 1
    assert query_form(query) == "SELECT" and query_form("# ASK\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
