from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.model import Cell, Document, Paragraph, Table
from normalise.sources import find_legend, is_code, parse_legend_text, source_types, split_sources

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "gold"


def _gold(key: str) -> dict:
    return json.loads((GOLD / f"{key}.json").read_text(encoding="utf-8"))


def _table(rows: list[list[str]], header_rows: int = 1) -> Table:
    grid = [
        [Cell(paragraphs=[Paragraph(t) for t in text.split("\n") if t], row=r, col=c) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    return Table(grid=grid, header_rows=header_rows)


def _doc(*blocks: Paragraph | Table) -> Document:
    return Document(path="x.pdf", format="pdf", blocks=list(blocks))


# --- codes and legend lines --------------------------------------------------------------

@pytest.mark.parametrize("token", ["OR", "LR", "C&D", "PR", "CAMHS", "S47", "DfE", "A"])
def test_is_code(token: str) -> None:
    assert is_code(token)


@pytest.mark.parametrize("token", ["Ofsted", "Key", "Lead", "LEAD", "KEY", "para", "C&", "ABCDEF", "1A", "Toxic"])
def test_is_not_code(token: str) -> None:
    assert not is_code(token)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the shared leading qualifier distributes to the bare item (gold barnet-2017 legend)
        ("Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)",
         {"OR": "Ofsted recommendation", "OC": "Ofsted comment", "LR": "LSCB review"}),
        # the same header wrapped by PDF extraction
        ("Ofsted\nrecommendation (OR),\nComment (OC) or LSCB\nreview (LR)",
         {"OR": "Ofsted recommendation", "OC": "Ofsted comment", "LR": "LSCB review"}),
        # no qualifier to distribute when each item spells its own code
        ("Serious Case Review (SCR) / Peer Review (PR)", {"SCR": "Serious Case Review", "PR": "Peer Review"}),
        ("Source: Recommendation (R), Comment (C)", {"R": "Recommendation", "C": "Comment"}),
        ("C&D = Challenge and development day", {"C&D": "Challenge and development day"}),
        ("Source key\nC&D = Challenge and development day\nPR = Peer review\nLR = Laming review",
         {"C&D": "Challenge and development day", "PR": "Peer review", "LR": "Laming review"}),
        ("OR = Ofsted recommendation, AC = Area for consideration",
         {"OR": "Ofsted recommendation", "AC": "Area for consideration"}),
        ("Key: OR = Ofsted recommendation; AC = Area for consideration",
         {"OR": "Ofsted recommendation", "AC": "Area for consideration"}),
        ("CSE – child sexual exploitation", {"CSE": "child sexual exploitation"}),
        ("• CP- Child Protection", {"CP": "Child Protection"}),
        ("DV - Domestic Violence", {"DV": "Domestic Violence"}),
        ("LADO: Local Authority Designated Officer", {"LADO": "Local Authority Designated Officer"}),
        ("OR (Ofsted recommendation), SCR (serious case review)",
         {"OR": "Ofsted recommendation", "SCR": "serious case review"}),
        # a code defined inside a sentence keeps only the words that spell it
        ("The plan was agreed by the Lewisham Safeguarding Children Board (LSCB) in March",
         {"LSCB": "Lewisham Safeguarding Children Board"}),
        # a word code ("Ofsted") beside letter codes defined the same way, or in a labelled source key
        ("Ofsted = Ofsted inspection of children's services; SCR = serious case review; "
         "JTAI = joint targeted area inspection",
         {"Ofsted": "Ofsted inspection of children's services", "SCR": "serious case review",
          "JTAI": "joint targeted area inspection"}),
        ("Source key: Ofsted = Ofsted inspection report", {"Ofsted": "Ofsted inspection report"}),
        ("Sources: SCR = serious case review (Child F); PR = Peer review",
         {"SCR": "serious case review (Child F)", "PR": "Peer review"}),
        ("SCR = Serious Case Review", {"SCR": "Serious Case Review"}),
        ("SCR – Serious Case Review; JTAI – Joint Targeted Area Inspection",
         {"SCR": "Serious Case Review", "JTAI": "Joint Targeted Area Inspection"}),
        ("Key: SCR = Serious Case Review | SAR = Safeguarding Adults Review",
         {"SCR": "Serious Case Review", "SAR": "Safeguarding Adults Review"}),
        # not legends
        ("Green = Action completed; Amber = Action on track", {}),  # a RAG key: words alone
        ("Ofsted = Ofsted inspection", {}),  # a word with no source key around it
        ("E- Safety", {}),  # a hyphenated word broken by extraction
        ("Toxic Trio – Domestic Violence, Mental Health and Substance Misuse", {}),
        ("Lead: Stephen Kitchman/ Yasemin Aray", {}),
        ("Progress/RAG", {}),
        ("", {}),
    ],
)
def test_parse_legend_text(text: str, expected: dict[str, str]) -> None:
    assert parse_legend_text(text) == expected


# --- the document's key --------------------------------------------------------------------

BARNET_HEADER = [
    "Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)", "Improvement recommendations",
    "Action", "Milestones", "Lead", "Objective 4", "Progress/RAG",
]


def test_find_legend_from_column_header_matches_gold() -> None:
    doc = _doc(
        Paragraph("The Barnet Safeguarding Board Improvement Plan", heading_level=1),
        Paragraph("- FGM – number of referrals"),  # a scorecard line, not a definition
        _table([BARNET_HEADER, ["OC para 7 and LR", "Governance needs ...", "1. Implement", "1. May 2017", "LSCB Chair", "", ""]]),
    )
    assert find_legend(doc) == _gold("barnet-2017")["legend"]


def test_find_legend_from_source_key_list_matches_gold() -> None:
    doc = _doc(
        Paragraph("Improvement Plan 2009 - 2010"),
        Paragraph("- E- Safety"),
        Paragraph("Source key"),
        Paragraph("C&D = Challenge and development day"),
        Paragraph("PR = Peer review"),
        Paragraph("LR = Laming review"),
        _table([["Objectives", "Source", "Time Scale", "Outcomes", "Lead Officer working with development officer"],
                ["1. Ensure there is a clearer focus", "C&D", "September 2009", "1.1 An LSCB Business plan", "LSCB Chair"]]),
    )
    assert find_legend(doc) == _gold("kingston-2009")["legend"]


def test_key_of_leads_is_not_a_legend() -> None:
    # gold lewisham-2016: the initials table feeds `people`, its legend is empty
    doc = _doc(
        Paragraph("Key Leads and those responsible for actions:"),
        _table([["Job Title", "Current Post-Holder (as of date of Plan Submission)"],
                ["Director of Children's Social Care", "Stephen Kitchman (SK)"],
                ["Police", "TBC"],
                ["Service Manager Quality Assurance", "Eileen Collier (EC)"],
                ["Early Help Commissioner", "Jonathan Stevens (JS)"]]),
        Paragraph("RAG Ratings as follows;"),
        Paragraph("Green = Action Completed or no risks to action being completed on time"),
    )
    assert find_legend(doc) == _gold("lewisham-2016")["legend"] == {}


def test_key_to_leads_section_is_skipped_and_sources_heading_is_a_key() -> None:
    # "Role (INITIALS) – Name" lines define people; the "Sources" line defines codes
    doc = _doc(
        Paragraph("Key to leads", heading_level=2),
        Paragraph("Independent Chair (IC) – Maureen Floyd"),
        Paragraph("Head of Quality Assurance and Performance (HQA) – Priya Raman"),
        Paragraph("Designated Nurse for Safeguarding Children (DN) – Ellen Burke"),
        Paragraph("Sources", heading_level=2),
        Paragraph("OR = Ofsted recommendation, AC = Area for consideration"),
    )
    assert find_legend(doc) == {"OR": "Ofsted recommendation", "AC": "Area for consideration"}


def test_glossary_lines_are_found() -> None:
    doc = _doc(
        Paragraph("FINAL BUSINESS PLAN 2014-15"),
        Paragraph("GLOSSARY"),
        Paragraph("EIFSS – Early Intervention and Family Support Service"),
        Paragraph("MAP – Multi Agency Panel"),
        Paragraph("• CDOP – Child Death Overview Panel"),
        Paragraph("Toxic Trio – Domestic Violence, Mental Health and Substance Misuse"),
        Paragraph("• CP- Child Protection"),
    )
    assert find_legend(doc) == {
        "EIFSS": "Early Intervention and Family Support Service",
        "MAP": "Multi Agency Panel",
        "CDOP": "Child Death Overview Panel",
        "CP": "Child Protection",
    }


def test_source_key_heading_defines_word_codes() -> None:
    doc = _doc(
        Paragraph("RAG key", heading_level=2),
        Paragraph("Green = Action completed; Amber = Action on track; Red = Action overdue"),
        Paragraph("Source key", heading_level=2),
        Paragraph("Ofsted = Ofsted inspection of children's services"),
        Paragraph("JTAI = joint targeted area inspection"),
    )
    assert find_legend(doc) == {"Ofsted": "Ofsted inspection of children's services",
                                "JTAI": "joint targeted area inspection"}


def test_source_key_table_with_word_codes() -> None:
    doc = _doc(_table([["Source", "Meaning"], ["Ofsted", "Ofsted inspection 2019"], ["SCR", "Serious case review"],
                       ["JTAI", "Joint targeted area inspection"]]))
    assert find_legend(doc) == {"Ofsted": "Ofsted inspection 2019", "SCR": "Serious case review",
                                "JTAI": "Joint targeted area inspection"}


def test_key_table_with_code_and_meaning_columns() -> None:
    doc = _doc(
        _table([["Key", ""], ["OR", "Ofsted recommendation"], ["AC", "Area for consideration"], ["SR", "Self review"]]),
    )
    assert find_legend(doc) == {"OR": "Ofsted recommendation", "AC": "Area for consideration", "SR": "Self review"}


def test_source_key_wins_over_glossary() -> None:
    doc = _doc(
        Paragraph("Glossary"),
        Paragraph("LR – Looked after review"),
        Paragraph("PR – Parental responsibility"),
        Paragraph("Introduction to the plan and its purpose for partners."),
        Paragraph("Introduction continued with more detail for partners."),
        Paragraph("Source key: LR = Laming review, PR = Peer review"),
    )
    legend = find_legend(doc)
    assert legend["LR"] == "Laming review" and legend["PR"] == "Peer review"


def test_prose_acronyms_are_not_a_legend() -> None:
    doc = _doc(
        Paragraph("It should be noted that there is a range of current and planned improvement work through the "
                  "Lewisham Safeguarding Children Board (LSCB) Annual and Business plan."),
    )
    assert find_legend(doc) == {}


# --- splitting source cells ------------------------------------------------------------------

BARNET = {"OR": "Ofsted recommendation", "OC": "Ofsted comment", "LR": "LSCB review"}
KINGSTON = {"C&D": "Challenge and development day", "PR": "Peer review", "LR": "Laming review"}
HAMPSHIRE = {"Ofsted": "Ofsted inspection of children's services", "SCR": "serious case review",
             "JTAI": "joint targeted area inspection"}


@pytest.mark.parametrize(
    "raw, legend, expected",
    [
        ("OC para 11, para 16 and LR", BARNET, ["OC para 11", "OC para 16", "LR"]),
        ("OR 5 and LR 2,4", BARNET, ["OR 5", "LR 2", "LR 4"]),
        ("C&D PR LR", KINGSTON, ["C&D", "PR", "LR"]),
        ("OC para 7 and LR", BARNET, ["OC para 7", "LR"]),
        ("C&D\nPR", KINGSTON, ["C&D", "PR"]),
        ("C & D / PR", KINGSTON, ["C&D", "PR"]),
        # spacing repairs: "CODE detail"
        ("OC  para7", BARNET, ["OC para 7"]),
        ("OC para.7, LR2", BARNET, ["OC para 7", "LR 2"]),
        ("OR5 & 6", BARNET, ["OR 5", "OR 6"]),
        # a bare number borrows the word before it
        ("OC paras 11 and 16", BARNET, ["OC paras 11", "OC paras 16"]),
        ("Source: OR 3", BARNET, ["OR 3"]),
        # a code inside brackets is detail, not a new reference
        ("OR 3 (LR recommendations)", BARNET, ["OR 3 (LR recommendations)"]),
        ("OR 1; OR 1", BARNET, ["OR 1"]),
        # without a legend, capitalised short tokens are the codes
        ("OC para 11, para 16 and LR", {}, ["OC para 11", "OC para 16", "LR"]),
        ("C & D / PR", {}, ["C&D", "PR"]),
        ("Ofsted report para 5, LSCB review", {}, ["Ofsted report para 5", "LSCB review"]),
        ("Inspection report", {}, ["Inspection report"]),
        # a word code distributes over its details like a letter code, with or without a key
        ("Ofsted para 42, para 45", HAMPSHIRE, ["Ofsted para 42", "Ofsted para 45"]),
        ("Ofsted para 42, para 45", {}, ["Ofsted para 42", "Ofsted para 45"]),
        ("Ofsted paras 12 and 14", {}, ["Ofsted paras 12", "Ofsted paras 14"]),
        ("Ofsted para 33, JTAI para 25", HAMPSHIRE, ["Ofsted para 33", "JTAI para 25"]),
        ("JTAI para 22\nSCR Child F rec 4", HAMPSHIRE, ["JTAI para 22", "SCR Child F rec 4"]),
        ("SCR Child F rec 2; SCR Child G rec 1", {}, ["SCR Child F rec 2", "SCR Child G rec 1"]),
        ("SCR Child F rec 2, Child G rec 1", HAMPSHIRE, ["SCR Child F rec 2", "SCR Child G rec 1"]),
        ("SAR Adult B rec 1, 2 and 5", {}, ["SAR Adult B rec 1", "SAR Adult B rec 2", "SAR Adult B rec 5"]),
        ("JTAI paragraph 14 and paragraph 16", HAMPSHIRE, ["JTAI paragraph 14", "JTAI paragraph 16"]),
        ("JTAI 14, 16; SCR 3", HAMPSHIRE, ["JTAI 14", "JTAI 16", "SCR 3"]),
        # a code the key does not define starts its own reference
        ("Ofsted para 42, LSCB review", HAMPSHIRE, ["Ofsted para 42", "LSCB review"]),
        # a word followed by other words is no code
        ("Working Together 2018", {}, ["Working Together 2018"]),
        ("Ofsted report para 5", {}, ["Ofsted report para 5"]),
        ("", BARNET, []),
        ("-", BARNET, []),
        (None, BARNET, []),
    ],
)
def test_split_sources(raw: str | None, legend: dict[str, str], expected: list[str]) -> None:
    assert split_sources(raw, legend) == expected


def test_source_types_come_from_the_documents_own_key() -> None:
    # LR means different things in different plans
    assert source_types(["OR 5", "LR 2", "LR 4"], BARNET) == ["Ofsted recommendation", "LSCB review"]
    assert source_types(["C&D", "LR"], KINGSTON) == ["Challenge and development day", "Laming review"]
    assert source_types(["XY 3"], BARNET) == []
    assert source_types(["LR"], {}) == []


# The raw source cell of each section, in document order, as printed in the seeds
# (Barnet's first column, Kingston's "Source" column).
RAW_SOURCES = {
    "barnet-2017": [
        "OC para 7 and LR", "OC para 11, para 16 and LR", "OR 5 and LR 2,4", "OC para 24",
        "OC para 22", "OR 1", "OR 2 and LR", "OR 3", "OC para 14 and LR", "OC para 21",
        "OR 4", "OC para 12 and LR", "OC para 13 and LR para 8", "OC para 20 and LR",
    ],
    "kingston-2009": [
        "C&D", "C&D", "C&D", "C&D PR LR", "C&D\nPR", "C&D\nPR", "C&D LR", "PR", "PR LR", "PR",
        "PR", "PR LR", "PR", "PR", "PR", "LR",
    ],
}


def _sections(gold: dict) -> list[list[dict]]:
    groups: list[list[dict]] = []
    last = None
    for action in gold["actions"]:
        key = (action["section_ref"], action["section"])
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(action)
    return groups


@pytest.mark.parametrize("key", sorted(RAW_SOURCES))
@pytest.mark.parametrize("use_legend", [True, False])
def test_every_gold_action_sources(key: str, use_legend: bool) -> None:
    gold = _gold(key)
    legend = gold["legend"] if use_legend else {}
    sections = _sections(gold)
    assert len(sections) == len(RAW_SOURCES[key])
    checked = 0
    for raw, actions in zip(RAW_SOURCES[key], sections):
        refs = split_sources(raw, legend)
        types = source_types(refs, gold["legend"])
        for action in actions:
            assert refs == action["sources"], (raw, action["ref"])
            assert types == action["source_types"], (raw, action["ref"])
            checked += 1
    assert checked == len(gold["actions"])


# Croydon's source cell per action (one merged cell covers several actions).
CROYDON_RAW = [
    "OR 1", "OR 1", "OR 1", "OR 2", "OR 2", "OR 2, AC para 41", "OR 3", "OR 3",
    "AC para 28", "AC para 28", "AC para 33", "OR 4", "OR 4",
]


@pytest.mark.parametrize("use_legend", [True, False])
def test_every_croydon_gold_action_sources(use_legend: bool) -> None:
    gold = _gold("croydon-2019")
    assert len(gold["actions"]) == len(CROYDON_RAW)
    for raw, action in zip(CROYDON_RAW, gold["actions"]):
        refs = split_sources(raw, gold["legend"] if use_legend else {})
        assert refs == action["sources"], (raw, action["ref"])
        assert source_types(refs, gold["legend"]) == action["source_types"]


@pytest.mark.parametrize("key", ["lewisham-2016", "southwark-2012", "redbridge-2014"])
def test_plans_without_sources_have_none_in_gold(key: str) -> None:
    gold = _gold(key)
    assert all(a["sources"] == [] == a["source_types"] for a in gold["actions"])
    assert split_sources("", gold["legend"]) == []
