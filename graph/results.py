"""A user's SPARQL query → serialised results, within the nesting, row and byte limits.

:func:`evaluate` is what a query worker process (:mod:`graph.query_pool`) runs for each
request, and what the server runs in a thread for an in-memory store. It takes a plain,
picklable :class:`QueryRequest` — the text, the dataset and the two formats the client
accepts (one for SELECT/ASK, one for CONSTRUCT/DESCRIBE, as the query form is only known
after parsing) — and gives back a :class:`QueryAnswer` holding bytes.

Limits:

* nesting: Oxigraph's recursive-descent parser overflows the stack (the whole process dies
  with SIGSEGV) at about 3 000 nested groups, so :func:`check_nesting` counts ``{ ( [`` outside
  strings, IRIs and comments before anything is parsed;
* rows: more than ``max_rows`` solutions or triples is an error, never a silent truncation;
* bytes: serialisation stops as soon as the output passes ``max_bytes``.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.backend import GraphBackend
from styrgraf.errors import QueryError, QueryLimitError, QuerySyntaxError

__all__ = [
    "MAX_NESTING",
    "FormatUnavailable",
    "QueryAnswer",
    "QueryRequest",
    "check_nesting",
    "evaluate",
]

MAX_NESTING = 256
"""Deepest nesting of ``{ ( [`` a query may have (the parser itself fails near 3 000)."""

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
    r"|[{(\[]|[})\]]",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One query to evaluate, as plain data that crosses process boundaries.

    ``results_format`` / ``rdf_format`` are the media types of the pyoxigraph formats the
    client accepts for SELECT/ASK and for CONSTRUCT/DESCRIBE; ``None`` when it accepts none.
    """

    text: str
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    results_format: str | None = "application/sparql-results+json"
    rdf_format: str | None = "text/turtle"
    max_rows: int = 100_000
    max_bytes: int = 50_000_000


@dataclass(frozen=True, slots=True)
class QueryAnswer:
    """Serialised results: the query form (``solutions``, ``boolean``, ``triples``), the media
    type of the format used and the bytes."""

    form: str
    media_type: str
    body: bytes


class FormatUnavailable(QueryError):
    """The client accepts no format for this query form; the message is the form."""

    @property
    def form(self) -> str:
        return str(self.args[0])


class _Overflow(Exception):
    """Raised from inside a serialiser when the output passes the byte limit."""


class _CappedBuffer(io.BytesIO):
    """An in-memory sink that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, data: Any, /) -> int:
        self.size += memoryview(data).nbytes
        if self.size > self.limit:
            raise _Overflow
        return super().write(data)


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse a query whose groups, brackets or parentheses nest deeper than ``limit``.

    :raises QueryLimitError: the message gives the line and column where the limit was passed.
    """
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "{([":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                raise QueryLimitError(
                    f"query nesting at {line}:{column} is deeper than {limit} levels, the limit"
                )
        elif token in "})]":
            depth = max(0, depth - 1)


def evaluate(store: GraphBackend, request: QueryRequest) -> QueryAnswer:
    """Evaluate ``request`` over ``store`` and serialise the results.

    :raises QueryLimitError: too deeply nested, more than ``max_rows`` rows or ``max_bytes`` bytes.
    :raises QuerySyntaxError: the parser rejected the query (its message, with position).
    :raises FormatUnavailable: the client accepts no format for the query's form.
    :raises QueryError: the query cannot be evaluated (an unsupported function …).
    """
    check_nesting(request.text)
    try:
        result = store.query(
            request.text,
            default_graph=[ox.NamedNode(iri) for iri in request.default_graph],
            named_graphs=[ox.NamedNode(iri) for iri in request.named_graphs],
            base_iri=request.base_iri,
        )
        form = (
            "triples"
            if isinstance(result, ox.QueryTriples)
            else "boolean"
            if isinstance(result, ox.QueryBoolean)
            else "solutions"
        )
        media_type = request.rdf_format if form == "triples" else request.results_format
        if media_type is None:
            raise FormatUnavailable(form)
        sink = _CappedBuffer(request.max_bytes)
        if form == "triples":
            rdf = ox.RdfFormat.from_media_type(media_type)
            assert rdf is not None, media_type
            triples = list(itertools.islice(result, request.max_rows + 1))
            _check_rows(len(triples), request.max_rows)
            ox.serialize(triples, sink, rdf)
        else:
            results = ox.QueryResultsFormat.from_media_type(media_type)
            assert results is not None, media_type
            result.serialize(sink, results)
            if form == "solutions":
                _check_rows(_count_rows(sink, results, request.max_rows), request.max_rows)
    except _Overflow:
        raise QueryLimitError(
            f"the result is larger than {request.max_bytes} bytes, the limit; "
            "add LIMIT (and OFFSET to page) or narrow the query"
        ) from None
    except SyntaxError as exc:  # a malformed IRI given as a graph, or a lazily parsed part
        raise QuerySyntaxError(str(exc)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query cannot be evaluated: {exc}") from None
    return QueryAnswer(form, media_type, sink.getvalue())


def _count_rows(sink: _CappedBuffer, results: ox.QueryResultsFormat, limit: int) -> int:
    """Rows in the serialised solutions, counted up to ``limit + 1``.

    Every row takes at least one byte in each results format (a TSV row of one unbound
    variable is ``\n``), so outputs of at most ``limit`` bytes are not parsed.
    """
    if sink.size <= limit:
        return 0
    parsed: Any = ox.parse_query_results(sink.getvalue(), results)
    return sum(1 for _ in itertools.islice(parsed, limit + 1))


def _check_rows(rows: int, limit: int) -> None:
    if rows > limit:
        raise QueryLimitError(
            f"the result has more than {limit} rows, the limit; "
            "add LIMIT (and OFFSET to page) or narrow the query"
        )
