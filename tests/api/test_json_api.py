"""The JSON API against a real server on the seed store: collections, search, pagination,
named queries, problem details and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from queries import all_queries
from tests.live import serving
from tests.queries.test_named_queries import BASE, GIFTFRI, KS, PLATFORM_DECISION, ingested_seed_store

pytestmark = pytest.mark.live

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[httpx.Client]:
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


def get(api: httpx.Client, path: str, **params: str | int) -> dict[str, object]:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert isinstance(body, dict)
    return body


def items(api: httpx.Client, path: str, **params: str | int) -> list[dict[str, object]]:
    page = get(api, path, limit=1000, **params)
    found = page["items"]
    assert isinstance(found, list) and page["total"] == len(found)
    assert all(isinstance(i, dict) and "id" in i and "label" in i for i in found)
    return found


def test_goal_search_ignores_case_and_diacritics(api: httpx.Client) -> None:
    for text in ("giftfri miljo", "GIFTFRI MILJÖ", "Giftfri miljö"):
        (goal,) = items(api, "/api/goals", q=text)
        assert goal["id"] == GIFTFRI
        assert (goal["level"], goal["owner"]) == ("board", KS)
        assert str(goal["parent"]).startswith(f"{BASE}id/goal/kommunfullmaktige/")


def test_goal_filters_by_level_organisation_year_and_status(api: httpx.Client) -> None:
    boards = items(api, "/api/goals", level="board", organisation=KS)
    assert GIFTFRI in {g["id"] for g in boards} and {g["level"] for g in boards} == {"board"}
    failed = items(api, "/api/goals", status="not-fulfilled", year="2020")
    assert GIFTFRI in {g["id"] for g in failed}
    assert GIFTFRI not in {g["id"] for g in items(api, "/api/goals", status="fulfilled", year="2020")}


def test_pagination_pages_add_up_to_the_total(api: httpx.Client) -> None:
    first = get(api, "/api/goals", limit=5, offset=0)
    total = first["total"]
    assert isinstance(total, int) and total > 10
    seen: list[object] = []
    for offset in range(0, total, 5):
        page = get(api, "/api/goals", limit=5, offset=offset)
        assert page["total"] == total and page["offset"] == offset
        seen += [i["id"] for i in page["items"]]  # type: ignore[attr-defined]
    assert len(seen) == total == len(set(seen))
    assert get(api, "/api/goals", limit=5, offset=total)["items"] == []


def test_goal_by_iri_or_its_last_segments(api: httpx.Client) -> None:
    assert get(api, "/api/goals/kommunstyrelsen/giftfri-miljo")["id"] == GIFTFRI
    assert get(api, f"/api/goals/{GIFTFRI}")["id"] == GIFTFRI


def test_indicators_carry_observations_and_target(api: httpx.Client) -> None:
    cups = items(api, "/api/indicators", q="plastbagare (ej fornybar")
    (cup,) = cups
    assert cup["goal"] == GIFTFRI
    observations = {o["period"]: o for o in cup["observations"]}  # type: ignore[attr-defined]
    assert observations["2018"]["value"] == 157000 and observations["2018"]["raw"] == "157 000"
    assert observations["2020"]["value"] == 20656 and observations["2019"]["value"] is None
    assert cup["target"] == {"raw": "0", "value": 0, "comparator": "eq", "direction": None, "period": None}


def test_decisions_with_body_date_paragraph(api: httpx.Client) -> None:
    found = {d["id"]: d for d in items(api, "/api/decisions", year=2020, organisation=KS)}
    platform = found[PLATFORM_DECISION]
    assert (platform["date"], platform["paragraph"], platform["body"]) == ("2020-01-14", 3, KS)
    budget = items(api, "/api/decisions", q="internbudget")
    assert any(d["paragraph"] == 315 and d["dnr"] == "KS 2019-519" for d in budget)


def test_organisations_by_kind_and_search(api: httpx.Client) -> None:
    boards = items(api, "/api/organizations", kind="board")
    assert {o["kind"] for o in boards} == {"board"} and KS in {o["id"] for o in boards}
    assert KS in {o["id"] for o in items(api, "/api/organizations", q="KOMMUNSTYRELSEN")}


def test_documents_by_year_with_type_and_issuer(api: httpx.Client) -> None:
    found = items(api, "/api/documents", year=2020)
    assert {d["year"] for d in found} == {2020}
    report = next(d for d in found if str(d["id"]).endswith("/000_bbff43da3c846827"))
    assert (report["label"], report["type"], report["issuer"]) == (
        "Verksamhetsberättelse 2020",
        "verksamhetsberattelse",
        KS,
    )


def test_named_query_with_typed_parameters(api: httpx.Client) -> None:
    rows = get(api, "/api/queries/goals_by_status", status="not-fulfilled", year="2020")["rows"]
    assert GIFTFRI in {r["goal"] for r in rows}  # type: ignore[attr-defined]
    listed = api.get("/api/queries").json()
    assert {q["name"] for q in listed} == set(all_queries())


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/queries/documents?year=soon", 400, "parameter year: 'soon' is not a valid integer"),
        ("/api/queries/goal_trace", 400, "query goal_trace: parameter goal is required"),
        ("/api/queries/goals?colour=red", 400, "query goals: unknown parameter(s) colour"),
        ("/api/queries/no_such_query", 404, "no named query 'no_such_query'"),
        ("/api/goals/kommunstyrelsen/no-such-goal", 404, "no goal 'kommunstyrelsen/no-such-goal'"),
        ("/api/goals?limit=0", 422, "query.limit: Input should be greater than or equal to 1"),
        (
            "/api/goals?level=galaxy",
            422,
            "query.level: Input should be 'area', 'council', 'board' or 'office'",
        ),
    ],
)
def test_errors_are_problem_details(api: httpx.Client, path: str, status: int, detail: str) -> None:
    response = api.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status and problem["type"] == "about:blank"
    assert str(problem["detail"]).startswith(detail)
    assert problem["instance"] == path.split("?")[0]


def test_openapi_document_is_valid_and_lists_every_named_query(api: httpx.Client) -> None:
    document = api.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for name, query in all_queries().items():
        operation = paths[f"/api/queries/{name}"]["get"]
        assert operation["summary"] == query.summary
        assert {p["name"] for p in operation.get("parameters", [])} == {p.name for p in query.params}
    for collection in ("goals", "indicators", "decisions", "organizations", "documents"):
        assert f"/api/{collection}" in paths
    assert "/api/goals/{goal_id}/trace" in paths


def test_unknown_api_route_and_method_are_problems(api: httpx.Client) -> None:
    missing = api.get("/api/no-such-collection")
    assert (missing.status_code, missing.headers["content-type"]) == (404, PROBLEM)
    wrong = api.post("/api/goals")
    assert (wrong.status_code, wrong.headers["content-type"]) == (405, PROBLEM)
    assert wrong.headers["allow"] == "GET"
