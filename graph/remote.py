"""A remote SPARQL 1.1 server as Styrgraf's store (``STYRGRAF_BACKEND=remote``).

:class:`RemoteGraphStore` offers what :class:`~graph.backend.GraphBackend` asks, over HTTP with
httpx: queries go to the SPARQL 1.1 Protocol query endpoint (``POST``, form-encoded, SPARQL JSON
results parsed with :func:`pyoxigraph.parse_query_results`, CONSTRUCT results as N-Triples parsed
with :func:`pyoxigraph.parse`), writes to the Update endpoint, and whole graphs are read with the
Graph Store Protocol when its endpoint is configured (with ``CONSTRUCT`` otherwise).

The SPARQL here is built by the store from terms it is handed (written in their N-Triples
syntax), never from user text: graph management, counts and pattern reads. A named query's
parameters arrive as pyoxigraph substitutions, which a server does not have; they are written into
the query text with the same meaning (:mod:`graph.substitution`).

Replacing graphs is one Update request — ``DROP SILENT GRAPH`` then ``INSERT DATA`` for every
graph of the batch — as in the embedded store. Oxigraph server applies one request as one
transaction; what other servers give is in docs/remote.md. The server's default graph must be the
union of its named graphs (``oxigraph serve --union-default-graph``; Virtuoso by default):
:meth:`RemoteGraphStore.open` checks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from graph.store import PREFIXES, rdf_format
from graph.substitution import query_form, settle_optional_parameters, substitute
from styrgraf.errors import (
    ConfigurationError,
    IngestError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    StyrgrafError,
)
from styrgraf.settings import Settings

__all__ = ["RemoteGraphStore"]

_SOLUTIONS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_TRIPLES_ACCEPT = "application/n-triples, text/turtle;q=0.8"


class RemoteGraphStore:
    """A SPARQL 1.1 server (Query, Update, Graph Store Protocol) holding one named graph per document."""

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        auth: httpx.Auth | None = None,
        query_timeout: float = 10.0,
        timeout: float = 120.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.query_timeout = query_timeout
        self.timeout = timeout
        self._client = httpx.Client(auth=auth, timeout=timeout, headers={"User-Agent": "Styrgraf"})
        self._reads = 0

    @classmethod
    def open(cls, settings: Settings) -> RemoteGraphStore:
        """The server the settings name, once it has answered a query.

        :raises ConfigurationError: no query endpoint is configured.
        :raises StoreError: the server cannot be reached, or its default graph is not the union of
            its named graphs.
        """
        if settings.sparql_query_url is None:
            raise ConfigurationError(
                "setting sparql_query_url (STYRGRAF_SPARQL_QUERY_URL) is required "
                "with STYRGRAF_BACKEND=remote"
            )
        auth: httpx.Auth | None = None
        if settings.remote_user is not None:
            password = settings.remote_password.get_secret_value() if settings.remote_password else ""
            if settings.remote_auth == "digest":
                auth = httpx.DigestAuth(settings.remote_user, password)
            else:
                auth = httpx.BasicAuth(settings.remote_user, password)
        store = cls(
            settings.sparql_query_url,
            update_url=settings.sparql_update_url,
            graph_store_url=settings.graph_store_url,
            auth=auth,
            query_timeout=settings.query_timeout,
            timeout=settings.remote_timeout,
        )
        try:
            store.check_union_default_graph()
        except StyrgrafError:
            store.close()
            raise
        return store

    def check_union_default_graph(self) -> None:
        """Make sure queries without ``GRAPH`` see the named graphs, as Styrgraf's queries expect.

        :raises StoreError: the named graphs hold triples that the default graph does not show.
        """
        row = next(iter(self.query(_UNION_CHECK)))
        if row["named"] == _TRUE and row["default"] != _TRUE:
            raise StoreError(
                f"{self.query_url}: the default graph is not the union of the named graphs; start Oxigraph "
                "with `serve --union-default-graph` or configure the server so (docs/remote.md)"
            )

    @property
    def generation(self) -> int:
        """A new number on every read: other processes may write to the server at any time, so no
        result read from it is known to be current (the result cache and ETags never match)."""
        self._reads += 1
        return self._reads

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # — queries —

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, Any] | None = None,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Evaluate a SPARQL query on the server over the union of all graphs (or the given dataset).

        :raises QuerySyntaxError: the server rejected the query (HTTP 400, with its message).
        :raises QueryTimeoutError: no answer within ``query_timeout`` seconds.
        :raises StoreError: the server cannot be reached or failed.
        """
        form = query_form(sparql)
        body, media_type = self.query_raw(
            sparql,
            accept=_TRIPLES_ACCEPT if form in {"CONSTRUCT", "DESCRIBE"} else _SOLUTIONS_ACCEPT,
            substitutions=substitutions,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
        )
        result = parse_results(body, media_type, where=self.query_url)
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            return _as_boolean(result, where=self.query_url)
        return result

    def query_raw(
        self,
        sparql: str,
        *,
        accept: str,
        substitutions: Mapping[ox.Variable, Any] | None = None,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> tuple[bytes, str]:
        """The server's serialised answer to a query, in a format ``accept`` allows, and its media type
        — for forwarding results without parsing them.

        The dataset is as :meth:`query` has it: the union default graph and every named graph,
        unless ``default_graph``/``named_graphs`` are given (when only ``default_graph`` is, every
        named graph stays available, as in the embedded store).

        :raises QuerySyntaxError: the server rejected the query (HTTP 400, with its message).
        :raises QueryTimeoutError: no answer within ``timeout`` (default ``query_timeout``) seconds.
        :raises StoreError: the server cannot be reached or failed.
        """
        bound = substitutions or {}
        text = settle_optional_parameters(substitute(sparql, bound), (v.value for v in bound))
        if base_iri is not None:
            text = f"BASE <{base_iri}>\n{text}"
        form: list[tuple[str, str]] = [("query", text)]
        if default_graph:
            form += [("default-graph-uri", g.value) for g in default_graph]
            for graph in named_graphs or self.named_graphs():
                form.append(("named-graph-uri", graph.value))
        elif named_graphs:
            form += [("named-graph-uri", g.value) for g in named_graphs]
        response = self._send(
            "POST",
            self.query_url,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            timeout=timeout or self.query_timeout,
            what="query",
        )
        return response.content, response.headers.get("content-type", "")

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph, sorted by IRI."""
        graphs = [row["g"] for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")]
        return sorted((g for g in graphs if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def graph_size(self, graph: ox.NamedNode) -> int:
        """Number of triples in ``graph``."""
        return self._count(f"GRAPH {graph} {{ ?s ?p ?o }}")

    def __len__(self) -> int:
        """Number of quads in the named graphs (the default graph is their union here)."""
        return self._count("GRAPH ?g { ?s ?p ?o }")

    def _count(self, pattern: str) -> int:
        solutions = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        term = next(iter(solutions))["n"]
        return int(term.value) if isinstance(term, ox.Literal) else 0

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of the named graphs matching the pattern (``None`` matches anything)."""
        if isinstance(subject, ox.BlankNode) or isinstance(object, ox.BlankNode):
            raise StoreError(f"{self.query_url}: blank nodes cannot be looked up on a remote store")
        given = ((subject, "?s"), (predicate, "?p"), (object, "?o"))
        parts = [str(term) if term is not None else variable for term, variable in given]
        graph = str(graph_name) if graph_name is not None else "?g"
        solutions = self.query(f"SELECT * WHERE {{ GRAPH {graph} {{ {' '.join(parts)} }} }}")
        for row in solutions:
            yield ox.Quad(
                subject or row["s"],
                predicate or row["p"],
                object or row["o"],
                graph_name or row["g"],
            )

    # — writes —

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        """Replace each named graph with the given quads, in one Update request.

        :raises IngestError: the server refused or failed the update; on a transactional server
            (Oxigraph) every graph is as it was before.
        """
        if not graphs:
            return
        parts: list[str] = []
        for graph, quads in graphs.items():
            parts.append(f"DROP SILENT GRAPH {graph} ;")
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }} ;")
        try:
            self._post_update("\n".join(parts).rstrip(" ;"))
        except (QueryError, StoreError) as exc:
            raise IngestError(f"store unchanged: writing {len(graphs)} graph(s) failed: {exc}") from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Send a SPARQL Update to the server as one request.

        :raises QuerySyntaxError: the server rejected the update (HTTP 400, with its message).
        :raises StoreError: the server cannot be reached or failed.
        """
        self._post_update(f"BASE <{base_iri}>\n{sparql}" if base_iri is not None else sparql)

    def remove_graphs(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Drop the named graphs in one Update request."""
        update = " ;\n".join(f"DROP SILENT GRAPH {graph}" for graph in graphs)
        if update:
            self._post_update(update)

    def load(self, data: bytes, fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Add RDF in ``fmt`` (into ``graph`` for triple formats) with one ``INSERT DATA`` request.

        :raises StoreError: the data does not parse (nothing is sent) or the server failed.
        """
        try:
            quads = list(ox.parse(data, rdf_format(fmt)))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            target = graph if graph is not None else quad.graph_name
            key = "" if isinstance(target, ox.DefaultGraph) else str(target)
            by_graph.setdefault(key, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        blocks = [
            "\n".join(lines) if not key else f"GRAPH {key} {{\n{chr(10).join(lines)}\n}}"
            for key, lines in by_graph.items()
        ]
        if blocks:
            self._post_update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def backup(self, target: Path) -> None:
        """Refused: a remote store is backed up by its server.

        :raises StoreError: always.
        """
        raise StoreError(
            f"{target}: cannot back up the remote store at {self.query_url}; use the server's own backup "
            "(docs/remote.md)"
        )

    def flush(self) -> None:
        """Nothing to do: the server makes its writes durable."""

    # — reads of whole graphs —

    def dump(self, output: IO[bytes], fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Serialise one graph, or every named graph, as ``fmt``.

        Dataset formats (N-Quads, TriG) keep the document graphs; triple formats get the union.
        """
        rdf = rdf_format(fmt)
        if graph is not None:
            ox.serialize(self.graph_triples(graph), output, rdf)
            return
        graphs = self.named_graphs()
        if rdf.supports_datasets:
            quads = (
                ox.Quad(t.subject, t.predicate, t.object, g) for g in graphs for t in self.graph_triples(g)
            )
            ox.serialize(quads, output, rdf)
            return
        seen: set[ox.Triple] = set()
        for g in graphs:
            seen.update(self.graph_triples(g))
        ox.serialize(seen, output, rdf, prefixes=PREFIXES)

    def graph_quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        """Every quad of ``graph`` (empty when the server has no such graph)."""
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in self.graph_triples(graph)]

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """The triples of one named graph, read with the Graph Store Protocol (or ``CONSTRUCT``)."""
        if self.graph_store_url is not None:
            response = self._send(
                "GET",
                self.graph_store_url,
                params={"graph": graph.value},
                headers={"Accept": _TRIPLES_ACCEPT},
                timeout=self.timeout,
                what="graph read",
                missing_ok=True,
            )
            if response.status_code == 404:
                return []
            media_type = response.headers.get("content-type", "")
            return [q.triple for q in _parse_rdf(response.content, media_type, where=self.graph_store_url)]
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return list(result)

    # — HTTP —

    def _post_update(self, sparql: str) -> None:
        self._send(
            "POST",
            self.update_url,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            timeout=self.timeout,
            what="update",
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        timeout: float,
        what: str,
        missing_ok: bool = False,
        **options: Any,
    ) -> httpx.Response:
        try:
            response = self._client.request(method, url, timeout=timeout, **options)
        except httpx.TimeoutException:
            if what == "query":
                raise QueryTimeoutError(f"{url}: the {what} got no answer within {timeout:g} s") from None
            raise StoreError(f"{url}: the {what} got no answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {exc}") from None
        if response.is_success or (missing_ok and response.status_code == 404):
            return response
        detail = " ".join(response.text.split())[:500]
        message = f"{url}: the {what} failed with HTTP {response.status_code} {response.reason_phrase}"
        if response.status_code == 400:
            raise QuerySyntaxError(f"{message}: {detail}")
        raise StoreError(f"{message}: {detail}" if detail else message)


def parse_results(body: bytes, media_type: str, *, where: str) -> Any:
    """A query answer as pyoxigraph results: solutions or a boolean from SPARQL results, triples
    (:class:`pyoxigraph.QueryTriples`) from an RDF serialisation.

    :raises StoreError: the body is in no format the store asked for, or does not parse.
    """
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    if results_format is not None:
        try:
            return ox.parse_query_results(body, results_format)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{where}: unreadable query results ({media_type}): {exc}") from None
    graph = ox.Store()
    graph.extend(_parse_rdf(body, media_type, where=where))
    return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _as_boolean(solutions: ox.QuerySolutions, *, where: str) -> ox.QueryBoolean:
    """An ASK answered as solutions (Virtuoso: one row ``__ASK_RETVAL`` = 1, or no row) as a boolean.

    :raises StoreError: the answer is neither no row nor one row of one value.
    """
    rows = list(solutions)
    values = [rows[0][v] for v in solutions.variables] if len(rows) == 1 else []
    if rows and (len(values) != 1 or not isinstance(values[0], ox.Literal)):
        raise StoreError(f"{where}: the server answered an ASK query with solutions, not a boolean")
    truth = bool(values) and isinstance(values[0], ox.Literal) and values[0].value in {"1", "true"}
    document = '{"head": {}, "boolean": %s}' % ("true" if truth else "false")
    answer = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QueryBoolean)
    return answer


def _parse_rdf(body: bytes, media_type: str, *, where: str) -> list[ox.Quad]:
    rdf = ox.RdfFormat.from_media_type(media_type)
    if rdf is None:
        answered = media_type or "no media type"
        raise StoreError(f"{where}: the server answered in {answered}, not RDF or SPARQL results")
    try:
        return list(ox.parse(body, rdf))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{where}: unreadable {media_type}: {exc}") from None


_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
_UNION_CHECK = (
    "SELECT ?named ?default WHERE { BIND(EXISTS { GRAPH ?g { ?s ?p ?o } } AS ?named) "
    "BIND(EXISTS { ?s ?p ?o } AS ?default) }"
)

