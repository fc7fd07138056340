"""Map a table's header cells to the contract's fields by their words.

A header is recognised by its vocabulary alone (never by one plan's exact wording), so
"By whom", "Owner", "Lead officer" and "Responsible" all mean *lead*.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS = ("ref", "source", "section", "action", "lead", "due", "status", "rag", "outcome", "measure")

# Ordered: the first field whose pattern matches a header cell wins, so the more specific
# wording comes first ("Lead officer" is a lead; "By whom and when" is a lead, not a date).
SYNONYMS: list[tuple[str, re.Pattern[str]]] = [
    ("source", re.compile(r"\b[Ss]ource\b|\bSOURCE\b|\(\s*[A-Z&]{1,5}\s*\).*\(\s*[A-Z&]{1,5}\s*\)|\borigin\b|\bderived from\b")),
    ("ref", re.compile(r"^(ref|reference|ref\s*no|no|number|item|#|action\s*no|action\s*ref|id)\.?$")),
    ("lead", re.compile(r"\bby whom\b|\blead(s|\s*officer|\s*agency|\s*person|\s*manager)?\b|\bowner(ship)?\b|"
                        r"\bresponsib|\baccountable\b|^who\b|\bwho\s*(is\s*)?(responsible|leading)\b|\bled by\b")),
    ("due", re.compile(r"\bby when\b|\bmilestones?\b|\btime[\s-]*scales?\b|\btarget\s*date|\bdeadline|"
                       r"\bcompletion\s*date|\bdue\b|^when\b|\bdate\b|\btiming|\btimeframe|\btarget\s*completion")),
    ("rag", re.compile(r"^(rag|r\s*/\s*a\s*/\s*g|rag\s*(rating|status)|rating)$")),
    ("status", re.compile(r"\bstatus\b|\bprogress\b|\brag\b|\bupdates?\b|\bcomments?\b|\bcommentary\b|\bcurrent position\b|"
                          r"\bposition statement\b")),
    ("action", re.compile(r"\bactions?\b|\bwhat (we|will) (will|we)\b|\bwhat we will do\b|\bactivit(y|ies)\b|\btasks?\b|"
                          r"\bsteps?\b|\bhow (we|will)\b.*\bdo\b|\bproposed\b|\bdeliverables?\b|"
                          r"^what\b(?!.*\b(difference|impact|outcome|success|measure|know|achieve|mean)\w*)")),
    ("section", re.compile(r"\brecommendations?\b|\barea(s)? for (development|improvement|consideration)\b|"
                           r"\bobjectives?\b|\bpriorit(y|ies)\b|\bfindings?\b|\bissues?\b|\bareas?\b|\btheme\b|\bgoal\b|\baim\b")),
    ("measure", re.compile(r"\bmeasures?\b|\bperformance\b|\btargets?\b|\bevidence\b|\bkpi|\bindicators?\b|\bhow this will be\b|"
                           r"\bhow (will )?we (will )?know\b|\bsuccess criteria\b")),
    ("outcome", re.compile(r"\boutcomes?\b|\bimpact\b|\bsuccess\b|\bexpected\b|\bdifference\b")),
]

# Words that make a header cell about the action itself even when another field matches
# ("Action lead" is a lead; "Actions" or "Proposed action" is the action).
_ACTION_HEAD = re.compile(r"^(\w\)\s*)?(proposed |key |improvement |agreed |planned )?actions?( required| to be taken| planned)?$")


# A status column that can only hold a rating (beside a progress column, it is the RAG).
_RAG_LIKE = re.compile(r"^(?:(?:current|overall|rag|delivery)\s+)?(?:status|rating)$")

# A word broken by hand over two lines of a narrow header cell ("Time-" / "scale").
_BROKEN_WORD = re.compile(r"(?<=[A-Za-z])-[ \t]*\n\s*(?=[a-z])")


def _norm(text: str) -> str:
    text = _BROKEN_WORD.sub("", text).replace("\n", " ")
    return " ".join(text.split()).strip(" :;,-–").lower()


def classify(text: str) -> str | None:
    """The field a single header cell names, or None."""
    raw = " ".join(text.split())
    t = _norm(text)
    if not t or len(t) > 160:
        return None
    if _ACTION_HEAD.match(t):
        return "action"
    for name, pat in SYNONYMS:
        target = raw if name == "source" else t
        if pat.search(target):
            return name
    return None


@dataclass
class HeaderMap:
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    header_text: dict[int, str] = field(default_factory=dict)
    rows: int = 1  # header rows consumed
    # quarter columns of a timeline ("Q1 | Q2 | Q3 | Q4" under "2021/22") marking when each
    # action happens: column index -> the deadline its mark stands for ("Q3 2021/22")
    timeline: dict[int, str] = field(default_factory=dict)

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
        return out + [f"{label!r} -> timeline (due)" for _, label in sorted(self.timeline.items())]


def map_header(cells: list[str]) -> HeaderMap:
    """Assign fields to header cells; each field goes to its first column, except that a
    second action-like column becomes the outcome."""
    hm = HeaderMap()
    taken: set[str] = set()
    for c, text in enumerate(cells):
        if c > 0 and text == cells[c - 1]:
            continue  # a spanned header cell repeated
        name = classify(text)
        if name is None:
            continue
        if name == "due" and "due" in taken and re.search(r"\b(end|target|completion|deadline|finish|by)\b", _norm(text)):
            # prefer the end of a start/end pair
            old = next(c2 for c2, f in hm.columns.items() if f == "due")
            if re.search(r"\bstart", _norm(hm.header_text[old])):
                del hm.columns[old]
                taken.discard("due")
        if name == "status" and "status" in taken and "rag" not in taken:
            # "Progress | Status": the column headed only as a status or rating carries the RAG
            old = next(c2 for c2, f in hm.columns.items() if f == "status")
            if _RAG_LIKE.match(_norm(text)):
                hm.columns[c] = "rag"
                hm.header_text[c] = " ".join(text.split())
                taken.add("rag")
                continue
            if _RAG_LIKE.match(_norm(hm.header_text[old])):
                hm.columns[old] = "rag"
                taken.add("rag")
                taken.discard("status")
        if name in taken:
            if name == "action":
                name = "outcome" if "outcome" not in taken else None
            elif name in ("section", "outcome", "measure", "status"):
                name = None
            else:
                name = None
        if name:
            hm.columns[c] = name
            hm.header_text[c] = " ".join(text.split())
            taken.add(name)
    return hm


def header_score(cells: list[str]) -> int:
    """How header-like a row is: the number of distinct fields its cells name."""
    return len(set(map_header(cells).columns.values()))
