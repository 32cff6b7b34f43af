"""Documents placed from the real seeds: titles, types, periods, bilagor and parts."""

from __future__ import annotations

import pytest

from loaders.documents import extract_documents
from loaders.facts import Document, DocumentFacts
from loaders.text import SourceText
from styrgraf.errors import DocumentError
from tests.seeds import SEEDS


def _documents(name: str, text: str | None = None) -> list[Document]:
    source = text if text is not None else (SEEDS / name).read_text(encoding="utf-8")
    facts = DocumentFacts(source=name)
    extract_documents(SourceText.from_text(source, name), facts)
    return facts.documents


def test_titled_report_with_its_bilaga_list() -> None:
    [report] = _documents("000_bbff43da3c846827.txt")
    assert (report.title, report.doc_type, report.year, report.period, report.issuer) == (
        "Verksamhetsberättelse 2020",
        "verksamhetsberattelse",
        2020,
        "2020",
        "Kommunstyrelsen",
    )
    assert [attachment.number for attachment in report.attachments] == list(range(2, 13))
    assert report.attachments[5].title == "Bilaga 7 Verksamhetsberättelse 2020, Verksamhetsstöd och service"


def test_protocol_extract_and_its_parts() -> None:
    main, *parts = _documents("001_fea688bc18067ec8.txt")
    assert (main.title, main.doc_type, main.year, main.issuer, main.date) == (
        "Internbudget 2020 - kommunstyrelsen",
        "protokollsutdrag",
        2019,
        "Kommunstyrelsen",
        "2019-10-22",
    )
    assert len(main.attachments) == 17
    assert all(part.part_of == main.key for part in parts)
    assert [(part.doc_type, part.title) for part in parts] == [
        ("protokollsutdrag", "Internbudget 2020 - kommunstyrelsen"),
        ("mbl-protokoll", "Protokoll central MB-grupp § 11 2019-10-10"),
        ("minnesanteckningar", "Minnesanteckningar MBL 2019-09-12"),
        ("mbl-protokoll", "Protokoll MBL 2019-10-10"),
        ("internbudget", "Kommunstyrelsens förslag till internbudget för 2020 med plan för 2021-2023"),
        (
            "internbudget",
            "Verksamhetsstöd och service förvaltningsbudget och verksamhetsplan för 2020"
            " med plan för 2021-2023",
        ),
        ("internbudget", "Leanlinks förvaltningsbudget för 2020 med plan för 2021-2023"),
    ]
    keys = [part.key for part in parts]
    assert "001_fea688bc18067ec8#bilaga-1" in keys and "001_fea688bc18067ec8#bilaga-13" in keys
    assert parts[-1].issuer == "Leanlink"
    spans = [(part.span.first_line, part.span.last_line) for part in parts[1:]]
    assert all(end < next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False))


def test_report_without_cover_is_placed_by_its_reporting_date() -> None:
    [report] = _documents("003_ebf63fc7730f3945.txt")
    assert (report.doc_type, report.year, report.period, report.issuer) == (
        "delarsrapport",
        2018,
        "januari–augusti 2018",
        "Kommunstyrelsen",
    )


def test_ocr_report_without_cover_is_placed_by_its_self_description() -> None:
    [report] = _documents("004_0587bfff7451c447.txt")
    assert (report.doc_type, report.year, report.issuer) == (
        "verksamhetsberattelse",
        2020,
        "Verksamhetsstöd och service",
    )
    assert [attachment.number for attachment in report.attachments] == [1, 2]


def test_text_no_loader_can_place_is_an_error_at_its_first_line() -> None:
    junk = "\n\nLorem ipsum dolor sit amet\nconsectetur adipiscing elit 2020\n\nsed do eiusmod\n"
    with pytest.raises(DocumentError) as caught:
        _documents("junk.txt", junk)
    assert caught.value.line == 3
    assert str(caught.value) == (
        "junk.txt:3: no document title, protocol heading or report type recognised:"
        " 'Lorem ipsum dolor sit amet'"
    )


def test_titled_interim_report_has_a_period_of_months() -> None:
    text = "\n\nDelårsrapport augusti 2021\n\nBarn- och ungdomsnämnden\n\nInnehållsförteckning\n"
    [report] = _documents("delar.txt", text)
    assert (report.doc_type, report.year, report.period, report.issuer) == (
        "delarsrapport",
        2021,
        "januari–augusti 2021",
        "Barn- och ungdomsnämnden",
    )
