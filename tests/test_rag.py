from __future__ import annotations

import pytest

from normalise.rag import rag_from_fill, rag_from_text


@pytest.mark.parametrize(
    "status, expected",
    [
        ("Red", "red"),
        ("amber", "amber"),
        ("GREEN", "green"),
        ("Green - on track, report received", "green"),
        ("RAG: Amber. Delayed by staffing", "amber"),
        ("R", "red"),
        ("A", "amber"),
        (" (G) ", "green"),
        ("RAG: A", "amber"),
        ("RAG rating - G. Workshops held", "green"),
        ("Status: R", "red"),
        ("G – completed Sept 17", "green"),
        ("A: delayed by staffing", "amber"),
        ("A. Smith to report back", ""),
        # a capital letter in brackets beside status words
        ("On track (G)", "green"),
        ("Complete (G)", "green"),
        ("Off track (R) - recruitment delayed", "red"),
        ("Delayed (A)", "amber"),
        ("see appendix (a)", ""),
        # a joined pair gives the worse colour
        ("Red/Amber", "red"),
        ("Amber-Green", "amber"),
        ("Amber to green", "amber"),
        ("A/G", "amber"),
        ("R/A", "red"),
        # separate mentions: the latest (last written) rating
        ("March: Amber; June: Green", "green"),
        ("Green in Q1, Red in Q2 after staff left", "red"),
        # not RAG words
        ("Complete", ""),
        ("Completed 10.9.12", ""),
        ("On track", ""),
        ("Blue", ""),
        ("N/A", ""),
        ("Status: A report was sent to the board", ""),
        ("rating a.", ""),
        ("Redbridge protocol agreed", ""),
        ("Response to the Green Paper submitted", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_rag_from_text(status: str | None, expected: str) -> None:
    assert rag_from_text(status) == expected


@pytest.mark.parametrize(
    "fill, expected",
    [
        ("FF0000", "red"),
        ("C00000", "red"),
        ("ffc7ce", "red"),  # Excel's pale "bad" pink
        ("E6B8B7", "red"),
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("FFEB9C", "amber"),
        ("F4B083", "amber"),
        ("#FF9900", "amber"),
        ("92D050", "green"),
        ("00B050", "green"),
        ("C6EFCE", "green"),
        ("00FF00", "green"),
        ("FFFFFF", ""),
        ("D9D9D9", ""),
        ("000000", ""),
        ("DEEAF6", ""),  # light blue header shading
        ("00B0F0", ""),
        ("7030A0", ""),
        ("auto", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_rag_from_fill(fill: str | None, expected: str) -> None:
    assert rag_from_fill(fill) == expected


def test_fill_accepts_short_and_argb_hex() -> None:
    assert rag_from_fill("F00") == "red"
    assert rag_from_fill("FF00B050") == "green"


@pytest.mark.parametrize("status, expected", [
    # a RAG word alone in a narrow cell, broken over two lines by a PDF column ("Gree" / "n")
    ("Gree n", "green"), ("Gree\nn", "green"), ("Am ber", "amber"), ("R ed", "red"),
    # words that only contain the letters are not RAG words
    ("Agreed", ""), ("Green light given", "green"),
])
def test_a_rag_word_broken_inside_its_cell_is_read_whole(status, expected):
    assert rag_from_text(status) == expected
