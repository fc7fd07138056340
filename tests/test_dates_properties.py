"""Properties of the deadline normaliser that hold for any input, checked with hypothesis."""
from __future__ import annotations

import datetime
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from normalise.dates import KINDS, PRECISIONS, Deadline, parse_deadline

# Moderate example counts keep the file to a few seconds; no per-example time limit (deadline=None).
FEW = settings(max_examples=150, deadline=None)

ODD_CHARS = "\u00a0\u00ad\u200b\u200c\u200d\ufeff\ufb01\ufb02\u2013\u2014\u2019\uff11\u00b2\u0663\n\t"
# Words and numbers deadlines are made of, so generated cells reach the date strategies.
VOCAB = [
    "Sept", "March", "may", "Dec", "Q3", "Q4", "quarter", "from", "to", "and", "ongoing", "onwards",
    "annually", "within", "three", "months", "immediately", "w/c", "th", "st", "of", "spring",
    "2014/15", "17/18", "2018", "2010-11", "17", "18", "31", "28", "4", "/", "-", ",", ".", "'",
    "TBC", "N/A", "Completed", "Phase", "Section", "para", "S47", "00", "99", "1900", "2099",
]
vocab_text = st.lists(st.sampled_from(VOCAB + list(ODD_CHARS)), max_size=12).map(" ".join)
any_text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(ODD_CHARS), max_size=60)
cells = st.one_of(any_text, vocab_text)
references = st.none() | st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))


def _join_ordinals(text: str) -> str:
    return re.sub(r"(?<=[0-9]) (?=(?:st|nd|rd|th)\b)", "", text, flags=re.IGNORECASE)


def assert_contract_form(result: Deadline, raw: str, reference: datetime.date | None) -> None:
    # raw: white space collapsed, the space extraction puts inside "28 th" included
    assert _join_ordinals(result.raw) == _join_ordinals(" ".join(raw.split()))
    assert result.precision in PRECISIONS and result.kind in KINDS
    assert (result.date is None) == (result.iso == "") == (result.precision == "")
    if result.date is not None:
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", result.iso)
    if result.kind == "by":
        assert result.date is not None
    if result.kind in ("", "from", "ongoing", "recurring"):
        assert result.date is None
    if result.kind == "relative":
        if reference is None:
            assert result.date is None
        else:
            assert result.date is not None and result.date >= reference
    assert result.strategy


@FEW
@given(cells, references)
def test_never_raises_and_keeps_contract_form(raw: str, reference: datetime.date | None) -> None:
    assert_contract_form(parse_deadline(raw, reference), raw, reference)


@FEW
@given(cells)
def test_same_answer_from_cache_and_fresh(raw: str) -> None:
    cached = parse_deadline(raw)
    parse_deadline.cache_clear()
    assert parse_deadline(raw) == cached


SAMPLES = ["Sept 17", "28 th February 2016", "Q3 2018/19", "Dec 17, March 18", "Within three months",
           "May 2014 ongoing", "from Sept 17", "Training Plan 2010-11", "31/01/2019", "Annually", "TBC"]
INVISIBLE = "\u00ad\u200b\u200c\u200d\ufeff"


@FEW
@given(st.sampled_from(SAMPLES),
       st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INVISIBLE)), max_size=4))
def test_invisible_characters_change_nothing(raw: str, inserts: list[tuple[int, str]]) -> None:
    noisy = raw
    for position, char in inserts:
        position = min(position, len(noisy))
        noisy = noisy[:position] + char + noisy[position:]
    expected, got = parse_deadline(raw), parse_deadline(noisy)
    assert (got.date, got.precision, got.kind) == (expected.date, expected.precision, expected.kind)


@FEW
@given(st.sampled_from(SAMPLES), st.sampled_from(["\u00a0", "  ", "\n", "\t", " \u00a0 "]))
def test_any_white_space_reads_as_one_space(raw: str, space: str) -> None:
    assert parse_deadline(raw.replace(" ", space)) == parse_deadline(raw)


@FEW
@given(st.integers(2000, 2098), st.integers(1, 12))
def test_month_and_year_give_the_month_end(year: int, month: int) -> None:
    name = datetime.date(year, month, 1).strftime("%B")
    result = parse_deadline(f"{name} {year}")
    assert result.kind == "by" and result.precision == "month"
    assert result.date.month == month and (result.date + datetime.timedelta(days=1)).day == 1


@FEW
@given(st.integers(2000, 2098), st.integers(1, 4))
def test_financial_quarter_ends_within_its_financial_year(start: int, quarter: int) -> None:
    result = parse_deadline(f"Q{quarter} {start}/{(start + 1) % 100:02d}")
    assert datetime.date(start, 4, 1) < result.date <= datetime.date(start + 1, 3, 31)
    assert result.precision == "quarter"
