"""The evaluation harness: matching rules and scores on small hand-made truth files and facts,
and the integrity of the real expected files in ``tests/expected/``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from loaders.facts import (
    Assessment,
    Attachment,
    DecisionReference,
    Document,
    DocumentFacts,
    Goal,
    Indicator,
    Observation,
    Organisation,
    Span,
    StrategicAssignment,
)
from styrgraf.errors import DocumentError
from styrgraf.evaluation import (
    CATEGORIES,
    ExpectedDocument,
    evaluate,
    format_report,
    load_expected,
    score_document,
)
from tests.seeds import SEEDS

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
SOURCE = "sample.txt"

TRUTH = {
    "document": {
        "title": "Verksamhetsberättelse 2020",
        "type": "verksamhetsberattelse",
        "year": 2020,
        "issuer": "Kommunstyrelsen",
        "attachments": ["Bilaga 2 Uppföljning av lokalförsörjningsplan 2020"],
        "parts": [],
    },
    "goals": [
        {"title": "Samhälle", "level": "area"},
        {"title": "Ett attraktivt och tryggt Linköping", "level": "council", "parent": "Samhälle"},
        {"title": "Giftfri miljö", "level": "board", "aliases": ["Giffri miljö"]},
        {"title": "Starkt varumärke", "level": "board"},
    ],
    "assessments": [
        {"goal": "Giftfri miljö", "status": "not-fulfilled", "period": "2020"},
        {"goal": "Starkt varumärke", "status": "fulfilled", "period": "2020"},
    ],
    "indicators": [
        {
            "name": "Anmälda våldsbrott i kommunen, antal/100 000 invånare.",
            "goal": "Starkt varumärke",
            "target": "Färre än 650",
            "values": {"2018": 733, "2019": 795, "2020": None},
            "breakdowns": {"Parker": {"2018": "blank", "2019": 47.5}},
        }
    ],
    "decision_references": [
        {"line": 3, "raw": "KS 2020-05-05 § 132", "body": "KS", "date": "2020-05-05", "paragraphs": [132]},
        {
            "line": 4,
            "raw": "KF 202-11-24 § 248",
            "body": "KF",
            "date": None,
            "paragraphs": [248],
            "malformed": True,
        },
        {"line": 5, "raw": "Dnr KS 2020-444", "body": "KS", "dnr": "KS 2020-444"},
        {"line": 6, "raw": "2020-12-02", "body": "Kommundirektören", "date": "2020-12-02", "optional": True},
    ],
    "decisions": [],
    "organisations": [
        {"name": "Kommunstyrelsen", "kind": "board"},
        {"name": "Polismyndigheten", "kind": "external", "aliases": ["Polisen"]},
    ],
    "assignments": [
        {
            "title": "Uppdrag till kommunstyrelsen att säkerställa att kommunkoncernen bedriver jämställd "
            "sponsring.",
            "status": "Genomförd",
        },
    ],
}


def span(line: int = 1) -> Span:
    return Span(SOURCE, line, line)


def perfect_facts() -> DocumentFacts:
    """Facts exactly as the truth above expects them (spelled as a loader might print them)."""
    name = "Anmälda våldsbrott i kommunen, antal/100 000 invånare. ¹"
    return DocumentFacts(
        source=SOURCE,
        documents=[
            Document(
                "sample",
                "Verksamhetsberättelse 2020",
                "verksamhetsberattelse",
                span(),
                year=2020,
                issuer="Kommunstyrelsen",
                attachments=(Attachment("Uppföljning av lokalförsörjningsplan 2020", span(), number=2),),
            )
        ],
        goals=[
            Goal("Samhälle", "area", span()),
            Goal("Ett attraktivt och tryggt  Linköping", "council", span()),
            Goal("Giffri miljö", "board", span()),
            Goal("Starkt varumärke", "board", span()),
        ],
        assessments=[
            Assessment("Giffri miljö", "not-fulfilled", "2020", span()),
            Assessment("Starkt varumärke", "fulfilled", "2020", span()),
        ],
        indicators=[Indicator(name, span())],
        observations=[
            Observation(name, "2018", "733", span(), value=Decimal("733")),
            Observation(name, "2019", "795", span(), value=Decimal("795")),
            Observation(name, "Augusti 2020", "I.U.", span(), no_data=True),
            Observation(name, "2019", "47,5", span(), value=Decimal("47.50"), breakdown="Parker"),
        ],
        decision_references=[
            DecisionReference(
                "KS 2020-05-05 § 132", span(3), body="Kommunstyrelsen", date="2020-05-05", paragraphs=(132,)
            ),
            DecisionReference("KF 202-11-24 § 248", span(4), body="KF", paragraphs=(248,), malformed=True),
            DecisionReference("Dnr KS 2020-444", span(5), body="KS", dnr="KS 2020-444"),
        ],
        organisations=[
            Organisation("Kommunstyrelsen", "board", span()),
            Organisation("Polisen", "external", span()),
        ],
        assignments=[
            StrategicAssignment(
                "Uppdrag till kommunstyrelsen att säkerställa att kommunkoncernen "
                "bedriver jämställd sponsring. Uppdraget ska återrapporteras.",
                span(),
                status="Genomförd",
            )
        ],
    )


@pytest.fixture()
def expected(tmp_path: Path) -> ExpectedDocument:
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(TRUTH, allow_unicode=True), encoding="utf-8")
    return load_expected(path)


def test_perfect_facts_score_one_in_every_category(expected: ExpectedDocument) -> None:
    score = score_document(expected, perfect_facts())
    for category in score.categories:
        assert (category.category, category.precision, category.recall, category.f1) == (
            category.category,
            1.0,
            1.0,
            1.0,
        ), (category.misses, category.spurious)
    assert score.category("indicator_values").expected == 4  # the blank cell is not required


def test_one_missing_goal_lowers_recall_by_one_in_four(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    del facts.goals[3]
    goals = score_document(expected, facts).category("goals")
    assert (goals.expected, goals.extracted, goals.matched) == (4, 3, 3)
    assert goals.recall == 0.75 and goals.precision == 1.0
    assert goals.misses == ("Starkt varumärke [board]",)


def test_one_spurious_organisation_lowers_precision_only(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.organisations.append(Organisation("Trafikverket", "external", span()))
    organisations = score_document(expected, facts).category("organisations")
    assert organisations.precision == pytest.approx(2 / 3) and organisations.recall == 1.0
    assert organisations.spurious == ("Trafikverket",)
    assert organisations.f1 == pytest.approx(0.8)


def test_malformed_flag_mismatch_is_a_miss_and_a_spurious_reference(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.decision_references[1] = DecisionReference(
        "KF 202-11-24 § 248", span(4), body="KF", paragraphs=(248,)
    )
    references = score_document(expected, facts).category("decision_references")
    assert references.misses == ("line 4: KF 202-11-24 § 248",)
    assert references.spurious == ("line 4: KF 202-11-24 § 248",)
    assert references.recall == pytest.approx(2 / 3)


def test_optional_reference_is_neither_missed_nor_spurious(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.decision_references.append(
        DecisionReference("2020-12-02", span(6), body="Kommundirektören", date="2020-12-02")
    )
    references = score_document(expected, facts).category("decision_references")
    assert (references.expected, references.extracted, references.matched) == (3, 3, 3)


def test_repeated_reference_counts_as_a_multiset(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.decision_references.append(facts.decision_references[0])
    references = score_document(expected, facts).category("decision_references")
    assert references.spurious == ("line 3: KS 2020-05-05 § 132",)


def test_wrong_value_and_wrong_no_data_are_misses(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    name = facts.observations[0].indicator
    facts.observations[0] = Observation(name, "2018", "734", span(), value=Decimal("734"))
    facts.observations[2] = Observation(name, "2020", "0", span(), value=Decimal("0"))
    values = score_document(expected, facts).category("indicator_values")
    assert values.misses == (
        "Anmälda våldsbrott i kommunen, antal/100 000 invånare. 2018 = 733",
        "Anmälda våldsbrott i kommunen, antal/100 000 invånare. 2020 = null",
    )
    assert values.matched == 2


def test_indicator_names_match_fuzzily_but_not_loosely(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.indicators = [Indicator("Anmälda våldsbrot i kommunen antal/100 000 invånare", span())]
    assert score_document(expected, facts).category("indicators").matched == 1
    facts.indicators = [Indicator("Anmälda stölder i kommunen", span())]
    assert score_document(expected, facts).category("indicators").matched == 0


def test_assessment_with_wrong_status_is_missed(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.assessments[1] = Assessment("Starkt varumärke", "partly", "2020", span())
    assessments = score_document(expected, facts).category("assessments")
    assert assessments.misses == ("Starkt varumärke: fulfilled 2020",)


def test_goal_with_wrong_level_is_missed(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    facts.goals[1] = Goal("Ett attraktivt och tryggt Linköping", "board", span())
    assert score_document(expected, facts).category("goals").recall == 0.75


def test_no_facts_at_all_scores_zero_but_empty_categories_score_one(expected: ExpectedDocument) -> None:
    score = score_document(expected, None, "sample.txt:1: no heading")
    assert score.category("goals").f1 == 0.0
    assert score.category("decisions").f1 == 1.0
    assert score.error == "sample.txt:1: no heading"


def test_unknown_key_names_the_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({**TRUTH, "goals": [{"title": "X", "levle": "area"}]}), encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        load_expected(path)
    assert str(raised.value) == "bad.yaml: goals[0]: unknown key 'levle'"


def test_bad_status_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    truth = {**TRUTH, "assessments": [{"goal": "Samhälle", "status": "partial", "period": "2020"}]}
    path.write_text(yaml.safe_dump(truth, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"assessments\[0\]: status 'partial' is not one of"):
        load_expected(path)


def test_evaluate_scores_each_seed_with_an_expected_file(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(yaml.safe_dump(TRUTH, allow_unicode=True), encoding="utf-8")
    (tmp_path / "sample.txt").write_text("Verksamhetsberättelse 2020\n\nKommunstyrelsen\n", encoding="utf-8")
    report = evaluate(tmp_path, tmp_path)
    assert [document.document for document in report.documents] == ["sample"]
    assert [score.category for score in report.overall] == list(CATEGORIES)
    assert report.category("goals").expected == 4
    assert report.total().expected == sum(score.expected for score in report.overall)
    text = format_report(report)
    assert "overall" in text and "indicator_values" in text


def test_evaluate_refuses_an_expected_file_without_its_seed(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(yaml.safe_dump(TRUTH, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DocumentError, match="no seed document"):
        evaluate(tmp_path, tmp_path / "nowhere")


def test_format_report_lists_misses_and_spurious_facts(expected: ExpectedDocument) -> None:
    facts = perfect_facts()
    del facts.goals[3]
    facts.organisations.append(Organisation("Trafikverket", "external", span()))
    from styrgraf.evaluation import EvaluationReport

    report = EvaluationReport(documents=(score_document(expected, facts),))
    text = format_report(report)
    assert "sample — goals missed (1):\n  - Starkt varumärke [board]" in text
    assert "sample — organisations spurious (1):\n  - Trafikverket" in text


# --- the real truth files -------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXPECTED_DIR.glob("*.yaml")), ids=lambda path: path.stem)
def test_expected_file_is_valid_and_names_its_seed(path: Path) -> None:
    truth = load_expected(path)
    assert (SEEDS / f"{path.stem}.txt").is_file()
    assert truth.facts["documents"]


@pytest.mark.parametrize("path", sorted(EXPECTED_DIR.glob("*.yaml")), ids=lambda path: path.stem)
def test_expected_file_refers_only_to_its_own_goals(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = {name for goal in data["goals"] for name in (goal["title"], *goal.get("aliases", ()))}
    referred = [goal["parent"] for goal in data["goals"] if goal.get("parent")]
    referred += [entry["goal"] for entry in data.get("assessments") or ()]
    referred += [entry["goal"] for entry in data.get("indicators") or () if entry.get("goal")]
    assert sorted(set(referred) - titles) == []


def test_ks_2020_truth_has_the_counts_the_report_states() -> None:
    data = yaml.safe_load((EXPECTED_DIR / "000_bbff43da3c846827.yaml").read_text(encoding="utf-8"))
    boards = [goal for goal in data["goals"] if goal["level"] == "board"]
    assert len(boards) == 18  # "Kommunstyrelsen har 18 nämndmål"
    statuses = [entry["status"] for entry in data.get("assessments") or ()]
    assert (statuses.count("fulfilled"), statuses.count("partly"), statuses.count("not-fulfilled")) == (
        6,
        11,
        1,
    )
    malformed = [ref["raw"] for ref in data["decision_references"] if ref.get("malformed")]
    assert malformed == ["KF 2020-08 25 § 171", "KF 202-11-24 § 248"]


def test_untitled_document_matches_any_title_of_its_type(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    truth = {**TRUTH, "document": {**TRUTH["document"], "title": None}}  # type: ignore[dict-item]
    path.write_text(yaml.safe_dump(truth, allow_unicode=True), encoding="utf-8")
    facts = perfect_facts()
    assert score_document(load_expected(path), facts).category("documents").f1 == 1.0
    facts.documents = [Document("sample", "Delårsrapport", "delarsrapport", span(), year=2020)]
    assert score_document(load_expected(path), facts).category("documents").f1 == 0.0


def test_another_printed_form_of_a_found_organisation_is_a_duplicate_not_spurious(
    expected: ExpectedDocument,
) -> None:
    facts = perfect_facts()
    facts.organisations.append(Organisation("Polismyndigheten", "external", span()))
    organisations = score_document(expected, facts).category("organisations")
    assert (organisations.extracted, organisations.matched, organisations.spurious) == (2, 2, ())


@pytest.mark.slow
def test_example_in_docs_runs_on_the_real_seeds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "evaluation.md").read_text(encoding="utf-8")
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    exec(compile(example, "docs/evaluation.md", "exec"), {})
    assert "overall" in capsys.readouterr().out
