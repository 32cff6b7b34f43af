"""schemathesis against the OpenAPI document of a live server on the seed store: no 5xx anywhere.

Every operation the document describes gets generated requests — valid ones and, for parameters with
a schema, invalid ones — and each answer is checked for a server error (any 5xx other than the 503 a
busy or timed-out SPARQL query answers on purpose). The run is bounded by ``max_examples``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case

from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store

EXAMPLES = 6


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base:
        yield base


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def fuzz(operation: Any, live: str, failures: list[str]) -> int:
    """Send ``EXAMPLES`` generated requests to one operation; note each 5xx; return how many were sent."""
    sent = 0

    @FUZZ
    @given(case=operation.as_strategy())
    def call(case: Case) -> None:
        nonlocal sent
        sent += 1
        response = case.call(base_url=live, timeout=60)
        if response.status_code == 503 and "Retry-After" in response.headers:
            return  # a SPARQL query stopped by its time limit or a full queue: by design
        if response.status_code >= 500:
            failures.append(
                f"{operation.label} {case.path_parameters} {case.query} {case.body!r:.200}"
                f" → {response.status_code}: {response.text[:200]}"
            )

    call()
    return sent


def test_no_operation_answers_a_server_error(live: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live}/openapi.json")
    failures: list[str] = []
    sent = {result.ok().label: fuzz(result.ok(), live, failures) for result in schema.get_all_operations()}
    assert len(sent) >= 10 and all(sent.values()), sent
    assert not failures, "\n".join(failures)
