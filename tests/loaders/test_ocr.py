"""OCR damage detection and repair on the real seed documents."""

from __future__ import annotations

import pytest

from loaders.lexicon import swedish_lexicon
from loaders.ocr import WordRepairer, is_damaged, repair_lines
from loaders.text import Line, SourceText
from tests.seeds import SEEDS

OCR_DOCUMENT = "004_0587bfff7451c447.txt"
CLEAN_DOCUMENTS = (
    "000_bbff43da3c846827.txt",
    "001_fea688bc18067ec8.txt",
    "002_70f13666fe98d17a.txt",
    "003_ebf63fc7730f3945.txt",
)


def _source(name: str) -> SourceText:
    return SourceText.from_text((SEEDS / name).read_text(encoding="utf-8-sig"), name)


@pytest.fixture(scope="module")
def ocr_text() -> SourceText:
    return _source(OCR_DOCUMENT)


@pytest.fixture(scope="module")
def repairer() -> WordRepairer:
    return WordRepairer(swedish_lexicon().overlay())


@pytest.mark.parametrize("name", CLEAN_DOCUMENTS)
def test_clean_document_comes_through_byte_for_byte(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8-sig")
    lines = [Line(number, text) for number, text in enumerate(raw.splitlines(), 1)]
    repaired, repairs, damaged = repair_lines(lines)
    assert not damaged
    assert repairs == []
    assert [line.text for line in repaired] == raw.splitlines()
    doc = _source(name)
    assert not doc.ocr_damaged
    assert doc.ocr_repairs == []


def test_ocr_document_is_detected_as_damaged(ocr_text: SourceText) -> None:
    assert ocr_text.ocr_damaged
    assert len(ocr_text.ocr_repairs) > 1000


def test_short_text_is_never_judged_damaged() -> None:
    assert not is_damaged([Line(1, "Uppf6ljning av mal")])


def test_repair_keeps_every_line_number(ocr_text: SourceText) -> None:
    raw = (SEEDS / OCR_DOCUMENT).read_text(encoding="utf-8-sig").splitlines()
    assert [line.number for line in ocr_text.lines] == list(range(1, len(raw) + 1))
    assert all(repair.line == ocr_text.line(repair.line).number for repair in ocr_text.ocr_repairs)


@pytest.mark.parametrize(
    ("original", "repaired"),
    [
        ("Uppf6ljning", "Uppföljning"),
        ("Linkdping", "Linköping"),
        ("férvaltningar", "förvaltningar"),
        ("Verksamhetsstdd", "Verksamhetsstöd"),
        ("tjdnster", "tjänster"),
        ("&r", "är"),
        ("4renden", "ärenden"),
        ("Malomrade", "Målområde"),
        ("dverskott", "överskott"),
        ("¢j", "ej"),
        ("c-", "e-"),
        ("Kommunévergripande", "Kommunövergripande"),
        ("eLarandeCenter", "eLärandeCenter"),
        ("e", "•"),
        ("C_D", ""),
        ("végar", "vägar"),
        ("tjnsteproduktion", "tjänsteproduktion"),
        ("vrigt", "övrigt"),
        ("dir", "där"),
        ("medarbetarunders6kningens", "medarbetarundersökningens"),
    ],
)
def test_known_ocr_confusions_are_repaired(ocr_text: SourceText, original: str, repaired: str) -> None:
    found = {(repair.original, repair.repaired) for repair in ocr_text.ocr_repairs}
    assert (original, repaired) in found


def test_ar_after_a_participle_is_read_as_year(ocr_text: SourceText) -> None:
    text = "\n".join(line.text for line in ocr_text.lines)
    assert "nästkommande år." in text
    assert "Bedömningen är att" in text


def test_repaired_lines_read_as_swedish(ocr_text: SourceText) -> None:
    text = "\n".join(line.text for line in ocr_text.lines)
    assert "Verksamhetsstöd och service (VSS) i Linköpings kommun" in text
    assert "Målområde Medborgare/Kund" in text
    assert "\nGod service\n" in text
    assert "• Bilaga 1 Internkontrollrapport" in text
    assert "LKDATA" in text


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("for", "för"),
        ("For", "För"),
        ("pa", "på"),
        ("har", "har"),
        ("kvalitén", "kvalitén"),
        ("kemikalieprogrammet", "kemikalieprogrammet"),
        ("Forskarbesok", "Forskarbesök"),
        ("kompetensfoérsoérjningsplan", "kompetensförsörjningsplan"),
        ("LKDATA", "LKDATA"),
        ("PM3", "PM3"),
        ("LeanLink", "LeanLink"),
    ],
)
def test_word_repair_needs_clear_evidence(repairer: WordRepairer, token: str, expected: str) -> None:
    assert repairer.repair(token) == expected


def test_lexicon_overlay_does_not_leak_learned_words() -> None:
    overlay = swedish_lexicon().overlay()
    overlay.learn("ebbeparksgården", 3.0)
    assert overlay.zipf("ebbeparksgården") == 3.0
    assert swedish_lexicon().zipf("ebbeparksgården") == 0.0
    assert "ebbeparksgården" in overlay.words_with_key("ebbeparksgarden")
