"""Rows of tables printed without tabs: cells read off the end of a line, names joined over lines."""

from __future__ import annotations

from loaders.layout_rows import segment_lines, split_numbers, split_tail


def test_thousands_of_a_number_in_the_name_stay_in_the_name() -> None:
    # 003 line 504
    text = "Anmälda våldsbrott i kommunen, antal/100 000 inv 679 770"
    assert split_tail(text) == ("Anmälda våldsbrott i kommunen, antal/100 000 inv", ["679", "770"])


def test_a_decimal_comma_followed_by_a_space_is_one_number() -> None:
    # 003 line 514
    text = "Valdeltagande i senaste kommunvalet, (%) 85,2 85,2 89, 03"
    assert split_tail(text) == ("Valdeltagande i senaste kommunvalet, (%)", ["85,2", "85,2", "89,03"])


def test_a_closing_parenthesis_is_not_reopened_inside_an_open_one() -> None:
    # 004 lines 705-713, blank lines between the wrapped pieces
    lines = [
        (705, "Chefsomsättning"),
        (706, ""),
        (707, "(andel"),
        (708, ""),
        (709, "tillsvidareanställda"),
        (711, "chefer som har börjat"),
        (713, "eller slutat, %) I.U. I.U. 10,7 6,5"),
    ]
    [segment] = segment_lines(lines)
    name = "Chefsomsättning (andel tillsvidareanställda chefer som har börjat eller slutat, %)"
    assert segment.label == name
    assert segment.values == ["I.U.", "I.U.", "10,7", "6,5"]


def test_a_parenthesis_wrapped_beside_the_name_is_left_out() -> None:
    # 004 lines 600-604: "(leverantörstrohet)" of the next column ends the name's lines
    lines = [
        (600, "Avtalstrohet (%). L.U. L.U. 84 % 90 %"),
        (601, "Andel (%) av (levera"),
        (602, "förvaltningens inköp ntorstro"),
        (603, "som sker utifrån het)"),
        (604, "avtalade leverantörer."),
    ]
    [segment] = segment_lines(lines)
    assert segment.label == (
        "Avtalstrohet (%). Andel (%) av förvaltningens inköp som sker utifrån avtalade leverantörer."
    )
    assert segment.values == ["I.U.", "I.U.", "84 %", "90 %"]


def test_a_parenthesis_closed_on_its_own_line_is_kept() -> None:
    lines = [(1, "Andel hushåll (%) 4 5"), (2, "(Kontakt Linköping).")]
    assert segment_lines(lines)[0].label == "Andel hushåll (%) (Kontakt Linköping)."


def test_a_reading_the_columns_agree_with_is_preferred() -> None:
    tokens = "112 264 112 306 42 111 530".split()
    assert split_numbers(tokens, 4) != ["112 264", "112 306", "42", "111 530"]
    assert split_numbers(tokens, 4, lambda cells: len(cells) == 4 and cells[2] == "42") == [
        "112 264",
        "112 306",
        "42",
        "111 530",
    ]
