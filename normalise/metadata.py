"""Plan-level facts: the local authority, the plan's title and its date.

The authority comes from a gazetteer of local authorities (``data/authorities.txt``):
mentions on the title page count most, mentions with council / board context ("Barnet
Safeguarding Board", "London Borough of Brent") count more than bare ones, and mentions
inside the name of an NHS body ("Southwark NHS Primary Care Trust") count least.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from extractors.model import Document, Paragraph, Table
from normalise.dates import PlanPeriod, PlanYears, plan_period, plan_years
from normalise.text import clean

__all__ = ["PlanMeta", "plan_metadata", "find_authority", "find_title", "find_period", "find_plan_years", "Gazetteer", "gazetteer"]

_DATA = Path(__file__).with_name("data") / "authorities.txt"
_OPENING_LINES = 40  # lines read for the title and date
_TITLE_PAGE_LINES = 15  # lines that count as the title page for the authority


@dataclass
class PlanMeta:
    authority: str
    plan_title: str
    plan_date: str | None
    period: PlanPeriod | None = None  # the years the plan covers, for deadlines without a year
    plan_years: PlanYears | None = None  # when its "Year 1" starts, for deadlines given as plan years


@dataclass
class _Line:
    text: str
    heading: bool  # styled as a heading or bold
    in_table: bool


# --- gazetteer --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    canonical: str
    needs_context: bool
    not_authority: bool


class Gazetteer:
    """Names of local authorities, matched as whole words, longest first."""

    def __init__(self, lines: list[str]):
        self.names: dict[str, _Name] = {}
        for raw in lines:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            needs_context = line.startswith("?")
            not_authority = line.startswith("!")
            variants = [v.strip() for v in line.lstrip("?!").split("|") if v.strip()]
            name = _Name(variants[0], needs_context, not_authority)
            for v in variants:
                self.names.setdefault(_key(v), name)
        alts = sorted(self.names, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in alts)
        self._re = re.compile(rf"(?<![\w&'])(?:{body})(?![\w&])", re.I)
        # Most lines name no authority; a set look-up of first words skips them cheaply.
        self._first_words = {a.split()[0] for a in alts}

    @property
    def authorities(self) -> list[str]:
        return sorted({n.canonical for n in self.names.values() if not n.not_authority})

    def find(self, text: str) -> Iterator[tuple[re.Match[str], _Name]]:
        """Authority mentions in ``text`` (names used as everyday words, lower-case, skipped)."""
        text = _straighten(text)
        if not self._first_words.intersection(_WORD.findall(text.casefold())):
            return
        shouting = text.isupper()
        for m in self._re.finditer(text):
            name = self.names[_key(m.group(0))]
            if name.not_authority or not (m.group(0)[0].isupper() or shouting):
                continue
            yield m, name


_WORD = re.compile(r"[\w&'.-]+")


def _straighten(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _key(name: str) -> str:
    return " ".join(_straighten(name).casefold().split())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(_DATA.read_text(encoding="utf-8").splitlines())


# --- authority ---------------------------------------------------------------------------

_CONTEXT_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:"
    r"(?:(?:Metropolitan|City|County|District|Borough|Unitary)\s+)*Council\b|(?:London\s+)?Borough\b"
    r"|(?:Local\s+)?Safeguarding\b|LSCB|LSCP|LSAB|SCB|SCP|SAB|SCR\b"
    r"|Children'?s?\s+(?:Trust|Services|Partnership|Board|Social\s+Care)|Children\s+and\s+Young\s+People"
    r"|Community\s+Safety|Youth\s+Offending|Health\s+and\s+Well-?being|Partnership\b|Corporate\s+Parenting"
    r"|Adult\s+Social\s+Care|Adults?\s+Board|Improvement\s+Board"
    r")",
    re.I,
)
_CONTEXT_BEFORE = re.compile(
    r"(?:(?:London|Royal|Metropolitan|County)\s+Borough\s+of|Borough\s+of|City\s+of|County\s+of"
    r"|Council\s+of\s+the|District\s+of|Safeguarding\s+Children\s+Board\s+of)\s+(?:the\s+)?$",
    re.I,
)
# Mentions that name a health or education body rather than the council's area.
_INSTITUTION_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:[\w'&]+\s+){0,4}?(?:NHS|Hospitals?|Primary\s+Care|PCT|CCG|Clinical\s+Commissioning"
    r"|Foundation\s+Trust|Healthcare|Health\s+(?:Trust|Care)|Mental\s+Health|Teaching|University|College"
    r"|Infirmary|Medical\s+School)\b",
    re.I,
)
_INSTITUTION_BEFORE = re.compile(r"(?:University|Hospitals?|NHS|Trust|College)\s+(?:of\s+)?(?:the\s+)?$", re.I)

_FALLBACK_NAME = re.compile(
    r"(?:London\s+Borough|Royal\s+Borough|Metropolitan\s+Borough|Borough|City|County)\s+of\s+"
    r"((?:[A-Z][\w'-]*)(?:\s+(?:upon|on|under|in|and|&|[A-Z][\w'-]*))*)"
    r"|((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)?)\s+(?:Local\s+)?Safeguarding\s+(?:Children|Adults)",
)
_NOT_PLACES = frozenset({"The", "Local", "Draft", "Final", "Annual", "Joint", "New"})


_HEADING_STYLE = re.compile(r"\b(?:title|heading|subtitle)\b", re.I)


def _lines(doc: Document, limit: int | None = None) -> list[_Line]:
    """The document's text lines in reading order, table cells included."""
    out: list[_Line] = []

    def push(p: Paragraph, in_table: bool) -> None:
        for part in (p.text or "").split("\n"):
            text = clean(part)
            if text:
                heading = bool(p.heading_level) or p.bold or bool(_HEADING_STYLE.search(p.style or ""))
                out.append(_Line(text, heading, in_table))

    for block in doc.blocks:
        if limit is not None and len(out) >= limit:
            break
        if isinstance(block, Paragraph):
            push(block, False)
        elif isinstance(block, Table):
            for r, row in enumerate(block.grid):
                for j, cell in enumerate(row):
                    if cell.is_origin_at(r, j):
                        for p in cell.paragraphs:
                            push(p, True)
    return out if limit is None else out[:limit]


def find_authority(doc: Document) -> str:
    """The local authority as commonly written ("Kingston upon Thames"), or ""."""
    gaz = gazetteer()
    lines = _lines(doc)
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        title_page = i < _TITLE_PAGE_LINES
        text = _straighten(line.text)
        for m, name in gaz.find(text):
            before, after = text[:m.start()], text[m.end():]
            council = bool(_CONTEXT_AFTER.match(after) or _CONTEXT_BEFORE.search(before))
            if name.needs_context and not council:
                continue
            if _INSTITUTION_AFTER.match(after) or _INSTITUTION_BEFORE.search(before):
                weight = 1.0 if title_page else 0.5
            elif council:
                weight = 10.0 if title_page else 2.0
            else:
                weight = 4.0 if title_page else 1.0
            scores[name.canonical] = scores.get(name.canonical, 0.0) + weight
            first_seen.setdefault(name.canonical, i)
    if scores:
        return max(scores, key=lambda k: (scores[k], -first_seen[k]))
    for line in lines[:_TITLE_PAGE_LINES]:
        for m in _FALLBACK_NAME.finditer(line.text):
            name = clean(m.group(1) or m.group(2))
            if name and name.split()[0] not in _NOT_PLACES:
                return name
    return ""


# --- title -------------------------------------------------------------------------------

# "Action Log", "Delivery Tracker": a log of actions is titled like a plan
_PLAN_WORD = re.compile(r"\b(?:plan|strategy|programme|program|log|tracker)\b", re.I)
_JUNK_PREFIX = re.compile(
    r"^(?:appendix|annex|annexe|schedule|attachment)\s+(?:\d[\w.]{0,3}|[a-z](?![a-z])|[ivx]{1,4})\b\s*[:.\-–—]?\s*",
    re.I,
)
_TOC_LINE = re.compile(r"(?:\.{3,}|…|_{3,})\s*\d+\s*$")  # "Action Plan ........ 4"
_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+|\s+\|\s+")
_YEARISH = re.compile(r"^[\d\s/\-–—]+$")
# "2020-" at a line's end and "21" on the next, joined with a space by the reader: one year range
_BROKEN_YEAR_RANGE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([-/–])\s+([0-9]{2}(?:[0-9]{2})?)(?![0-9])")
_BODY_WORDS = re.compile(
    r"\b(?:board|partnership|council|borough|committee|LSCB|LSCP|SCB|SAB|trust|authority|children's services)\b", re.I
)
_SMALL_WORDS = frozenset({"and", "of", "for", "the", "a", "an", "in", "on", "to", "with", "by", "&", "upon", "under"})


def _titlecase_share(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _SMALL_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _title_part(text: str) -> str:
    """The part of a title line that names the plan, dropping a board name or "Appendix 1"."""
    text = _JUNK_PREFIX.sub("", text).strip()
    pieces: list[str] = []
    pos = 0
    for m in _SEPARATOR.finditer(text):
        pieces.append(text[pos:m.start()])
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(text[pos:])
    segments = [pieces[0]]
    for k in range(2, len(pieces), 2):
        if _YEARISH.match(pieces[k].strip()):  # "Plan 2009 - 2010": the year range stays
            segments[-1] += pieces[k - 1] + pieces[k]
        else:
            segments.append(pieces[k])
    if len(segments) < 2:
        return text
    planned = [s for s in segments if _PLAN_WORD.search(s)]
    others = [s for s in segments if not _PLAN_WORD.search(s)]
    if len(planned) == 1 and all(_BODY_WORDS.search(s) or _JUNK_PREFIX.match(s + " ") or _mentions_authority(s) for s in others):
        return planned[0].strip()
    return text


def _mentions_authority(text: str) -> bool:
    return next(iter(gazetteer().find(text)), None) is not None


_NOT_TITLE_WORDS = re.compile(r"\b(?:draft|version|confidential|official|contents|summary|introduction)\b", re.I)


def _continues(prev: _Line, line: _Line) -> bool:
    """Is ``prev`` the first line of a title broken over two styled lines?

    Only judged where styling says so (both headings, or both in capitals): plain paragraphs
    from a PDF give no safe way to tell a title's first line from the board's name.
    """
    if not ((prev.heading and line.heading) or (prev.text.isupper() and line.text.isupper())):
        return False
    text = prev.text
    return (
        len(text.split()) <= 8
        and not re.search(r"[.;:,]$", text)
        and not _PLAN_WORD.search(text)
        and not _BODY_WORDS.search(text)
        and not _JUNK_PREFIX.match(text + " ")
        and not _NOT_TITLE_WORDS.search(text)
        and not _DATE_TEXT.search(text)
        and not re.search(r"\d", text)
        and not _mentions_authority(text)
    )


def find_title(doc: Document) -> tuple[str, int]:
    """The plan's title as printed near the start, and its line index (-1 when not found)."""
    lines = _lines(doc, _OPENING_LINES)
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        text = _title_part(line.text)
        if not _PLAN_WORD.search(text) or _TOC_LINE.search(text):
            continue
        n_words = len(text.split())
        if n_words > 16 or (n_words > 10 and not line.heading):
            continue
        if re.search(r"[.;:,]$", text) and not line.heading:
            continue  # a sentence, not a title
        share = _titlecase_share(text)
        score = 0.0
        if line.heading:
            score += 3
        if text.isupper() or share >= 0.6:
            score += 2
        elif share < 0.3 and not line.heading:
            continue
        score -= 0.25 * i
        if best is None or score > best[0]:
            best = (score, i)
    if best is not None:
        i = best[1]
        title = _title_part(lines[i].text)
        if title == lines[i].text and i > 0 and _continues(lines[i - 1], lines[i]):
            title = f"{lines[i - 1].text} {title}"
        return _BROKEN_YEAR_RANGE.sub(r"\1\2\3", title), i
    for i, line in enumerate(lines[:_TITLE_PAGE_LINES]):
        if line.heading and not _JUNK_PREFIX.match(line.text) and len(line.text.split()) <= 16:
            return _title_part(line.text), i
    return "", -1


# --- date --------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE_TEXT = re.compile(
    rf"\b(?:(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH_RE}\.?,?\s+(\d{{4}})\b", re.I
)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_DATE_LABEL = re.compile(
    r"^(?:(?:date|dated|updated|last\s+updated|published|revised|issued|approved|agreed|version\s*[\w.]*|v[\d.]+|draft|final)\b\s*[:\-–—,]?\s*)+",
    re.I,
)


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _iso(year: int, month: int, day: int | None) -> str | None:
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_plan_date(text: str) -> str | None:
    """ISO date of a stand-alone date line ("March 2016" -> 2016-03-31), else None."""
    text = _DATE_LABEL.sub("", clean(text)).strip(" ()[]")
    found = list(_DATE_TEXT.finditer(text))
    if len(found) > 1:
        return None  # "April 2016 – March 2017" is a period
    m = found[0] if found else None
    if m:
        rest = (text[:m.start()] + text[m.end():]).strip(" ,.-–—()")
        if len(rest.split()) > 3:
            return None
        return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)) if m.group(1) else None)
    m = _DATE_NUMERIC.search(text)
    if m and len(text.split()) <= 3:
        return _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))  # UK order
    return None


def _find_date(doc: Document, title_index: int) -> str | None:
    lines = _lines(doc, _OPENING_LINES)
    if title_index >= 0:
        dates = list(_DATE_TEXT.finditer(lines[title_index].text))
        m = dates[0] if len(dates) == 1 else None  # two dates give a period, not a date
        if m:
            return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)) if m.group(1) else None)
        window = range(max(0, title_index - 3), min(len(lines), title_index + 4))
    else:
        window = range(min(len(lines), _TITLE_PAGE_LINES))
    for i in window:
        if i == title_index or lines[i].in_table:
            continue
        iso = parse_plan_date(lines[i].text)
        if iso:
            return iso
    return None


_PERIOD_LINE_WORDS = 6  # "2018 - 2021", "April 2016 – March 2017": a short line beside the title


def find_period(doc: Document, title: str, title_index: int) -> PlanPeriod | None:
    """The years the plan covers: from its title ("Business Plan 2020-21"), else from a short
    line beside the title that is only a range ("2018 - 2021"); a date of publication is no
    period."""
    period = plan_period(title)
    if period is not None or title_index < 0:
        return period
    lines = _lines(doc, _OPENING_LINES)
    for i in range(max(0, title_index - 2), min(len(lines), title_index + 3)):
        line = lines[i]
        if i == title_index or line.in_table or len(line.text.split()) > _PERIOD_LINE_WORDS:
            continue
        period = plan_period(line.text, single_year=False)
        if period is not None:
            return period
    return None


def find_plan_years(doc: Document) -> PlanYears | None:
    """When the plan's own "Year 1" starts, as its text defines it ("Year 1 runs from April 2021
    to March 2022", "Year 1 (2021/22)"): read from the paragraphs outside tables, each whole (a
    definition may run over a PDF line break), so a deadline cell "Year 1 - March 2022" defines
    nothing. None where no paragraph defines it, or where definitions disagree."""
    found: set[PlanYears] = set()
    for block in doc.blocks:
        if isinstance(block, Paragraph) and re.search(r"\byear\s", block.text or "", re.I):
            years = plan_years(" ".join((block.text or "").split()))
            if years is not None:
                found.add(years)
    return found.pop() if len(found) == 1 else None


def plan_metadata(doc: Document) -> PlanMeta:
    """Authority, title, date and period of the plan from its opening lines (and, for the
    authority, the frequency of mentions across the whole document)."""
    title, index = find_title(doc)
    return PlanMeta(authority=find_authority(doc), plan_title=title, plan_date=_find_date(doc, index),
                    period=find_period(doc, title, index), plan_years=find_plan_years(doc))
