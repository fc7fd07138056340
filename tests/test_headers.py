"""Header cells -> fields: the assignment must not depend on the columns' order or the
headers' letter case (a council may lay the same plan out either way)."""
from __future__ import annotations

from itertools import permutations

import pytest

from ingest.headers import classify, map_header


def fields_by_text(cells: list[str]) -> dict[str, str]:
    hm = map_header(cells)
    return {cells[c]: f for c, f in hm.columns.items()}


# Invented header rows in which one header names two fields; each is given its field whatever
# the order of the columns.
@pytest.mark.parametrize("cells, expected", [
    # a progress column dated "to date" is the status; the target date is the deadline
    (["Ref", "Progress to date", "Action", "Target date", "Lead"],
     {"Ref": "ref", "Progress to date": "status", "Action": "action", "Target date": "due", "Lead": "lead"}),
    # a date in an update column's header does not outbid the deadline column
    (["Action", "Date of update", "Deadline", "Owner"],
     {"Action": "action", "Date of update": "status", "Deadline": "due", "Owner": "lead"}),
    # a passing mention of actions inside a long header loses to the action column's own header
    (["Proposed Action", "Performance measures/targets (to be developed in line with actions/outcomes)",
      "Lead", "Progress"],
     {"Proposed Action": "action",
      "Performance measures/targets (to be developed in line with actions/outcomes)": "measure",
      "Lead": "lead", "Progress": "status"}),
    (["Key tasks", "Evidence of impact on actions taken", "Accountable officer", "By when"],
     {"Key tasks": "action", "Evidence of impact on actions taken": "measure",
      "Accountable officer": "lead", "By when": "due"}),
    # a bare numbered group label in a header cell ("Objective 4") names one group, not the
    # column of sections
    (["Source", "Objective 4", "Improvement recommendations", "Action", "Milestones", "Lead"],
     {"Source": "source", "Improvement recommendations": "section", "Action": "action",
      "Milestones": "due", "Lead": "lead"}),
    # of a start and end pair the end is the deadline
    (["Action", "Lead", "Timescale Start", "Timescale End"],
     {"Action": "action", "Lead": "lead", "Timescale End": "due"}),
    # beside a progress column, a bare status column is the RAG
    (["Action", "Status", "Progress update", "Lead"],
     {"Action": "action", "Status": "rag", "Progress update": "status", "Lead": "lead"}),
    # a short column of recommendation numbers ("Rec": R1, R2) beside the recommendation's text
    # is the section's number; the action's own number keeps "Ref"
    (["Rec", "Recommendation (Ofsted, July 2019)", "Ref", "Action", "Action owner"],
     {"Rec": "section_ref", "Recommendation (Ofsted, July 2019)": "section", "Ref": "ref", "Action": "action",
      "Action owner": "lead"}),
    (["Objective no.", "Objective", "No.", "Action", "Lead"],
     {"Objective no.": "section_ref", "Objective": "section", "No.": "ref", "Action": "action", "Lead": "lead"}),
])
def test_each_field_goes_to_the_header_naming_it_best_in_any_column_order(cells, expected):
    for order in permutations(range(len(cells))):
        shuffled = [cells[i] for i in order]
        assert fields_by_text(shuffled) == expected, shuffled


@pytest.mark.parametrize("text, field", [
    ("Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)", "source"),
    ("Source", "source"), ("Progress update", "status"), ("Target date", "due"), ("Lead officer", "lead"),
    ("Proposed action", "action"), ("Area for development", "section"), ("RAG", "rag"), ("Ref", "ref"),
    ("How we will know", "measure"), ("Intended outcome", "outcome"),
    ("Rec", "section_ref"), ("Rec no.", "section_ref"), ("Recommendation number", "section_ref"),
])
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_header_words_are_read_in_any_letter_case(text, field, case):
    assert classify(case(text)) == field


@pytest.mark.parametrize("text, field", [
    # a legend of codes in brackets is the source column however it is cased...
    ("ofsted recommendation (or), comment (oc) or lscb review (lr)", "source"),
    # ...but brackets that explain a lead header are no legend
    ("Lead officer(s) (name)", "lead"),
    ("who (name) (role)", "lead"),
])
def test_bracketed_codes_make_a_source_header_only_as_a_legend(text, field):
    assert classify(text) == field


def test_a_second_action_like_column_without_a_better_field_is_the_outcome():
    hm = map_header(["Actions", "Planned actions", "Lead", "By when"])
    assert (hm.col("action"), hm.col("outcome")) == (0, 1)


@pytest.mark.parametrize("text", ["By", "Completion by", "To be completed by", "Done by", "Delivered by"])
def test_a_column_headed_by_the_preposition_by_is_the_deadline(text):
    # "Ref | Action | Lead | By | Status", "Completion by": the date an action is to be done by
    assert classify(text) == "due"


@pytest.mark.parametrize("text", ["Inspection ref", "Ofsted ref", "Report reference", "Review ref", "Audit para"])
def test_the_references_of_the_report_an_action_answers_are_its_source(text):
    # a tracker's "No. | Inspection ref | Action | …": "ILACS 2; JTAI 1" are the action's sources,
    # the action's own number is "No."
    hm = map_header(["No.", text, "Action", "Lead", "End date"])
    assert (hm.col("ref"), hm.col("source"), hm.col("due")) == (0, 1, 4)


@pytest.mark.parametrize("text, field", [
    # "Issue | Response | Owner | Target": the response is what will be done
    ("Response", "action"), ("Our response", "action"), ("Management response", "action"),
    ("Response to date", "status"),
    ("Resp.", "lead"),
    ("Red/Amber/Green", "rag"), ("Overall RAG", "rag"), ("Current RAG rating", "rag"),
    ("Para ref", "source"),
])
def test_more_header_synonyms(text, field):
    assert classify(text) == field


def test_what_we_will_do_is_the_action_beside_how_we_will_do_it():
    # "What we will do | How we will do it | Who | When": the what is the action, whatever the order
    cells = ["What we will do", "How we will do it", "Who", "When"]
    for order in permutations(range(len(cells))):
        shuffled = [cells[i] for i in order]
        assert fields_by_text(shuffled)["What we will do"] == "action", shuffled
