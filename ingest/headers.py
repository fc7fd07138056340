"""Map a table's header cells to the contract's fields by their words.

A header is recognised by its vocabulary alone (never by one plan's exact wording), so
"By whom", "Owner", "Lead officer" and "Responsible" all mean *lead*.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS = ("ref", "section_ref", "source", "section", "action", "lead", "due", "status", "rag", "outcome", "measure")

# Each field's vocabulary, matched against the header in lower case. A header may name more
# than one field ("Progress to date", "Performance measures (in line with actions)"): it is
# scored for each by the share of its words the field's wording covers, and the table's
# columns are then given fields best match first (see map_header). The order breaks ties, so
# the more specific wording comes first ("Action lead" is a lead; "By whom and when" a lead).
SYNONYMS: list[tuple[str, re.Pattern[str]]] = [
    ("source", re.compile(r"\bsources?\b|\borigin\b|\bderived from\b|"
                          # the references of the report an action answers, in a column of their own
                          # ("Inspection ref" holding "ILACS 2; JTAI 1", "Ofsted ref", "Review reference")
                          r"^(inspection|ofsted|report|review|audit|scr|sar|cspr|jtai|ilacs|cqc|hmicfrs?|para|paragraph)\s+"
                          r"(ref|refs|reference|references|para|paragraph)\.?$|"
                          # a legend of codes: "Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)"
                          r"\w\s*\(\s*[a-z&]{1,5}\s*\)\s*(?:,|;|/|\bor\b|\band\b).*\w\s*\(\s*[a-z&]{1,5}\s*\)")),
    ("ref", re.compile(r"^(ref|reference|ref\s*no|no|number|item|#|action\s*no|action\s*ref|id)\.?$")),
    # the number of the enclosing recommendation or objective in a column of its own ("Rec" holding
    # R1, R2 beside the recommendation's text; "Objective no.")
    ("section_ref", re.compile(r"^(recs?|rec\.?\s*(no|ref|number|#)|(recommendation|objective|obj|priority|finding|theme|area)"
                               r"\s*(no|ref|reference|number|#))\.?$")),
    ("lead", re.compile(r"\bby whom\b|^resp\.?$|\blead(s|\s*officer|\s*agency|\s*person|\s*manager)?\b|\bowner(ship)?\b|"
                        r"\bresponsib\w*|\baccountable\b|^who\b|\bby who\b|\bwho\s*(is\s*)?(responsible|leading)\b|\bled by\b|"
                        # a SMART plan's "Achievable – who will do it?"
                        r"\bwho\s+(will|is\s+going\s+to)\s+(do|deliver|lead|carry)\w*(\s+(it|this|out))*\b|"
                        # a column of agencies alone ("Agency", "Partner(s)"): a lead only where no
                        # column names one better (see candidates)
                        r"^(partner\s+)?(agenc(y|ies)|partners?)(\s*\(s\))?$")),
    ("due", re.compile(r"\bby when\b|\bmilestones?\b|\btime[\s-]*scales?\b|\btarget\s*date|\bdeadline|"
                       r"\bcompletion\s*date|\bdue\b|^when\b|\bdate\b(?<!\bto date)|\btiming|\btimeframe|\btarget\s*completion|"
                       # a project plan's "Start | Finish", a SMART plan's "Time-bound"
                       r"^(planned\s+|target\s+|expected\s+|estimated\s+)?(finish|end|completion)(\s+date)?$|"
                       # a column headed by the preposition alone ("By"), or "Completion by", "To be completed by"
                       r"^((to\s+be\s+)?(complet(e|ed|ion)|deliver(ed|y)|done|finish(ed)?|implemented|due)\s+)?by$|(\band|&|/)\s*when\b|\btime[\s-]*(bound|bond|limited)\b")),
    ("rag", re.compile(r"^((overall|current|latest)\s+)?(b?rag|(b\s*/\s*)?r\s*/\s*a\s*/\s*g|(blue\s*/\s*)?red\s*/\s*amber\s*/\s*green|"
                       r"b?rag\s*(rating|status)|rating)"
                       r"(\s*\(\s*(b\s*/\s*)?r\s*/\s*a\s*/\s*g\s*\))?$")),
    ("status", re.compile(r"\bstatus\b|\bprogress\b|\bresponse\s+to\s+date\b|\brag\b|\bupdates?\b|\bcomments?\b|\bcommentary\b|\bcurrent position\b|"
                          r"\bposition statement\b|%\s*complete\b|\bper\s*cent(age)?\s*complete\b")),
    ("action", re.compile(r"\bactions?\b|^((our|agency|management|partnership|board)\s+)?responses?\b(?!.*\b(to\s+date|so\s+far|received)\b)|\bwhat we will do\b|\bwhat (we|will) (will|we)\b|\bactivit(y|ies)\b|\btasks?\b|"
                          r"\bsteps?\b|\bhow (we|will)\b.*\bdo\b|\bproposed\b|\bdeliverables?\b|^specific\b|"
                          r"^what\b(?!.*\b(difference|impact|outcome|success|measure|know|achieve|mean)\w*)")),
    ("section", re.compile(r"\brecommendations?\b|\barea(s)? for (development|improvement|consideration)\b|"
                           r"\bobjectives?\b|\bpriorit(y|ies)\b|\bfindings?\b|\bissues?\b|\bareas?\b|\btheme\b|\bgoal\b|\baim\b|"
                           r"\bwork\s*streams?\b|\bstrands?\b")),
    ("measure", re.compile(r"\bmeasures?\b|^measurable\b|\bperformance\b|\btargets?\b|\bevidence\b|\bkpi|\bindicators?\b|\bhow this will be\b|"
                           r"\bhow (will )?we (will )?know\b|\bsuccess criteria\b")),
    ("outcome", re.compile(r"\boutcomes?\b|\bimpact\b|\bsuccess\b|\bexpected\b|\bdifference\b")),
]
_ORDER = {name: k for k, (name, _) in enumerate(SYNONYMS)}

# Words that make a header cell about the action itself even when another field matches
# ("Action lead" is a lead; "Actions" or "Proposed action" is the action).
_ACTION_HEAD = re.compile(r"^(\w\)\s*)?(proposed |key |improvement |agreed |planned )?actions?( required| to be taken| planned)?$")


# A status column that can only hold a rating (beside a progress column, it is the RAG).
_RAG_LIKE = re.compile(r"^(?:(?:current|overall|rag|delivery)\s+)?(?:status|rating)$")

# One group's label with its number and nothing else ("Objective 4", "Priority 2:"): a
# heading that landed in a header cell, not the name of a column of sections.
_NUMBERED_GROUP = re.compile(r"^(?:strategic\s+)?(?:objective|priority|theme|recommendation|area|aim|goal|outcome)s?"
                             r"\s*\d{1,2}(?:\.\d{1,2}){0,3}$")

_AGENCY_ONLY = re.compile(r"^(partner\s+)?(agenc(y|ies)|partners?)(\s*\(s\))?$")

# A word broken by hand over two lines of a narrow header cell ("Time-" / "scale").
_BROKEN_WORD = re.compile(r"(?<=[A-Za-z])-[ \t]*\n\s*(?=[a-z])")
_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    text = _BROKEN_WORD.sub("", text).replace("\n", " ")
    return " ".join(text.split()).strip(" :;,-–").lower()


def _coverage(pat: re.Pattern[str], t: str) -> float:
    """The share of the header's words inside the pattern's matches (0 when it does not match)."""
    spans = [m.span() for m in pat.finditer(t)]
    if not spans:
        return 0.0
    words = [m.span() for m in _WORD.finditer(t)]
    if not words:
        return 1.0
    inside = sum(any(a < e and s < b for a, b in spans) for s, e in words)
    return max(inside, 1) / len(words)


def candidates(text: str) -> list[tuple[str, float]]:
    """Every field a header cell may name, with how well it names it (0-1), best first."""
    t = _norm(text)
    if not t or len(t) > 160:
        return []
    if _ACTION_HEAD.match(t):
        return [("action", 1.0)]
    out = []
    for name, pat in SYNONYMS:
        score = _coverage(pat, t)
        if not score:
            continue
        if name == "due" and re.search(r"\bstart", t) and not re.search(r"\b(end|target|completion|deadline|finish)\b", t):
            score /= 2  # of a start/end pair the end is the deadline
        if name == "status" and _RAG_LIKE.match(t):
            # "Progress | Status": the column headed only as a status or rating carries the RAG
            out.append(("rag", score * 0.8))
            score *= 0.9
        if name == "lead" and _AGENCY_ONLY.match(t):
            score *= 0.5  # "Agency | … | Lead officer": the named lead column wins
        if name == "section" and _NUMBERED_GROUP.match(t):
            score *= 0.1
        out.append((name, score))
    best: dict[str, float] = {}
    for name, score in out:
        best[name] = max(score, best.get(name, 0.0))
    return sorted(best.items(), key=lambda x: (-x[1], _ORDER[x[0]]))


def classify(text: str) -> str | None:
    """The field a single header cell names best, or None."""
    found = candidates(text)
    return found[0][0] if found else None


@dataclass
class HeaderMap:
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    header_text: dict[int, str] = field(default_factory=dict)
    rows: int = 1  # header rows consumed
    # quarter columns of a timeline ("Q1 | Q2 | Q3 | Q4" under "2021/22") marking when each
    # action happens: column index -> the deadline its mark stands for ("Q3 2021/22")
    timeline: dict[int, str] = field(default_factory=dict)
    # columns of agencies under a spanning "Lead agency" heading, each action's leads marked
    # with a tick in their columns: column index -> the lead it stands for ("Police")
    lead_marks: dict[int, str] = field(default_factory=dict)
    # a column that names a second field no other column takes ("Lead / by when" holds the lead
    # and the deadline on lines of their own): column index -> that second field
    also: dict[int, str] = field(default_factory=dict)

    def col(self, name: str) -> int | None:
        for c, f in self.columns.items():
            if f == name:
                return c
        return None

    def cols(self, name: str) -> list[int]:
        return [c for c, f in self.columns.items() if f == name]

    @property
    def is_action_table(self) -> bool:
        fields = set(self.columns.values())
        return "action" in fields and bool(fields & {"lead", "due", "status", "rag", "ref", "source"})

    def describe(self) -> list[str]:
        out = [f"{self.header_text.get(c, '')!r} -> {f}" for c, f in sorted(self.columns.items())]
        return (out + [f"{label!r} -> timeline (due)" for _, label in sorted(self.timeline.items())]
                + [f"{label!r} -> lead when ticked" for _, label in sorted(self.lead_marks.items())])


def map_header(cells: list[str]) -> HeaderMap:
    """Assign fields to header cells, one column per field, best match first: the column
    that names a field most plainly takes it ("Target date" over "Progress to date",
    "Proposed Action" over "Performance measures (in line with actions)"), a column whose
    best field went elsewhere takes its next; ties go to the leftmost column. A second
    action-like column left without a field becomes the outcome."""
    hm = HeaderMap()
    pairs: list[tuple[float, int, int, str]] = []
    found: dict[int, list[tuple[str, float]]] = {}
    for c, text in enumerate(cells):
        if c > 0 and text == cells[c - 1]:
            continue  # a spanned header cell repeated
        found[c] = candidates(text)
        pairs.extend((-score, c, _ORDER[name], name) for name, score in found[c])
    taken: set[str] = set()
    for _, c, _, name in sorted(pairs):
        if c in hm.columns or name in taken:
            continue
        hm.columns[c] = name
        taken.add(name)
    sec, act = hm.col("section"), hm.col("action")
    if sec is not None and act is not None and sec < act:
        # "Priority | Objective | Ref | Action": the group nearest the action encloses it
        for c in range(act - 1, sec, -1):
            if c not in hm.columns and found.get(c) and found[c][0][0] == "section" and found[c][0][1] >= 0.5:
                del hm.columns[sec]
                hm.columns[c] = "section"
                break
    pair = {"lead": "due", "due": "lead"}
    for c, cands in found.items():
        other = pair.get(hm.columns.get(c, ""))
        if other and other not in taken and any(name == other and score >= 0.2 for name, score in cands):
            hm.also[c] = other
            taken.add(other)
    if "outcome" not in taken:
        for c, cands in found.items():
            if c not in hm.columns and cands and cands[0][0] == "action":
                hm.columns[c] = "outcome"
                break
    for c in hm.columns:
        hm.header_text[c] = " ".join(cells[c].split())
    hm.columns = dict(sorted(hm.columns.items()))
    return hm


def header_score(cells: list[str]) -> int:
    """How header-like a row is: the number of distinct fields its cells name."""
    return len(set(map_header(cells).columns.values()))
