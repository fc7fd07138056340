"""Normalised keys and the small classification rules the store applies when saving."""
from __future__ import annotations

import re
from collections.abc import Mapping

_ROLE_WORDS = frozenset(
    """
    chair chairs chairman chairperson vice deputy director directors head heads manager managers
    officer officers lead leads leader leaders coordinator co-ordinator coordinators co-ordinators
    executive chief member members worker workers consultant consultants adviser advisor advisers
    advisors commissioner commissioners nurse nurses doctor doctors paediatrician designated named
    principal secretary administrator administrators practitioner practitioners analyst analysts
    champion champions trainer trainers inspector inspectors president mayor councillor
    councillors governor governors dcs dass lado ceo dph
    """.split()
)
_ORGANISATION_WORDS = frozenset(
    """
    police service services partnership partnerships partners council councils ccg nhs trust trusts
    lscb lsab lscbs board boards group groups team teams authority authorities health agency
    agencies school schools college colleges department directorate unit forum committee
    network hospital hospitals probation crc cafcass ofsted government charity organisation
    organisations alliance safeguarding-board sub-group subgroup
    """.split()
)
_WORD = re.compile(r"[\w&'-]+")
_COMPLETE = re.compile(r"\b(complete|completed|done)\b", re.IGNORECASE)


def norm_key(text: str) -> str:
    """Identity key: casefolded, white space collapsed. "  LSCB  chair" -> "lscb chair"."""
    return " ".join(text.casefold().split())


def classify_lead(name: str) -> str:
    """Rule-of-thumb kind of a lead: a role noun -> "role", an organisation word ->
    "organisation", otherwise "person". The real recogniser lives in normalise/leads.py."""
    words = [w.casefold() for w in _WORD.findall(name)]
    if any(w in _ROLE_WORDS for w in words):
        return "role"
    if any(w in _ORGANISATION_WORDS for w in words):
        return "organisation"
    return "person"


def lead_kind(name: str, lead_kinds: Mapping[str, str] | None = None) -> str:
    """The kind from an explicit mapping (matched as written, then by key), else by rule."""
    if lead_kinds:
        if name in lead_kinds:
            return lead_kinds[name]
        key = norm_key(name)
        for written, kind in lead_kinds.items():
            if norm_key(written) == key:
                return kind
    return classify_lead(name)


def is_complete(status_raw: str) -> bool:
    """Status text says the action is complete / completed / done (whole words)."""
    return bool(_COMPLETE.search(status_raw))


def source_code(ref: str, legend: Mapping[str, str]) -> str:
    """The code of a source reference: the longest legend code it starts with, else its
    first word. "OC para 11" -> "OC"; "C&D" -> "C&D"."""
    ref = ref.strip()
    best = ""
    for code in legend:
        if len(code) > len(best) and (ref == code or ref.startswith(code + " ")):
            best = code
    if best:
        return best
    return ref.split(" ", 1)[0] if ref else ""


def fts_tokens(text: str) -> list[str]:
    """Search words, lowercased: the same tokens go to FTS5 and to PostgreSQL tsquery."""
    return [t.casefold() for t in re.findall(r"\w+", text)]
