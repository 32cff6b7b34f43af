"""A document cut inside a table row is refused; other endings are read as they stand."""

from __future__ import annotations

import pytest

from loaders import extract_facts
from loaders.text import decode_document
from styrgraf.errors import DocumentError

HEAD = "Verksamhetsberättelse 2020\nKommunstyrelsen\n\nIndikatorer\n"
TABLE = "Indikator\t2018\t2019\t2020\nAndel nöjda\t81\t82\t84\n"


def test_text_ending_mid_row_without_newline_is_an_error_at_that_row() -> None:
    with pytest.raises(DocumentError) as caught:
        extract_facts(HEAD + TABLE + "Antal besök\t12", "cut.txt")
    assert str(caught.value) == (
        "cut.txt:7: document ends inside a table row (2 of 4 cells): truncated? ingest the whole document"
    )


@pytest.mark.parametrize(
    "ending",
    [
        "Antal besök\t12\t13\t14",  # a whole row, no final newline (as two seeds end)
        "Antal besök\t12\n",  # a short row that ends its line
        "* Avser kommunen totalt",  # a footnote under the table
    ],
)
def test_complete_endings_are_read(ending: str) -> None:
    facts = extract_facts(HEAD + TABLE + ending, "whole.txt")
    assert [document.title for document in facts.documents] == ["Verksamhetsberättelse 2020"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_named_as_such(encoding: str) -> None:
    with pytest.raises(DocumentError, match=r"^wide.txt:1: document is UTF-16 encoded; convert it to UTF-8$"):
        decode_document((HEAD + TABLE).encode(encoding), "wide.txt")


def test_a_nul_in_utf8_text_is_binary_at_its_line() -> None:
    with pytest.raises(DocumentError, match=r"^scan.txt:4: document is binary \(NUL byte\), not text$"):
        decode_document(HEAD.encode().replace(b"\nIndikatorer", b"\nIndik\x00atorer"), "scan.txt")
