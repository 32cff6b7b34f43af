"""Queries: every SPARQL the application runs, as named ``.rq`` files with typed parameters."""

from queries.registry import NamedQuery, Parameter, all_queries, get_query, parse_query_file
from queries.run import run_named_query, select_rows, term_value

__all__ = [
    "NamedQuery",
    "Parameter",
    "all_queries",
    "get_query",
    "parse_query_file",
    "run_named_query",
    "select_rows",
    "term_value",
]
