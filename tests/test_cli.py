"""The ``styrgraf`` command line, end to end in a temporary directory, on the real seeds."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

COUNT_DOCUMENTS = """
PREFIX sg: <https://w3id.org/styrgraf/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a sg:Document FILTER NOT EXISTS { ?d dcterms:isPartOf ?w } }
"""


def styrgraf(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "styrgraf", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Path]:
    """A directory whose store holds the five seed documents, ingested through the CLI."""
    path = tmp_path_factory.mktemp("cli")
    result = styrgraf("ingest", str(seeds_dir), "--store", "store", cwd=path)
    assert result.stdout.count(" triples — ") == 5
    assert "ingested 5 document(s) into store" in result.stdout
    yield path


def dump_hash(workdir: Path) -> tuple[int, str]:
    dump = styrgraf("export", "--format", "nquads", "--store", "store", cwd=workdir).stdout
    lines = sorted(line for line in dump.splitlines() if line)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_query_counts_the_five_source_documents(workdir: Path) -> None:
    out = styrgraf("query", COUNT_DOCUMENTS, "--format", "json", "--store", "store", cwd=workdir).stdout
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "5"


def test_named_query_with_typed_parameter(workdir: Path) -> None:
    out = styrgraf(
        "query",
        "--name",
        "documents",
        "--param",
        "year=2020",
        "--format",
        "csv",
        "--store",
        "store",
        cwd=workdir,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(row["year"] == "2020" for row in rows)
    bad = styrgraf(
        "query", "--name", "documents", "--param", "year=soon", "--store", "store", cwd=workdir, check=False
    )
    assert bad.returncode == 1
    assert bad.stderr == "styrgraf: parameter year: 'soon' is not a valid integer\n"


def test_query_from_file_and_syntax_error_is_one_line(workdir: Path) -> None:
    (workdir / "count.rq").write_text(COUNT_DOCUMENTS, encoding="utf-8")
    out = styrgraf("query", "@count.rq", "--store", "store", cwd=workdir).stdout
    assert out.splitlines() == ["n", "5"]
    bad = styrgraf("query", "SELECT WHERE", "--store", "store", cwd=workdir, check=False)
    assert bad.returncode == 1
    assert bad.stderr.startswith("styrgraf: error at 1:") and bad.stderr.count("\n") == 1


def test_reingest_of_the_same_document_keeps_the_triple_count(workdir: Path, seeds_dir: Path) -> None:
    before = dump_hash(workdir)
    styrgraf("ingest", str(seeds_dir / "000_bbff43da3c846827.txt"), "--store", "store", cwd=workdir)
    assert dump_hash(workdir)[0] == before[0]


def test_failing_ingest_reports_file_and_line_and_leaves_the_store_unchanged(
    workdir: Path, seeds_dir: Path
) -> None:
    before = dump_hash(workdir)
    bad = workdir / "broken.txt"
    bad.write_bytes(
        "Verksamhetsberättelse 2020\nKommunstyrelsen\n".encode() + "Målområde\n".encode("latin-1")
    )
    result = styrgraf(
        "ingest",
        str(seeds_dir / "000_bbff43da3c846827.txt"),
        str(bad),
        "--store",
        "store",
        cwd=workdir,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("styrgraf: broken.txt:3: byte 0xe5 is not UTF-8")
    assert dump_hash(workdir) == before


def test_export_in_every_format_parses(workdir: Path) -> None:
    for fmt, parser in (("turtle", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml")):
        out = workdir / f"dump.{fmt}"
        styrgraf("export", "--format", fmt, "-o", str(out), "--store", "store", cwd=workdir)
        assert len(rdflib.Graph().parse(out, format=parser)) > 1000, fmt
    for fmt, parser in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
        out = workdir / f"dump.{fmt}"
        styrgraf("export", "--format", fmt, "-o", str(out), "--store", "store", cwd=workdir)
        dataset = rdflib.Dataset().parse(out, format=parser)
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert sum(1 for g in graphs if "/graph/" in g) == 5, fmt


def test_stats_lists_every_document_graph(workdir: Path) -> None:
    out = styrgraf("stats", "--store", "store", cwd=workdir).stdout
    assert out.count("/graph/0") == 5
    assert "BoardGoal" in out


def test_validate_passes_on_the_seed_store(workdir: Path) -> None:
    result = styrgraf("validate", "--store", "store", cwd=workdir, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Conforms: True" in result.stdout
    assert "ontology: consistent" in result.stdout


def test_errors_are_one_line_with_exit_status_1(tmp_path: Path) -> None:
    missing = styrgraf("ingest", "nowhere", "--store", "store", cwd=tmp_path, check=False)
    assert (missing.returncode, missing.stderr) == (1, "styrgraf: nowhere: no such file or directory\n")
    bad_base = styrgraf("ingest", "nowhere", "--base-iri", "ftp:x", cwd=tmp_path, check=False)
    assert bad_base.returncode == 1 and "setting base_iri (STYRGRAF_BASE_IRI) = 'ftp:x'" in bad_base.stderr
    empty = styrgraf("validate", "--store", "empty", cwd=tmp_path, check=False)
    assert empty.stderr == "styrgraf: empty: the store is empty; run `styrgraf ingest` first\n"


@pytest.mark.parametrize("command", ["ingest", "serve", "query", "export", "stats", "validate", "eval"])
def test_every_command_has_help(command: str, tmp_path: Path) -> None:
    out = styrgraf(command, "--help", cwd=tmp_path).stdout
    assert "Usage: styrgraf " + command in " ".join(out.split())
