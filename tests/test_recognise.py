"""The recogniser on small Word documents in layouts the seed plans don't show.

Each document is built here with invented content, so each test states its own truth."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.docx import extract_docx
from fixtures.docxkit import Bullets, C, DocBuilder, Numbered
from ingest.headers import classify, map_header
from ingest.recognise import parse_group_label, recognise


def actions_of(builder: DocBuilder, tmp_path: Path):
    path = tmp_path / "plan.docx"
    builder.save(path)
    return recognise(extract_docx(path))[0]


@pytest.mark.parametrize("text, field", [
    ("Actions", "action"), ("Proposed action", "action"), ("What we will do", "action"),
    ("Lead officer", "lead"), ("By whom", "lead"), ("Owner", "lead"), ("Responsible", "lead"),
    ("By when", "due"), ("Milestones", "due"), ("Time scale", "due"), ("Target date", "due"), ("Deadline", "due"),
    ("RAG", "rag"), ("Progress update", "status"), ("Status", "status"),
    ("REF", "ref"), ("No.", "ref"),
    ("Source", "source"), ("Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)", "source"),
    ("Area for development", "section"), ("Recommendation", "section"),
    ("Intended outcome", "outcome"), ("Performance measures", "measure"),
    ("What are we going to do?", "action"), ("Key deliverables", "action"),
    ("What difference will it make?", "outcome"), ("How will we know?", "measure"),
    ("Led by", "lead"), ("Commentary", "status"), ("Current position", "status"),
    ("Job Title", None),
    # a SMART plan's headings, with or without their questions; a project plan's
    ("SPECIFIC\nWhat will we do?", "action"), ("ACHIEVABLE\nWho will do it?", "lead"),
    ("TIME-BOUND\nBy when?", "due"), ("Time-bound", "due"), ("Measurable", "measure"), ("Specific", "action"),
    ("Relevant", None), ("Finish", "due"), ("End date", "due"), ("Start", None), ("% complete", "status"),
    ("Expected completion", "due"), ("BRAG", "rag"), ("RAG rating (R/A/G)", "rag"), ("By who", "lead"),
    ("Agency", "lead"), ("Evidence of completion", "measure"), ("Workstream", "section"), ("Strand", "section"),
])
def test_header_synonyms(text, field):
    assert classify(text) == field


@pytest.mark.parametrize("text", ["Time-\nscale", "Time- scale", "Time-scale", "Dead-\nline"])
def test_header_words_broken_over_lines_are_read_whole(text):
    assert classify(text) == "due"


def test_a_hyphen_before_a_capital_is_not_a_broken_word():
    assert classify("Start-\nEnd") is None


def test_start_and_end_dates_take_the_end():
    hm = map_header(["Action", "Lead", "Timescale Start", "Timescale End"])
    assert hm.col("due") == 3


@pytest.mark.parametrize("text, expected", [
    ("Objective 1:", ("Objective 1", "")),
    ("Priority 1.2: To monitor new services", ("1.2", "To monitor new services")),
    ("Strategic Theme 3: Continue to develop", ("3", "Continue to develop")),
    ("2.4 To scrutinise safeguarding", ("2.4", "To scrutinise safeguarding")),
    ("Looked After Children", ("", "Looked After Children")),
])
def test_group_labels(text, expected):
    assert parse_group_label(text) == expected


def test_numbered_actions_align_with_numbered_milestones_including_gaps(tmp_path):
    d = DocBuilder()
    d.table(["Source", "Action", "Milestones", "Lead"], [
        [C("Objective 2", span=4)],
        ["AC 3", Numbered(["Write the strategy", "Consult partners", "Publish the strategy"]),
         [Numbered(["June 19"]), Numbered(["Sept 19"], start=3)], "Head of Service"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.due_raw) for a in acts] == [
        ("1", "Write the strategy", "June 19"), ("2", "Consult partners", ""), ("3", "Publish the strategy", "Sept 19")]
    assert {a.section_ref for a in acts} == {"Objective 2"}
    assert {a.lead_raw for a in acts} == {"Head of Service"}
    assert {a.source_raw for a in acts} == {"AC 3"}


def test_bulleted_actions_with_bulleted_dates_split_by_position(tmp_path):
    d = DocBuilder()
    d.table(["Recommendation", "Actions", "Timescale", "Lead"], [
        ["Improve audit", Bullets(["Agree an audit plan", "Run two audits", "Report to the board"]),
         Bullets(["March 2020", "June 2020", "Sept 2020"]), "Audit Chair"],
        ["Improve training", Bullets(["Refresh the course", "Evaluate it"]), "Dec 2020", "Training Lead"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.due_raw) for a in acts[:3]] == [
        ("Agree an audit plan", "March 2020"), ("Run two audits", "June 2020"), ("Report to the board", "Sept 2020")]
    # without a parallel bulleted date list, the bullets stay one action
    assert acts[3].action == "Refresh the course Evaluate it" and acts[3].due_raw == "Dec 2020"


def test_key_value_table_per_action_under_recommendation_headings(tmp_path):
    d = DocBuilder()
    d.heading("Recommendation 3: Strengthen the front door", 2)
    d.table([], [["Action", "Review MASH thresholds with partners"], ["Lead", "Head of MASH"],
                 ["Deadline", "Q3 2019/20"], ["Status", "On track"]], header_fill=None)
    acts = actions_of(d, tmp_path)
    assert len(acts) == 1
    a = acts[0]
    assert (a.action, a.lead_raw, a.due_raw, a.status_raw, a.section_ref) == (
        "Review MASH thresholds with partners", "Head of MASH", "Q3 2019/20", "On track", "3")


def test_numbered_paragraph_actions_with_labelled_lines(tmp_path):
    d = DocBuilder()
    d.heading("Recommendation 2: Improve supervision", 2)
    d.para("2.1 Introduce monthly reflective supervision for all social workers")
    d.para("Lead: Principal Social Worker")
    d.para("Timescale: March 2020")
    d.para("2.2 Audit supervision records quarterly (Lead: Head of Quality Assurance; Deadline: June 2020)")
    d.para("A closing paragraph that is not an action.")
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.lead_raw, a.due_raw, a.section_ref) for a in acts] == [
        ("2.1", "Introduce monthly reflective supervision for all social workers", "Principal Social Worker", "March 2020", "2"),
        ("2.2", "Audit supervision records quarterly", "Head of Quality Assurance", "June 2020", "2"),
    ]


def test_plain_numbered_list_is_not_mistaken_for_actions(tmp_path):
    d = DocBuilder()
    d.para("The board agreed three priorities:")
    d.list(["Neglect", "Exploitation", "Early help"])
    assert actions_of(d, tmp_path) == []


def test_summary_and_key_tables_give_no_actions(tmp_path):
    d = DocBuilder()
    d.table(["Job Title", "Post-holder"], [["Director of Children's Services", "Ann Smith (AS)"]])
    d.table(["Recommendation", "Lead", "Linked plan"], [["1. Review thresholds", "AS", "Business plan"]])
    d.table(["RAG", "Meaning"], [["Green", "On track"], ["Red", "Off track"]])
    assert actions_of(d, tmp_path) == []


def test_two_row_header_and_merged_recommendation(tmp_path):
    d = DocBuilder()
    d.table([["Recommendation", "Action", "Owner", C("Timescale", span=2)],
             ["", "", "", "Start", "End"]], [
        [C("R1 Improve the quality of plans", vspan=2), "Audit twenty plans", "QA Manager", "April 2019", "July 2019"],
        ["Train managers on plans", "Workforce Lead", "May 2019", "Sept 2019"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("Audit twenty plans", "QA Manager", "July 2019"), ("Train managers on plans", "Workforce Lead", "Sept 2019")]
    assert {a.section for a in acts} == {"R1 Improve the quality of plans"}


def test_status_fill_is_carried_for_rag(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "RAG"], [["Publish the plan", "Board Manager", C("", fill="FF0000")],
                                        ["Recruit a chair", "Board Manager", C("", fill="00B050")]])
    acts = actions_of(d, tmp_path)
    assert [a.status_fill for a in acts] == ["FF0000", "00B050"]


def test_labelled_lines_run_together_by_extraction():
    from ingest.recognise import _split_inline_fields

    body, fields = _split_inline_fields(
        "Audit thirty referrals each quarter. Lead: Head of Quality Assurance Timescale: Q4 2017/18 "
        "Measure of success: Findings reported to the board")
    assert body == "Audit thirty referrals each quarter."
    assert fields == [("lead", "Head of Quality Assurance"), ("due", "Q4 2017/18"),
                      ("measure", "Findings reported to the board")]


def test_headerless_table_continues_the_action_table_before_it(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "By when"], [["Publish the annual report", "Board Manager", "Sept 2019"]])
    d.page_break()
    d.table([], [["Refresh the website", "Comms Officer", "Dec 2019"]], header_fill=None)
    d.table([], [["A note", "in a table of another width"]], header_fill=None)
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("Publish the annual report", "Board Manager", "Sept 2019"), ("Refresh the website", "Comms Officer", "Dec 2019")]


def test_quarter_timeline_marks_give_the_last_quarter_marked(tmp_path):
    d = DocBuilder()
    d.table([[C("Action", vspan=2), C("Lead", vspan=2), C("Timeline 2021/22", span=4)], ["Q1", "Q2", "Q3", "Q4"]], [
        ["Launch the neglect strategy", "Head of Early Help", "X", "", "", ""],
        ["Train practitioners in the toolkit", "Training Officer", "x", "X", "X", ""],
        ["Audit child in need plans", "QA Subgroup", "", C("", fill="8EAADB"), C("", fill="8EAADB"), ""],
        ["Run a campaign for parents", "Business Manager", "", "", "", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.due_raw for a in acts] == ["Q1 2021/22", "Q3 2021/22", "Q3 2021/22", ""]
    assert [a.lead_raw for a in acts][0] == "Head of Early Help"


def test_unticked_boxes_and_dashes_in_a_timeline_are_not_marks(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "Q1 2019", "Q2 2019", "Q3 2019"], [
        ["Write the strategy", "Chair", "☒", "☐", "☐"],
        ["Publish the strategy", "Chair", "-", "✓", "☐"],
        ["Review the strategy", "Chair", "☐", "☐", "☐"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.due_raw for a in acts] == ["Q1 2019", "Q2 2019", ""]


def test_quarter_labels_carrying_their_year_and_a_deadline_column_beside_them(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "Deadline", "Q1 2019", "Q2 2019"], [
        ["Write the strategy", "Chair", "", "X", ""],
        ["Publish the strategy", "Chair", "May 2019", "", "✓"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.due_raw for a in acts] == ["Q1 2019", "May 2019"]


def test_quarterly_progress_columns_are_not_a_timeline(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "Q1 update", "Q2 update"], [
        ["Write the strategy", "Chair", "Draft out for consultation", "Agreed by the Board"],
        ["Publish the strategy", "Chair", "Not started", "Published on the website"],
    ])
    acts = actions_of(d, tmp_path)
    assert len(acts) == 2 and all(a.due_raw == "" for a in acts)


def test_a_numbered_group_row_above_the_header_is_not_replaced_by_a_note_row(tmp_path):
    d = DocBuilder()
    d.table([[C("Priority 2: Neglect", span=3)], [C("Why this matters: plans drift", span=3)],
             ["Action", "Lead", "By when"]],
            [["Audit child in need plans", "QA Subgroup", "May 2019"]])
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.section) for a in acts] == [("2", "Neglect")]


def _grid_doc(rows: list[list[str]], pages: list[int] | None = None):
    """A document of one table as a PDF extraction may give it: one paragraph per line."""
    from extractors.model import Cell, Document, Paragraph, Table

    grid = []
    for r, row in enumerate(rows):
        page = pages[r] if pages else 1
        grid.append([Cell([Paragraph(line, page=page) for line in text.split("\n") if line], row=r, col=c, page=page)
                     for c, text in enumerate(row)])
    return Document(path="plan.pdf", format="pdf", blocks=[Table(grid=grid, pages=sorted(set(pages or [1])), header_rows=1)])


def test_a_repeated_header_carrying_the_end_of_the_row_above_gives_it_back():
    doc = _grid_doc([
        ["Ref", "Action", "Lead", "Deadline"],
        ["4.1", "Publish the framework", "Business Manager", "Nov 2019"],
        ["4.2", "Audit strategy discussions", "Chair, QA Sub-group and Designated", "Feb 2020"],
        ["Ref", "Action", "Lead\nNurse, Salford CCG", "Deadline"],
        ["4.3", "Present the dashboard", "Head of Performance", "Jan 2020"],
    ], pages=[1, 1, 1, 2, 2])
    acts = recognise(doc)[0]
    assert [a.ref for a in acts] == ["4.1", "4.2", "4.3"]
    assert acts[1].lead_raw == "Chair, QA Sub-group and Designated Nurse, Salford CCG"


def test_a_row_holding_only_the_rest_of_an_action_cut_mid_phrase_joins_it():
    doc = _grid_doc([
        ["Ref", "Action", "Lead", "Deadline"],
        ["3.4", "Report on children missing from education to the", "Head of Education Welfare", "Quarterly"],
        ["", "Partnership's exploitation sub-group", "", ""],
        ["3.5", "Publish the annual report", "Business Manager", "Annually"],
        ["", "MONITORING AND IMPACT", "", ""],
    ])
    acts = recognise(doc)[0]
    assert [a.action for a in acts][:2] == [
        "Report on children missing from education to the Partnership's exploitation sub-group",
        "Publish the annual report"]


def test_month_timeline_gives_the_last_month_marked_in_the_financial_year_above(tmp_path):
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    d = DocBuilder()
    d.table([[C("Action", vspan=2), C("Lead", vspan=2), C("Timeline 2019/20", span=12)], months], [
        ["Refresh the early help strategy", "Head of Early Help", "✓", "✓", "", "", "", "", "", "", "", "", "", ""],
        ["Train taxi drivers", "Licensing Manager", "", "", "", "", "", "", "", "",
         "", C("", fill="A9D08E"), C("", fill="A9D08E"), ""],
        ["Evaluate the return interviews", "Head of Social Care"] + [""] * 12,
    ])
    acts = actions_of(d, tmp_path)
    assert [a.due_raw for a in acts] == ["May 2019", "Feb 2020", ""]


def test_month_headings_broken_by_narrow_columns_still_read_as_months():
    doc = _grid_doc([
        ["Action", "Lead", "Ap r", "Ma y", "Ju n", "RAG"],
        ["Publish the strategy", "Chair", "", "X", "", "G"],
        ["Audit the plans", "QA Lead", "", "", "X", "A"],
    ])
    acts = recognise(doc)[0]
    assert [a.due_raw for a in acts] == ["May", "Jun"]  # no year printed: the plan's period decides
    assert [a.rag_raw for a in acts] == ["G", "A"]


def test_a_column_of_month_names_is_no_timeline_with_fewer_than_three():
    doc = _grid_doc([
        ["Action", "Lead", "May", "June"],
        ["Publish the strategy", "Chair", "Draft agreed", "Published"],
    ])
    assert recognise(doc)[0][0].due_raw == ""


def test_dated_progress_updates_under_an_action_are_its_status_not_actions_or_groups(tmp_path):
    d = DocBuilder()
    d.table(["No.", "Action", "Lead", "Deadline", "RAG"], [
        [C("Area for improvement 1: Children are not seen", span=5)],
        ["1.1", "Revise the assessment guidance", "Head of Service", "31/03/19", "G"],
        ["", C("Update 12/03/2019: guidance issued to all teams", span=4)],
        ["", C("Update 30/04/2019: audit planned for May", span=4)],
        ["1.2", "Train social workers in direct work", "Workforce Manager", "Spring 2019", "A"],
        ["", "Progress (April 2019): 64 of 110 trained", "", "", ""],
        ["1.3", "Update the threshold guidance: include exploitation", "Board Manager", "June 2019", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.ref for a in acts] == ["1.1", "1.2", "1.3"]
    assert all(a.section_ref == "1" for a in acts)
    # with no status column the RAG cell is the status, the updates follow it
    assert acts[0].status_raw == "G Update 12/03/2019: guidance issued to all teams Update 30/04/2019: audit planned for May"
    assert acts[0].rag_raw == "G"
    assert acts[1].status_raw == "A Progress (April 2019): 64 of 110 trained"
    assert acts[2].action == "Update the threshold guidance: include exploitation"


def test_an_update_run_into_the_action_or_ref_cell_by_extraction_is_taken_out():
    doc = _grid_doc([
        ["No.", "Action", "Lead", "Deadline"],
        ["2.1\nUpdate 30/04/2019: pilot running", "Introduce a notification to schools", "DCI", "Q2 2019/20"],
        ["3.1", "Commission a perpetrator programme\nUpdate 30/04/2019: tender published;\nbids due in May", "Head",
         "Sept 2019"],
    ])
    acts = recognise(doc)[0]
    assert [(a.ref, a.action) for a in acts] == [("2.1", "Introduce a notification to schools"),
                                                  ("3.1", "Commission a perpetrator programme")]
    assert acts[1].status_raw == "Update 30/04/2019: tender published; bids due in May"


@pytest.mark.parametrize("header, rag, status", [
    (["Lead", "Action", "By when", "Progress", "Status"], 4, 3),
    (["Action", "Status", "Progress update"], 1, 2),
    (["Action", "Progress", "Comments"], None, 1),
    (["Action", "RAG", "Status"], 1, 2),
])
def test_a_status_column_beside_a_progress_column_is_the_rag(header, rag, status):
    hm = map_header(header)
    assert (hm.col("rag"), hm.col("status")) == (rag, status)


def test_month_headings_with_their_own_year_and_a_row_shaded_in_every_month(tmp_path):
    bar, band = "F4B183", "DDEBF7"
    d = DocBuilder()
    d.table(["What we will do", "Who", "Apr-21", "May-21", "Jun-21", "Status"], [
        ["Publish the strategy", "Business Manager", C("", fill=bar), C("", fill=bar), "", "(G)"],
        ["Run learning sessions all year", "Training Officer", C("", fill=bar), C("", fill=bar), C("", fill=bar), ""],
        [C("Hold a conference", fill=band), C("Chair", fill=band), C("", fill=band), C("", fill=band),
         C("", fill=band), C("", fill=band)],
    ])
    acts = actions_of(d, tmp_path)
    # a row banded in one colour throughout is not marked in every month
    assert [a.due_raw for a in acts] == ["May 21", "Jun 21", ""]


# ---- issue 8, round 3 layouts ----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Recommendation A: Leaders should share an analysis of risk", ("A", "Leaders should share an analysis of risk")),
    ("Area for development C \u2013 Supervision", ("C", "Supervision")),
    ("Recommendation B", ("Recommendation B", "")),
    ("Outcomes: fewer children missing", ("", "Outcomes: fewer children missing")),  # no letter 's'
    ("Priority A new approach to audit", ("", "Priority A new approach to audit")),  # the article 'A'
])
def test_lettered_recommendations_are_group_labels(text, expected):
    assert parse_group_label(text) == expected


def test_actions_numbered_by_recommendation_letter_take_its_letter(tmp_path):
    b = DocBuilder()
    b.table(["Ref", "Action", "Lead", "Milestones"], [
        [C("Recommendation A: Share an analysis of risk", span=4)],
        ["A1", "Produce a problem profile", "CD", "Sept 18, Dec 18"],
        ["A2", "Set the sub-group's priorities", "AS", "March 19"],
        [C("Recommendation B: Offer return home interviews", span=4)],
        ["B1", "Commission one provider", "JM", "Nov 18"],
    ])
    got = [(a.section_ref, a.ref, a.due_raw) for a in actions_of(b, tmp_path)]
    assert got == [("A", "A1", "Sept 18, Dec 18"), ("A", "A2", "March 19"), ("B", "B1", "Nov 18")]


def test_outcome_rows_merged_under_each_action_are_its_outcome_not_a_group(tmp_path):
    b = DocBuilder()
    b.table(["No.", "Action", "Lead officer", "Target date"], [
        [C("Priority 1 \u2013 Neglect", span=4)],
        ["1.1", "Relaunch the neglect tool", "Head of Early Help", "Oct 2019"],
        [C("Outcome/Impact: practitioners use the tool", span=4)],
        ["1.2", "Audit thirty cases", "Principal Social Worker", "March 2020"],
        [C("How will we know: audit report", span=4)],
        [C("Priority 2 \u2013 Early help", span=4)],
        [C("Outcome: families get help sooner", span=4)],  # the priority's own outcome
        ["2.1", "Review the assessment form", "Head of Early Help", "Nov 2019"],
    ])
    got = [(a.section_ref, a.section, a.ref, a.outcome) for a in actions_of(b, tmp_path)]
    assert got == [("1", "Neglect", "1.1", "practitioners use the tool"), ("1", "Neglect", "1.2", "audit report"),
                   ("2", "Early help", "2.1", "")]


def _table(rows: list[list[str]]):
    from extractors.model import Cell, Paragraph, Table

    return Table(grid=[[Cell([Paragraph(t)] if t else [], row=r, col=c) for c, t in enumerate(row)]
                       for r, row in enumerate(rows)])


def test_a_header_printed_as_a_line_above_a_headerless_table_maps_its_columns():
    from extractors.model import Document, Paragraph

    body = [["A1", "Produce a problem profile", "CD/RB", "Dec 18", "JTAI 12"],
            ["A2", "Use the profile to set priorities", "AS", "March 19", "JTAI 14"]]
    doc = Document("x.pdf", "pdf", [Paragraph("Action plan"), Paragraph("Ref Action Lead By when Source"), _table(body)])
    got = [(a.ref, a.action, a.lead_raw, a.due_raw, a.source_raw) for a in recognise(doc)[0]]
    assert got == [("A1", "Produce a problem profile", "CD/RB", "Dec 18", "JTAI 12"),
                   ("A2", "Use the profile to set priorities", "AS", "March 19", "JTAI 14")]
    prose = Document("x.pdf", "pdf", [Paragraph("Actions are led by the lead named, by when agreed."), _table(body)])
    assert recognise(prose)[0] == []


def test_a_headerless_continuation_table_takes_no_group_from_its_rows():
    from extractors.model import Document, Paragraph

    first = [["Ref", "Action", "Lead", "By when"], ["Recommendation B: Missing children", "", "", ""],
             ["B1", "Commission a provider", "JM", "Nov 18"]]
    second = [["B2", "Record interviews", "TO", "Oct 18"], ["Recommendation C: Health", "", "", ""],
              ["C1", "Train school nurses", "HW", "March 19"]]
    for grid in (first, second):  # merged group rows, as the extractor gives them
        for row in grid:
            if row[0].startswith("Recommendation"):
                row[1:] = [None] * 3
    tables = []
    for grid in (first, second):
        t = _table([[c or "" for c in row] for row in grid])
        for r, row in enumerate(grid):
            if row[1] is None:
                t.grid[r] = [t.grid[r][0]] * 4
                t.grid[r][0].col_span = 4
        tables.append(t)
    doc = Document("x.pdf", "pdf", [tables[0], Paragraph("Page 2"), tables[1]])
    assert [(a.section_ref, a.ref) for a in recognise(doc)[0]] == [("B", "B1"), ("B", "B2"), ("C", "C1")]


@pytest.mark.parametrize("split_after, origin_has_all", [(None, True), (1, False), (2, False), (1, True)])
def test_a_merged_section_cell_cut_by_a_page_break_keeps_its_section(split_after, origin_has_all):
    """A recommendation cell merged down three action rows; a page break after the first or
    second row leaves its tail on the next page as a cell of its own with the same origin (as
    the PDF extractor reports it; the origin holding the tail too when the break also cut the
    first row). Every row keeps the recommendation's number."""
    from extractors.model import Cell, Document, Paragraph, Table

    def cell(text: str, r: int, c: int, page: int, span: int = 1) -> Cell:
        return Cell([Paragraph(text, page=page)], row=r, col=c, row_span=span, page=page)

    rows = [("2.1", "Write the guidance", "PSW", "May 20"), ("2.2", "Train social workers", "PSW", "June 20"),
            ("2.3", "Audit the records", "CP Chair", "July 20")]
    grid = [[cell(h, 0, c, 1) for c, h in enumerate(["Ref", "Recommendation", "Action", "Lead", "Target date"])]]
    whole = cell("2. Agencies should hear the views of disabled children", 1, 1, 1, span=3)
    head = whole if origin_has_all else cell("2. Agencies should hear the views of", 1, 1, 1, span=3)
    tail = cell("disabled children", 1, 1, 2, span=3)
    for k, (ref, action, lead, due) in enumerate(rows):
        r = k + 1
        page = 1 if split_after is None or k < split_after else 2
        section = whole if split_after is None else head if k < split_after else tail
        grid.append([cell(ref, r, 0, page), section, cell(action, r, 2, page), cell(lead, r, 3, page),
                     cell(due, r, 4, page)])
    doc = Document("x.pdf", "pdf", [Table(grid=grid, pages=[1, 2], header_rows=1)])
    acts = recognise(doc)[0]
    assert [(a.ref, a.section_ref) for a in acts] == [("2.1", "2"), ("2.2", "2"), ("2.3", "2")]
    assert acts[-1].section == "Agencies should hear the views of disabled children"


def test_recommendation_written_as_an_ordinary_row_is_the_section(tmp_path):
    # the recommendation's number in the Ref column and its text in the action column, the
    # other cells empty, not merged across the table: the section of the numbered rows below
    d = DocBuilder()
    d.table(["Ref", "Recommendation / action", "Responsible officer", "Completion date"], [
        [C("1", bold=True), C("The Board should check that escalation is used", bold=True), "", ""],
        ["1.1", "Revise the escalation policy", "Quality Assurance Lead", "Dec 2018"],
        ["1.2", "Publish a briefing on escalation", "Business Manager", "Mar-19"],
        [C("2", bold=True), C("Agencies should share information", bold=True), "", ""],
        ["2.1", "Agree a protocol", "Named Nurse", "Jul-19"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.ref, a.action) for a in acts] == [
        ("1", "1.1", "Revise the escalation policy"), ("1", "1.2", "Publish a briefing on escalation"),
        ("2", "2.1", "Agree a protocol")]
    assert acts[0].section == "The Board should check that escalation is used"


def test_a_numbered_row_with_its_own_lead_is_no_section(tmp_path):
    d = DocBuilder()
    d.table(["Ref", "Action", "Lead", "Deadline"], [
        ["1", "Launch the strategy", "Head of Service", "Dec 2019"],
        ["1.1", "Train the staff", "Training Lead", "Mar 2020"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.ref for a in acts] == ["1", "1.1"]


def test_action_heading_spanning_a_number_column(tmp_path):
    # "Action" heads both the narrow number column and the text column
    d = DocBuilder()
    d.table([C("Action", span=2), "Lead", "Deadline"], [
        ["1.", "Launch the neglect strategy", "Head of Early Help", "June 2020"],
        ["2.", "Train practitioners in the toolkit", "Training Manager", "Q2 2020/21"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("1", "Launch the neglect strategy", "Head of Early Help", "June 2020"),
        ("2", "Train practitioners in the toolkit", "Training Manager", "Q2 2020/21")]


def test_a_one_cell_banner_table_heads_the_table_below(tmp_path):
    d = DocBuilder()
    d.table([], [[C("Priority 2: Children get help early", fill="1F3864", bold=True)]])
    d.table(["No.", "Action", "Lead", "Deadline"], [["1", "Review the thresholds", "Business Manager", "Mar 2021"]])
    d.table([], [[C("Priority 3: Learning", fill="1F3864", bold=True)]])
    d.table(["No.", "Action", "Lead", "Deadline"], [["2", "Survey practitioners", "Business Manager", "2021/22"]])
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.section, a.action) for a in acts] == [
        ("2", "Children get help early", "Review the thresholds"), ("3", "Learning", "Survey practitioners")]


def test_a_banner_of_label_and_text_cells_heads_the_table_below(tmp_path):
    d = DocBuilder()
    d.table([], [["Priority 4", "Learning from reviews"]])
    d.table(["No.", "Action", "Lead", "Deadline"], [["1", "Publish briefings", "Business Manager", "Mar 2021"]])
    d.table([], [["Note", "Leads report each quarter"]])
    d.table(["No.", "Action", "Lead", "Deadline"], [["2", "Survey practitioners", "Business Manager", "2021/22"]])
    acts = actions_of(d, tmp_path)
    # a one-row table that is no group label ("Note | …") heads nothing
    assert [(a.section_ref, a.section) for a in acts] == [("4", "Learning from reviews")] * 2


def _one_paragraph_with_line_breaks(cell, lines: list[str]) -> None:
    """``cell`` as ONE paragraph whose lines are parted by manual line breaks (Shift+Enter)."""
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    for k, line in enumerate(lines):
        if k:
            p.add_run().add_break()
        p.add_run(line)


def test_lines_broken_by_hand_part_items_as_paragraphs_do(tmp_path):
    from fixtures.docxkit import last_table

    d = DocBuilder()
    d.table(["Objective", "Actions", "Lead", "By when"],
            [["1. Improve early help", "", "Head of Early Help", ""], ["2. Train staff", "", "", "Dec 2020"]])
    t = last_table(d)
    _one_paragraph_with_line_breaks(t.cell(1, 1), ["1. Write the strategy", "2. Consult partners", "3. Publish it"])
    _one_paragraph_with_line_breaks(t.cell(1, 3), ["1. March 2020", "3. June 2020"])  # none for 2
    _one_paragraph_with_line_breaks(t.cell(2, 1), ["\u2022 Run the course", "\u2022 Evaluate it"])
    _one_paragraph_with_line_breaks(t.cell(2, 2), ["Training Manager", "Head of QA"])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.due_raw) for a in acts[:3]] == [
        ("1", "Write the strategy", "March 2020"), ("2", "Consult partners", ""), ("3", "Publish it", "June 2020")]
    # unnumbered lines are one action, bullet glyphs dropped; the lead cell keeps its line break
    assert (acts[3].action, acts[3].lead_raw) == ("Run the course Evaluate it", "Training Manager\nHead of QA")


def test_bullets_under_a_numbered_action_are_its_points(tmp_path):
    # CONTRACT: numbered items in one cell are separate actions; the bullets under one of them
    # are that action's text (glyphs removed), whether a Word list or typed
    d = DocBuilder()
    d.table(["Recommendation", "Actions", "Lead", "By when"], [
        ["1. Improve the policy",
         [Numbered(["Review the escalation policy to include:"]), Bullets(["timescales", "a named manager"]),
          Numbered(["Train staff in the revised policy"], start=2)],
         "Head of QA", Numbered(["Dec 2019", "March 2020"])],
        ["2. Thresholds", "1. Review the thresholds so that they cover:\n\u2022 neglect\n\u2022 exploitation\n2. Publish them",
         "Business Manager", "1. Jan 2020\n2. Feb 2020"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.due_raw) for a in acts] == [
        ("1", "Review the escalation policy to include: timescales a named manager", "Dec 2019"),
        ("2", "Train staff in the revised policy", "March 2020"),
        ("1", "Review the thresholds so that they cover: neglect exploitation", "Jan 2020"),
        ("2", "Publish them", "Feb 2020")]


def test_a_lead_and_timescale_column_of_labelled_lines_parts_the_fields(tmp_path):
    # "Lead and timescale" holds two labelled lines: "Lead: …" is the lead, "By:" or
    # "Timescale:" the deadline; a lead cell of two lead lines ("Supported by:") stays whole
    d = DocBuilder()
    d.table(["Ref", "What we will do", "Lead and timescale", "Progress"], [
        ["1.1", "Audit safeguarding enquiries", "Lead: Head of Safeguarding (SCC)\nBy: March 2021", "Started."],
        ["1.2", "Train enquiry officers", "Lead: Training Manager / Business Manager\nTimescale: Ongoing", ""],
        ["1.3", "Publish a leaflet", "Lead officer: JB\nSupported by: KM", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.lead_raw, a.due_raw) for a in acts] == [
        ("Head of Safeguarding (SCC)", "March 2021"), ("Training Manager / Business Manager", "Ongoing"),
        ("Lead officer: JB\nSupported by: KM", "")]


def test_numbered_paragraphs_with_by_lines(tmp_path):
    d = DocBuilder()
    d.heading("Recommendation 1: Improve referrals", 2)
    d.para("1.1\tPublish a referral checklist")
    d.para("Lead: Front Door Manager")
    d.para("By: December 2019")
    d.para("1.2\tGive feedback on referrals")
    d.para("Lead: Head of MASH")
    d.para("By: Ongoing")
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.lead_raw, a.due_raw) for a in acts] == [
        ("1.1", "Front Door Manager", "December 2019"), ("1.2", "Head of MASH", "Ongoing")]


def test_a_headerless_table_whose_first_row_has_a_status_word_continues_the_action_table(tmp_path):
    # the later tables of a plan were copied without the header row; "In progress" in the
    # first row's status cell names a field but the row is an action (a ref, a sentence)
    d = DocBuilder()
    d.table(["No.", "Action", "Lead", "Deadline", "Status"],
            [["1.1", "Revise the screening tool", "Service Manager", "31.3.20", "Complete"]])
    d.heading("Priority 2: Disruption", 2)
    d.table([], [["2.1", "Hold a monthly panel to share intelligence about adults of concern", "Police", "Ongoing",
                  "In progress"],
                 ["2.2", "Map the use of warning notices", "Community Safety Manager", "Nov 2019", "Complete"]],
            header_fill=None, repeat_header=False)
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.ref, a.lead_raw, a.due_raw) for a in acts] == [
        ("", "1.1", "Service Manager", "31.3.20"), ("2", "2.1", "Police", "Ongoing"),
        ("2", "2.2", "Community Safety Manager", "Nov 2019")]


def test_ticks_under_a_spanning_lead_agency_heading_name_the_leads(tmp_path):
    d = DocBuilder()
    d.table([[C("No.", vspan=2), C("Action", vspan=2), C("Lead agency", span=3), C("Timescale", vspan=2)],
             ["Social care", "Health", "Police"]], [
        ["1", "Roll out the neglect tool", "\u2713", "", "", "Jun-21"],
        ["2", "Agree how police report neglect", "\u2713", "", "X", "Mar-22"],
        ["3", "Ask families what difference it made", "", "", "", "Ongoing"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.lead_raw, a.due_raw) for a in acts] == [
        ("1", "Social care", "Jun-21"), ("2", "Social care; Police", "Mar-22"), ("3", "", "Ongoing")]


def test_ticked_agency_headings_in_lower_case_stay_separate_leads(tmp_path):
    # each ticked column's heading is one whole lead: "social care" and "police" ticked are two
    # leads, never one wrapped line "social care police" (lower-case headings read as a wrap)
    from ingest.assemble import assemble
    d = DocBuilder()
    d.table([[C("no.", vspan=2), C("action", vspan=2), C("lead agency", span=3), C("timescale", vspan=2)],
             ["social care", "health", "police"]], [
        ["1", "Agree how police report neglect of teenagers", "\u2713", "", "\u2713", "Mar-22"],
        ["2", "Ask families what difference the help made", "\u2713", "\u2713", "", "Ongoing"],
    ])
    path = tmp_path / "plan.docx"
    d.save(path)
    plan = assemble(extract_docx(path), path)
    assert [[x.lower() for x in a.leads] for a in plan.actions] == [["social care", "police"], ["social care", "health"]]


def test_names_under_a_spanning_lead_heading_are_no_tick_grid(tmp_path):
    # "Lead" spanning "Officer | Agency" with names in the cells: an ordinary lead column
    d = DocBuilder()
    d.table([[C("Action", vspan=2), C("Lead", span=2), C("Deadline", vspan=2)], ["Officer", "Agency"]], [
        ["Roll out the neglect tool", "Jane Brown", "Children's Services", "Jun-21"],
    ])
    acts = actions_of(d, tmp_path)
    assert acts and acts[0].lead_raw.startswith("Jane Brown")


def test_a_project_plans_summary_rows_are_the_sections_of_their_tasks(tmp_path):
    # "1 | Governance | HM | 01/04/19 | 27/09/19 | 80%": a workstream's bold, shaded summary row
    # carries an owner, dates and % complete rolled up from its tasks, but it is no action
    d = DocBuilder()
    fill = "D9E2F3"
    d.table(["ID", "Workstream / task", "Owner", "Start", "Finish", "% complete"], [
        [C(t, fill=fill, bold=True) for t in ("1", "Governance", "HM", "01/04/19", "27/09/19", "80%")],
        ["1.1", "Publish the arrangements", "HM", "01/04/19", "28/06/19", "100%"],
        ["1.2", "Appoint a scrutineer", "DR", "01/05/19", "27/09/19", "50%"],
        [C(t, fill=fill, bold=True) for t in ("2", "Learning", "SB", "01/06/19", "20/12/19", "30%")],
        ["2.1", "Write the review procedure", "SB", "01/06/19", "20/12/19", "60%"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.section, a.ref, a.due_raw, a.status_raw) for a in acts] == [
        ("1", "Governance", "1.1", "28/06/19", "100%"), ("1", "Governance", "1.2", "27/09/19", "50%"),
        ("2", "Learning", "2.1", "20/12/19", "60%")]


def test_a_summary_row_left_last_in_a_table_split_in_two_heads_the_tasks_of_the_next_part(tmp_path):
    # the table split over two tables, the header repeated on the second: "2 | Learning" ends the
    # first part and its tasks 2.1, 2.2 open the second; it is their section, not an action
    d = DocBuilder()
    fill = "D9E2F3"
    header = ["ID", "Workstream / task", "Owner", "Start", "Finish", "% complete"]
    d.table(header, [
        [C(t, fill=fill, bold=True) for t in ("1", "Governance", "HM", "01/04/19", "27/09/19", "80%")],
        ["1.1", "Publish the arrangements", "HM", "01/04/19", "28/06/19", "100%"],
        [C(t, fill=fill, bold=True) for t in ("2", "Learning", "SB", "01/06/19", "20/12/19", "30%")],
    ])
    d.para("")
    d.table(header, [
        ["2.1", "Write the review procedure", "SB", "01/06/19", "30/08/19", "60%"],
        ["2.2", "Train the panel members", "SB", "02/09/19", "20/12/19", "0%"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.section, a.ref) for a in acts] == [
        ("1", "Governance", "1.1"), ("2", "Learning", "2.1"), ("2", "Learning", "2.2")]


def test_a_headerless_continuation_with_its_columns_in_another_order_is_read_by_its_cells(tmp_path):
    # the header only on the first table; the next table of the same width has no header and its
    # columns in another order: the long texts are the actions, the dates the deadlines
    d = DocBuilder()
    d.table(["No.", "Deadline", "Status", "Lead", "Action"], [
        ["1.1", "31.3.20", "In progress", "Sarah Cole, Service Manager", "Revise the exploitation screening tool and publish it"],
        ["1.2", "Sept 19", "Complete", "Education Safeguarding Lead", "Deliver briefings on the screening tool to every school"],
        ["1.3", "March 2020", "In progress", "Police", "Add exploitation flags to the records of children at risk"],
    ])
    d.para("")
    d.table([], [
        ["2.1", "Hold a monthly panel to share intelligence on locations of concern", "Detective Inspector", "Ongoing", "In progress"],
        ["2.2", "Map the use of abduction warning notices and report to the panel", "Community Safety Manager", "Nov 2019", "Complete"],
        ["2.3", "Agree a protocol with licensing for training taxi drivers", "Head of Licensing", "2019/20", "Not started"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action[:9], a.lead_raw, a.due_raw) for a in acts[3:]] == [
        ("2.1", "Hold a mo", "Detective Inspector", "Ongoing"), ("2.2", "Map the u", "Community Safety Manager", "Nov 2019"),
        ("2.3", "Agree a p", "Head of Licensing", "2019/20")]


def test_a_numbered_row_with_fields_above_its_own_subitems_is_an_action_when_not_set_apart(tmp_path):
    # the same rows without bold or shading: nothing marks "1" as a summary, so it stays an action
    d = DocBuilder()
    d.table(["ID", "Task", "Owner", "Finish"], [
        ["1", "Agree the arrangements", "HM", "27/09/19"],
        ["1.1", "Publish the arrangements", "HM", "28/06/19"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.ref for a in acts] == ["1", "1.1"]


def test_we_will_bullets_with_a_bracketed_lead_and_deadline_are_actions(tmp_path):
    # a prose business plan: each "We will:" bullet ends "(Lead: …, by …)"; the outcome bullets
    # after "We will know we have made a difference when:" carry no lead and are no actions
    d = DocBuilder()
    d.heading("Priority 1: Prevention", 2)
    d.para("We will:", bold=True)
    d.list(["Run a campaign on scams (Lead: Business Manager, by December 2020)",
            "Publish easy read guides (Lead: Head of Adult Safeguarding, Somerset County Council, by March 2021)",
            "Audit enquiries each quarter (Leads: Police and CCG, ongoing)",
            "Survey people about their experience (Lead: Principal Social Worker, annually in June)",
            "Review the leaflet (Lead: Head of Service, Children's Social Care)"], fmt="bullet")
    d.para("We will know we have made a difference when:", bold=True)
    d.list(["more concerns are raised by the public;", "staff feel confident (as they tell us)."], fmt="bullet")
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("1", "Run a campaign on scams", "Business Manager", "by December 2020"),
        ("1", "Publish easy read guides", "Head of Adult Safeguarding, Somerset County Council", "by March 2021"),
        ("1", "Audit enquiries each quarter", "Police and CCG", "ongoing"),
        ("1", "Survey people about their experience", "Principal Social Worker", "annually in June"),
        ("1", "Review the leaflet", "Head of Service, Children's Social Care", "")]


def test_a_bulleted_list_without_bracketed_leads_gives_no_actions(tmp_path):
    d = DocBuilder()
    d.heading("Priority 1: Prevention", 2)
    d.list(["Raise awareness of scams (see page 4)", "Publish guides (easy read: yes)"], fmt="bullet")
    assert actions_of(d, tmp_path) == []


def test_a_bracketed_deadline_may_follow_the_lead_after_a_semicolon_or_a_dash(tmp_path):
    d = DocBuilder()
    d.heading("Priority 2: Learning", 2)
    d.list(["Publish a briefing (Lead: SAR Sub-group Chair; by Q3 2020/21)",
            "Hold a learning event (Lead: Learning and Development Manager – by November 2020)",
            "Review the leaflet (Lead: Named Nurse – West Suffolk NHS Foundation Trust)"], fmt="bullet")
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("Publish a briefing", "SAR Sub-group Chair", "by Q3 2020/21"),
        ("Hold a learning event", "Learning and Development Manager", "by November 2020"),
        ("Review the leaflet", "Named Nurse – West Suffolk NHS Foundation Trust", "")]


def test_an_unnumbered_summary_row_bold_and_shaded_is_the_section_of_the_rows_below(tmp_path):
    # no ID column: the workstream's row is set apart by bold type AND a fill; a row greyed out
    # (shaded, not bold) is an action still
    d = DocBuilder()
    fill = "D9E2F3"
    d.table(["Task", "Owner", "Start", "Finish", "% complete"], [
        [C(t, fill=fill, bold=True) for t in ("Governance", "HM", "01/04/19", "27/09/19", "80%")],
        ["Publish the arrangements", "HM", "01/04/19", "28/06/19", "100%"],
        [C(t, fill="BFBFBF") for t in ("Appoint a scrutineer", "DR", "01/05/19", "27/09/19", "100%")],
        ["Agree the audit programme", "KT", "01/07/19", "30/09/19", "25%"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.section, a.action) for a in acts] == [
        ("Governance", "Publish the arrangements"), ("Governance", "Appoint a scrutineer"),
        ("Governance", "Agree the audit programme")]


def test_a_column_of_agencies_is_the_lead_only_where_no_column_names_one_better():
    assert map_header(["Agency", "Action", "Lead officer", "Deadline"]).col("lead") == 2
    assert map_header(["Action", "Agency", "Deadline"]).col("lead") == 1


def test_bullets_each_followed_by_lead_and_deadline_lines_are_actions(tmp_path):
    d = DocBuilder()
    d.heading("Priority 3: Learning from reviews", 2)
    d.para("We will:")
    d.list(["Publish a seven-minute briefing on each review"], fmt="bullet")
    d.para("Lead: SAR Sub-group Chair")
    d.para("By: Q3 2020/21")
    d.list(["Hold a learning event on self-neglect"], fmt="bullet")
    d.para("Lead: Learning and Development Manager")
    d.para("Timescale: November 2020")
    d.list(["practitioners can name what they changed"], fmt="bullet")
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("3", "Publish a seven-minute briefing on each review", "SAR Sub-group Chair", "Q3 2020/21"),
        ("3", "Hold a learning event on self-neglect", "Learning and Development Manager", "November 2020")]


def test_a_lead_and_deadline_column_without_labels_parts_lines_that_read_as_deadlines(tmp_path):
    # "Lead / by when" with the deadline on its own line, or run into the lead's line as a PDF
    # reflow leaves it; a lead line with a number in it stays the lead
    d = DocBuilder()
    d.table(["Ref", "Action", "Lead / by when", "RAG"], [
        ["1.1", "Roll out the tool", "Early Help Strategic Lead\n31.03.19", "G"],
        ["1.2", "Publish a guide", "Board Business Manager Complete", ""],
        ["1.3", "Train staff", "Workforce Development Manager by end of March 2019", "A"],
        ["1.4", "Audit plans", "Team 2 Manager", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.lead_raw, a.due_raw) for a in acts] == [
        ("Early Help Strategic Lead", "31.03.19"), ("Board Business Manager", "Complete"),
        ("Workforce Development Manager", "by end of March 2019"), ("Team 2 Manager", "")]


def test_a_timeline_of_financial_years_marked_with_ticks_gives_the_last_year_marked(tmp_path):
    d = DocBuilder()
    d.table([["Ref", "Action", "Lead", C("Timescale", span=3)], ["", "", "", "2019/20", "2020/21", "2021/22"]], [
        ["1.1", "Embed the neglect toolkit", "Head of Early Help", "✓", "", ""],
        ["1.2", "Audit neglect plans every year", "QA Sub-group", "✓", "✓", "✓"],
        ["1.3", "Commission a parenting programme", "Commissioning Manager", "", "✓", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.due_raw) for a in acts] == [
        ("Embed the neglect toolkit", "2019/20"), ("Audit neglect plans every year", "2021/22"),
        ("Commission a parenting programme", "2020/21")]


def test_a_labelled_outcome_line_in_the_action_cell_is_the_outcome(tmp_path):
    d = DocBuilder()
    d.table(["Ref", "Action", "Lead", "By when"], [
        ["1.1", "Roll out the toolkit to health visitors\nHow we will know: 200 practitioners trained", "Early Help Lead", "Mar-19"],
        ["1.2", "Publish a practice guide Outcome: guide used in audits", "Board Manager", "Dec-18"],
        ["1.3", "Agree a protocol: partners sign it", "Police", "Sep-18"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.outcome) for a in acts] == [
        ("Roll out the toolkit to health visitors", "200 practitioners trained"),
        ("Publish a practice guide", "guide used in audits"),
        ("Agree a protocol: partners sign it", "")]


def test_lead_and_timescale_lines_in_the_action_cell_of_a_table_without_such_columns(tmp_path):
    d = DocBuilder()
    d.table(["Ref", "Action", "RAG"], [
        ["1.1", "Roll out the toolkit\nLead: Early Help Lead\nTimescale: Mar-19", "G"],
        ["1.2", "Publish a guide Lead: Board Manager Timescale: Complete", ""],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("Roll out the toolkit", "Early Help Lead", "Mar-19"), ("Publish a guide", "Board Manager", "Complete")]


def test_dated_updates_under_the_action_in_its_own_cell_are_progress(tmp_path):
    d = DocBuilder()
    d.table(["No.", "Action", "Lead", "Target date"], [
        ["1.1", "Train midwives\nOct 2019: 40 trained.\n14/01/2020 – 142 trained; now part of induction.", "Designated Nurse", "Dec 2019"],
        ["1.2", "Agree milestones", "Board Manager", "Mar 2020"],
        ["1.3", Numbered(["March 2020: launch the campaign", "June 2020: evaluate it"]), "Police", "June 2020"],
    ])
    acts = actions_of(d, tmp_path)
    assert [(a.action, a.status_raw) for a in acts] == [
        ("Train midwives", "Oct 2019: 40 trained. 14/01/2020 – 142 trained; now part of induction."),
        ("Agree milestones", ""),
        ("March 2020: launch the campaign June 2020: evaluate it", "")]  # list items stay the action's


def test_paragraphs_numbered_with_the_word_action_and_labelled_lines_are_actions(tmp_path):
    d = DocBuilder()
    d.heading("Priority 2: Making safeguarding personal", 2)
    d.para("Action 2.1: Audit a sample of enquiries each quarter")
    d.para("Lead: Quality and Performance Sub-group")
    d.para("Timescale: ongoing")
    d.para("Action 2.2 – Survey people about their experience")
    d.para("Lead: Principal Social Worker")
    d.para("Timescale: by March 2021")
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("2", "2.1", "Audit a sample of enquiries each quarter", "Quality and Performance Sub-group", "ongoing"),
        ("2", "2.2", "Survey people about their experience", "Principal Social Worker", "by March 2021")]


def test_of_two_group_columns_the_one_nearest_the_action_is_the_section():
    hm = map_header(["Priority", "Objective", "Ref", "Action", "Lead", "Timescale"])
    assert hm.col("section") == 1


def test_labelled_paragraph_blocks_what_who_when_are_actions(tmp_path):
    d = DocBuilder()
    d.heading("Priority 1: Prevention", 2)
    d.para("Why this matters: abuse is less likely when people know the signs.")
    d.para("What we will do: Run a campaign on scams")
    d.para("Who: SSAB Business Manager")
    d.para("When: by December 2020")
    d.para()
    d.para("What we will do: Publish easy read guides")
    d.para("Who: Head of Adult Safeguarding")
    d.para("When: March 2021")
    d.para("Action: this line is followed by no field and is no action")
    acts = actions_of(d, tmp_path)
    assert [(a.section_ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("1", "Run a campaign on scams", "SSAB Business Manager", "by December 2020"),
        ("1", "Publish easy read guides", "Head of Adult Safeguarding", "March 2021")]


def test_key_value_blocks_each_keep_only_their_own_fields(tmp_path):
    # a field only some blocks have ("Source of action") is not carried into the blocks after it
    b = DocBuilder()
    b.heading("Priority 2: Safeguarding adolescents", 1)
    b.table(["Field", "Detail"], [
        ["Ref", "2.1"], ["Action", "Agree a contextual safeguarding approach"], ["Lead", "Youth Justice Service Manager"],
        ["Timescale", "31 March 2021"], ["Source of action", "Annual report 2019-20"],
        ["Ref", "2.2"], ["Action", "Map locations of concern with the police"], ["Lead", "Police"],
        ["Timescale", "Quarterly"],
        ["Ref", "2.3"], ["What we will do", "Offer every young person a return home interview"],
        ["Who", "Missing from Home Coordinator"], ["When", "From January 2021"],
        ["How we will know", "Return interview rate above 85%"],
    ])
    got = [(a.ref, a.source_raw, a.outcome) for a in actions_of(b, tmp_path)]
    assert got == [("2.1", "Annual report 2019-20", ""), ("2.2", "", ""),
                   ("2.3", "", "Return interview rate above 85%")]


def test_a_rec_column_of_numbers_beside_the_recommendation_text_is_the_section_ref(tmp_path):
    b = DocBuilder()
    b.table(["Rec", "Recommendation", "Ref", "Action", "Action owner", "Target date", "Evidence of completion"], [
        ["R1", "Improve the timeliness of assessments", "R1.1", "Run a weekly performance clinic", "Head of Service",
         "31/10/2019", "Clinic notes"],
        ["R1", "Improve the timeliness of assessments", "R1.2", "Revise the assessment template", "Head of Service",
         "Autumn 2019", ""],
        ["R2", "Strengthen supervision", "R2.1", "Agree a supervision policy", "Principal Social Worker",
         "30/11/2019", "Policy signed off"],
    ])
    got = [(a.section_ref, a.section, a.ref, a.outcome) for a in actions_of(b, tmp_path)]
    assert got == [("R1", "Improve the timeliness of assessments", "R1.1", "Clinic notes"),
                   ("R1", "Improve the timeliness of assessments", "R1.2", ""),
                   ("R2", "Strengthen supervision", "R2.1", "Policy signed off")]


def test_a_rec_column_merged_down_and_cut_by_a_pdf_fills_the_rows_below():
    doc = _grid_doc([
        ["Rec", "Ref", "Action", "Lead", "Target date"],
        ["R1", "R1.1", "Run a weekly performance clinic", "Head of Service", "31/10/2019"],
        ["", "R1.2", "Revise the assessment template", "Head of Service", "Autumn 2019"],
        ["R2", "R2.1", "Agree a supervision policy", "Principal Social Worker", "30/11/2019"],
    ])
    got = [(a.section_ref, a.ref) for a in recognise(doc)[0]]
    assert got == [("R1", "R1.1"), ("R1", "R1.2"), ("R2", "R2.1")]


@pytest.mark.parametrize("text, expected", [
    ("(a) The Board should seek assurance on self-neglect.", ("a", "The Board should seek assurance on self-neglect.")),
    ("(B) Partners should assess capacity", ("B", "Partners should assess capacity")),
    ("(iv) Commissioners should check compliance", ("iv", "Commissioners should check compliance")),
    ("(CSE) Child sexual exploitation", ("", "(CSE) Child sexual exploitation")),
])
def test_a_bracketed_letter_label_is_the_section_ref(text, expected):
    assert parse_group_label(text) == expected


def test_lettered_recommendations_in_a_recommendation_column_give_the_section_ref(tmp_path):
    b = DocBuilder()
    b.table(["Recommendation", "Actions", "Lead", "Timescale"], [
        ["(a) The Board should seek assurance on self-neglect.",
         "(i) Publish a self-neglect protocol\n(ii) Deliver workshops on the protocol", "SAB Business Manager",
         "(i) 31/07/2020\n(ii) Sept 2020"],
        ["(b) Partners should assess mental capacity.", "Issue practice guidance", "Principal Social Worker", "Nov-20"],
    ])
    got = [(a.section_ref, a.section, a.ref, a.due_raw) for a in actions_of(b, tmp_path)]
    assert got == [("a", "The Board should seek assurance on self-neglect.", "i", "31/07/2020"),
                   ("a", "The Board should seek assurance on self-neglect.", "ii", "Sept 2020"),
                   ("b", "Partners should assess mental capacity.", "", "Nov-20")]


@pytest.mark.parametrize("measure", ["How we will know", "Evidence of completion", "Measure of success"])
def test_a_measure_column_is_the_outcome_where_no_column_names_one(tmp_path, measure):
    b = DocBuilder()
    b.table(["No.", "Action", measure, "Lead", "When"], [
        ["1.1", "Launch the screening tool", "Every referral has a screening tool", "Head of Service", "March 2020"],
    ])
    assert [a.outcome for a in actions_of(b, tmp_path)] == ["Every referral has a screening tool"]


def test_a_heading_merged_down_a_multi_row_header_kept_only_in_its_top_row_still_names_its_column():
    # a PDF without rules gives the text of "No." (merged down three header rows) in the top row only
    doc = _grid_doc([
        ["No.", "Delivery", "", "Accountability", ""],
        ["", "What we will do", "How we will know", "Who", "When"],
        ["1.1", "Launch the screening tool for all agencies", "Every referral screened", "Head of Service", "Autumn 2019"],
        ["1.2", "Hold a weekly exploitation meeting", "Plans agreed in a week", "Police", "Dec 19"],
    ])
    doc.blocks[0].header_rows = 2
    got = [(a.ref, a.action) for a in recognise(doc)[0]]
    assert got == [("1.1", "Launch the screening tool for all agencies"), ("1.2", "Hold a weekly exploitation meeting")]


def test_beside_an_outcome_column_a_measure_column_is_not_the_outcome(tmp_path):
    b = DocBuilder()
    b.table(["REF", "Actions", "Lead", "How this will be achieved", "Intended outcome", "By when"], [
        ["1.1", "Train health visitors", "Named Nurse", "Training sessions", "Fewer missed referrals", "March 2015"],
        ["1.2", "Report to the Board", "Business Manager", "Annual report", "", "May 2015"],
    ])
    assert [a.outcome for a in actions_of(b, tmp_path)] == ["Fewer missed referrals", ""]


def test_a_repeated_header_cut_by_the_pdf_into_two_rows_is_no_action():
    # a header of two lines per cell, repeated on the next page, where the reader saw each line as a
    # row: together the two rows spell the header column by column
    doc = _grid_doc([
        ["Issue identified (from the visit letter)", "No.", "Response (what we will do)", "Owner",
         "Target date for completion (month / year)"],
        ["1. Thresholds are not applied consistently.", "1.1", "Refresh the threshold guidance", "Head of MASH", "11/2019"],
        ["", "1.2", "Audit forty contacts a quarter", "Head of Strategy", "03/2020"],
        ["Issue identified", "No.", "Response", "Owner", "Target date for"],
        ["(from the visit letter)", "", "(what we will do)", "", "completion (month / year)"],
        ["", "1.3", "Offer weekly consultation sessions", "Head of MASH", "10/2019"],
    ], pages=[1, 1, 1, 2, 2, 2])
    acts = recognise(doc)[0]
    assert [a.ref for a in acts] == ["1.1", "1.2", "1.3"]
    assert {a.section_ref for a in acts} == {"1"}


def test_a_target_column_of_dates_is_the_deadline_where_no_column_names_one(tmp_path):
    d = DocBuilder()
    d.table(["Issue", "Response", "Owner", "Target"], [
        ["1. Thresholds are not applied consistently", "Refresh the threshold guidance", "Head of MASH", "Dec 2019"],
        ["", "Audit forty contacts a quarter", "Head of Strategy", "31/03/2020"],
        ["2. Plans drift", "Train team managers in supervision", "Principal Social Worker", "Ongoing"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.action for a in acts] == ["Refresh the threshold guidance", "Audit forty contacts a quarter",
                                        "Train team managers in supervision"]
    assert [a.due_raw for a in acts] == ["Dec 2019", "31/03/2020", "Ongoing"]


def test_a_target_column_of_measures_stays_a_measure(tmp_path):
    d = DocBuilder()
    d.table(["Action", "Lead", "Deadline", "Target"], [
        ["Visit children in need within timescale", "Head of Service", "March 2020", "90% of visits in timescale"],
        ["Audit plans", "QA Manager", "Dec 2019", "8 of 10 plans good"],
    ])
    acts = actions_of(d, tmp_path)
    assert [a.due_raw for a in acts] == ["March 2020", "Dec 2019"]


def test_action_numbered_with_the_word_and_a_tab_keeps_its_whole_number(tmp_path):
    # "Action 2.1<tab>Develop …" (a hanging indent, no colon or dash): the number is 2.1, not 2
    d = DocBuilder()
    d.heading("Priority 2: Safeguarding adolescents", 2)
    d.para("Action 2.1\tDevelop a contextual safeguarding approach")
    d.para("Owner: Head of Adolescent Services")
    d.para("Timescale: Q3 2020/21")
    d.para("Action 2.2\tMap the places where young people are at risk")
    d.para("Owner: North Yorkshire Police")
    d.para("Timescale: Sept 2020")
    acts = actions_of(d, tmp_path)
    assert [(a.ref, a.action, a.lead_raw, a.due_raw) for a in acts] == [
        ("2.1", "Develop a contextual safeguarding approach", "Head of Adolescent Services", "Q3 2020/21"),
        ("2.2", "Map the places where young people are at risk", "North Yorkshire Police", "Sept 2020")]


def test_a_row_without_a_ref_on_the_next_page_under_a_cell_cut_mid_phrase_is_the_rest_of_that_row():
    # the page break fell inside a row: the bold title of the action and "Head of" stayed above,
    # the detail and "Adolescent Services" went to the next page in a row of their own
    doc = _grid_doc([
        ["Accountable officer", "Ref", "Key action", "Rating", "Completion by"],
        ["Tariq Mahmood (West Midlands Police)", "2.1", "Screening tool\nReplace the screening tool", "Green", "Nov 21"],
        ["Head of", "2.2", "Missing episodes", "Amber", "Q4 21/22"],
        ["Adolescent Services", "", "Report return interview rates every quarter.", "", ""],
        ["Tariq Mahmood (West", "2.3", "Disruption toolkit", "", "30-Nov-21"],
        ["Midlands Police)", "", "Train neighbourhood officers in the toolkit.", "", ""],
    ], pages=[1, 1, 1, 2, 2, 3])
    acts = recognise(doc)[0]
    assert [(a.ref, a.action, " ".join(a.lead_raw.split())) for a in acts] == [
        ("2.1", "Screening tool Replace the screening tool", "Tariq Mahmood (West Midlands Police)"),
        ("2.2", "Missing episodes Report return interview rates every quarter.", "Head of Adolescent Services"),
        ("2.3", "Disruption toolkit Train neighbourhood officers in the toolkit.", "Tariq Mahmood (West Midlands Police)")]


def test_a_row_without_a_ref_adding_a_second_lead_on_the_same_page_stays_an_action():
    # CONTRACT.md: a row with no REF of its own that adds a line to the row above is its own action
    doc = _grid_doc([
        ["Ref", "Action", "Lead", "By when"],
        ["1.1", "Refresh the protocol", "LSCB Chair", "March 2015"],
        ["", "Report on the protocol to the Board", "Business Manager", "July 2015"],
    ], pages=[1, 1, 1])
    acts = recognise(doc)[0]
    assert [(a.ref, a.action) for a in acts] == [("1.1", "Refresh the protocol"),
                                                 ("1.1", "Report on the protocol to the Board")]


def test_the_header_of_a_table_nested_under_the_next_group_is_no_action():
    # one action table per priority nested in the cell beside it, flattened by the PDF into one
    # grid: the second table's header sits beside "Priority 2: …" in the column of groups
    doc = _grid_doc([
        ["Priority 1: Neglect", "No.", "Action", "Lead", "By when"],
        ["Priority 1: Neglect", "1", "Relaunch the toolkit", "Head of Early Help", "Sept 2020"],
        ["Priority 1: Neglect", "2", "Audit neglect plans", "QA Manager", "Dec 2020"],
        ["Priority 2: Exploitation", "No.", "Action", "Lead", "By when"],
        ["Priority 2: Exploitation", "1", "Map exploitation hotspots", "Police", "Nov 2020"],
    ])
    acts = recognise(doc)[0]
    assert [(a.section_ref, a.ref, a.action) for a in acts] == [
        ("1", "1", "Relaunch the toolkit"), ("1", "2", "Audit neglect plans"), ("2", "1", "Map exploitation hotspots")]
