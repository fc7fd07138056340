"""The deadline normaliser against CONTRACT.md "Deadlines": tables of printed text -> result."""
from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path

import pytest

from normalise.dates import Deadline, PlanPeriod, PlanYears, parse_deadline, plan_period, plan_years

GOLD_DIR = Path(__file__).parent.parent / "fixtures" / "gold"

# (printed text, ISO date, precision, kind), grouped by the rule that decides.
CASES: list[tuple[str, str, str, str]] = [
    # explicit day, ordinals broken by extraction, week commencing, numeric day-month-year
    ("28 th February 2016", "2016-02-28", "day", "by"),
    ("31 st May 2016", "2016-05-31", "day", "by"),
    ("28th February 2016", "2016-02-28", "day", "by"),
    ("30th May 2016", "2016-05-30", "day", "by"),
    ("30th September 2016", "2016-09-30", "day", "by"),
    ("30 th September 2016", "2016-09-30", "day", "by"),
    ("31st May 2016", "2016-05-31", "day", "by"),
    ("30th June 2016", "2016-06-30", "day", "by"),
    ("30th March 2017", "2017-03-30", "day", "by"),
    ("4th March 2016", "2016-03-04", "day", "by"),
    ("30th March 2016", "2016-03-30", "day", "by"),
    ("31st March 2015", "2015-03-31", "day", "by"),
    ("31 st March 2015", "2015-03-31", "day", "by"),
    ("12th November 2014", "2014-11-12", "day", "by"),
    ("2 nd June 2015", "2015-06-02", "day", "by"),
    ("w/c 4 June 2018", "2018-06-04", "day", "by"),
    ("week commencing 4 June 2018", "2018-06-04", "day", "by"),
    ("4th of June, 2018", "2018-06-04", "day", "by"),
    ("Monday 4th June 2018", "2018-06-04", "day", "by"),
    ("February 28th 2016", "2016-02-28", "day", "by"),
    ("March 18, 2015", "2015-03-18", "day", "by"),
    ("28-Feb-2016", "2016-02-28", "day", "by"),
    ("28th Feb 16", "2016-02-28", "day", "by"),
    ("26-30 October 2015", "2015-10-30", "day", "by"),
    ("31/01/2019", "2019-01-31", "day", "by"),
    ("10.9.12", "2012-09-10", "day", "by"),
    ("By 31.03.15", "2015-03-31", "day", "by"),
    ("30/06/16", "2016-06-30", "day", "by"),
    ("06/30/2016", "2016-06-30", "day", "by"),  # impossible as day-month: read month-day
    ("2018-06-04", "2018-06-04", "day", "by"),
    ("2016 Feb 28", "2016-02-28", "day", "by"),  # odd order: the dateparser fallback
    # month and year, two-digit years are 20YY
    ("May 2017", "2017-05-31", "month", "by"),
    ("September 2009", "2009-09-30", "month", "by"),
    ("December 2009", "2009-12-31", "month", "by"),
    ("February 2017", "2017-02-28", "month", "by"),
    ("February 2016", "2016-02-29", "month", "by"),
    ("September 2014", "2014-09-30", "month", "by"),
    ("July 2014", "2014-07-31", "month", "by"),
    ("March 2015", "2015-03-31", "month", "by"),
    ("January 2015", "2015-01-31", "month", "by"),
    ("October 2014", "2014-10-31", "month", "by"),
    ("Nov 2015", "2015-11-30", "month", "by"),
    ("June 2014", "2014-06-30", "month", "by"),
    ("April 2014", "2014-04-30", "month", "by"),
    ("Oct 2017", "2017-10-31", "month", "by"),
    ("January 2018", "2018-01-31", "month", "by"),
    ("Sept. 2016", "2016-09-30", "month", "by"),
    ("Report to LSCB in July 2014", "2014-07-31", "month", "by"),
    ("End of March 2015", "2015-03-31", "month", "by"),
    ("review in October 2014", "2014-10-31", "month", "by"),
    ("Completed March 2015", "2015-03-31", "month", "by"),
    ("Sept 17", "2017-09-30", "month", "by"),
    ("July 17", "2017-07-31", "month", "by"),
    ("Aug 17", "2017-08-31", "month", "by"),
    ("Oct 17", "2017-10-31", "month", "by"),
    ("June 18", "2018-06-30", "month", "by"),
    ("Nov 17", "2017-11-30", "month", "by"),
    ("August 17", "2017-08-31", "month", "by"),
    ("December 17", "2017-12-31", "month", "by"),
    ("October 17", "2017-10-31", "month", "by"),
    ("February 18", "2018-02-28", "month", "by"),
    ("March 18", "2018-03-31", "month", "by"),
    ("Jan 18", "2018-01-31", "month", "by"),
    ("Jan-19", "2019-01-31", "month", "by"),
    ("Mar-15", "2015-03-31", "month", "by"),
    ("Oct '17", "2017-10-31", "month", "by"),
    ("by end Sept 17", "2017-09-30", "month", "by"),
    ("03/2015", "2015-03-31", "month", "by"),
    ("2016-02", "2016-02-29", "month", "by"),
    # quarters (financial ones count from April), seasons, financial years, years
    ("Q3 2018/19", "2018-12-31", "quarter", "by"),
    ("Q4 17/18", "2018-03-31", "quarter", "by"),
    ("Q1 2019-20", "2019-06-30", "quarter", "by"),
    ("Quarter 2 2015/16", "2015-09-30", "quarter", "by"),
    ("third quarter 2018/19", "2018-12-31", "quarter", "by"),
    ("2015/16 Q4", "2016-03-31", "quarter", "by"),
    ("Q3 2018", "2018-09-30", "quarter", "by"),
    ("Q1 2019", "2019-03-31", "quarter", "by"),
    ("Summer 2015", "2015-08-31", "quarter", "by"),
    ("Winter 2015/16", "2016-02-29", "quarter", "by"),
    ("2014/15", "2015-03-31", "year", "by"),
    ("2014-15", "2015-03-31", "year", "by"),
    ("2014/2015", "2015-03-31", "year", "by"),
    ("FY14-15", "2015-03-31", "year", "by"),
    ("Training Plan 2010-11", "2011-03-31", "year", "by"),
    ("2016", "2016-12-31", "year", "by"),
    ("By the end of 2015", "2015-12-31", "year", "by"),
    # lists and ranges: the latest; a list's precision is its latest item's
    ("Dec 17, March 18", "2018-03-31", "month", "by"),
    ("Oct 17, Feb 18", "2018-02-28", "month", "by"),
    ("Nov 17, March 18", "2018-03-31", "month", "by"),
    ("Oct 17, June 18", "2018-06-30", "month", "by"),
    ("Oct 17 Feb 18", "2018-02-28", "month", "by"),
    ("April-June 18", "2018-06-30", "month", "by"),
    ("March 2015 July 2015", "2015-07-31", "month", "by"),
    ("July 2014 and January 2015", "2015-01-31", "month", "by"),
    ("July 2014 to January 2015", "2015-01-31", "month", "by"),
    ("Apr 2015 – Mar 2016", "2016-03-31", "month", "by"),
    ("Sept/Oct 2016", "2016-10-31", "month", "by"),
    ("1. Sept 17 2. Oct 17, Feb 18 3. Sept 17", "2018-02-28", "month", "by"),
    ("30th June 2016, March 2017", "2017-03-31", "month", "by"),
    ("1st April 2015 – 31st March 2016", "2016-03-31", "day", "by"),
    ("Q3 2018 – Q1 2019", "2019-03-31", "quarter", "by"),
    ("2015-16 and 2016-17", "2017-03-31", "year", "by"),
    ("2014-2017", "2017-12-31", "year", "by"),
    ("Process from April 2014 to report to the Board in October 2014", "2014-10-31", "month", "by"),
    ("From April 2014 to March 2015", "2015-03-31", "month", "by"),
    ("Annually - first report March 2015", "2015-03-31", "month", "by"),
    # wordings of other plans: terms, ranges without a repeated year, the year before the quarter
    ("Spring term 2019", "2019-04-30", "quarter", "by"),
    ("Autumn Term 2018", "2018-12-31", "quarter", "by"),
    ("By end of March 2018", "2018-03-31", "month", "by"),
    ("April – June 2017", "2017-06-30", "month", "by"),
    ("Jan – Mar 2019", "2019-03-31", "month", "by"),
    ("2018/19 Q3", "2018-12-31", "quarter", "by"),
    ("End of Q3 2019/20", "2019-12-31", "quarter", "by"),
    ("Mid-2019", "2019-06-30", "month", "by"),
    ("mid 2020", "2020-06-30", "month", "by"),
    ("Academic year 2019/20", "2020-07-31", "year", "by"),
    ("End of 2019/20", "2020-03-31", "year", "by"),
    ("Sept 2018 – Mar 19", "2019-03-31", "month", "by"),
    # a range of months printed 'Mon-YY': the year after the dash is no day of the next month
    ("Sep-19 – Mar-20", "2020-03-31", "month", "by"),
    ("Sep '19 - Mar '20", "2020-03-31", "month", "by"),
    ("Sep/19 - Mar/20", "2020-03-31", "month", "by"),
    ("Sept - 19 March 2020", "2020-03-19", "day", "by"),
    ("1st Sept - 19th March 2020", "2020-03-19", "day", "by"),
    # a named event's start is a milestone (the latest date wins), not the action's own beginning
    ("Tender Aug 18 Contract start 1 Nov 2018", "2018-11-01", "day", "by"),
    ("Project start: April 2019", "2019-04-30", "month", "by"),
    ("Work will start Jan 2019", "", "", "from"),
    ("Due to start April 2019", "", "", "from"),
    # holidays: the month the holiday falls in (Easter moves between March and April); parts of a
    # year: early = the end of its first quarter, late = its end, the start / beginning of it = its
    # first month, counted from April in a financial year; a month or season after "early" keeps its
    # own reading. Early / late span about three months like a season: precision "quarter"
    ("Easter 2020", "2020-04-30", "month", "by"),
    ("By Easter 2016", "2016-03-31", "month", "by"),  # Easter Sunday 27 March 2016
    ("Easter holidays 2018", "2018-04-30", "month", "by"),
    ("Easter 2019/20", "2020-04-30", "month", "by"),  # in an academic year, the Easter of its second year
    ("Christmas 2020", "2020-12-31", "month", "by"),
    ("Xmas 2019/20", "2019-12-31", "month", "by"),
    ("Early 2020", "2020-03-31", "quarter", "by"),
    ("early 2020", "2020-03-31", "quarter", "by"),
    ("Late 2020", "2020-12-31", "quarter", "by"),
    ("Start of 2021", "2021-01-31", "month", "by"),
    ("By the beginning of 2021", "2021-01-31", "month", "by"),
    ("Early 2020/21", "2020-06-30", "quarter", "by"),
    ("Late 2020-21", "2021-03-31", "quarter", "by"),
    ("Early March 2020", "2020-03-31", "month", "by"),
    ("Late Spring 2020", "2020-05-31", "quarter", "by"),
    ("Early Years Strategy 2020", "2020-12-31", "year", "by"),  # 'Early Years' is no part of a year
    ("From early 2020", "", "", "from"),
    ("Early 2020 onwards", "", "", "ongoing"),
    ("Start Jan 2019, complete June 2019", "2019-06-30", "month", "by"),
    ("31.3.2019", "2019-03-31", "day", "by"),
    ("Ongoing – reviewed quarterly", "", "", "ongoing"),
    ("Dec 2019 / ongoing", "", "", "ongoing"),
    ("Qtr 3 2019/20", "2019-12-31", "quarter", "by"),
    ("Original: March 2020 Revised: July 2020", "2020-07-31", "month", "by"),
    ("Completed (Jan 2019)", "2019-01-31", "month", "by"),
    ("Year end", "", "", ""),  # no year without the plan's period
    ("From January 2019 – ongoing", "", "", "ongoing"),
    ("Quarterly from June 2019", "", "", "recurring"),
    # from: only a start
    ("from Sept 17", "", "", "from"),
    ("from Nov 17", "", "", "from"),
    ("From April 2014", "", "", "from"),
    ("From 1st April 2015", "", "", "from"),
    ("Commencing April 2015", "", "", "from"),
    ("From April", "", "", "from"),
    # ongoing, also a date followed by ongoing / onwards
    ("Ongoing", "", "", "ongoing"),
    ("On going", "", "", "ongoing"),
    ("on-going", "", "", "ongoing"),
    ("May 2014 ongoing", "", "", "ongoing"),
    ("Sept 2016 onwards", "", "", "ongoing"),
    ("Sept 17 – ongoing", "", "", "ongoing"),
    ("From April 2014 onwards", "", "", "ongoing"),
    ("Ongoing from April 2014", "", "", "ongoing"),
    # recurring
    ("Annually", "", "", "recurring"),
    ("Quarterly", "", "", "recurring"),
    ("Monthly", "", "", "recurring"),
    ("bi-annual", "", "", "recurring"),
    ("Biannually", "", "", "recurring"),
    ("every 6 months", "", "", "recurring"),
    ("Six monthly", "", "", "recurring"),
    ("twice a year", "", "", "recurring"),
    ("Each LSCB meeting", "", "", "recurring"),
    ("Quarterly from April 2014", "", "", "recurring"),
    ("Annually in April", "", "", "recurring"),
    # relative, with no reference date
    ("Immediately", "", "", "relative"),
    ("Within three months", "", "", "relative"),
    ("Within six months", "", "", "relative"),
    ("Within 28 days", "", "", "relative"),
    ("3 months", "", "", "relative"),
    # no deadline
    ("Completed", "", "", ""),
    ("Complete", "", "", ""),
    ("TBC", "", "", ""),
    ("N/A", "", "", ""),
    ("n/a.", "", "", ""),
    ("-", "", "", ""),
    ("–", "", "", ""),
    ("", "", "", ""),
    ("   ", "", "", ""),
    # negatives: numbers that are not dates, dates with no year (never filled from today)
    ("3 reports received", "", "", ""),
    ("Phase 2", "", "", ""),
    ("Section 11", "", "", ""),
    ("S47", "", "", ""),
    ("para 16", "", "", ""),
    ("Para 16 of the report, see 4.2", "", "", ""),
    ("Train 25 staff and audit 40 cases", "", "", ""),
    ("1.1.1", "", "", ""),
    ("Children Act 2004", "", "", ""),
    ("£2000", "", "", ""),
    ("Q3", "", "", ""),
    ("Sept 17th", "", "", ""),
    ("28th February", "", "", ""),
    ("14-15 March", "", "", ""),
    ("by March", "", "", ""),
    ("May 2102", "", "", ""),
    ("In progress", "", "", ""),
    # an ordinal before "Qtr" names the quarter as "Q" does (financial quarters from April)
    ("1st Qtr 2020/21", "2020-06-30", "quarter", "by"),
    ("2nd qtr. 2019/20", "2019-09-30", "quarter", "by"),
    ("Third Qtr 2019-20", "2019-12-31", "quarter", "by"),
]


@pytest.mark.parametrize(("raw", "iso", "precision", "kind"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_table(raw: str, iso: str, precision: str, kind: str) -> None:
    result = parse_deadline(raw)
    assert (result.iso, result.precision, result.kind) == (iso, precision, kind)


REFERENCE = datetime.date(2012, 3, 15)

# Relative deadlines count from a date the document states.
RELATIVE_CASES: list[tuple[str, str]] = [
    ("Immediately", "2012-03-15"),
    ("Immediate", "2012-03-15"),
    ("Within three months", "2012-06-15"),
    ("Within six months", "2012-09-15"),
    ("Within 1 month of publication", "2012-04-15"),
    ("Within 28 days", "2012-04-12"),
    ("Within 6 weeks", "2012-04-26"),
    ("Within 10 working days", "2012-03-29"),
    ("Within 3-6 months", "2012-09-15"),
    ("in a year's time", "2013-03-15"),
    ("Report to the Board in 6 months", "2012-09-15"),
]


@pytest.mark.parametrize(("raw", "iso"), RELATIVE_CASES, ids=[c[0] for c in RELATIVE_CASES])
def test_relative_counts_from_reference(raw: str, iso: str) -> None:
    result = parse_deadline(raw, reference=REFERENCE)
    assert (result.iso, result.precision, result.kind) == (iso, "day", "relative")


def test_relative_month_end_is_clamped() -> None:
    assert parse_deadline("Within one month", datetime.date(2015, 1, 31)).iso == "2015-02-28"


@pytest.mark.parametrize("raw", ["Sept 17", "Ongoing", "Annually", "from Sept 17", "TBC", "Q3 2018/19"])
def test_reference_changes_only_relative(raw: str) -> None:
    assert parse_deadline(raw, reference=REFERENCE) == parse_deadline(raw)


def test_reference_may_be_a_datetime() -> None:
    at_noon = datetime.datetime(2012, 3, 15, 12, 0)
    result = parse_deadline("Within three months", reference=at_noon)
    assert result.date == datetime.date(2012, 6, 15) and type(result.date) is datetime.date


# Which strategy decided: the chain's order is part of the design (explicit day before month-year
# before two-digit year ...), so each strategy is pinned by at least one input.
STRATEGY_CASES: list[tuple[str, str]] = [
    ("Completed", "no_deadline"),
    ("31/01/2019", "numeric_day"),
    ("28 th February 2016", "explicit_day"),
    ("Q3 2018/19", "quarter"),
    ("Spring 2016", "season"),
    ("2014/15", "financial_year"),
    ("March 2015", "month_year"),
    ("Sept 17", "two_digit_year"),
    ("03/2015", "numeric_month"),
    ("2016 Feb 28", "dateparser"),
    ("2016", "year"),
    ("Dec 17, March 18", "list_or_range"),
    ("Ongoing", "ongoing"),
    ("Immediately", "relative"),
    ("Annually", "recurring"),
    ("from Sept 17", "from"),
    ("Phase 2", "none"),
]


@pytest.mark.parametrize(("raw", "strategy"), STRATEGY_CASES, ids=[c[0] for c in STRATEGY_CASES])
def test_strategy_that_decides(raw: str, strategy: str) -> None:
    assert parse_deadline(raw).strategy == strategy


def _gold_actions() -> list[tuple[str, dict, str]]:
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for i, action in enumerate(doc["actions"]):
            out.append((f"{path.stem}#{i}", action, doc.get("plan_title") or ""))
    return out


GOLD = _gold_actions()


@functools.lru_cache(maxsize=None)
def _document_plan_years(key: str) -> PlanYears | None:
    """When Year 1 starts, as the fixture document's text says (as the pipeline reads it)."""
    from extractors import extract
    from normalise.metadata import find_plan_years

    return find_plan_years(extract(GOLD_DIR.parent / "plans" / f"{key}.docx"))


def test_gold_is_present() -> None:
    assert len(GOLD) >= 200


@pytest.mark.parametrize(("action", "title"), [(a, t) for _, a, t in GOLD], ids=[i for i, _, _ in GOLD])
def test_gold_action(action: dict, title: str, request: pytest.FixtureRequest) -> None:
    """Each gold deadline read as the pipeline reads it: in the period its plan's title names
    (a quarter with no year, "End of Q2", is a quarter of that year), and a plan year ("Year 2")
    from the definition of Year 1 in the document's text."""
    key = request.node.callspec.id.split("#")[0]
    years = _document_plan_years(key) if re.search(r"\by(?:ears?|rs?)?\s*[0-9]", action["due_raw"], re.I) else None
    result = parse_deadline(action["due_raw"], period=plan_period(title), plan_years=years)
    assert (result.iso, result.precision, result.kind) == (
        action["due_date"], action["due_precision"], action["due_kind"])


def test_gold_quarters_without_a_year_need_the_plan_period() -> None:
    bare = [(a, t) for _, a, t in GOLD if a["due_raw"] in {"End of Q2", "Q2", "End of Q3", "End of Q4"}]
    assert len(bare) >= 12
    for action, title in bare:
        assert parse_deadline(action["due_raw"]).iso == ""  # no year is ever guessed
        assert parse_deadline(action["due_raw"], period=plan_period(title)).iso == action["due_date"]


# --- the plan's period: deadlines printed without a year -----------------------------------

PERIOD_CASES: list[tuple[str, PlanPeriod | None]] = [
    ("Thematic Priorities Plan 2020 – 2021", PlanPeriod(2020, 2021, True)),
    ("Annual Business Plan 2019/20", PlanPeriod(2019, 2020, True)),
    ("FINAL BUSINESS PLAN 2014-15", PlanPeriod(2014, 2015, True)),
    ("Business Plan 2019-2020", PlanPeriod(2019, 2020, True)),
    ("Strategic Plan 2021 – 2024", PlanPeriod(2021, 2024, False)),
    ("Neglect Strategy 2018 to 2021", PlanPeriod(2018, 2021, False)),
    ("Community Safety Partnership Plan 2019", PlanPeriod(2019, 2019, False)),
    ("April 2016 – March 2017", PlanPeriod(2016, 2017, True)),
    ("Post-Ofsted Inspection Improvement Plan", None),
    ("Plan for 2019 and 2020", None),
    ("", None),
]


@pytest.mark.parametrize(("title", "period"), PERIOD_CASES, ids=[c[0] or "<empty>" for c in PERIOD_CASES])
def test_plan_period(title: str, period: PlanPeriod | None) -> None:
    assert plan_period(title) == period


FY = PlanPeriod(2020, 2021, True)  # a 2020-21 plan: financial quarters, April to March
ONE_YEAR = PlanPeriod(2019, 2019, False)  # a 2019 plan: calendar quarters
SEVERAL = PlanPeriod(2021, 2024, False)  # a 2021-24 plan: a bare quarter is ambiguous

IN_PERIOD_CASES: list[tuple[str, PlanPeriod, str, str, str]] = [
    ("End of Q2", FY, "2020-09-30", "quarter", "by"),
    ("Q3", FY, "2020-12-31", "quarter", "by"),
    ("Q4", FY, "2021-03-31", "quarter", "by"),
    ("by the end of quarter 1", FY, "2020-06-30", "quarter", "by"),
    ("Q1 and Q2", FY, "2020-09-30", "quarter", "by"),
    ("End of Q2", ONE_YEAR, "2019-06-30", "quarter", "by"),
    ("Q4", ONE_YEAR, "2019-12-31", "quarter", "by"),
    ("End of Q2", SEVERAL, "", "", ""),
    ("by March", FY, "2021-03-31", "month", "by"),
    ("September", FY, "2020-09-30", "month", "by"),
    ("April – June", FY, "2020-06-30", "month", "by"),
    ("28th February", FY, "2021-02-28", "day", "by"),
    ("31 March", ONE_YEAR, "2019-03-31", "day", "by"),
    ("Summer term", FY, "2020-07-31", "quarter", "by"),
    ("Year end", FY, "2021-03-31", "year", "by"),
    ("By the end of the financial year", FY, "2021-03-31", "year", "by"),
    ("end of year", ONE_YEAR, "2019-12-31", "year", "by"),
    ("By the end of the financial year", ONE_YEAR, "", "", ""),
    ("Year end", SEVERAL, "", "", ""),
    ("Qtr 2", FY, "2020-09-30", "quarter", "by"),
    ("by March", SEVERAL, "", "", ""),
    ("By Easter", FY, "2020-04-30", "month", "by"),  # Easter 2021 (4 April) falls after the period
    ("Easter", PlanPeriod(2015, 2016, True), "2016-03-31", "month", "by"),  # both in it: the later
    ("Easter", ONE_YEAR, "2019-04-30", "month", "by"),
    ("Christmas", FY, "2020-12-31", "month", "by"),
    ("Easter", SEVERAL, "", "", ""),
    # a year printed in the cell wins over the period
    ("Q3 2018", FY, "2018-09-30", "quarter", "by"),
    ("Dec 2020 (revised from Sept)", FY, "2020-12-31", "month", "by"),
    # kinds other than a deadline are not changed by the period
    ("From April", FY, "", "", "from"),
    ("Annually in April", FY, "", "", "recurring"),
    ("Quarterly", FY, "", "", "recurring"),
    ("Ongoing – reviewed at the end of each quarter", FY, "", "", "ongoing"),
    ("Phase 2", FY, "", "", ""),
    ("TBC", FY, "", "", ""),
]


@pytest.mark.parametrize(("raw", "period", "iso", "precision", "kind"), IN_PERIOD_CASES,
                         ids=[f"{c[0]}@{c[1].first}-{c[1].last}" for c in IN_PERIOD_CASES])
def test_deadline_without_a_year_in_the_plan_period(raw, period, iso, precision, kind) -> None:
    result = parse_deadline(raw, period=period)
    assert (result.iso, result.precision, result.kind) == (iso, precision, kind)
    if raw in {"End of Q2", "Q3", "Q4", "by March", "28th February"}:
        assert parse_deadline(raw).iso == ""  # without the plan's period: no year guessed


def test_raw_is_collapsed_printed_text() -> None:
    assert parse_deadline("  Sept\n 17\t").raw == "Sept 17"
    # gold writes the seed's "28 th February 2016" as "28th February 2016"
    assert parse_deadline("28 th\u00a0February 2016").raw == "28th February 2016"
    assert parse_deadline("31 st of May 2016").raw == "31st of May 2016"
    assert parse_deadline("Phase 2 th").raw == "Phase 2 th"


def test_extraction_noise_is_ignored() -> None:
    # NBSP, soft hyphen, zero-width space, ligature, typographic dash, full-width digits
    assert parse_deadline("Sept\u00a017").iso == "2017-09-30"
    assert parse_deadline("On\u00adgoing").kind == "ongoing"
    assert parse_deadline("31\u200b/01/2019").iso == "2019-01-31"
    assert parse_deadline("\ufb01rst quarter 2018").iso == "2018-03-31"
    assert parse_deadline("April\u2013June 18").iso == "2018-06-30"
    assert parse_deadline("March \uff12\uff10\uff11\uff15").iso == "2015-03-31"


def test_none_is_an_empty_cell() -> None:
    result = parse_deadline(None)  # type: ignore[arg-type]
    assert (result.raw, result.date, result.kind) == ("", None, "")


def test_iso_property() -> None:
    assert Deadline("x", datetime.date(2016, 2, 29), "day", "by", "t").iso == "2016-02-29"
    assert Deadline("x", None, "", "", "t").iso == ""


def test_repeated_strings_are_cached() -> None:
    parse_deadline.cache_clear()
    first = parse_deadline("Sept 17")
    assert parse_deadline("Sept   17") is first  # same normalised key
    assert parse_deadline.cache_info().hits == 1
    parse_deadline.cache_clear()
    assert parse_deadline.cache_info().currsize == 0
    assert parse_deadline("Sept 17") == first


@pytest.mark.parametrize("raw, iso", [
    ("Decembe r 17", "2017-12-31"), ("Sep tember 2019", "2019-09-30"), ("Ma y 2018", "2018-05-31"),
    # a year split the same way
    ("31/10/202 0", "2020-10-31"), ("31/10/2 020", "2020-10-31"), ("March 202 1", "2021-03-31"),
    ("Sept 2 020", "2020-09-30"),
])
def test_month_split_by_pdf_extraction_is_rejoined(raw, iso):
    assert parse_deadline(raw).iso == iso


@pytest.mark.parametrize("raw, iso", [
    # a month and a two-digit year in figures, as a "Target date (month / year)" column asks
    ("12/19", "2019-12-31"), ("03/20", "2020-03-31"), ("3/20", "2020-03-31"), ("12 / 19", "2019-12-31"),
    ("03/20 and 06/20", "2020-06-30"),
])
def test_month_and_two_digit_year_in_figures(raw: str, iso: str) -> None:
    d = parse_deadline(raw)
    assert (d.date.isoformat() if d.date else "", d.precision, d.kind) == (iso, "month", "by")


@pytest.mark.parametrize("raw", ["1/2", "24/7", "4/52"])
def test_fractions_and_ratios_are_no_month_and_year(raw: str) -> None:
    assert parse_deadline(raw).date is None


def test_consecutive_two_digit_years_stay_a_financial_year() -> None:
    d = parse_deadline("19/20")
    assert (d.date.isoformat(), d.precision) == ("2020-03-31", "year")


# --- plan years: "Year 1", "Years 1-2", "Year 1 Q3", read from the document's own definition ---

PLAN_YEAR_DEFINITIONS: list[tuple[str, PlanYears | None]] = [
    ("Year 1 runs from April 2021 to March 2022, Year 2 from April 2022 to March 2023", PlanYears(2021, 4)),
    ("Year one: April 2021 – March 2022", PlanYears(2021, 4)),
    ("Year 1 (2021/22), Year 2 (2022/23) and Year 3 (2023/24)", PlanYears(2021, 4)),
    ("Year 1 runs from 1 April 2021.", PlanYears(2021, 4)),
    ("Year 1 is 2021-22.", PlanYears(2021, 4)),
    ("Year 1 = April 2021 to March 2022", PlanYears(2021, 4)),
    ("Year 2 (2022/23) builds on the first year", PlanYears(2021, 4)),
    ("Year 1 starts in September 2020", PlanYears(2020, 9)),
    ("Year 1 (2021)", PlanYears(2021, 1)),
    ("Year 1 - March 2022", None),  # a month alone may be its end: no definition
    ("Year 1 runs from April 2021 to March 2023", None),  # not one year
    ("Children in Year 1 (aged five and six) were surveyed", None),
    ("Year 1 (2021/22) ... Year 1 (2022/23)", None),  # definitions that disagree
    ("Three-Year Delivery Plan 2021-2024", None),
]


@pytest.mark.parametrize(("text", "years"), PLAN_YEAR_DEFINITIONS, ids=[c[0] for c in PLAN_YEAR_DEFINITIONS])
def test_plan_year_definition(text: str, years: PlanYears | None) -> None:
    assert plan_years(text) == years


PLAN_YEAR_DEADLINES = [
    ("Year 1", "2022-03-31", "year"),
    ("Year 2", "2023-03-31", "year"),
    ("Years 1-2", "2023-03-31", "year"),
    ("Years 2 - 3", "2024-03-31", "year"),
    ("End of Year 3", "2024-03-31", "year"),
    ("By the end of year two", "2023-03-31", "year"),
    ("Year 1 Q3", "2021-12-31", "quarter"),
    ("Year 1 Q4", "2022-03-31", "quarter"),
    ("Q2 of Year 2", "2022-09-30", "quarter"),
    ("Y2", "2023-03-31", "year"),
]


@pytest.mark.parametrize(("raw", "iso", "precision"), PLAN_YEAR_DEADLINES, ids=[c[0] for c in PLAN_YEAR_DEADLINES])
def test_plan_year_deadline_read_from_the_definition(raw: str, iso: str, precision: str) -> None:
    result = parse_deadline(raw, plan_years=PlanYears(2021, 4))
    assert (result.iso, result.precision, result.kind) == (iso, precision, "by")
    # where the document does not say when Year 1 starts, the deadline is relative to that start
    undated = parse_deadline(raw)
    assert (undated.iso, undated.precision, undated.kind) == ("", "", "relative")


def test_plan_years_leave_other_deadlines_alone() -> None:
    years = PlanYears(2021, 4)
    for raw in ("within 2 years 6 months", "Year 10", "March 2022", "2021/22", "Annually", "Ongoing", "Year end 2022"):
        assert parse_deadline(raw, plan_years=years) == parse_deadline(raw)
    assert parse_deadline("From Year 2", plan_years=years).kind == "from"
    # a calendar-year origin: Year 2 is 2022, its Q1 January to March 2022
    assert parse_deadline("Year 2 Q1", plan_years=PlanYears(2021, 1)).iso == "2022-03-31"


@pytest.mark.parametrize("raw", ["By next Board meeting", "By next Ofsted visit", "At the next Executive", "Next meeting"])
def test_next_event_is_relative_with_no_date(raw: str) -> None:
    # relative to an event to come, whose date the cell never gives (a reference date does not date it)
    for reference in (None, datetime.date(2020, 1, 20)):
        result = parse_deadline(raw, reference=reference)
        assert (result.iso, result.precision, result.kind) == ("", "", "relative")
    assert parse_deadline("Report to the next meeting in March 2020").iso == "2020-03-31"
