"""Golden tests of every named query on the seed store, asserted on facts printed in the documents.

Counts shift while the loaders improve, so each test names values the reports print: the 2020
verksamhetsberättelse (000) assesses the nämndmål "Giftfri miljö" as not fulfilled, with the
indicator "Antal inköpta plastbägare …" at 157 000 in 2018 and 20 656 in 2020 against a target of 0.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.ingest import ingest_documents
from graph.iris import DEFAULT_BASE
from graph.store import GraphStore
from queries import all_queries, select_rows
from tests.seeds import SEEDS

BASE = DEFAULT_BASE
KS = f"{BASE}id/org/kommunstyrelsen"
GIFTFRI = f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo"
VARUMARKE = f"{BASE}id/goal/kommunstyrelsen/starkt-varumarke"
DOC_2020 = f"{BASE}id/document/000_bbff43da3c846827"
PLATFORM_DECISION = f"{BASE}id/decision/kommunstyrelsen/2020-01-14/3"


def ingested_seed_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A copy of the five seeds ingested once per test session (each caller gets its own copy,
    so a server holding one store's lock never blocks another)."""
    master = tmp_path_factory.getbasetemp() / "seed-store"
    if not (master / "ingested").exists():
        store = GraphStore.open(master / "store")
        ingest_documents(store, [seeds_dir], base=BASE)
        store.flush()
        del store
        (master / "ingested").touch()
    copy = tmp_path_factory.mktemp("seed-copy") / "store"
    shutil.copytree(master / "store", copy)
    return copy


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[GraphStore]:
    yield GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


def rows(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return select_rows(store, name, params)


def seed_line(document: str, line: int) -> str:
    stem = document.rsplit("/", 1)[-1]
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").splitlines()[line - 1]


TESTED = {
    "goals", "documents", "indicators", "organisations", "decisions", "goal_trace", "goal_trace_family",
    "goal_trace_indicators", "goal_trace_assessments", "goal_trace_decisions", "goal_trace_versions",
    "goal_trace_sources", "indicator_series", "goals_by_status", "decisions_by_body", "organisation_goals",
    "documents_citing_decision", "indicators_without_data", "goals_missing_target", "status_disagreement",
    "goal_set_changes",
    # page queries, tested in tests/queries/test_entity.py
    "resource_properties", "resource_incoming", "resource_sources", "document_facts", "document_graphs",
    # dataset description and sitemap, tested in tests/queries/test_catalogue_queries.py
    "void_properties", "void_entities", "void_examples", "sitemap_entities", "void_modified",
    # linked-data queries, tested in tests/queries/test_resource_queries.py
    "resource_exists", "resource_description", "resource_modified", "graph_exists", "graph_content",
    "graph_modified",
}  # fmt: skip


def test_every_named_query_has_a_golden_test() -> None:
    assert set(all_queries()) - {"graph_sizes", "class_counts"} == TESTED


def test_goals_search_folds_case_and_diacritics(store: GraphStore) -> None:
    found = rows(store, "goals", q="giftfri miljo")
    assert [r["goal"] for r in found] == [GIFTFRI]
    assert found[0]["goalLevel"] == "board" and found[0]["owner"] == KS
    assert GIFTFRI in {r["goal"] for r in rows(store, "goals", level="board", organisation=KS)}
    assert GIFTFRI not in {r["goal"] for r in rows(store, "goals", level="council")}
    assert GIFTFRI in {r["goal"] for r in rows(store, "goals", status="not-fulfilled", year="2020")}
    assert GIFTFRI not in {r["goal"] for r in rows(store, "goals", status="fulfilled", year="2020")}


def test_documents_by_year_type_and_issuer(store: GraphStore) -> None:
    of_2020 = {r["document"]: r for r in rows(store, "documents", year=2020)}
    assert DOC_2020 in of_2020 and of_2020[DOC_2020]["title"] == "Verksamhetsberättelse 2020"
    assert all(r["documentYear"] == 2020 for r in of_2020.values())
    reports = rows(
        store, "documents", q="verksamhetsberattelse", organisation=KS, type="verksamhetsberattelse"
    )
    assert DOC_2020 in {r["document"] for r in reports}


def test_indicators_organisations_and_decisions_collections(store: GraphStore) -> None:
    cups = rows(store, "indicators", q="plastbagare", goal=GIFTFRI, organisation=KS, year="2020")
    assert [r["label"] for r in cups] == ["Antal inköpta plastbägare (ej förnybar eller återvunnen råvara)."]
    boards = {r["organisation"]: r for r in rows(store, "organisations", kind="board")}
    assert boards[KS]["label"] == "Kommunstyrelsen"
    decided = {r["decision"]: r for r in rows(store, "decisions", year=2020, organisation=KS)}
    assert decided[PLATFORM_DECISION]["paragraph"] == 3 and decided[PLATFORM_DECISION]["date"] == "2020-01-14"
    assert PLATFORM_DECISION in {r["decision"] for r in rows(store, "decisions", q="platsvarumarke")}


def test_goal_trace_names_the_goal(store: GraphStore) -> None:
    found = rows(store, "goal_trace", goal=GIFTFRI)
    assert "Giftfri miljö" in {r["label"] for r in found}
    assert {r["goalLevel"] for r in found} == {"board"} and {r["ownerLabel"] for r in found} == {
        "Kommunstyrelsen"
    }
    assert "2020" in {r["period"] for r in found}
    assert all("fasa ut farliga kemikalier" in r["description"] for r in found)


def test_goal_trace_family_gives_parent_and_siblings(store: GraphStore) -> None:
    found = rows(store, "goal_trace_family", goal=GIFTFRI)
    climate = [r for r in found if r.get("parentLabel") == "Ett klimatsmart Linköping"]
    assert "Klimatsäkert Linköping" in {r.get("siblingLabel") for r in climate}
    assert GIFTFRI not in {r.get("sibling") for r in found}


def test_goal_trace_indicators_give_values_and_target(store: GraphStore) -> None:
    found = rows(store, "goal_trace_indicators", goal=GIFTFRI)
    cups = [r for r in found if r["label"].startswith("Antal inköpta plastbägare (ej förnybar")]
    by_period = {r["period"]: r for r in cups}
    assert by_period["2018"]["value"] == 157000 and by_period["2018"]["raw"] == "157 000"
    assert by_period["2019"]["noData"] is True and by_period["2019"]["raw"] == "I.U."
    assert by_period["2020"]["value"] == 20656
    assert {(r["targetValue"], r["comparator"]) for r in cups} == {(0, "eq")}


def test_goal_trace_assessments_give_status_and_rationale(store: GraphStore) -> None:
    found = {r["period"]: r for r in rows(store, "goal_trace_assessments", goal=GIFTFRI)}
    assert found["2020"]["status"] == "not-fulfilled"
    assert found["2020"]["document"] == DOC_2020
    assert "bedöms nämndmålet som inte uppnått" in found["2020"]["rationale"]
    assert "miljö" in seed_line(DOC_2020, found["2020"]["firstLine"]).lower().replace("giffri", "giftfri")


def test_goal_trace_decisions_give_body_date_and_paragraph(store: GraphStore) -> None:
    found = rows(store, "goal_trace_decisions", goal=VARUMARKE)
    platform = [r for r in found if r.get("decision") == PLATFORM_DECISION]
    assert platform and platform[0]["body"] == "KS" and platform[0]["paragraph"] == 3
    assert "(KS 2020-01-14 § 3)" in seed_line(platform[0]["document"], platform[0]["firstLine"])
    assert rows(store, "goal_trace_decisions", goal=GIFTFRI) == []


def test_goal_trace_versions_list_the_reports_of_the_goal(store: GraphStore) -> None:
    found = rows(store, "goal_trace_versions", goal=GIFTFRI)
    assert ("same", "2020", DOC_2020) in {(r["relation"], r["period"], r["document"]) for r in found}


def test_goal_trace_sources_point_at_lines_naming_the_goal(store: GraphStore) -> None:
    found = rows(store, "goal_trace_sources", goal=GIFTFRI)
    assert DOC_2020 in {r["document"] for r in found}
    for r in found:
        assert "milj" in seed_line(r["document"], r["firstLine"]).lower()


def test_indicator_series_of_one_indicator(store: GraphStore) -> None:
    (cups,) = [r for r in rows(store, "indicators", q="plastbagare (ej fornybar")]
    series = rows(store, "indicator_series", indicator=cups["indicator"])
    values = {(r["period"], r.get("value")) for r in series}
    assert {("2018", 157000), ("2020", 20656)} <= values
    assert {r["series"] for r in series} == {cups["indicator"]}
    assert {r["targetRaw"] for r in series} == {"0"}


def test_goals_by_status(store: GraphStore) -> None:
    found = rows(store, "goals_by_status", status="not-fulfilled", year="2020")
    assert (GIFTFRI, DOC_2020) in {(r["goal"], r["document"]) for r in found}
    assert {r["goalStatus"] for r in found} == {"not-fulfilled"}


def test_decisions_by_body(store: GraphStore) -> None:
    found = rows(store, "decisions_by_body", body=KS, year=2020)
    assert len(found) == 1 and found[0]["bodyLabel"] == "Kommunstyrelsen" and found[0]["decisions"] >= 1
    all_years = rows(store, "decisions_by_body")
    assert (KS, 2020) in {(r["decidingBody"], r["decisionYear"]) for r in all_years}


def test_organisation_goals(store: GraphStore) -> None:
    found = rows(store, "organisation_goals", organisation=KS)
    assert (GIFTFRI, "2020") in {(r["goal"], r.get("period")) for r in found}
    assert {r["goalLevel"] for r in found} == {"board"}


def test_documents_citing_decision(store: GraphStore) -> None:
    found = rows(store, "documents_citing_decision", decision=PLATFORM_DECISION)
    assert {r["document"] for r in found} == {DOC_2020}
    assert VARUMARKE in {r.get("goal") for r in found}
    assert all("KS 2020-01-14 § 3" in r["raw"] for r in found)


def test_indicators_without_data_have_no_value_anywhere(store: GraphStore) -> None:
    found = rows(store, "indicators_without_data")
    assert found
    with_values = {r["series"] for r in rows(store, "indicator_series") if "value" in r}
    assert not {r["indicator"] for r in found} & with_values


def test_goals_missing_target_lists_the_plastic_cups(store: GraphStore) -> None:
    found = rows(store, "goals_missing_target", organisation=KS)
    cups = [r for r in found if r["goal"] == GIFTFRI and r["period"] == "2020"]
    assert cups and cups[0]["value"] == 20656 and cups[0]["targetValue"] == 0
    assert all(r["comparator"] in {"eq", "le", "lt", "ge", "gt"} for r in found)


def test_status_disagreement_only_lists_contradictions(store: GraphStore) -> None:
    found = rows(store, "status_disagreement")
    assert found
    for r in found:
        if r["goalStatus"] == "fulfilled":
            assert r["meeting"] == 0 and r["missing"] > 0
        else:
            assert r["goalStatus"] == "not-fulfilled" and r["missing"] == 0 and r["meeting"] > 0
    assert GIFTFRI not in {r["goal"] for r in rows(store, "status_disagreement", year="2020")}


def test_goal_set_changes_between_2020_and_2024(store: GraphStore) -> None:
    found = rows(store, "goal_set_changes", organisation=KS, **{"from": "2020", "to": "2024"})
    by_change: dict[str, set[str]] = {}
    for r in found:
        by_change.setdefault(r["change"], set()).add(r["label"])
    assert {"Stärkt civil beredskap", "Goda livsvillkor"} <= by_change["added"]
    assert "Korrekta och effektiva inköp" in by_change["dropped"]
    assert not by_change["added"] & by_change["dropped"]


def test_docs_list_every_named_query() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    assert [name for name in all_queries() if f"| `{name}` |" not in text] == []
