"""Goal, decision and indicator traces against a real server, and ``styrgraf trace`` on the same store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import serving
from tests.queries.test_named_queries import (
    DOC_2020,
    GIFTFRI,
    KS,
    PLATFORM_DECISION,
    VARUMARKE,
    ingested_seed_store,
)

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return ingested_seed_store(tmp_path_factory, seeds_dir)


@pytest.fixture(scope="module")
def api(store_path: Path) -> Iterator[httpx.Client]:
    with serving(store_path) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


@pytest.fixture(scope="module")
def giftfri(api: httpx.Client) -> dict[str, Any]:
    response = api.get("/api/goals/kommunstyrelsen/giftfri-miljo/trace")
    assert response.status_code == 200, response.text
    trace: dict[str, Any] = response.json()
    return trace


def test_goal_trace_names_goal_owner_and_parent(giftfri: dict[str, Any]) -> None:
    goal = giftfri["goal"]
    assert goal["id"] == GIFTFRI and "Giftfri miljö" in goal["labels"]
    assert (goal["level"], goal["owner"], goal["owner_label"]) == ("board", KS, "Kommunstyrelsen")
    assert "2020" in goal["periods"]
    climate = next(p for p in giftfri["parents"] if p["label"] == "Ett klimatsmart Linköping")
    assert "Klimatsäkert Linköping" in {s["label"] for s in climate["siblings"]}


def test_goal_trace_indicators_have_real_values_and_miss_the_target(giftfri: dict[str, Any]) -> None:
    cups = next(
        i for i in giftfri["indicators"] if i["label"].startswith("Antal inköpta plastbägare (ej förnybar")
    )
    values = {o["period"]: o["value"] for o in cups["observations"]}
    assert values == {"2018": 157000, "2019": None, "2020": 20656}
    assert cups["target"]["value"] == 0 and cups["target"]["comparator"] == "eq"
    assert cups["latest"] == {"period": "2020", "value": 20656}
    assert cups["on_track"] is False
    labelled = next(i for i in giftfri["indicators"] if i["label"].startswith("Andel (%) utvalda kemiska"))
    shares = {o["period"]: o["value"] for o in labelled["observations"]}
    assert (shares["2018"], shares["2020"]) == (11, 25)
    assert labelled["target"]["direction"] == "increase"


def test_goal_trace_assessment_of_2020_with_rationale_and_source(giftfri: dict[str, Any]) -> None:
    (of_2020,) = [a for a in giftfri["assessments"] if a["period"] == "2020"]
    assert of_2020["status"] == "not-fulfilled"
    assert of_2020["document"] == DOC_2020 and of_2020["document_title"] == "Verksamhetsberättelse 2020"
    assert "20 656 plastbägare" in of_2020["rationale"]
    assert of_2020["first_line"] <= of_2020["last_line"]
    assert DOC_2020 in {s["document"] for s in giftfri["sources"]}
    assert ("same", "2020", DOC_2020) in {
        (v["relation"], v["period"], v["document"]) for v in giftfri["versions"]
    }


def test_giftfri_section_cites_no_decision_but_starkt_varumarke_does(
    api: httpx.Client, giftfri: dict[str, Any]
) -> None:
    assert giftfri["decisions"] == []
    trace = api.get("/api/goals/kommunstyrelsen/starkt-varumarke/trace").json()
    cited = {d["raw"]: d for d in trace["decisions"]}
    platform = cited["KS 2020-01-14 § 3"]
    assert (platform["body"], platform["date"], platform["paragraph"]) == ("KS", "2020-01-14", 3)
    assert platform["decision"] == PLATFORM_DECISION and platform["document"] == DOC_2020
    assert "platsvarumärket" in platform["subject"]


def test_decision_trace_lists_citing_documents_and_goals(api: httpx.Client) -> None:
    trace = api.get("/api/decisions/kommunstyrelsen/2020-01-14/3/trace").json()
    assert trace["id"] == PLATFORM_DECISION and trace["body"] == KS and trace["paragraph"] == 3
    assert VARUMARKE in {g["id"] for g in trace["goals"]}
    assert {c["document"] for c in trace["citations"]} == {DOC_2020}


def test_indicator_trace_gives_the_series(api: httpx.Client) -> None:
    (cup,) = api.get("/api/indicators", params={"q": "plastbagare (ej fornybar"}).json()["items"]
    trace = api.get(f"/api/indicators/{cup['id']}/trace").json()
    assert trace["goal"] == GIFTFRI and trace["latest"] == {"period": "2020", "value": 20656}


@pytest.mark.parametrize("kind", ["goals", "decisions", "indicators"])
def test_unknown_trace_is_404_problem(api: httpx.Client, kind: str) -> None:
    response = api.get(f"/api/{kind}/nobody/nothing/trace")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"no {kind.rstrip('s')} 'nobody/nothing'"


def test_cli_trace_prints_the_tree_and_the_api_document(
    api: httpx.Client, store_path: Path, giftfri: dict[str, Any]
) -> None:
    def trace(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "styrgraf", "trace", "Giftfri miljö", "--store", str(store_path), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    tree = trace()
    assert "Ett klimatsmart Linköping" in tree and "2020: not-fulfilled" in tree
    assert "2018: 157 000" in tree and "2020: 20 656" in tree
    assert json.loads(trace("--json")) == giftfri


def test_goal_trace_as_of_2020_judges_the_values_then(api: httpx.Client) -> None:
    trace = api.get("/api/goals/kommunstyrelsen/giftfri-miljo/trace", params={"year": "2020"}).json()
    assert [(a["period"], a["status"]) for a in trace["assessments"]] == [("2020", "not-fulfilled")]
    labelled = next(i for i in trace["indicators"] if i["label"].startswith("Andel (%) utvalda kemiska"))
    assert labelled["latest"] == {"period": "2020", "value": 25}
    assert labelled["on_track"] is True
    assert max(o["period"] for i in trace["indicators"] for o in i["observations"]) == "2020"
    bad = api.get("/api/goals/kommunstyrelsen/giftfri-miljo/trace", params={"year": "twenty"})
    assert (bad.status_code, bad.headers["content-type"]) == (422, "application/problem+json")
