"""The scaled benchmark corpus: variants of the seeds read like their originals and stay apart.

Scale 2 only (the seeds and one variant of each, ten documents): the larger scales are the same
generator run longer, measured in ``bench/``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.__main__ import parse_args
from bench.corpus import (
    MUNICIPALITIES,
    Variant,
    generate_corpus,
    ingest_corpus,
    municipality_base,
    read_manifest,
    variant_text,
)
from graph.ingest import IngestResult
from graph.store import GraphStore
from loaders import read_document

BASE = "http://127.0.0.1:8000/"
FIRST = MUNICIPALITIES[0]  # every seed's first variant belongs to the first municipality


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "2x"
    generate_corpus(out, 2, seeds=seeds_dir)
    return out


@pytest.fixture(scope="module")
def ingested(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[GraphStore, dict[str, IngestResult]]:
    store = GraphStore.open(tmp_path_factory.mktemp("store") / "store")
    results = ingest_corpus(store, corpus, base=BASE)
    return store, {result.source: result for result in results}


def test_a_scale_holds_the_seeds_and_one_variant_of_each_per_step(
    corpus: Path, seed_paths: list[Path]
) -> None:
    municipalities = read_manifest(corpus)
    assert [(m.name, m.documents) for m in municipalities] == [("Linköping", 5), (FIRST, 5)]
    linkoping, other = (corpus / m.slug for m in municipalities)
    assert sorted(p.name for p in linkoping.glob("*.txt")) == [p.name for p in seed_paths]
    for seed in seed_paths:
        assert (linkoping / seed.name).read_bytes() == seed.read_bytes()
        variant = other / f"{seed.stem}_norrkoping_0.txt"
        text = variant.read_text(encoding="utf-8")
        assert "Linköping" not in text and FIRST in text


def test_generation_is_deterministic(corpus: Path, tmp_path: Path, seeds_dir: Path) -> None:
    again = tmp_path / "again"
    generate_corpus(again, 2, seeds=seeds_dir)
    written = sorted(p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((corpus / p).read_bytes() == (again / p).read_bytes() for p in written)


def test_a_variant_changes_place_values_and_paragraphs_but_keeps_the_layout(seed_paths: list[Path]) -> None:
    seed = seed_paths[1]  # the protocol: "§ 315 Internbudget 2020 - kommunstyrelsen"
    original = seed.read_text(encoding="utf-8")
    text = variant_text(original, Variant(seed, "Umeå", 2))
    assert len(text.splitlines()) == len(original.splitlines())
    assert "Umeå kommun" in text and "Linköpings kommun" not in text
    assert "§ 315 Internbudget 2020" not in text
    assert "Internbudget 2018" in text  # round 2 is two years earlier
    assert "kommunstyrelsens" not in text.casefold()  # written by another board
    original_numbers = [line for line in original.splitlines() if "%" in line]
    changed = [line for line in text.splitlines() if "%" in line]
    assert original_numbers != changed


def test_variants_yield_as_many_facts_as_their_seeds(
    ingested: tuple[GraphStore, dict[str, IngestResult]], seed_paths: list[Path]
) -> None:
    _, results = ingested
    for seed in seed_paths:
        original = results[seed.name].counts
        variant = results[f"{seed.stem}_norrkoping_0.txt"].counts
        assert set(variant) == set(original), seed.name
        for kind, count in original.items():
            if kind == "ocr repairs":  # the damaged place name is printed clean in a variant
                assert 0.9 * count <= variant[kind] <= count, (seed.name, kind)
            else:
                assert abs(variant[kind] - count) <= max(1, count // 20), (
                    seed.name,
                    kind,
                    variant[kind],
                    count,
                )


def test_a_variant_round_reads_like_its_seed(tmp_path: Path, seed_paths: list[Path]) -> None:
    """A later round (another board, earlier years) still reads as its seed does."""
    for seed in seed_paths[:3]:
        variant = Variant(seed, "Borås", 3)
        path = tmp_path / variant.name
        path.write_text(variant_text(seed.read_text(encoding="utf-8"), variant), encoding="utf-8")
        original, counts = read_document(seed).counts(), read_document(path).counts()
        for kind in ("goals", "indicators", "observations", "assessments", "decision references"):
            assert counts.get(kind) == original.get(kind), (seed.name, kind)


def test_each_municipality_has_its_own_entities(ingested: tuple[GraphStore, dict[str, IngestResult]]) -> None:
    store, _ = ingested
    other = municipality_base(BASE, "norrkoping")
    assert other == f"{BASE}norrkoping/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    typed = {q.subject.value for q in store.oxigraph.quads_for_pattern(None, rdf_type, None)}

    def keys(base: str, kind: str) -> set[str]:
        prefix = f"{base}id/{kind}/"
        return {iri[len(prefix) :] for iri in typed if iri.startswith(prefix)}

    for kind in ("goal", "org", "indicator", "decision"):
        home, away = keys(BASE, kind), keys(other, kind)
        assert home and len(away) >= 0.9 * len(home), (kind, len(away), len(home))
    # the same goals, minted apart: Norrköping's Kommunstyrelsen and its goals are not Linköping's;
    # a goal key differs only where the title names the place
    home_goals, away_goals = keys(BASE, "goal"), keys(other, "goal")
    assert {key for key in away_goals - home_goals if "norrkoping" not in key} == set()
    assert {key for key in home_goals - away_goals if "linkoping" not in key} == set()
    crossing = [
        quad
        for quad in store.oxigraph.quads_for_pattern(None, None, None)
        if quad.subject.value.startswith(other)
        and isinstance(quad.object, ox.NamedNode)
        and quad.object.value.startswith(f"{BASE}id/")
    ]
    assert crossing == []


def test_bench_options_parse_scales_and_sections() -> None:
    options, sections = parse_args(["--scales", "10,1", "--sections", "ingest", "--quick"])
    assert options.scales == (1, 10) and options.quick and sections == ["ingest"]
    with pytest.raises(SystemExit):
        parse_args(["--scales", "0"])
