"""Action filters, alone and combined, on SQLite and PostgreSQL: an invented three-borough data
set with known answers, and the gold plans checked against a plain-Python oracle."""
from __future__ import annotations

import re
from datetime import date

import pytest

from ingest.records import ActionRecord, ExtractedPlan, PlanRecord
from store import ActionFilter, Store, open_store
from store import queries as queries_module

# (ref, action, section, leads, due_date, due_kind, status, rag, sources, outcome)
NORTH = [
    ("1", "Deliver safeguarding training to schools", "Workforce", ["Sam Kent"], "2018-03-31", "by",
     "", "red", ["OR 1"], "All staff trained"),
    ("2", "Audit referrals from police", "Front door", ["Police", "Ann Bell"], "2018-01-31", "by",
     "Completed in May", "green", ["SCR 4"], ""),
    ("3", "Publish the annual report", "Governance", ["LSCB Chair"], "2018-12-31", "by",
     "Incomplete: draft only", "amber", ["OR 2", "SCR"], "Report published"),
    ("4", "Review thresholds document", "Governance", ["Sam Kent", "LSCB Chair"], "", "ongoing",
     "", "", [], ""),
]
SOUTH = [
    ("1.1", "Refresh neglect strategy", "Neglect", ["Sarah King"], "2017-09-30", "by",
     "", "red", ["LR 2"], ""),
    ("1.2", "Train health visitors on neglect", "Neglect", ["Head of Health  Services"], "2018-06-30", "by",
     "done", "green", ["OR 3", "LR"], "Visitors trained"),
    ("1.3", "Quarterly audit of case files", "Neglect", ["lscb chair"], "2017-06-30", "from",
     "", "", ["OR 4"], ""),
]
EAST = [
    ("A", "Set up a youth forum", "Voice of the child", ["Youth Council"], "2016-12-31", "by",
     "", "amber", ["LR"], "Forum meets"),
    ("B", "Commission independent scrutiny", "Safeguarding governance", ["Police"], "2019-03-31", "by",
     "", "", ["LR 1"], ""),
]


def build(document: str, authority: str, rows: list[tuple], legend: dict[str, str],
          people: dict[str, str]) -> ExtractedPlan:
    plan = PlanRecord(document=document, source_file=f"{document}.docx", format="docx", sha256=f"sha-{document}",
                      authority=authority, plan_title=f"{authority} plan", legend=legend, people=people)
    actions = []
    for i, (ref, action, section, leads, due, kind, status, rag, sources, outcome) in enumerate(rows):
        actions.append(ActionRecord(
            section_ref=section[:1], section=section, ref=ref, action=action, lead_raw="/".join(leads),
            leads=leads, due_raw=due, due_date=due, due_precision="day" if due else "", due_kind=kind,
            status_raw=status, rag=rag, sources=sources,
            source_types=list(dict.fromkeys(legend.get(s.split()[0], "") for s in sources)),
            outcome=outcome, position=i,
        ))
    return ExtractedPlan(plan=plan, actions=actions)


PLANS = [
    build("north-2018", "Northborough", NORTH, {"OR": "Ofsted recommendation", "SCR": "Serious case review"},
          {"SK": "Sam Kent", "AB": "Ann Bell"}),
    build("south-2019", "Southwick", SOUTH, {"OR": "Ofsted recommendation", "LR": "Laming review"},
          {"SK": "Sarah King"}),
    build("east-2017", "East Vale", EAST, {"LR": "LSCB review"}, {}),
]


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as s:
        for p in PLANS:
            assert s.save_plan(p) == "stored"
        yield s


def refs(store: Store, **kw: object) -> list[str]:
    return [f"{r['document']}:{r['ref']}" for r in store.export_rows(ActionFilter(**kw))]  # type: ignore[arg-type]


N, S, E = "north-2018", "south-2019", "east-2017"


def test_no_filter_returns_everything_in_document_order(store: Store) -> None:
    assert refs(store) == [f"{E}:A", f"{E}:B", f"{N}:1", f"{N}:2", f"{N}:3", f"{N}:4",
                           f"{S}:1.1", f"{S}:1.2", f"{S}:1.3"]


@pytest.mark.parametrize("authority, expected", [
    (["Northborough"], [f"{N}:1", f"{N}:2", f"{N}:3", f"{N}:4"]),
    (["southwick", "EAST   vale"], [f"{E}:A", f"{E}:B", f"{S}:1.1", f"{S}:1.2", f"{S}:1.3"]),
    (["Nowhere"], []),
])
def test_authority(store: Store, authority: list[str], expected: list[str]) -> None:
    assert refs(store, authority=authority) == expected


def test_document(store: Store) -> None:
    assert refs(store, document=[E]) == [f"{E}:A", f"{E}:B"]


@pytest.mark.parametrize("lead, expected", [
    ("Sam Kent", [f"{N}:1", f"{N}:4"]),
    ("  sam   KENT ", [f"{N}:1", f"{N}:4"]),
    ("Sarah King", [f"{S}:1.1"]),
    ("SK", [f"{N}:1", f"{N}:4", f"{S}:1.1"]),  # initials as each plan defines them
    ("ab", [f"{N}:2"]),
    ("LSCB Chair", [f"{N}:3", f"{N}:4", f"{S}:1.3"]),  # a role, across boroughs
    ("head of health services", [f"{S}:1.2"]),
    ("police", [f"{E}:B", f"{N}:2"]),  # an organisation
    ("Nobody", []),
])
def test_lead(store: Store, lead: str, expected: list[str]) -> None:
    assert refs(store, lead=lead) == expected


@pytest.mark.parametrize("lead, expected", [
    ("chair of the lscb", ["w:1"]),
    ("  CHAIR of   the LSCB ", ["w:1"]),  # any case and spacing
    ("head of early help", ["w:1", "w:2"]),  # "EARLY-Help": punctuation between words
    ("early", ["w:1", "w:2"]),  # a word inside the raw text
    ("ear", []),  # whole words only
    ("lscb chair", [f"{N}:3", f"{N}:4"]),  # words in the order written: only the other plan's entity
    ("LADO", ["w:2"]),
    ("Sam Kent", [f"{N}:1", f"{N}:4", "w:3"]),  # lead entities still match as before
])
def test_lead_matches_words_in_the_raw_lead_text(db_url: str, lead: str, expected: list[str]) -> None:
    # leads=[]: the lead recogniser found no entity in these cells, only the raw text has them
    rows = [
        ("1", "Audit", "S", [], "", "", "", "", [], ""),
        ("2", "Train", "S", [], "", "", "", "", [], ""),
        ("3", "Publish", "S", ["Sam Kent"], "", "", "", "", [], ""),
    ]
    plan = build("w", "Westshire", rows, {}, {})
    plan.actions[0].lead_raw = "Chair of the  LSCB / Head of EARLY-Help"
    plan.actions[1].lead_raw = "head of early help (LADO)"
    with open_store(db_url) as s:
        s.save_plan(plan)
        s.save_plan(PLANS[0])  # another plan, with entities
        assert refs(s, lead=lead) == expected
        assert s.count_actions(ActionFilter(lead=lead)) == len(expected)
        in_w = [r for r in expected if r.startswith("w:")]
        assert refs(s, lead=lead, document=["w"]) == in_w  # the per-row (probe) form too


def test_due_before_and_after_are_inclusive(store: Store) -> None:
    assert refs(store, due_before=date(2017, 9, 30)) == [f"{E}:A", f"{S}:1.1", f"{S}:1.3"]
    assert refs(store, due_after=date(2018, 12, 31)) == [f"{E}:B", f"{N}:3"]
    assert refs(store, due_after=date(2018, 1, 1), due_before=date(2018, 6, 30)) == [
        f"{N}:1", f"{N}:2", f"{S}:1.2"]


def test_overdue(store: Store) -> None:
    # 2018-06-01: due before then, a "by" deadline, status not complete / completed / done
    assert refs(store, overdue=True, as_of=date(2018, 6, 1)) == [f"{E}:A", f"{N}:1", f"{S}:1.1"]
    # "Incomplete" is not "complete"; "from" deadlines are never overdue
    assert refs(store, overdue=True, as_of=date(2019, 1, 1)) == [f"{E}:A", f"{N}:1", f"{N}:3", f"{S}:1.1"]
    assert refs(store, overdue=True, as_of=date(2016, 1, 1)) == []


def test_overdue_defaults_to_today(store: Store) -> None:
    assert refs(store, overdue=True) == refs(store, overdue=True, as_of=date.today())
    assert refs(store, overdue=True) == [f"{E}:A", f"{E}:B", f"{N}:1", f"{N}:3", f"{S}:1.1"]


@pytest.mark.parametrize("source_type, expected", [
    ("Ofsted recommendation", [f"{N}:1", f"{N}:3", f"{S}:1.2", f"{S}:1.3"]),
    ("OR", [f"{N}:1", f"{N}:3", f"{S}:1.2", f"{S}:1.3"]),
    ("LR", [f"{E}:A", f"{E}:B", f"{S}:1.1", f"{S}:1.2"]),  # the code, whatever it means locally
    ("laming  review", [f"{S}:1.1", f"{S}:1.2"]),  # LR means this only in Southwick
    ("LSCB review", [f"{E}:A", f"{E}:B"]),
    ("serious case review", [f"{N}:2", f"{N}:3"]),
    ("Peer review", []),
])
def test_source_type(store: Store, source_type: str, expected: list[str]) -> None:
    assert refs(store, source_type=source_type) == expected


@pytest.mark.parametrize("rag, expected", [
    ("red", [f"{N}:1", f"{S}:1.1"]),
    ("AMBER", [f"{E}:A", f"{N}:3"]),
    ("green", [f"{N}:2", f"{S}:1.2"]),
])
def test_rag(store: Store, rag: str, expected: list[str]) -> None:
    assert refs(store, rag=rag) == expected


@pytest.mark.parametrize("search, expected", [
    ("neglect", [f"{S}:1.1", f"{S}:1.2", f"{S}:1.3"]),  # action text and the section "Neglect"
    ("TRAIN", [f"{N}:1", f"{S}:1.2"]),  # a word prefix: training, trained
    ("safeguarding training", [f"{N}:1"]),  # every word must occur
    ("published", [f"{N}:3"]),  # outcome text
    ("safeguarding governance", [f"{E}:B"]),  # section text
    ("forum youth", [f"{E}:A"]),
    ("zebra", []),
    ("!!! ???", []),  # no words at all: nothing, and no syntax error
    ('"unbalanced AND (', []),
])
def test_search(store: Store, search: str, expected: list[str]) -> None:
    assert refs(store, search=search) == expected
    assert store.count_actions(ActionFilter(search=search)) == len(expected)  # PostgreSQL: from action_search


def test_combined_filters(store: Store) -> None:
    assert refs(store, authority=["Northborough", "Southwick"], rag="red", lead="SK") == [f"{N}:1", f"{S}:1.1"]
    assert refs(store, overdue=True, as_of=date(2019, 1, 1), source_type="OR") == [f"{N}:1", f"{N}:3"]
    assert refs(store, search="neglect", due_before=date(2017, 12, 31), lead="sarah king") == [f"{S}:1.1"]
    assert refs(store, lead="police", authority=["East Vale"], search="scrutiny", due_after=date(2019, 1, 1),
                document=[E]) == [f"{E}:B"]
    assert refs(store, rag="green", overdue=True, as_of=date(2030, 1, 1)) == []  # green ones are complete


def test_query_actions_rows_limit_and_count(store: Store) -> None:
    flt = ActionFilter(authority=["Northborough"])
    rows = store.query_actions(flt)
    assert [r["ref"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[1]["leads"] == "Police; Ann Bell" and rows[1]["sources"] == "SCR 4"
    assert rows[1]["source_types"] == "Serious case review"
    assert isinstance(rows[0]["id"], int) and rows[0]["confidence"] == 1.0 and rows[0]["reasons"] == []
    assert [r["ref"] for r in store.query_actions(flt, limit=2)] == ["1", "2"]
    assert store.count_actions(flt) == 4
    assert store.count_actions(ActionFilter(search="neglect", rag="red")) == 1


SET_FILTERS = [  # lead, source type and search are counted from their id sets alone, and intersected
    ActionFilter(lead="LSCB Chair"), ActionFilter(lead="SK"), ActionFilter(lead="chair"),
    ActionFilter(source_type="LR"), ActionFilter(source_type="Ofsted recommendation"), ActionFilter(search="neglect"),
    ActionFilter(lead="sk", source_type="or"), ActionFilter(lead="chair", search="report", source_type="SCR"),
    ActionFilter(lead="Police", search="audit"), ActionFilter(lead="nobody at all", search="neglect"),
    ActionFilter(lead="chair", rag="amber"), ActionFilter(source_type="LR", due_after=date(2017, 1, 1)),
]


@pytest.mark.parametrize("flt", SET_FILTERS, ids=repr)
def test_count_and_first_page_agree_with_the_full_result(store: Store, flt: ActionFilter) -> None:
    full = [r["id"] for r in store.query_actions(flt)]
    assert store.count_actions(flt) == len(full)
    assert [r["id"] for r in store.query_actions(flt, limit=2)] == full[:2]


@pytest.mark.parametrize("flt", [f for f in SET_FILTERS if f.lead or f.search or f.source_type], ids=repr)
def test_a_big_set_tested_row_by_row_pages_like_the_set(
    store: Store, flt: ActionFilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lead or source type (PostgreSQL) or search word (SQLite) of many actions is paged by
    testing each row in export order; every one counts as "many" here, so that path must give
    the set path's page."""
    full = [r["id"] for r in store.query_actions(flt)]
    monkeypatch.setattr(queries_module, "PROBE_SET", 1)
    monkeypatch.setattr(queries_module, "COMMON_SEARCH", 1)
    assert [r["id"] for r in store.query_actions(flt, limit=2)] == full[:2]
    assert store.count_actions(flt) == len(full)


def test_count_counts_an_action_once_however_many_links_match(db_url: str) -> None:
    plan = build("west-2020", "Westmarch", [
        ("1", "Joint audit", "Audit", ["LSCB Chair", "lscb  chair"], "", "ongoing", "", "", ["LR 1", "LR 2"], ""),
        ("2", "Other work", "Audit", ["Police"], "", "ongoing", "", "", ["OR 1"], ""),
    ], {"LR": "LR", "OR": "Ofsted recommendation"}, {})
    with open_store(db_url) as s:
        s.save_plan(plan)
        assert s.count_actions(ActionFilter(lead="LSCB Chair")) == 1
        assert s.count_actions(ActionFilter(source_type="lr")) == 1  # code and meaning both "LR", two sources
        assert s.count_actions(ActionFilter(lead="lscb chair", source_type="LR", search="audit")) == 1


def test_plans_and_leads_listings(store: Store) -> None:
    assert [(p["document"], p["authority"], p["actions"]) for p in store.plans()] == [
        (E, "East Vale", 2), (N, "Northborough", 4), (S, "Southwick", 3)]
    leads = {l["name"]: (l["kind"], l["initials"], l["actions"], l["plans"]) for l in store.leads()}
    assert leads["LSCB Chair"] == ("role", "", 3, 2)
    assert leads["Police"] == ("organisation", "", 2, 2)
    assert leads["Sam Kent"] == ("person", "SK", 2, 1)
    assert leads["Sarah King"] == ("person", "SK", 1, 1)
    assert leads["Youth Council"][0] == "organisation"


# -- gold plans against a plain-Python oracle --------------------------------------------------

def _oracle(plans: list[ExtractedPlan], keep) -> list[str]:
    rows = [(p.plan, a) for p in sorted(plans, key=lambda p: p.plan.document)
            for a in sorted(p.actions, key=lambda a: a.position)]
    return [f"{plan.document}:{a.position}" for plan, a in rows if keep(plan, a)]


def _positions(store: Store, flt: ActionFilter, plans: list[ExtractedPlan]) -> list[str]:
    # map exported rows back to positions (export order is document, position)
    index = {}
    for p in plans:
        for a in p.actions:
            index.setdefault((p.plan.document, a.ref, a.action, a.lead_raw, a.due_raw), []).append(a.position)
    out = []
    for r in store.export_rows(flt):
        pos = index[(r["document"], r["ref"], r["action"], r["lead_raw"], r["due_raw"])].pop(0)
        out.append(f"{r['document']}:{pos}")
    return out


def _in_raw_lead(lead: str, action: ActionRecord) -> bool:
    """The lead's words, adjacent and in order, among the raw lead text's words (any case)."""
    want = re.findall(r"\w+", lead.casefold())
    have = re.findall(r"\w+", action.lead_raw.casefold())
    return any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))


def test_gold_filters_match_oracle(db_url: str, gold_plans: list[ExtractedPlan]) -> None:
    as_of = date(2017, 6, 1)
    cases = [
        (ActionFilter(authority=["Barnet", "Kingston upon Thames"]),
         lambda p, a: p.authority in ("Barnet", "Kingston upon Thames")),
        (ActionFilter(due_before=date(2015, 3, 31)), lambda p, a: a.due_date != "" and a.due_date <= "2015-03-31"),
        (ActionFilter(due_after=date(2016, 6, 1)), lambda p, a: a.due_date != "" and a.due_date >= "2016-06-01"),
        (ActionFilter(overdue=True, as_of=as_of),
         lambda p, a: a.due_kind == "by" and a.due_date != "" and a.due_date < as_of.isoformat()
         and not any(w in a.status_raw.lower().replace(".", " ").split() for w in ("complete", "completed", "done"))),
        (ActionFilter(source_type="Peer review"), lambda p, a: "Peer review" in a.source_types),
        (ActionFilter(lead="LSCB Chair"),
         lambda p, a: any(l.casefold() == "lscb chair" for l in a.leads) or _in_raw_lead("LSCB Chair", a)),
        (ActionFilter(lead="JS"), lambda p, a: "Jonathan Stevens" in a.leads or _in_raw_lead("JS", a)),
        (ActionFilter(authority=["Barnet", "Lewisham"], source_type="Ofsted recommendation", due_before=date(2017, 12, 31)),
         lambda p, a: p.authority in ("Barnet", "Lewisham") and "Ofsted recommendation" in a.source_types
         and a.due_date != "" and a.due_date <= "2017-12-31"),
        (ActionFilter(authority=["Barnet", "Lewisham", "Kingston upon Thames"], overdue=True, as_of=as_of),
         lambda p, a: p.authority in ("Barnet", "Lewisham", "Kingston upon Thames") and a.due_kind == "by"
         and a.due_date != "" and a.due_date < as_of.isoformat()
         and not any(w in a.status_raw.lower().replace(".", " ").split() for w in ("complete", "completed", "done"))),
        (ActionFilter(authority=["redbridge"], lead="gladys xavier"),
         lambda p, a: p.authority == "Redbridge" and ("Gladys Xavier" in a.leads or _in_raw_lead("gladys xavier", a))),
    ]
    with open_store(db_url) as s:
        for p in gold_plans:
            s.save_plan(p)
        for flt, keep in cases:
            expected = _oracle(gold_plans, keep)
            assert expected, f"oracle case selects nothing: {flt}"
            assert _positions(s, flt, gold_plans) == expected, flt
