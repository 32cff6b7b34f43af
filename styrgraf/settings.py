"""Typed settings: flag > environment (``STYRGRAF_*``) > ``.env`` > default.

Built by the CLI and the app factory and passed down; nothing reads the environment at
import time. Every field is documented in ``docs/configuration.md`` (a test keeps it in step).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from styrgraf.errors import ConfigurationError

__all__ = ["DEFAULT_SEEDS", "Settings", "load_settings"]

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
"""The seed corpus beside a checkout (``../shared/seeds``)."""


class Settings(BaseSettings):
    """Styrgraf's configuration."""

    model_config = SettingsConfigDict(env_prefix="STYRGRAF_", env_file=".env", extra="ignore")

    store: Path = Field(
        default=Path("var/store"),
        description="Directory of the embedded Oxigraph store (created when missing).",
    )
    base_iri: str = Field(
        default="http://127.0.0.1:8000/",
        description="Base under which Styrgraf mints IRIs; must end with '/'.",
    )
    host: str = Field(default="127.0.0.1", description="Interface `serve` binds to.")
    port: int = Field(
        default=8000, ge=0, le=65535, description="Port `serve` listens on (0 picks a free one)."
    )
    query_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a SPARQL query may run before it is stopped."
    )
    max_query_length: int = Field(default=100_000, gt=0, description="Longest SPARQL query text accepted.")
    update_token: str | None = Field(
        default=None,
        description="Bearer token for SPARQL Update, ingest and admin routes over HTTP; refused when unset.",
    )
    max_result_rows: int = Field(
        default=100_000, gt=0, description="Most rows (solutions or triples) a /sparql answer may hold."
    )
    max_response_bytes: int = Field(
        default=50_000_000, gt=0, description="Largest serialised /sparql answer, in bytes."
    )
    max_concurrent_queries: int = Field(
        default=16, gt=0, description="Queries evaluated at once; past it /sparql answers 503 at once."
    )
    query_workers: int = Field(
        default=2, gt=0, description="Worker processes evaluating /sparql queries over an on-disk store."
    )
    rate_limit: float = Field(
        default=0.0, ge=0, description="Requests per second each client IP may make (0: no limit)."
    )
    rate_burst: int = Field(
        default=20, gt=0, description="Requests a client may make at once above the rate."
    )
    max_upload_bytes: int = Field(
        default=50_000_000, gt=0, description="Largest request body POST /-/ingest accepts, in bytes."
    )
    result_cache_bytes: int = Field(
        default=64_000_000, ge=0, description="Memory for cached /sparql answers, in bytes (0: no cache)."
    )
    response_cache_bytes: int = Field(
        default=64_000_000,
        ge=0,
        description="Memory for whole answers to repeated reads (GET), in bytes (0: no cache).",
    )
    publisher_name: str = Field(
        default="Linköpings kommun", description="Name of the publisher in the DCAT catalogue (foaf:name)."
    )
    publisher_iri: str | None = Field(
        default=None,
        description="IRI of the publisher in the DCAT catalogue; unset gives `{base}catalog#publisher`.",
    )
    licence: str = Field(
        default="http://creativecommons.org/publicdomain/zero/1.0/",
        description="IRI of the licence the data is published under (catalogue, dataset, distributions).",
    )
    contact_name: str = Field(
        default="Linköpings kommun", description="Name of the catalogue's contact point (vcard:fn)."
    )
    contact_email: str = Field(
        default="kommunen@linkoping.se", description="E-mail address of the catalogue's contact point."
    )
    spatial: str = Field(
        default="http://publications.europa.eu/resource/authority/country/SWE",
        description="IRI of the dataset's spatial coverage (dcterms:spatial).",
    )
    spatial_label: str = Field(default="Sverige", description="Label of the spatial coverage, in Swedish.")
    backend: Literal["embedded", "remote"] = Field(
        default="embedded",
        description="Where the graph lives: the embedded Oxigraph store at `store`, or a remote SPARQL 1.1 "
        "server at `sparql_query_url` (see docs/remote.md).",
    )
    sparql_query_url: str | None = Field(
        default=None, description="SPARQL 1.1 query endpoint of the remote store (backend=remote)."
    )
    sparql_update_url: str | None = Field(
        default=None,
        description="SPARQL 1.1 Update endpoint of the remote store (default: the query endpoint).",
    )
    graph_store_url: str | None = Field(
        default=None,
        description="Graph Store Protocol endpoint of the remote store, used to read whole graphs "
        "(without it they are read with CONSTRUCT).",
    )
    remote_user: str | None = Field(default=None, description="User name for the remote store's HTTP auth.")
    remote_password: SecretStr | None = Field(
        default=None, description="Password for the remote store's HTTP auth (never printed)."
    )
    remote_auth: Literal["basic", "digest"] = Field(
        default="basic", description="HTTP auth scheme for the remote store: basic or digest (Virtuoso)."
    )
    remote_timeout: float = Field(
        default=120.0,
        gt=0,
        description="Seconds a write or a whole-graph read on the remote store may take; queries use "
        "`query_timeout`.",
    )

    @field_validator("sparql_query_url", "sparql_update_url", "graph_store_url")
    @classmethod
    def _endpoint_is_http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("base_iri")
    @classmethod
    def _base_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("must be an http(s) IRI ending with '/'")
        return value

    @field_validator("publisher_iri", "licence", "spatial")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", value):
            raise ValueError("must be an absolute IRI")
        return value

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", value):
            raise ValueError("must be an e-mail address")
        return value


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment with ``overrides`` (flags) on top; ``None`` overrides are ignored.

    :raises ConfigurationError: a value is invalid; the message names the key and the value.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise ConfigurationError(
            f"setting {key} (STYRGRAF_{key.upper()}) = {first.get('input')!r}: {first['msg']}"
        ) from None
