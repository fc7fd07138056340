from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.model import Cell, Document, Paragraph, Table
from normalise.dates import PlanPeriod
from normalise.metadata import PlanMeta, gazetteer, parse_plan_date, plan_metadata

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "gold"


def _doc(lines: list[str | Paragraph]) -> Document:
    blocks = [p if isinstance(p, Paragraph) else Paragraph(p) for p in lines]
    return Document(path="plan.pdf", format="pdf", blocks=blocks)


# Opening lines of the five seed plans as a PDF extraction gives them: plain paragraphs,
# no heading styles (long prose lines shortened).
SEED_OPENINGS = {
    "lewisham-2016": [
        "Lewisham Safeguarding Children Board",
        "Post-Ofsted Inspection Improvement Plan",
        "March 2016",
        "Introduction",
        "This plan is in response to the report by Ofsted following the inspection which 'reviewed the "
        "effectiveness of the Local Safeguarding Children Board' between the 26 October 2015 – 20 November 2015.",
        "All board members from across the partnership have been provided the opportunity to input into and "
        "develop the improvement plan.",
        "The report published on the 20th January 2016 gave the following judgements;",
        "The Local Safeguarding Children Board requires improvement",
        "This Improvement Plan was submitted to Ofsted in March 2016.",
        "Governance",
        "The Lewisham Safeguarding Children Board Main Board will govern this Improvement Plan, many of the "
        "improvement areas are closely related to the LSCB Annual Plan, Business Plan and the CYP Plan 2015-18",
        "Structure",
        "Ofsted identified four areas for improvement. The table overleaf outlines these together with a named "
        "accountable lead for each, with clear timelines for each priority area.",
    ],
    "southwark-2012": [
        "APPENDIX 1",
        "Safeguarding and Looked After Children Inspection Action Plan",
        "SUMMARY",
        "Recommendations from the inspection can broadly be categorised as follows:",
        "Stand alone Strategic Signi ficance",
        "ensure arrangements for proceeding from child Social work ensure that social care fully implement "
        "their duties in seeking orders to protect",
        "protection enquiries to initial conference are compliant reform/early children, limiting the exercise",
        "with statutory guidance. This includes the revision of help circumstances, where there is an imminent threat",
        "current policy and communicating changes effectively to",
        "partner agencies ensure thresholds for early help and targeted child in need services are clear,",
        "agreed and effectively communicated across partner agencies in the area",
        "Southwark NHS Primary Care Trust, Guy's and St",
        "Thomas' Foundation Hospital and Kings College ensure the social care arrangements for receiving and handling",
        "Hospital NHS Foundation Trust to ensure robust referrals avoid repetition by, or unnecessary duplication of",
        "arrangements are in place to identify and communicate referrers",
    ],
    "barnet-2017": [
        "The Barnet Safeguarding Board Improvement Plan",
        "The purpose of the Improvement Plan is to ensure that the Barnet Safeguarding Board is able to "
        "demonstrate how it is effectively delivering its statutory duties as a safeguarding partnership.",
        "The Plan is currently in draft for two reasons. Firstly we need to consult with core partners on the "
        "breadth and depth of the response to the Ofsted report and LSCB review.",
        "The Plan (Annex 1) will serve as a framework to drive forward the strategic leadership of multiagency "
        "safeguarding activities.",
        "The fundamental objectives of this Improvement Plan are:",
        "- Leadership, management and governance arrangements will deliver strong, strategic local leadership "
        "that measurably improves outcomes for vulnerable children.",
        "- Professional relationships between the partner organisations will mature and develop so that partners "
        "are able to hold each other to account.",
        "- Effective and continuous learning improves professional practice.",
        "The Plan responds directly to the improvement recommendations in the Ofsted report and in the LSCB "
        "review. As a consequence by June 2018 the BSCB will be recognised as being effective.",
        "Measuring our success",
        "Robust performance management is at the heart of any drive to secure continuous improvement.",
    ],
    "kingston-2009": [
        "The Royal Borough of Kingston upon Thames",
        "Local Safeguarding Children's Board",
        "Improvement Plan 2009 - 2010",
        "Kingston LSCB Improvement Plan 2009-2010",
        "1 Introduction",
        "This Improvement plan should be read in conjunction with the *Annual Report on Arrangements for "
        "Safeguarding Children and Young People*, June 2009.",
        "The Kingston LSCB was established by statute in April 2006 with a clear remit to coordinate, and ensure "
        "the effectiveness of, action by partner agencies.",
        "The following agencies are represented on the LSCB which meets four times a year:",
        "- Learning and Children's Services",
        "- Housing",
        "- Legal Services",
        "- Kingston Primary Care Trust",
        "- Kingston Hospital Trust",
        "- SW London and St Georges Mental Health Trust",
        "- Connexions",
    ],
    "redbridge-2014": [
        "FINAL BUSINESS PLAN 2014-15",
        "This is the Business Plan for Redbridge Local Safeguarding Children's Board to cover the period between "
        "2014-2015. The plan summarises our key objectives and how these will be achieved.",
        "Key Safeguarding Risk Areas identified in this Plan have been identified in consultation with partners, "
        "service users and informed by research as follows:-",
        "- Child Sexual Exploitation (CSE)",
        "- Missing From Home and Care",
        "- SEN and Disabilities",
        "- Neglect",
        "- Toxic Trio: Mental Health, alcohol/substance misuse, domestic violence",
        "- Female Genital Mutilation",
        "Other key areas are:-",
        "- Views of Children, Young People and their families",
        "- Multi-agency working",
        "GLOSSARY",
        "EIFSS – Early Intervention and Family Support Service",
    ],
}


def _gold(key: str) -> dict:
    return json.loads((GOLD / f"{key}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(SEED_OPENINGS))
def test_seed_title_and_authority_match_gold(key: str) -> None:
    gold = _gold(key)
    meta = plan_metadata(_doc(SEED_OPENINGS[key]))
    assert meta.authority == gold["authority"]
    assert meta.plan_title == gold["plan_title"]


@pytest.mark.parametrize("key", ["southwark-2012", "barnet-2017", "kingston-2009", "redbridge-2014"])
def test_seed_plans_without_a_dated_title_have_no_date(key: str) -> None:
    # "2009 - 2010" and "2014-15" are periods, and dates inside sentences do not count
    assert plan_metadata(_doc(SEED_OPENINGS[key])).plan_date is None


def test_date_line_under_the_title() -> None:
    # gold lewisham-2016 leaves plan_date empty; the brief asks for the printed "March 2016"
    assert plan_metadata(_doc(SEED_OPENINGS["lewisham-2016"])).plan_date == "2016-03-31"


def test_headings_are_used_when_present() -> None:
    lines = [
        Paragraph("Lewisham Safeguarding Children Board", heading_level=1),
        Paragraph("Contents"),
        Paragraph("This Business Plan sets out how we will work.", bold=False),
        Paragraph("Post-Ofsted Inspection Improvement Plan", heading_level=1),
    ]
    assert plan_metadata(_doc(lines)).plan_title == "Post-Ofsted Inspection Improvement Plan"


@pytest.mark.parametrize(
    "lines, expected",
    [
        (
            ["Royal Borough of Greenwich Safeguarding Children Partnership — Annual Business Plan 2019-20",
             "Contents", "1. Foreword from the Independent Chair"],
            PlanMeta("Greenwich", "Annual Business Plan 2019-20", None, PlanPeriod(2019, 2020, True)),
        ),
        (
            ["Leeds Safeguarding Adults Board Strategic Plan", "2018 - 2021",
             "Leeds Teaching Hospitals NHS Trust and Leeds City Council work together to keep adults safe."],
            PlanMeta("Leeds", "Leeds Safeguarding Adults Board Strategic Plan", None, PlanPeriod(2018, 2021, False)),
        ),
        (
            ["Kent County Council", "Kent Safeguarding Children Multi-Agency Partnership",
             "Business Plan 2020-2022", "Published: April 2020", "Foreword"],
            PlanMeta("Kent", "Business Plan 2020-2022", "2020-04-30", PlanPeriod(2020, 2022, False)),
        ),
        (
            ["City of York Safeguarding Children Board", "Improvement Plan following the Ofsted review",
             "Date: 12th January 2015"],
            PlanMeta("York", "Improvement Plan following the Ofsted review", "2015-01-12", None),
        ),
        (
            ["Hull Safeguarding Children Partnership", "Kingston upon Hull City Council",
             "Neglect Strategy 2021-2024", "Version 3 – 01/06/2021"],
            PlanMeta("Hull", "Neglect Strategy 2021-2024", "2021-06-01", PlanPeriod(2021, 2024, False)),
        ),
        (
            ["APPENDIX A", "Durham Local Safeguarding Children Board", "Ofsted Inspection Action Plan",
             "The action plan was drafted with partners in Sheffield Children's NHS Foundation Trust."],
            PlanMeta("Durham", "Ofsted Inspection Action Plan", None),
        ),
        (
            ["London Borough of Tower Hamlets", "Children's Services Improvement Plan: Ofsted 2017",
             "Reading this plan, partners in Sutton Coldfield and Bury St Edmunds will see"],
            PlanMeta("Tower Hamlets", "Children's Services Improvement Plan: Ofsted 2017", None, PlanPeriod(2017, 2017, False)),
        ),
        (
            ["STOKE-ON-TRENT SAFEGUARDING CHILDREN BOARD", "BUSINESS PLAN 2015-16"],
            PlanMeta("Stoke-on-Trent", "BUSINESS PLAN 2015-16", None, PlanPeriod(2015, 2016, True)),
        ),
        (
            ["Brighton & Hove LSCB", "Annual Business Plan", "April 2016 – March 2017"],
            PlanMeta("Brighton and Hove", "Annual Business Plan", None, PlanPeriod(2016, 2017, True)),
        ),
        (
            ["Hart District Council", "Community Safety Partnership Plan 2019",
             "John Preston, Chair"],
            PlanMeta("Hart", "Community Safety Partnership Plan 2019", None, PlanPeriod(2019, 2019, False)),
        ),
        (
            ["Bath and North East Somerset Local Safeguarding Children Board", "Business Plan 2017 - 2020"],
            PlanMeta("Bath and North East Somerset", "Business Plan 2017 - 2020", None, PlanPeriod(2017, 2020, False)),
        ),
        (
            ["Herts Safeguarding Children Partnership", "Joint Working Protocol and Delivery Plan",
             "Surrey and Borders Partnership NHS Foundation Trust is a partner."],
            PlanMeta("Hertfordshire", "Joint Working Protocol and Delivery Plan", None),
        ),
    ],
)
def test_invented_title_pages(lines: list[str], expected: PlanMeta) -> None:
    assert plan_metadata(_doc(lines)) == expected


def test_croydon_title_page_matches_gold() -> None:
    # the Word fixture's opening: styled title lines, then a version line with a month
    gold = _gold("croydon-2019")
    lines = [
        Paragraph("Croydon Safeguarding Children Board", style="Title"),
        Paragraph("Improvement Plan following the Ofsted Review of the LSCB", style="Subtitle"),
        Paragraph("Version 3 – January 2019", bold=True),
        Paragraph("Approved by the Board on 17th January 2019"),
        Paragraph("Introduction", heading_level=1),
    ]
    meta = plan_metadata(_doc(lines))
    assert (meta.authority, meta.plan_title) == (gold["authority"], gold["plan_title"])
    # gold leaves plan_date empty; the printed "January 2019" under the title is reported
    assert meta.plan_date == "2019-01-31"


def test_title_split_over_two_heading_lines() -> None:
    lines = [
        Paragraph("Appendix 2", bold=True),
        Paragraph("Safeguarding and Looked After Children", heading_level=1),
        Paragraph("Inspection Action Plan", heading_level=1),
    ]
    assert plan_metadata(_doc(lines)).plan_title == "Safeguarding and Looked After Children Inspection Action Plan"


def test_title_page_in_a_table_cell() -> None:
    cover = Table(grid=[[Cell(paragraphs=[Paragraph("Wirral Safeguarding Children Partnership"),
                                          Paragraph("Multi-Agency Neglect Strategy")])]])
    doc = Document(path="x.docx", format="docx", blocks=[cover, Paragraph("Introduction")])
    meta = plan_metadata(doc)
    assert (meta.authority, meta.plan_title) == ("Wirral", "Multi-Agency Neglect Strategy")


def test_health_bodies_count_less_than_the_board() -> None:
    doc = _doc([
        "Rotherham Local Safeguarding Children Board — Action Plan",
        "Sheffield Teaching Hospitals NHS Foundation Trust will lead on health actions.",
        "Sheffield Teaching Hospitals NHS Foundation Trust reports quarterly.",
        "NHS Sheffield Clinical Commissioning Group funds the post.",
    ])
    assert plan_metadata(doc).authority == "Rotherham"


def test_authority_found_by_frequency_when_title_page_has_none() -> None:
    doc = _doc(["Improvement Plan", "Introduction"] + ["Introductory text about our partnership."] * 20
               + ["Salford City Council will report to Salford Safeguarding Children Partnership."])
    assert plan_metadata(doc).authority == "Salford"


def test_no_authority_and_no_title() -> None:
    meta = plan_metadata(_doc(["Introduction", "We will work with partners across the area."]))
    assert meta == PlanMeta("", "", None)


def test_unknown_place_falls_back_to_board_name() -> None:
    assert plan_metadata(_doc(["Atlantis Safeguarding Children Board", "Business Plan"])).authority == "Atlantis"


def test_gazetteer_covers_london_and_metropolitan_boroughs() -> None:
    names = set(gazetteer().authorities)
    london = {
        "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
        "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
        "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham",
        "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
        "Waltham Forest", "Wandsworth", "Westminster", "City of London",
    }
    metropolitan = {
        "Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford",
        "Wigan", "Knowsley", "Liverpool", "St Helens", "Sefton", "Wirral", "Barnsley", "Doncaster", "Rotherham",
        "Sheffield", "Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland",
        "Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton", "Bradford",
        "Calderdale", "Kirklees", "Leeds", "Wakefield",
    }
    assert london <= names and metropolitan <= names
    assert {"Kent", "Essex", "Hull", "York", "Durham", "Cheshire East", "Isle of Wight"} <= names
    assert len(names) > 300


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 2016", "2016-03-31"),
        ("28 th February 2016", "2016-02-28"),
        ("Updated: 3rd Sept 2018", "2018-09-03"),
        ("01/06/2021", "2021-06-01"),
        ("February 2015 (final)", "2015-02-28"),
        ("2014-15", None),
        ("This Improvement Plan was submitted to Ofsted in March 2016.", None),
        ("31 February 2016", None),
    ],
)
def test_parse_plan_date(text: str, expected: str | None) -> None:
    assert parse_plan_date(text) == expected


def test_action_log_title_is_the_title_not_the_boards_name() -> None:
    # A log of actions is titled like a plan: "… Action Log 2020-21" under the board's name.
    doc = _doc([
        Paragraph("Trafford Strategic Safeguarding Partnership", bold=True),
        Paragraph("Multi-agency Action Log 2020-21", style="Title"),
        Paragraph("Position at 13 November 2020", bold=True),
    ])
    assert plan_metadata(doc).plan_title == "Multi-agency Action Log 2020-21"
    plain = _doc(["Leicester Safeguarding Adults Board", "Board Action Log 2019-20",
                  "Actions agreed at Board meetings, with the date each was raised, its owner and its deadline."])
    assert plan_metadata(plain).plan_title == "Board Action Log 2019-20"


def test_title_year_range_broken_after_its_dash_is_rejoined() -> None:
    # A PDF title wrapped after "2020-" reads "2020- 21"; a spaced range "2020 - 2021" stays as printed.
    doc = _doc([Paragraph("Essex Safeguarding Adults Board", bold=True),
                Paragraph("Strategic Plan Delivery Tracker 2020- 21", bold=True)])
    assert plan_metadata(doc).plan_title == "Strategic Plan Delivery Tracker 2020-21"
    spaced = _doc([Paragraph("Business Plan 2020 - 2021", bold=True)])
    assert plan_metadata(spaced).plan_title == "Business Plan 2020 - 2021"


def test_plan_years_defined_in_the_introduction() -> None:
    # a definition over two PDF lines of one paragraph; a table cell "Year 1 - March 2022" defines nothing
    from normalise.dates import PlanYears

    doc = _doc(["Kent Safeguarding Children Multi-Agency Partnership", "Three-Year Delivery Plan 2021-2024",
                "Each action shows the plan year by which it will be complete. Year 1 runs from April\n"
                "2021 to March 2022, Year 2 from April 2022 to March 2023."])
    assert plan_metadata(doc).plan_years == PlanYears(2021, 4)
    assert plan_metadata(_doc(["Three-Year Delivery Plan 2021-2024", "The plan runs for three years."])).plan_years is None
