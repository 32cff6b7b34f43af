from __future__ import annotations

import pyoxigraph as ox
import pytest

from queries import all_queries, get_query, parse_query_file
from queries.registry import bind_in_text
from styrgraf.errors import QueryError, UnknownQueryError

GOOD = """#+ summary: Goals of a year
#+ params:
#+   year: {type: integer, required: true}
#+   owner: {type: iri}
SELECT ?goal $year $owner WHERE {
  ?goal <http://example.org/year> $year .
  OPTIONAL { ?goal <http://example.org/o> $owner }
}
"""


def test_every_shipped_query_parses_with_a_summary() -> None:
    queries = all_queries()
    assert {"graph_sizes", "class_counts"} <= set(queries)
    assert all(q.summary for q in queries.values())


def test_parameters_are_bound_as_typed_terms_never_spliced() -> None:
    query = parse_query_file("goals", GOOD)
    bound = query.bind({"year": "2020", "owner": "http://example.org/ks"})
    assert bound[ox.Variable("year")] == ox.Literal(
        "2020", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    )
    assert bound[ox.Variable("owner")] == ox.NamedNode("http://example.org/ks")
    assert "$year" in query.sparql and "2020" not in query.sparql


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "parameter year is required"),
        ({"year": "twenty"}, "'twenty' is not a valid integer"),
        ({"year": "2020", "owner": "> } DROP ALL #"}, "is not a valid iri"),
        ({"year": "2020", "colour": "red"}, "unknown parameter(s) colour"),
    ],
)
def test_bad_parameter_values_are_refused(values: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_query_file("goals", GOOD).bind(values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#+ summary: [unclosed\nSELECT * {}", r"queries/q.rq:1: bad YAML header"),
        ("#+ summary: x\n#+ colour: red\nSELECT * {}", r"queries/q.rq:2: unknown header key 'colour'"),
        ("#+ description: x\nSELECT * {}", r"queries/q.rq:1: the header has no summary"),
        (
            "#+ summary: x\n#+ params:\n#+   year: {type: integer}\nSELECT * {}",
            r"queries/q.rq:3: parameter 'year' is declared but unused",
        ),
        ("#+ summary: x\nSELECT * { ?s ?p $o }", r"queries/q.rq:2: parameter \$o is used but undeclared"),
        (
            "#+ summary: x\n#+ params:\n#+   o: {type: iri}\nSELECT ?s { ?s ?p $o }",
            r"queries/q.rq: parameters must be projected by the SELECT",
        ),
        ("#+ summary: x\nSELEC * {}", r"queries/q.rq:2:\d+: SPARQL does not parse: expected"),
    ],
)
def test_bad_query_files_are_rejected_naming_file_and_line(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query_file("q", text)


def test_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(UnknownQueryError, match="no named query 'nope'; known: .*graph_sizes"):
        get_query("nope")


def test_bound_terms_lead_the_outermost_group_as_values_and_cannot_break_out() -> None:
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { "')
    bound = {ox.Variable("q"): hostile, ox.Variable("goal"): ox.NamedNode("http://example.org/g")}
    text = bind_in_text(
        "SELECT ?s $q $goal WHERE { { SELECT ?s WHERE { ?s ?p ?o } } FILTER(?s != $goal) }", bound
    )
    assert text.startswith('SELECT ?s $q $goal WHERE { VALUES (?q ?goal) { ("x\\" } } ; DROP ALL')
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), hostile))
    [row] = list(store.query(text, substitutions=bound))
    assert row["q"] == hostile and len(store) == 1
    assert bind_in_text("ASK { ?s ?p ?o }", {}) == "ASK { ?s ?p ?o }"
