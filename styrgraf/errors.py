"""Styrgraf's exception tree — a leaf module that every layer may import.

::

    StyrgrafError
    ├── ConfigurationError      a setting has a bad value (names the key and the value)
    ├── DocumentError           a document cannot be read or placed (names file and line)
    ├── StoreError              the store cannot be opened, read or written
    │   └── IngestError         an ingest failed; the store is as it was before
    └── QueryError              a SPARQL query or named query is invalid
        ├── QuerySyntaxError    the parser's message, with position
        ├── QueryTimeoutError   the query ran past its time limit
        ├── QueryLimitError     a query or its result is over a configured limit
        └── UnknownQueryError   no named query by that name

Messages say where, then what: ``004_0587bfff7451c447.txt:812: indicator row has 5 cells, header has 4``.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "DocumentError",
    "IngestError",
    "QueryError",
    "QueryLimitError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "StoreError",
    "StyrgrafError",
    "UnknownQueryError",
]


class StyrgrafError(Exception):
    """Root of every error Styrgraf raises on purpose."""


class ConfigurationError(StyrgrafError):
    """A setting has a value Styrgraf cannot use."""


class DocumentError(StyrgrafError):
    """A document cannot be decoded, recognised or parsed.

    :param source: the document's name (file name).
    :param line: 1-based line where reading gave up, or ``None`` for the whole file.
    :param reason: what went wrong there.
    """

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class StoreError(StyrgrafError):
    """The store cannot be opened, read or written."""


class IngestError(StoreError):
    """An ingest failed; the store holds exactly what it held before."""


class QueryError(StyrgrafError):
    """A query is invalid or cannot be answered."""


class QuerySyntaxError(QueryError):
    """The SPARQL parser rejected the query; the message is the parser's."""


class QueryTimeoutError(QueryError):
    """The query ran past the configured time limit and was stopped."""


class QueryLimitError(QueryError):
    """A query or its result is over a configured limit (nesting, rows, bytes, concurrency)."""


class UnknownQueryError(QueryError):
    """No named query has that name."""
