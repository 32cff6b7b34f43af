"""Bad documents through the real ``styrgraf ingest``: one line naming file and line, exit 1, store untouched.

Each case ingests a good document (004, not yet in the store) beside a bad one, so an ingest that
skipped the bad document instead of refusing the batch would change the store. The store is compared
by quad count and by a hash of its sorted N-Quads dump. The rules (see docs/reliability.md):

* empty, binary, latin-1, UTF-16 (with or without byte-order mark) and text no loader can place are
  refused at the line where reading gave up (line 1 for a whole-file problem);
* a document cut off inside a table row is refused at that row; one cut exactly at a line end reads
  as a shorter document and is ingested (nothing in the text shows the cut);
* the same file named twice, two files with one name, or one content under two names are refused
  before anything is read.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import seed_path
from tests.stores import copy_store, ingest_to_disk, state


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str]]:
    """A closed store holding seeds 000–003, and its state."""
    path = ingest_to_disk(
        [seed_path(p) for p in ("000", "001", "002", "003")], tmp_path_factory.mktemp("pristine") / "store"
    )
    return path, state(path)


def ingest(tmp_path: Path, store: Path, *documents: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "styrgraf", "ingest", *map(str, documents), "--store", str(store)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def refused(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]], documents: list[Path]
) -> subprocess.CompletedProcess[str]:
    """Run the ingest on a copy of the pristine store; assert exit 1, one stderr line, store as before."""
    source, before = pristine
    store = copy_store(source, tmp_path / "store")
    result = ingest(tmp_path, store, *documents)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("styrgraf: ")
    assert state(store) == before
    return result


GOOD = seed_path("004")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_document_is_refused_at_line_1(tmp_path: Path, pristine: tuple[Path, tuple[int, str]]) -> None:
    bad = write(tmp_path, "empty.txt", b"")
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == "styrgraf: empty.txt:1: document is empty\n"


def test_binary_document_is_refused_at_its_first_nul(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    bad = write(tmp_path, "compressed.txt", gzip.compress(GOOD.read_bytes(), mtime=0))
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == "styrgraf: compressed.txt:1: document is binary (NUL byte), not text\n"


def test_latin1_document_is_refused_at_its_first_non_utf8_line(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    text = GOOD.read_text(encoding="utf-8")
    bad = write(tmp_path, "latin1.txt", text.encode("cp1252"))  # Windows' latin-1, as Word saves it
    line, char = next((n, c) for n, row in enumerate(text.splitlines(), 1) for c in row if ord(c) > 127)
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == (
        f"styrgraf: latin1.txt:{line}: byte 0x{char.encode('cp1252')[0]:02x} is not UTF-8"
        " (latin-1 or another encoding?)\n"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_document_is_refused_with_or_without_byte_order_mark(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]], encoding: str
) -> None:
    bad = write(tmp_path, "wide.txt", GOOD.read_text(encoding="utf-8").encode(encoding))
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == "styrgraf: wide.txt:1: document is UTF-16 encoded; convert it to UTF-8\n"


def test_document_cut_inside_a_table_row_is_refused_at_that_row(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    seed = seed_path("000")  # already in the store: a truncated copy would replace its graph
    lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(
        n for n in range(len(lines) // 2, len(lines)) if lines[n].count("\t") >= 3 and "\t" in lines[n - 1]
    )
    cells = lines[row - 1].count("\t") + 1
    kept = lines[row].split("\t")[:2]
    cut = "".join(lines[:row]) + "\t".join(kept)[:-1]
    folder = tmp_path / "cut"
    folder.mkdir()
    bad = write(folder, seed.name, cut.encode("utf-8"))
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == (
        f"styrgraf: {seed.name}:{row + 1}: document ends inside a table row (2 of {cells} cells):"
        " truncated? ingest the whole document\n"
    )


def test_same_document_twice_in_one_batch_is_refused(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    copy = write(folder, GOOD.name, GOOD.read_bytes())
    result = refused(tmp_path, pristine, [folder, copy])
    assert result.stderr == f"styrgraf: {GOOD.name}:1: named twice in one ingest: {copy}, {copy}\n"


def test_same_content_under_two_names_is_refused(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    copy = write(tmp_path, "kopia.txt", GOOD.read_bytes())
    result = refused(tmp_path, pristine, [GOOD, copy])
    assert result.stderr == f"styrgraf: kopia.txt:1: same content as {GOOD.name}; ingest one of them\n"


def test_two_files_with_one_name_are_refused(tmp_path: Path, pristine: tuple[Path, tuple[int, str]]) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    other = write(folder, GOOD.name, b"Verksamhetsber\xc3\xa4ttelse 2021\nKommunstyrelsen\n")
    result = refused(tmp_path, pristine, [GOOD, other])
    assert result.stderr == f"styrgraf: {GOOD.name}:1: two documents share this name: {GOOD}, {other}\n"


PROSE = """\

Kanelbullar

Värm mjölken till fingervarm temperatur och smula ner jästen i en bunke.
Häll över mjölken och rör tills jästen löst sig. Tillsätt socker, salt och kardemumma.
Arbeta in mjölet lite i taget och knåda degen smidig, ungefär tio minuter.
Låt jäsa under bakduk i trettio minuter.
"""


def test_prose_that_is_no_municipal_document_is_refused_at_its_first_line(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    bad = write(tmp_path, "recept.txt", PROSE.encode("utf-8"))
    result = refused(tmp_path, pristine, [GOOD, bad])
    assert result.stderr == (
        "styrgraf: recept.txt:2: no document title, protocol heading or report type recognised:"
        " 'Kanelbullar'\n"
    )


def test_document_cut_at_a_line_end_is_read_as_the_shorter_document(
    tmp_path: Path, pristine: tuple[Path, tuple[int, str]]
) -> None:
    """Nothing in the text shows a cut at a line end: the shorter document is ingested, with fewer facts.

    Also the control for the cases above: the good document alone changes the store.
    """
    lines = GOOD.read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = write(tmp_path, GOOD.name, "".join(lines[: len(lines) // 2]).encode("utf-8"))
    source, _ = pristine
    whole, half = copy_store(source, tmp_path / "whole"), copy_store(source, tmp_path / "half")
    assert ingest(tmp_path, whole, GOOD).returncode == 0
    assert ingest(tmp_path, half, shorter).returncode == 0
    assert state(source)[0] < state(half)[0] < state(whole)[0]


