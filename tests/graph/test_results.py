"""Evaluating a user's query into bytes within the nesting, row and byte limits, on the seed store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.results import MAX_NESTING, FormatUnavailable, QueryRequest, check_nesting, evaluate
from graph.store import GraphStore
from styrgraf.errors import QueryError, QueryLimitError, QuerySyntaxError
from tests.queries.test_named_queries import ingested_seed_store

TSV = "text/tab-separated-values"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> GraphStore:
    return GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth


def test_nesting_past_the_limit_is_refused_with_its_position() -> None:
    check_nesting(nested(MAX_NESTING - 1))
    with pytest.raises(QueryLimitError) as caught:
        check_nesting(nested(5000))
    assert (
        str(caught.value)
        == f"query nesting at 1:{15 + 2 * MAX_NESTING + 1} is deeper than 256 levels, the limit"
    )


def test_brackets_in_strings_iris_and_comments_do_not_count(store: GraphStore) -> None:
    text = (
        "SELECT ?x WHERE {\n  # " + "{" * 400 + "\n"
        '  BIND("' + "(" * 400 + '" AS ?x)\n'
        "  FILTER(?x != <http://example.org/" + "(" * 400 + ">)\n}"
    )
    check_nesting(text)
    answer = evaluate(store, QueryRequest(text))
    assert json.loads(answer.body)["results"]["bindings"][0]["x"]["value"] == "(" * 400


def test_a_deep_query_is_refused_before_the_parser_sees_it(store: GraphStore) -> None:
    # 5 000 nested groups crash Oxigraph's parser (SIGSEGV); here it must be a clean error
    with pytest.raises(QueryLimitError, match="deeper than 256 levels"):
        evaluate(store, QueryRequest(nested(5000)))


def test_more_rows_than_the_limit_is_an_error_not_a_truncation(store: GraphStore) -> None:
    with pytest.raises(QueryLimitError) as caught:
        evaluate(store, QueryRequest("SELECT ?s WHERE { ?s ?p ?o }", results_format=TSV, max_rows=100))
    assert str(caught.value) == (
        "the result has more than 100 rows, the limit; add LIMIT (and OFFSET to page) or narrow the query"
    )
    answer = evaluate(
        store, QueryRequest("SELECT ?s WHERE { ?s ?p ?o } LIMIT 100", results_format=TSV, max_rows=100)
    )
    assert answer.form == "solutions" and answer.media_type == TSV
    assert len(answer.body.decode().splitlines()) == 101  # the header and 100 rows


def test_rows_of_one_byte_are_counted_too(store: GraphStore) -> None:
    # an unbound variable makes each TSV row a bare newline
    request = QueryRequest("SELECT ?x WHERE { ?s ?p ?o } LIMIT 50", results_format=TSV, max_rows=49)
    with pytest.raises(QueryLimitError, match="more than 49 rows"):
        evaluate(store, request)


def test_construct_triples_are_held_to_the_row_limit(store: GraphStore) -> None:
    with pytest.raises(QueryLimitError, match="more than 10 rows"):
        evaluate(store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=10))
    answer = evaluate(store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 10", max_rows=10))
    assert answer.form == "triples" and answer.media_type == "text/turtle"
    assert len(ox.Dataset(ox.parse(answer.body, ox.RdfFormat.TURTLE))) == 10


def test_serialisation_stops_past_the_byte_limit(store: GraphStore) -> None:
    with pytest.raises(QueryLimitError) as caught:
        evaluate(store, QueryRequest("SELECT * WHERE { ?s ?p ?o }", max_bytes=10_000))
    assert str(caught.value).startswith("the result is larger than 10000 bytes, the limit;")
    answer = evaluate(store, QueryRequest("SELECT * WHERE { ?s ?p ?o } LIMIT 3", results_format="text/csv"))
    assert len(list(csv.reader(io.StringIO(answer.body.decode())))) == 4


def test_unknown_prefix_and_function_are_the_parsers_and_evaluators_reasons(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError, match="Prefix not found"):
        evaluate(store, QueryRequest("SELECT * WHERE { ?s nope:p ?o }"))
    with pytest.raises(
        QueryError,
        match=r"^query cannot be evaluated: The custom function <http://example.org/f> is not supported",
    ):
        evaluate(store, QueryRequest("SELECT (<http://example.org/f>(1) AS ?x) WHERE {}"))


def test_a_form_without_an_acceptable_format(store: GraphStore) -> None:
    with pytest.raises(FormatUnavailable) as caught:
        evaluate(store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", rdf_format=None))
    assert caught.value.form == "triples"
    answer = evaluate(store, QueryRequest("ASK { ?s ?p ?o }", rdf_format=None))
    assert answer.form == "boolean" and json.loads(answer.body)["boolean"] is True
