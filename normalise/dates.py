"""Deadline normaliser: a printed deadline cell becomes a date, a precision and a kind.

The rules are CONTRACT.md "Deadlines". Parsing is two ordered chains of small named strategies:

1. *finders* scan the cell for date mentions, most specific first ("31/01/2019", "28 th February
   2016", "Q3 2018/19", "2014/15", "Spring 2016", "March 2015", "Sept 17", "03/2015", dateparser
   for odd absolute wordings, "2016", a month with no year). Each finder claims the text it read,
   so a later finder cannot read it again: "Q3 2018/19" is one quarter, never a financial year
   plus a stray "Q3".
2. *deciders* look at the mentions and the words around them; the first that returns a result
   wins: no deadline marker, dated (latest end date: lists and ranges), ongoing, relative,
   recurring, from, none.

A mention is a *start* when "from"/"starting"/"commencing" comes before it or "onwards"/"ongoing"
after it; every other dated mention is an *end*, and the latest end is the deadline.

Nothing here reads today's date: dateparser gets a pinned RELATIVE_BASE and must find a year in
the text, and relative deadlines are dated only from an explicit ``reference``.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Deadline", "PlanPeriod", "PlanYears", "parse_deadline", "plan_period", "plan_years", "PRECISIONS", "KINDS"]

PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year", "")
KINDS: tuple[str, ...] = ("by", "from", "ongoing", "recurring", "relative", "")


@dataclass(frozen=True)
class Deadline:
    raw: str  # the printed text, white space collapsed
    date: datetime.date | None
    precision: str  # "day" | "month" | "quarter" | "year" | ""
    kind: str  # "by" | "from" | "ongoing" | "recurring" | "relative" | ""
    strategy: str  # name of the strategy that decided (for inspection)

    @property
    def iso(self) -> str:
        return self.date.isoformat() if self.date is not None else ""


@dataclass(frozen=True)
class PlanPeriod:
    """The years a plan covers, read from its title ("Business Plan 2020-21"): the context in
    which a deadline printed without a year ("End of Q2", "by March") is read."""
    first: int
    last: int
    financial: bool  # a financial year: April of ``first`` to March of ``last``

    def year_of_month(self, month: int) -> int | None:
        """The year a month with no year falls in, when the period makes it unique."""
        if self.financial:
            return self.first if month >= 4 else self.last
        return self.first if self.first == self.last else None

    def quarter_end(self, number: int) -> tuple[int, int] | None:
        """(year, month) ending quarter ``number``: financial quarters count from April."""
        if self.financial:
            return (self.first, 3 + 3 * number) if number < 4 else (self.last, 3)
        return (self.first, 3 * number) if self.first == self.last else None


@dataclass(frozen=True)
class PlanYears:
    """The plan's own numbered years, as the document defines them ("Year 1 runs from April
    2021", "Year 1 (2021/22)"): Year 1 starts in ``month`` of ``year`` and each plan year is
    the twelve months from its start; its quarters are the three-month steps from there."""
    year: int
    month: int

    def end(self, number: int, quarter: int | None = None) -> tuple[int, int]:
        """(year, month) ending plan year ``number``, or its quarter ``quarter``."""
        months = 12 * (number - 1) + (3 * quarter if quarter else 12)
        index = self.year * 12 + self.month - 1 + months - 1
        return index // 12, index % 12 + 1


# --------------------------------------------------------------------------- text clean-up

_TRANSLATE = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"}
_TRANSLATE.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})
_TRANSLATE.update({ord(c): "'" for c in "\u2018\u2019\u201b\u02bc\u2032`"})


def _clean(raw: str) -> str:
    """Lower-case text with extraction noise removed; a mention's span indexes this string."""
    # NFKC: ligatures (U+FB01 "fi"), full-width digits, NBSP, superscript ordinals ("28ᵗʰ").
    text = unicodedata.normalize("NFKC", raw).translate(_TRANSLATE).lower()
    return _rejoin_split_years(_rejoin_split_months(" ".join(text.split())))


# "31/10/202 0", "Sept 2 020": a year split by a wide letter gap in PDF extraction.
_SPLIT_YEAR = re.compile(
    r"(?<![0-9])(?P<pre>[0-9]{1,2}[/.-][0-9]{1,2}[/.-]|[a-z]{3,9}\.? )"
    r"(?P<a>[0-9]{1,3}) (?P<b>[0-9]{1,3})(?![0-9])")


def _rejoin_split_years(text: str) -> str:
    def join(m: re.Match[str]) -> str:
        a, b, pre = m.group("a"), m.group("b"), m.group("pre")
        year = a + b
        numeric = pre[0].isdigit()
        if len(year) != 4 or not year.startswith(("19", "20")) or (not numeric and len(a) == 2):
            return m.group(0)
        if not numeric and pre.strip(" .") not in _MONTH_WORDS and pre.strip(" .")[:3] not in _MONTHS:
            return m.group(0)
        return f"{pre}{year}"
    return _SPLIT_YEAR.sub(join, text)


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december sept".split())


def _rejoin_split_months(text: str) -> str:
    """ "decembe r 17" → "december 17": PDF extraction sometimes splits a word at a wide
    letter gap; a month name is rejoined when neither piece is a month by itself."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i].isalpha() and words[i + 1].isalpha():
            joined = words[i] + words[i + 1]
            if joined in _MONTH_WORDS and words[i] not in _MONTH_WORDS and words[i + 1] not in _MONTH_WORDS:
                out.append(joined)
                i += 2
                continue
        out.append(words[i])
        i += 1
    return " ".join(out)


# --------------------------------------------------------------------------- date helpers

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_PRECISION_RANK = {"year": 0, "quarter": 1, "month": 2, "day": 3}


def _month_number(name: str) -> int:
    return _MONTHS[name[:3]]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date | None:
    if not (1 <= month <= 12 and datetime.MINYEAR <= year <= datetime.MAXYEAR):
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year(digits: str) -> int:
    """A printed year: two digits are 20YY (CONTRACT.md)."""
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _financial_start(first: str, second: str) -> int | None:
    """Start year of a financial year "2014/15", "2014-2015", "17/18"; None unless consecutive."""
    start = _year(first)
    if len(second) == 2:
        return start if (start + 1) % 100 == int(second) else None
    return start if int(second) == start + 1 else None


# --------------------------------------------------------------------------- mentions

@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    date: datetime.date | None  # None: a month with no year, which can only mark a start
    precision: str
    finder: str
    role: str = "end"  # "end" (a deadline) or "start" (only a beginning)
    assumed: bool = False  # printed with no year: the year comes from the plan's period


# Building blocks. The text is lower-case; "(?![a-z])" stops "dec" matching inside "decision".
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|febuary|feburary|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_YEAR4 = r"(?:19|20)[0-9]{2}(?![0-9])"
_DAY = r"(?<![0-9])(?:[0-2]?[0-9]|3[01])(?![0-9])(?:\s?(?:st|nd|rd|th)(?![a-z]))?"  # "28 th" too
_NOT_NUM_BEFORE = r"(?<![0-9./-])"
_NOT_NUM_AFTER = r"(?![0-9]|[./-][0-9])"
_QUARTER = (r"(?:\b(?:q|qtr\.?)\s?(?P<q>[1-4])|\bquarter\s?(?P<qa>[1-4])"
            r"|\b(?P<qb>[1-4])(?:st|nd|rd|th)?\s+(?:quarter|qtr\b\.?)"
            r"|\b(?P<qw>first|second|third|fourth)\s+(?:quarter|qtr\b\.?))(?![0-9])")
_FY = r"(?P<fy1>(?:19|20)?[0-9]{2})\s?[/-]\s?(?P<fy2>(?:19|20)?[0-9]{2})(?![0-9])"

_ENDS_WITH_MONTH = re.compile(r"\b" + _MONTH + r"\s*$")
_ENDS_WITH_MONTH_DASH = re.compile(r"\b" + _MONTH + r"(?:[-/]|\s?')$")  # "Sep-", "Sep '" before "19 - Mar-20"
_ENDS_WITH_YEAR = re.compile(_YEAR4 + r"[\s,/-]*$")
_ENDS_WITH_ACT = re.compile(r"\bact\s*$")
_ENDS_WITH_ACADEMIC = re.compile(r"\b(?:academic|school)\s+year\s*$")  # "Children Act 2004" names a law, not a deadline
_STARTS_WITH_MONTH = re.compile(r"^\s*" + _MONTH)

_Convert = Callable[["re.Match[str]", str], "tuple[datetime.date | None, str] | None"]


def _day_mention(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    day, month, year = m.group("d"), m.group("mon"), m.group("y")
    if _ENDS_WITH_MONTH.search(text[:m.start()]) or (day.isdigit() and _ENDS_WITH_MONTH_DASH.search(text[:m.start()])):
        return None  # "Oct 17 Feb 18", "Sep-19 – Mar-20": 17, 19 is the year of the month before, not a day
    date = _safe_date(_year(year), _month_number(month), int(re.match(r"[0-9]+", day).group()))
    return (date, "day") if date else None


def _numeric_day(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    day, month, year = int(m.group("d")), int(m.group("m")), _year(m.group("y"))
    # Day-month-year as UK plans print it; month-day-year only where DMY is impossible.
    date = _safe_date(year, month, day) or _safe_date(year, day, month)
    return (date, "day") if date else None


def _iso_day(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    date = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return (date, "day") if date else None


_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _quarter(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    q = m.group("q") or m.group("qa") or m.group("qb")
    number = int(q) if q else _QUARTER_WORDS[m.group("qw")]
    if m.group("fy1"):
        start = _financial_start(m.group("fy1"), m.group("fy2"))
        if start is None:
            return None
        # Financial quarters count from April: Q1 Apr-Jun ... Q4 Jan-Mar of the next year.
        year, month = (start, 3 + 3 * number) if number < 4 else (start + 1, 3)
    else:
        year, month = _year(m.group("y")), 3 * number
    return _month_end(year, month), "quarter"


def _financial_year(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    first, second = m.group("fy1"), m.group("fy2")
    if len(first) == 2 and not (m.group("prefix") or m.group("sep") == "/"):
        return None  # "14-15 March" is a range of days, "FY14-15" and "14/15" are years
    if len(first) == 2 and _STARTS_WITH_MONTH.match(text[m.end():]):
        return None  # "11/12 December"
    start = _financial_start(first, second)
    if start is None:
        return None
    if _ENDS_WITH_ACADEMIC.search(text[:m.start()]):
        return _month_end(start + 1, 7), "year"  # an academic year ends with the summer term
    return _month_end(start + 1, 3), "year"


# Season -> (month it ends in, years after the printed one). A term ends where the school term does.
# A season, a term and early / late in a year span about three months: precision "quarter", as
# the gold reads them (a holiday falls in one month: "month").
_SEASON_ENDS = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "winter": (2, 1)}
_TERM_ENDS = {"spring": (4, 0), "summer": (7, 0), "autumn": (12, 0), "winter": (4, 0)}  # winter term = spring


def _season(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    season = m.group("season")
    month, offset = (_TERM_ENDS if m.group("term") else _SEASON_ENDS)[season]
    if m.group("fy1"):
        start = _financial_start(m.group("fy1"), m.group("fy2"))
        if start is None:
            return None
        # An academic / financial year "2015/16": autumn falls in its first year, the rest in its second.
        year = start if season == "autumn" else start + 1
        offset = 0
    else:
        year = _year(m.group("y"))
    return _month_end(year + offset, month), "quarter"


def _easter(year: int) -> datetime.date:
    """Easter Sunday (Gregorian; the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _holiday_end(holiday: str, year: int) -> datetime.date | None:
    """The month a holiday falls in: Easter's month (March or April), Christmas's December."""
    if not datetime.MINYEAR < year < datetime.MAXYEAR:
        return None
    return _month_end(year, _easter(year).month if holiday == "easter" else 12)


def _holiday(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    holiday = "easter" if m.group("hol") == "easter" else "christmas"
    if m.group("fy1"):
        start = _financial_start(m.group("fy1"), m.group("fy2"))
        if start is None:
            return None
        # in an academic / financial year "2019/20" Christmas falls in the first year, Easter in the second
        year = start if holiday == "christmas" else start + 1
    else:
        year = _year(m.group("y"))
    return _holiday_end(holiday, year), "month"


# A part of a year: "early 2020" ends with its first quarter (March), "late 2020" with the year,
# "the start of 2020" with its first month; of a financial year "2020/21" the same from April.
_YEAR_PART = (r"\b(?P<part>early|late|(?:the\s+)?(?:start|beginning)\s+of)\s*(?:the\s+)?"
              r"(?:(?:financial|academic|calendar)\s+year\s+)?(?:fy\s?)?")


def _year_part(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    part = m.group("part")
    if m.group("fy1"):
        start = _financial_start(m.group("fy1"), m.group("fy2"))
        if start is None:
            return None
        first_month, year_of = 4, (lambda k: start if k <= 9 else start + 1)  # k: months from April's start
    else:
        start = int(m.group("y"))
        first_month, year_of = 1, (lambda k: start)
    k = 11 if part == "late" else 2 if part == "early" else 0
    return _month_end(year_of(k), (first_month - 1 + k) % 12 + 1), "month" if k == 0 else "quarter"


def _month_year(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    return _month_end(_year(m.group("y")), _month_number(m.group("mon"))), "month"


def _two_digit_year(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    if _ENDS_WITH_YEAR.search(text[:m.start()]):
        return None  # "2016 Feb 28": year-month-day, left to dateparser
    return _month_year(m, text)


def _numeric_month(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    return _month_end(int(m.group("y")), int(m.group("m"))), "month"


def _bare_year(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    if _ENDS_WITH_ACT.search(text[:m.start()]):
        return None
    return _month_end(int(m.group("y")), 12), "year"


# (name, pattern, converter), most specific first.
_REGEX_FINDERS: tuple[tuple[str, re.Pattern[str], _Convert], ...] = (
    ("numeric_day", re.compile(
        _NOT_NUM_BEFORE + r"(?P<d>[0-9]{1,2})(?P<sep>[./-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
        + _NOT_NUM_AFTER), _numeric_day),
    ("numeric_day", re.compile(
        _NOT_NUM_BEFORE + r"(?P<y>(?:19|20)[0-9]{2})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})" + _NOT_NUM_AFTER),
     _iso_day),
    ("explicit_day", re.compile(
        r"\b(?P<d>" + _DAY + r")[\s/-]*(?:day\s+)?(?:of\s+)?(?P<mon>" + _MONTH + r")[\s,/-]*'?"
        r"(?P<y>(?:19|20)?[0-9]{2})(?![0-9])(?!\s?(?:st|nd|rd|th)\b)"), _day_mention),
    ("explicit_day", re.compile(  # "February 28th 2016", "March 18, 2015"
        r"\b(?P<mon>" + _MONTH + r")\s*(?:the\s+)?(?P<d>" + _DAY + r")\s*,?\s*(?:of\s+)?"
        r"(?P<y>" + _YEAR4 + ")"),
     _day_mention),
    ("quarter", re.compile(
        _QUARTER + r"\s*(?:,|of|in)?\s*(?:the\s+)?(?:fy|financial\s+year)?\s*'?(?:" + _FY
        + r"|(?P<y>(?:19|20)?[0-9]{2})(?![0-9]))"), _quarter),
    ("quarter", re.compile(
        r"(?:\bfy\s?)?" + _NOT_NUM_BEFORE + _FY + r"\s*[,:-]?\s*" + _QUARTER), _quarter),
    ("holiday", re.compile(
        r"\b(?P<hol>easter|christmas|xmas)(?:\s+(?:holidays?|break|recess|period))?\s*(?:of\s+)?'?(?:" + _FY
        + r"|(?P<y>(?:19|20)[0-9]{2})(?![0-9]))"), _holiday),
    ("year_part", re.compile(_YEAR_PART + r"(?:" + _FY + r"|(?P<y>(?:19|20)[0-9]{2})(?![0-9]))"), _year_part),
    ("season", re.compile(
        r"\b(?P<season>spring|summer|autumn|winter)(?:\s+(?P<term>term))?\s*(?:of\s+)?'?(?:" + _FY
        + r"|(?P<y>(?:19|20)?[0-9]{2})(?![0-9]))"), _season),
    ("financial_year", re.compile(
        r"(?:(?P<prefix>\bfy|\bfinancial\s+year)\s?)?" + _NOT_NUM_BEFORE
        + r"(?P<fy1>(?:19|20)?[0-9]{2})\s?(?P<sep>[/-])\s?(?P<fy2>(?:19|20)?[0-9]{2})" + _NOT_NUM_AFTER),
     _financial_year),
    ("month_year", re.compile(
        r"\b(?P<mon>" + _MONTH + r")[\s,/-]*(?:of\s+)?(?P<y>" + _YEAR4 + r")"), _month_year),
    ("two_digit_year", re.compile(
        r"\b(?P<mon>" + _MONTH + r")[\s,/-]*'?\s*(?P<y>[0-9]{2})(?![0-9])(?!\s?(?:st|nd|rd|th)\b)(?!\s?:)"),
     _two_digit_year),
    ("numeric_month", re.compile(
        _NOT_NUM_BEFORE + r"(?P<m>0?[1-9]|1[0-2])[/.-](?P<y>" + _YEAR4 + r")" + _NOT_NUM_AFTER),
     _numeric_month),
    ("numeric_month", re.compile(
        _NOT_NUM_BEFORE + r"(?P<y>" + _YEAR4 + r")-(?P<m>0[1-9]|1[0-2])" + _NOT_NUM_AFTER), _numeric_month),
)
def _mid_year(m: re.Match[str], text: str) -> tuple[datetime.date | None, str] | None:
    return _month_end(int(m.group("y")), 6), "month"


# After the dateparser fallback: the middle of a year, a lone year.
_LATE_FINDERS: tuple[tuple[str, re.Pattern[str], _Convert], ...] = (
    ("mid_year", re.compile(r"\bmid(?:dle\s+of)?[\s-]*(?P<y>" + _YEAR4 + ")"), _mid_year),
    ("year", re.compile(r"(?<![0-9./£$€])(?P<y>(?:19|20)[0-9]{2})(?![0-9]|[./][0-9])"), _bare_year),
    # a month and a two-digit year in figures, as a "(month / year)" column asks ("03/20", "12/19");
    # a pair of consecutive years ("19/20") was read as a financial year before this
    ("numeric_month", re.compile(
        _NOT_NUM_BEFORE + r"(?P<m>0?[1-9]|1[0-2])\s?/\s?(?P<y>[1-3][0-9])" + _NOT_NUM_AFTER),
     lambda m, text: (_month_end(2000 + int(m.group("y")), int(m.group("m"))), "month")),
)

# Then dates printed with no year ("End of Q2", "28th February", "by March", "Summer term"):
# (year, month, day or None, precision) once the plan's period gives the year; without one
# they can only mark a start ("From April").
_Yearless = Callable[["re.Match[str]", PlanPeriod], "tuple[datetime.date | None, str] | None"]


def _yearless_day(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    month = _month_number(m.group("mon"))
    year = period.year_of_month(month)
    day = int(re.match(r"[0-9]+", m.group("d")).group())
    date = _safe_date(year, month, day) if year else None
    return (date, "day") if date else None


def _yearless_quarter(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    q = m.group("q") or m.group("qa") or m.group("qb")
    end = period.quarter_end(int(q) if q else _QUARTER_WORDS[m.group("qw")])
    return (_month_end(*end), "quarter") if end else None


def _yearless_season(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    month, offset = (_TERM_ENDS if m.group("term") else _SEASON_ENDS)[m.group("season")]
    if period.financial:
        # the season that ends inside the financial year (winter: December to February)
        year = period.first if month >= 4 and not offset else period.last
    elif period.first == period.last:
        year = period.first + offset
    else:
        return None
    return _month_end(year, month), "quarter"


def _yearless_holiday(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    if m.group("hol") != "easter":
        year = period.year_of_month(12)
    elif period.financial:
        # the Easter inside April of the first year .. March of the last; the later when both are
        year = period.last if _easter(period.last).month < 4 else (
            period.first if _easter(period.first).month >= 4 else None)
    else:
        year = period.first if period.first == period.last else None
    return (_holiday_end("christmas" if m.group("hol") != "easter" else "easter", year), "month") if year else None


def _yearless_month(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    month = _month_number(m.group("mon"))
    year = period.year_of_month(month)
    return (_month_end(year, month), "month") if year else None


def _yearless_year_end(m: re.Match[str], period: PlanPeriod) -> tuple[datetime.date | None, str] | None:
    if period.financial:
        return _month_end(period.last, 3), "year"
    if "financial" in m.group(0) or period.first != period.last:
        return None  # which financial year a calendar-year plan means is not said
    return _month_end(period.first, 12), "year"


_YEARLESS_FINDERS: tuple[tuple[str, re.Pattern[str], _Yearless], ...] = (
    ("year_end_no_year", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:financial\s+|plan\s+|business\s+)?year|year\s*-?\s*end)\b"
        r"(?!\s*[0-9])"), _yearless_year_end),
    ("day_no_year", re.compile(
        r"\b(?P<d>" + _DAY + r")[\s/-]*(?:day\s+)?(?:of\s+)?(?P<mon>" + _MONTH + ")"), _yearless_day),
    ("day_no_year", re.compile(
        r"\b(?P<mon>" + _MONTH + r")\s*(?:the\s+)?(?P<d>(?<![0-9])(?:[0-2]?[0-9]|3[01]))\s?(?:st|nd|rd|th)(?![a-z])"),
     _yearless_day),
    ("quarter_no_year", re.compile(_QUARTER), _yearless_quarter),
    ("holiday_no_year", re.compile(r"\b(?P<hol>easter|christmas|xmas)\b"), _yearless_holiday),
    ("season_no_year", re.compile(r"\b(?P<season>spring|summer|autumn|winter)(?:\s+(?P<term>term))?\b"),
     _yearless_season),
    ("month", re.compile(r"\b(?P<mon>" + _MONTH + ")"), _yearless_month),
)


def _run_yearless_finders(work: list[str], period: PlanPeriod | None) -> list[_Mention]:
    found = []
    for name, pattern, convert in _YEARLESS_FINDERS:
        current = "".join(work)
        for m in pattern.finditer(current):
            result = convert(m, period) if period is not None else None
            date, precision = result if result else (None, "")
            found.append(_Mention(m.start(), m.end(), date, precision, name, assumed=True))
            work[m.start():m.end()] = "\x00" * (m.end() - m.start())
    return found


def _run_regex_finder(name: str, pattern: re.Pattern[str], convert: _Convert,
                      work: list[str]) -> list[_Mention]:
    found = []
    current = "".join(work)  # claimed text reads as NULs, so context checks see only unclaimed words
    for m in pattern.finditer(current):
        result = convert(m, current)
        if result is None:
            continue
        date, precision = result
        found.append(_Mention(m.start(), m.end(), date, precision if date else "", name))
        work[m.start():m.end()] = "\x00" * (m.end() - m.start())  # claimed: no later finder reads it
    return found


# dateparser: the fallback for absolute dates in wordings the regexes do not know ("2016 Feb 28").
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "last",
    "PREFER_MONTH_OF_YEAR": "last",
    "REQUIRE_PARTS": ["year"],
    "RELATIVE_BASE": datetime.datetime(2000, 1, 1),  # never today: results must be reproducible
    "PARSERS": ["custom-formats", "absolute-time"],
}
_DATEPARSER_MAX_LEN = 60  # longer cells are prose; dateparser is slow and rarely right there
_HAS_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_HAS_DAY_OR_MONTH = re.compile(r"\b" + _MONTH + r"|(?<![0-9])[0-9]{1,2}(?![0-9])")
_PERIOD_PRECISION = {"day": "day", "week": "day", "time": "day", "month": "month", "year": "year"}


@functools.lru_cache(maxsize=1)
def _date_data_parser() -> Any:
    from dateparser.date import DateDataParser  # slow import: only when a cell needs it

    return DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)


def _dateparser_finder(text: str, work: list[str]) -> list[_Mention]:
    # A year alone is the "year" finder's; dateparser earns its cost only on a day or month too.
    if len(text) > _DATEPARSER_MAX_LEN or not (_HAS_YEAR.search(text) and _HAS_DAY_OR_MONTH.search(text)):
        return []
    try:
        data = _date_data_parser().get_date_data(text)
    except Exception:  # a best-effort fallback: any failure inside dateparser means "no date here"
        return []
    if data.date_obj is None or not re.search(rf"(?<![0-9]){data.date_obj.year}(?![0-9])", text):
        return []
    precision = _PERIOD_PRECISION.get(data.period or "day", "day")
    work[:] = "\x00" * len(work)
    return [_Mention(0, len(text), data.date_obj.date(), precision, "dateparser")]


_START_BEFORE = re.compile(
    r"(?:\bfrom|\bstart(?:s|ed|ing)?|(?<!week )\bcommenc(?:e|es|ed|ing)|\bbegin(?:s|ning)?|\bw\.?e\.?f\.?)"
    r"(?:\s+(?:in|on|from))?(?:\s+the)?(?:\s+(?:start|beginning|end|middle)\s+of|\s+early|\s+mid|\s+late)?"
    r"[\s-]*$")
_ONGOING_AFTER = re.compile(
    r"^(?:[\s,;:()&+/-]|\band\b|\bthen\b)*(?:on\s*-?\s*going|onwards?|continuing|continuous(?:ly)?)\b")


# "Contract start 1 Nov 2018", "Service start date": a named event's start is a milestone of the
# action (a deadline), unlike "Start Jan 2019" or "to start in April" (only the action's beginning).
_LABELLED_START = re.compile(
    r"\b(?!(?:to|will|and|then|or|the|must|should|expected|planned|due|can|may|would|shall|a|an|date|dates)\b)"
    r"[a-z][a-z-]+\s+start[\s:-]*$")


def _with_roles(text: str, mentions: list[_Mention]) -> list[_Mention]:
    ordered = sorted(mentions, key=lambda x: x.start)
    out, previous_end = [], 0
    for mention in ordered:
        before = text[previous_end:mention.start].rstrip()
        after = text[mention.end:]
        is_start = bool(_START_BEFORE.search(before) and not _LABELLED_START.search(before)
                        or _ONGOING_AFTER.match(after))
        out.append(_Mention(mention.start, mention.end, mention.date, mention.precision, mention.finder,
                            "start" if is_start else "end", mention.assumed))
        previous_end = mention.end
    return out


# A deadline printed as a year of the plan: "Year 1", "Years 1-2", "End of Year 2", "Year 1 Q3",
# "Y2", "Q3 of Year 1". "2 years 6 months" is a span, not plan year 6.
_PLAN_YEAR_NUMBER = r"(?:[1-9]|one|two|three|four|five)(?![0-9a-z])"
_PLAN_YEAR_WORD = r"(?:(?<![0-9] )(?<![0-9])(?:plan\s+)?(?:years?|yrs?\.?)\s*|\by(?=[1-9]))"
_PLAN_YEAR = re.compile(
    r"(?:\b(?:q|quarter\s?)(?P<qa>[1-4])\s*(?:of\s+)?(?:the\s+)?)?"
    + _PLAN_YEAR_WORD + r"(?P<a>" + _PLAN_YEAR_NUMBER + r")"
    r"(?:\s*(?:-|to|and|&|/)\s*(?:" + _PLAN_YEAR_WORD + r")?(?P<b>" + _PLAN_YEAR_NUMBER + r"))?"
    r"(?:\s*[,:-]?\s*(?:\bq|\bquarter\s?)(?P<q>[1-4])(?![0-9]))?")
_PLAN_YEAR_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _plan_year_number(text: str) -> int:
    return int(text) if text.isdigit() else _PLAN_YEAR_NUMBERS[text]


def _find_plan_years(work: list[str], plan_years: PlanYears | None) -> list[_Mention]:
    """Plan years in a deadline: dated from the document's own definition of Year 1, else
    kept undated (a deadline relative to a start the document does not give)."""
    found = []
    current = "".join(work)
    for m in _PLAN_YEAR.finditer(current):
        if m.group("qa") and m.group("q"):
            continue
        number = _plan_year_number(m.group("b") or m.group("a"))
        quarter = m.group("q") or m.group("qa")
        date, precision = None, ""
        if plan_years is not None and not (quarter and m.group("b")):
            date = _month_end(*plan_years.end(number, int(quarter) if quarter else None))
            precision = "quarter" if quarter else "year"
        found.append(_Mention(m.start(), m.end(), date, precision, "plan_year", assumed=True))
        work[m.start():m.end()] = "\x00" * (m.end() - m.start())
    return found


def _find_mentions(text: str, period: PlanPeriod | None, plan_years: PlanYears | None = None) -> list[_Mention]:
    work = list(text)
    mentions: list[_Mention] = _find_plan_years(work, plan_years)
    for name, pattern, convert in _REGEX_FINDERS:
        mentions += _run_regex_finder(name, pattern, convert, work)
    if not any(m.date for m in mentions):
        mentions += _dateparser_finder(text, work)
    for name, pattern, convert in _LATE_FINDERS:
        mentions += _run_regex_finder(name, pattern, convert, work)
    mentions += _run_yearless_finders(work, period)
    return _with_roles(text, mentions)


# --------------------------------------------------------------------------- deciders

@dataclass(frozen=True)
class _Cell:
    raw: str
    text: str
    mentions: list[_Mention]
    reference: datetime.date | None


def _result(cell: _Cell, kind: str, strategy: str, date: datetime.date | None = None,
            precision: str = "") -> Deadline:
    return Deadline(cell.raw, date, precision if date else "", kind, strategy)


_NO_DEADLINE = {
    "", "completed", "complete", "done", "achieved", "closed", "tbc", "tba", "tbd", "to be confirmed",
    "to be agreed", "to be decided", "to be determined", "n/a", "na", "none", "nil", "not applicable",
    "no deadline", "not set",
}


def _decide_no_deadline(cell: _Cell) -> Deadline | None:
    if cell.text.strip(" .,;:-?*!()[]/\\_~'\"") in _NO_DEADLINE:
        return _result(cell, "", "no_deadline")
    return None


def _decide_dated(cell: _Cell) -> Deadline | None:
    return _latest_end(cell, [m for m in cell.mentions if m.date is not None and m.role == "end" and not m.assumed])


def _decide_dated_in_period(cell: _Cell) -> Deadline | None:
    """Dates printed with no year, placed in the plan's period ("End of Q2" of a 2020-21 plan).
    Decided after ongoing / relative / recurring: "Annually in April" stays recurring."""
    return _latest_end(cell, [m for m in cell.mentions if m.date is not None and m.role == "end" and m.assumed])


def _latest_end(cell: _Cell, ends: list[_Mention]) -> Deadline | None:
    if not ends:
        return None
    # Several dates (a list or a range): the latest; on a tie the finer precision.
    chosen = max(ends, key=lambda m: (m.date, _PRECISION_RANK[m.precision]))
    strategy = chosen.finder if len(ends) == 1 else "list_or_range"
    return _result(cell, "by", strategy, chosen.date, chosen.precision)


_ONGOING = re.compile(
    r"\b(?:on\s*-?\s*going|onwards?|continuous(?:ly)?|continuing|continual(?:ly)?|throughout|rolling)\b")


def _decide_ongoing(cell: _Cell) -> Deadline | None:
    return _result(cell, "ongoing", "ongoing") if _ONGOING.search(cell.text) else None


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
    "thirty": 30, "sixty": 60, "ninety": 90,
}
_NUM = r"(?:[0-9]{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_IMMEDIATE = re.compile(
    r"\b(?:immediate(?:ly)?|asap|as\s+soon\s+as\s+possible|forthwith|with\s+immediate\s+effect)\b")
_SPAN = (r"(?:" + _NUM + r"\s*(?:-|to|or)\s*)?(?P<n>" + _NUM + r")\s+(?P<working>(?:working|business)\s+)?"
         r"(?P<unit>day|week|month|year)s?(?:'s?)?\b")
_WITHIN = re.compile(r"\b(?:within|in|after|over)\s+(?:the\s+)?(?:next\s+|first\s+)?" + _SPAN)
# A bare span ("3 months") only as the whole cell or its head: "every 3 months" is recurring.
_SPAN_ALONE = re.compile(r"^" + _SPAN + r"(?:\s+(?:time|of|after|from|following)\b|\s*$)")


# "By next Board meeting", "At the next Executive", "Next meeting": relative to an event to come.
_NEXT_EVENT = re.compile(r"(?:^|\b(?:by|at|before|for|until|to|in\s+time\s+for)\s+)(?:the\s+)?next\s+(?!year|month|week)[a-z]")


def _add_months(date: datetime.date, months: int) -> datetime.date:
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _add_working_days(date: datetime.date, days: int) -> datetime.date:
    weeks, rest = divmod(days, 5)
    date += datetime.timedelta(weeks=weeks)
    while rest:
        date += datetime.timedelta(days=1)
        if date.weekday() < 5:
            rest -= 1
    return date


def _offset(reference: datetime.date, n: int, unit: str, working: bool) -> datetime.date:
    if unit == "day":
        return _add_working_days(reference, n) if working else reference + datetime.timedelta(days=n)
    if unit == "week":
        return reference + datetime.timedelta(weeks=n)
    return _add_months(reference, n * (12 if unit == "year" else 1))


def _decide_relative(cell: _Cell) -> Deadline | None:
    offsets = []
    for m in [*_WITHIN.finditer(cell.text), *_SPAN_ALONE.finditer(cell.text)]:
        n = m.group("n")
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        offsets.append((count, m.group("unit"), bool(m.group("working"))))
    immediate = bool(_IMMEDIATE.search(cell.text))
    if not offsets and not immediate:
        if _NEXT_EVENT.search(cell.text):
            return _result(cell, "relative", "next_event")  # its date is the event's, never printed
        return None
    date = None
    if cell.reference is not None:
        try:
            candidates = [_offset(cell.reference, *o) for o in offsets] or [cell.reference]
            date = max(candidates)
        except (OverflowError, ValueError):  # past datetime.date's range ("within 9999 years")
            date = None
    return _result(cell, "relative", "relative", date, "day")


_RECURRING = re.compile(
    r"\b(?:(?:bi|semi)?\s*-?\s*annual(?:ly)?|yearly|half\s*-?\s*yearly|quarterly|(?:bi\s*-?\s*)?monthly"
    r"|(?:bi\s*-?\s*)?weekly|fortnightly|daily|termly"
    r"|(?:[0-9]+|two|three|four|six|twelve)\s*-?\s*(?:monthly|weekly|yearly)"
    r"|twice\s*-?\s*(?:yearly|(?:a|per|each|every)\s+(?:year|term|month|quarter))"
    r"|per\s+(?:annum|year|quarter|month|term)"
    r"|(?:every|each)\s+(?:(?:[0-9]+|other|two|three|four|six|twelve)\s+)?"
    r"(?:day|week|month|quarter|year|term|(?:[a-z]+\s+)?meeting)s?)\b")


def _decide_recurring(cell: _Cell) -> Deadline | None:
    return _result(cell, "recurring", "recurring") if _RECURRING.search(cell.text) else None


def _decide_from(cell: _Cell) -> Deadline | None:
    if any(m.role == "start" for m in cell.mentions):
        return _result(cell, "from", "from")
    return None


def _decide_undated_plan_year(cell: _Cell) -> Deadline | None:
    """"Year 1" where the document does not say when Year 1 starts: relative to that start."""
    if any(m.finder == "plan_year" for m in cell.mentions):
        return _result(cell, "relative", "plan_year_undefined")
    return None


_DECIDERS: tuple[Callable[[_Cell], Deadline | None], ...] = (
    _decide_no_deadline,
    _decide_dated,
    _decide_ongoing,
    _decide_relative,
    _decide_recurring,
    _decide_dated_in_period,
    _decide_from,
    _decide_undated_plan_year,
)


# Gold records the printed "28 th February 2016" as "28th February 2016": the space extraction put
# inside an ordinal is white space to collapse too.
_BROKEN_ORDINAL = re.compile(
    r"(?<![0-9])([0-9]{1,2}) (st|nd|rd|th)(?= (?:of )?" + _MONTH + ")", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def _parse_cached(key: str, reference: datetime.date | None, period: PlanPeriod | None,
                  plan_years: PlanYears | None = None) -> Deadline:
    text = _clean(key)
    cell = _Cell(_BROKEN_ORDINAL.sub(r"\1\2", key), text, _find_mentions(text, period, plan_years), reference)
    for decide in _DECIDERS:
        result = decide(cell)
        if result is not None:
            return result
    return _result(cell, "", "none")


def parse_deadline(raw: str, reference: datetime.date | None = None,
                   period: PlanPeriod | None = None, plan_years: PlanYears | None = None) -> Deadline:
    """Parse a printed deadline cell (CONTRACT.md "Deadlines").

    ``reference`` is the date the document says relative deadlines count from ("within three
    months" of it); without one a relative deadline keeps an empty date. ``period`` is the plan's
    period (:func:`plan_period` of its title): a quarter, season, month or day printed with no
    year is read in it ("End of Q2" of a 2020-21 plan is 2020-09-30); without one such a
    deadline keeps an empty date, as no year is ever guessed. ``plan_years`` is the document's
    definition of its own years (:func:`plan_years`): "Year 2" is the end of plan year 2
    (precision year), "Year 1 Q3" the end of that quarter of it, "Years 1-2" the end of the
    range; without a definition such a deadline is relative with an empty date. ``None`` for ``raw`` is
    read as an empty cell. ``raw`` of the result is the text with white space collapsed, an
    ordinal broken by extraction included ("28 th February" gives "28th February"). A relative
    deadline dated from ``reference`` has precision "day". Results are cached per
    (white-space-collapsed text, reference, period): ``parse_deadline.cache_clear()`` empties the cache.
    """
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    return _parse_cached(" ".join((raw or "").split()), reference, period, plan_years)


# A plan's period in its title: "2020-21", "2020/2021", "2020 – 2021" (consecutive years: a
# financial year), "2021-24" / "2021 to 2024" (several years), "2019" (one year); or a
# line "April 2016 – March 2017".
_PERIOD_RANGE = re.compile(
    r"(?<![0-9])(?P<a>(?:19|20)[0-9]{2})\s*(?:[/-]|to)\s*(?P<b>(?:19|20)?[0-9]{2})(?![0-9])")
_PERIOD_YEAR = re.compile(r"(?<![0-9./-])(?P<y>(?:19|20)[0-9]{2})(?![0-9]|\s*[/-]\s*[0-9])")


def plan_period(text: str, single_year: bool = True) -> PlanPeriod | None:
    """The period a plan's title (or a period line beside it) names, or None when it names none
    or several that disagree. ``single_year``: a lone year ("Plan 2019") counts as a period."""
    clean = _clean(text or "")
    periods: set[PlanPeriod] = set()
    work = clean
    for m in _PERIOD_RANGE.finditer(clean):
        first, last_digits = int(m.group("a")), m.group("b")
        last = _year(last_digits) if len(last_digits) == 4 else first // 100 * 100 + int(last_digits)
        if last <= first or last - first > 10:
            continue
        periods.add(PlanPeriod(first, last, last == first + 1))
        work = work[:m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    if not periods:
        mentions = [m for m in _find_mentions(clean, None) if m.date is not None and not m.assumed]
        months = [m for m in mentions if m.precision in ("month", "day")]
        if len(months) == 2 and len(mentions) == 2:  # "April 2016 – March 2017"
            a, b = sorted(m.date for m in months)
            if (b.year - a.year) * 12 + b.month - a.month in (11, 12) and a.month == 4:
                return PlanPeriod(a.year, b.year, True)
            return PlanPeriod(a.year, b.year, False) if a.year == b.year else None
        for m in _PERIOD_YEAR.finditer(work) if single_year else ():
            periods.add(PlanPeriod(int(m.group("y")), int(m.group("y")), False))
    return periods.pop() if len(periods) == 1 else None


parse_deadline.cache_clear = _parse_cached.cache_clear  # type: ignore[attr-defined]
parse_deadline.cache_info = _parse_cached.cache_info  # type: ignore[attr-defined]


# The document's definition of its plan years: "Year 1 runs from April 2021 to March 2022",
# "Year one: April 2021 - March 2022", "Year 1 (2021/22)", "Year 1 is 2021-22", "Year 1 runs from
# 1 April 2021", "Year 2 (2022)". A lone month after "Year 1" is its start only when the wording
# says so ("from", "starts") or a range follows: "Year 1 - March 2022" could be its end.
_YEAR_DEFINITION = re.compile(
    r"\b(?:plan\s+)?year\s+(?P<n>" + _PLAN_YEAR_NUMBER + r")\s*"
    r"(?:(?P<open>\(|[:=-]|,)|(?P<verb>runs?|will\s+run|is|covers|starts?|begins?|commences?|will\s+be|means"
    r"|refers\s+to|being)|(?=from\s))\s*"
    r"(?P<from>(?:from|between|on|in)\s+)?(?:the\s+)?(?:(?:period|financial\s+year|year)\s+)?(?P<from2>(?:from|of)\s+)?"
    r"(?:(?:[0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    r"(?:(?P<mon>" + _MONTH + r")\s*(?P<my>(?:19|20)[0-9]{2})(?![0-9])"
    r"(?P<range>\s*(?:-|to|until|and)\s*(?:[0-9]{1,2}(?:st|nd|rd|th)?\s+)?(?P<mon2>" + _MONTH
    + r")\s*(?P<my2>(?:19|20)[0-9]{2})(?![0-9]))?"
    r"|(?P<fy1>(?:19|20)[0-9]{2})\s?[/-]\s?(?P<fy2>(?:19|20)?[0-9]{2})(?![0-9])"
    r"|(?P<cy>(?:19|20)[0-9]{2})(?![0-9]|\s?[/-]\s?[0-9]))")
_START_VERBS = re.compile(r"starts?|begins?|commences?")


def plan_years(text: str) -> PlanYears | None:
    """When the plan's Year 1 starts, from a definition in ``text``, or None where it gives none
    (or definitions that disagree)."""
    found: set[PlanYears] = set()
    for m in _YEAR_DEFINITION.finditer(_clean(text or "")):
        offset = _plan_year_number(m.group("n")) - 1
        if m.group("mon"):
            year, month = int(m.group("my")), _month_number(m.group("mon"))
            if m.group("range"):
                months = (int(m.group("my2")) - year) * 12 + _month_number(m.group("mon2")) - month
                if months not in (11, 12):
                    continue  # not one year
            elif not (m.group("from") or m.group("from2") or _START_VERBS.fullmatch(m.group("verb") or "")):
                continue
        elif m.group("fy1"):
            year, month = _financial_start(m.group("fy1"), m.group("fy2")), 4
            if year is None:
                continue  # "2021-23" is no one year
        else:
            year, month = int(m.group("cy")), 1
        found.add(PlanYears(year - offset, month))
    return found.pop() if len(found) == 1 else None
