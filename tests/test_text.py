from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from normalise.text import clean, clean_lines, fold, strip_list_marker


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("e\ufb03cient \ufb01nal \ufb02ow", "efficient final flow"),  # ligatures
        ("a\u00a0b\u202fc\u2009d", "a b c d"),  # no-break and thin spaces
        ("safe\u00adguarding\u200b plan\ufeff", "safeguarding plan"),  # soft hyphen, zero-width
        ("  several   spaces\tand\nlines  ", "several spaces and lines"),
        ("Children\u2019s \u201cplan\u201d \u2013 2016 \u2026", "Children\u2019s \u201cplan\u201d \u2013 2016 \u2026"),
        ("\uf0b7 bullet from Symbol font", "• bullet from Symbol font"),
        ("\uff2c\uff33\uff23\uff22", "LSCB"),  # fullwidth forms
        ("Multi- agency Action Plan", "Multi-agency Action Plan"),  # wrapped at the hyphen
        ("front-\nline staff", "front-line staff"),
        ("pre- and post-inspection, short- or long-term", "pre- and post-inspection, short- or long-term"),
        ("CP- Child Protection", "CP- Child Protection"),  # could be a glossary dash: left alone
        ("Self -assessments", "Self -assessments"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean(raw: str | None, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_keeps_printed_quotes_and_dashes() -> None:
    # the contract wants text "as printed"; straightening is fold()'s job
    assert "\u2019" in clean("People\u2019s Plan")
    assert "\u2013" in clean("2009 \u2013 2010")


def test_clean_lines_keeps_line_breaks_only() -> None:
    assert clean_lines(" a   b \r\n\n  c\u2028d \n") == "a b\nc\nd"
    assert clean_lines(None) == ""


def test_fold_straightens_for_matching() -> None:
    assert fold("Guy\u2019s and St Thomas\u2019 \u2013 NHS") == "guy's and st thomas' - nhs"
    assert fold("\u201cQuoted\u201d\u2026") == '"quoted"...'


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1. foo", "foo"),
        ("12) foo", "foo"),
        ("a) foo", "foo"),
        ("B. foo", "foo"),
        ("(i) foo", "foo"),
        ("(iv) foo", "foo"),
        ("iv. foo", "foo"),
        ("(a)foo", "foo"),
        ("• foo", "foo"),
        ("•foo", "foo"),
        ("\uf0b7 foo", "foo"),
        ("- foo", "foo"),
        ("– foo", "foo"),
        ("o foo", "foo"),
        ("• 1. foo", "foo"),
        ("3. . This working group", "This working group"),  # doubled marker in the Barnet table
        ("1.1 An LSCB Business plan", "1.1 An LSCB Business plan"),  # a reference, not a marker
        ("e.g. schools", "e.g. schools"),
        ("2 years plus review complete", "2 years plus review complete"),
        ("-5% fewer referrals", "-5% fewer referrals"),
        ("Mix. of services", "Mix. of services"),
        ("", ""),
    ],
)
def test_strip_list_marker(raw: str, expected: str) -> None:
    assert strip_list_marker(raw) == expected


@given(st.text())
def test_clean_is_idempotent_and_collapsed(raw: str) -> None:
    once = clean(raw)
    assert clean(once) == once
    assert "  " not in once and "\n" not in once
    assert once == once.strip()


@given(st.text())
def test_clean_lines_has_no_blank_lines(raw: str) -> None:
    out = clean_lines(raw)
    assert all(line and line == line.strip() for line in out.split("\n")) or out == ""
