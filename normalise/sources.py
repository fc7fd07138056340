"""Source references ("OC para 7 and LR") and the document's own key of source codes.

Codes mean only what the document says they mean (LR is "LSCB review" in one plan and
"Laming review" in another), so nothing here carries a fixed table of codes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Document, Paragraph, Table
from normalise.text import clean, clean_lines, strip_list_marker

__all__ = ["is_code", "is_word_code", "parse_legend_text", "find_legend", "split_sources", "source_types"]

# Upper-case words that look like codes but label things.
_NOT_CODES = frozenset({
    "KEY", "LEAD", "LEADS", "DATE", "NOTE", "NB", "WHO", "WHEN", "WHAT", "HOW", "WHY", "BY",
    "TO", "THE", "AND", "FOR", "OF", "RAG", "PLAN", "AIM", "AIMS", "GOAL", "TASK",
    "REF", "NO", "YES", "TBC", "TBA", "ALL", "NEW", "DRAFT", "FINAL", "PAGE", "ITEM", "TOTAL",
    "SOURCE", "SOURCES", "CODE", "CODES", "TERM", "TERMS", "MEANING", "DESCRIPTION", "ABBREVIATION",
})
_CODE_CHARS = re.compile(r"[A-Z][A-Za-z0-9&]{0,4}")


def is_code(token: str) -> bool:
    """A short code: 1-5 characters, starting with a capital, mostly capitals; '&' allowed."""
    if not _CODE_CHARS.fullmatch(token) or token.endswith("&") or token in _NOT_CODES:
        return False
    upper = sum(ch.isupper() for ch in token)
    lower = sum(ch.islower() for ch in token)
    return lower <= 1 and lower < upper


# Without a legend, a code is a capitalised token of 2+ letters ("LR", "C&D", "C & D");
# digits glued to it are its detail ("LR2" -> "LR 2").
_FALLBACK_TOKEN = r"(?<![\w&])([A-Z](?:\s*&\s*[A-Z])+|[A-Z][A-Za-z&]{1,4})(?![A-Za-z&])"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_LEAD_SEP = re.compile(r"^(?:[\s,;/&+:|]|\b(?:and|or)\b)+", re.I)
_TRAIL_SEP = re.compile(r"(?:[\s,;/&+:|.\-–—]|\b(?:and|or)\b)+$", re.I)
_STOP = frozenset({"and", "of", "for", "the", "in", "on", "to", "a", "an", "&", "with", "by"})
# "Key:", "Source key", "Key to sources -", "Glossary", "Abbreviations used" ... as a line's label
_LABEL = re.compile(
    r"^\W*(?:(?:source|sources|reference|references)\s+)?"
    r"(?:(?:key|legend)(?:\s+(?:to|of)\s+[\w ]{1,30}?)?\s*(?:[:\-–—]\s*|$)"
    r"|(?:glossary|abbreviations|acronyms)\b(?:\s+(?:used|of\s+terms))?\s*[:\-–—]?\s*"
    r"|(?:sources?|references?|codes?)\s*:\s*)",
    re.I,
)
_MAX_MEANING_WORDS = 15


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'’]*", text)


def _initials(words: list[str]) -> str:
    return "".join(w[0].upper() for w in words if w.lower() not in _STOP)


def _explains(code: str, words: list[str]) -> bool:
    """Do the code's letters read, in order, as initials of ``words`` (first letter first)?"""
    letters = [ch for ch in code.upper() if ch.isalpha()]
    inits = _initials(words)
    if not letters or not inits or inits[0] != letters[0]:
        return False
    it = iter(inits)
    return all(ch in it for ch in letters)


def _tidy_meaning(meaning: str) -> str:
    meaning = _TRAIL_SEP.sub("", _LEAD_SEP.sub("", clean(meaning)))
    meaning = re.sub(r"^[\"'“‘(]+|[\"'”’)]+$", "", meaning).strip()
    if meaning.count("(") > meaning.count(")"):
        meaning += ")"  # "serious case review (Child F)": the bracket closed the meaning's own aside
    return _ARTICLE.sub("", meaning).strip()


def _valid_meaning(meaning: str) -> bool:
    return bool(meaning) and meaning[0].isalpha() and len(meaning.split()) <= _MAX_MEANING_WORDS


# --- code-first entries: "C&D = Challenge and development day", "CSE – child sexual exploitation"

_ENTRY = re.compile(
    r"(?P<pre>^|[,;|]\s*|\s)"
    r"(?P<code>[A-Z][A-Za-z0-9&]{0,4}|[A-Z][a-z]{2,11}(?=\s*=))"
    # "CP- Child Protection" is an entry, but "E- Safety" is a word broken at its hyphen
    r"(?P<sep>\s*[=:–—]\s*|\s+-\s*|(?<=[A-Za-z0-9&]{2})-\s+)"
)


_WORD_CODE = re.compile(r"[A-Z][a-z]{2,11}")


def is_word_code(token: str) -> bool:
    """A code that is a word ("Ofsted"): only where a source key defines it with "="."""
    return bool(_WORD_CODE.fullmatch(token)) and token.upper() not in _NOT_CODES


def _entry_start(m: re.Match[str], word_codes: bool = False) -> bool:
    """Can this match begin an entry? At the line's start or after , ; | any separator will do;
    after a plain space (columns run together by extraction) only "=" or a spaced dash. A word
    ("Ofsted = Ofsted inspection") is a code only in a source key and only before "="."""
    code = m.group("code")
    if not is_code(code):
        if not (word_codes and is_word_code(code) and m.group("sep").strip() == "="):
            return False
        return bool(m.group("pre").strip()) or m.start() == 0
    if m.group("pre").strip() or m.start() == 0:
        return True
    sep = m.group("sep")
    return sep.strip() == "=" or (sep.strip() in {"-", "–", "—"} and sep[0].isspace() and sep[-1].isspace())


def _code_first(line: str, word_codes: bool = False) -> dict[str, str]:
    line = strip_list_marker(line)
    starts = [m for m in _ENTRY.finditer(line) if _entry_start(m, True)]
    if not word_codes and not any(is_code(m.group("code")) and m.group("sep").strip() == "=" for m in starts):
        # Outside a source key a word is a code only beside letter codes defined the same way
        # ("Ofsted = ...; SCR = ..."); "Green = Action completed" is a RAG key.
        starts = [m for m in starts if is_code(m.group("code"))]
    if not starts or starts[0].start() != 0:
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(line)
        meaning = _tidy_meaning(line[m.end():end])
        if not _valid_meaning(meaning):
            if i == 0:
                return {}
            continue
        out.setdefault(m.group("code"), meaning)
    return out


# --- code-after entries: "Ofsted recommendation (OR), Comment (OC) or LSCB review (LR)"

@dataclass
class _Item:
    code: str
    meaning: str
    start: int
    end: int


def _meaning_for(code: str, raw: str) -> str:
    """The words before "(CODE)" that the code stands for.

    Short phrases are kept whole unless a tail of them spells the code and the whole does
    not ("LSCB Principal Child & Family Social Worker (PCFSW)"); in a long run of text only
    the shortest tail that spells the code is kept, else nothing.
    """
    spans = list(re.finditer(r"[A-Za-z0-9][\w'’]*", raw))
    words = [m.group(0) for m in spans]
    if not words:
        return ""
    if len(words) <= 6 and (_explains(code, words) or not any(
            _explains(code, words[k:]) for k in range(1, len(words)))):
        meaning = _tidy_meaning(raw)
    else:
        for k in range(len(words) - 1, max(-1, len(words) - 9), -1):
            if words[k].lower() not in _STOP and _explains(code, words[k:]):
                meaning = _tidy_meaning(raw[spans[k].start():])
                break
        else:
            return ""
    return meaning if _valid_meaning(meaning) and len(meaning.split()) <= 8 else ""


def _code_after(text: str) -> tuple[list[_Item], float]:
    """Items and the share of the text's letters they account for."""
    items: list[_Item] = []
    cut = 0
    for m in re.finditer(r"\(([^()]{1,80})\)", text):
        inner = clean(m.group(1))
        before = text[cut:m.start()]
        if is_code(inner):
            raw = before.rsplit(":", 1)[-1]  # drop a "Source:" style label
            meaning = _meaning_for(inner, raw)
            if meaning:
                start = text.rfind(meaning, cut, m.start())
                items.append(_Item(inner, meaning, start if start >= 0 else m.start(), m.end()))
            cut = m.end()
        else:
            # "OR (Ofsted recommendation)"
            tok = re.search(r"([A-Z][A-Za-z0-9&]{0,4})\s*$", before)
            meaning = _tidy_meaning(inner)
            if tok and is_code(tok.group(1)) and len(meaning.split()) >= 2 and _valid_meaning(meaning):
                items.append(_Item(tok.group(1), meaning, cut + tok.start(), m.end()))
                cut = m.end()
    letters = sum(ch.isalpha() for ch in text)
    covered = sum(ch.isalpha() for it in items for ch in text[it.start:it.end])
    return items, (covered / letters if letters else 0.0)


def _distribute(items: list[_Item]) -> None:
    """Give bare items the qualifier the first item leads with.

    In "Ofsted recommendation (OR), Comment (OC)" the O of OC is "Ofsted": when an item's own
    words cannot explain its code's first letter but the first item's leading words can, the
    item reads "Ofsted comment".
    """
    if len(items) < 2:
        return
    first = items[0].meaning.split()
    if len(first) < 2:
        return
    qualifier = first[:-1]
    for it in items[1:]:
        words = _words(it.meaning)
        if not words or _explains(it.code, words):
            continue
        if _explains(it.code, _words(" ".join(qualifier)) + words):
            bare = it.meaning if it.meaning[:2].isupper() else it.meaning[0].lower() + it.meaning[1:]
            it.meaning = f"{' '.join(qualifier)} {bare}"


# Words that make a capitalised phrase a thing rather than a person's name.
_THING_WORDS = frozenset("""
board panel service services team group review reviews plan plans framework assessment officer
hub day days families family protection violence abuse health needs conference partnership
safeguarding child children young people care council authority agency agencies unit court
police trust school schools education report recommendation recommendation inspection ofsted
audit exploitation mutilation development management commissioning commissioner forum network
meeting meetings sub subgroup committee strategy programme process practice order orders policy
learning improvement quality assurance performance data social work worker workers centre
inquiry enquiry case cases serious domestic sexual mental public local national area areas
comment comments action actions peer challenge laming scrutiny lay member members visit
""".split())


def _looks_like_person(code: str, meaning: str) -> bool:
    """ "Stephen Kitchman (SK)": a key of leads, not of codes."""
    words = meaning.split()
    if not 2 <= len(words) <= 4 or any(w.lower().strip(".,") in _THING_WORDS for w in words):
        return False
    if not all(re.fullmatch(r"[A-Z][a-z'’\-]+|[A-Z]\.?|(?:de|van|von|der|da|le|la|al|bin)", w) for w in words):
        return False
    named = [w for w in words if w[0].isupper()]
    return "".join(w[0] for w in named) == code or "".join(w[0] for w in (named[0], named[-1])) == code


def _plausible(code: str, meaning: str) -> bool:
    """An unlabelled entry should read as a definition: its first word starts like the code."""
    words = [w for w in _words(meaning) if w.lower() not in _STOP]
    return bool(words) and words[0][0].upper() == code[0].upper()


def _parse(text: str, word_codes: bool = False) -> tuple[dict[str, str], float]:
    """Entries found in ``text`` and the share of the text they account for (0..1).
    ``word_codes``: the text is a source key, where a word may be a code ("Ofsted = ...")."""
    out: dict[str, str] = {}
    rest: list[str] = []
    n_lines = 0
    n_entry_lines = 0
    for line in clean_lines(text).split("\n"):
        if not line:
            continue
        n_lines += 1
        line = _LABEL.sub("", line, count=1) if _LABEL.match(line) else line
        entries = _code_first(line, word_codes)
        if entries:
            n_entry_lines += 1
            for k, v in entries.items():
                out.setdefault(k, v)
        else:
            rest.append(line)
    coverage = n_entry_lines / n_lines if n_lines else 0.0
    if rest:
        items, cov = _code_after(" ".join(rest))
        _distribute(items)
        for it in items:
            out.setdefault(it.code, it.meaning)
        coverage += cov * len(rest) / max(n_lines, 1)
    return out, coverage


def parse_legend_text(text: str, word_codes: bool = False) -> dict[str, str]:
    """Code -> meaning from one header, line or paragraph that defines codes.

    Understands "meaning (CODE)" lists (with a shared leading qualifier distributed to bare
    items), "CODE (meaning)", and "CODE = / : / – meaning" entries, several to a line or one
    per line, after an optional "Key:" / "Source key" / "Glossary" label. ``word_codes``: the
    text is known to be a source key, so "Ofsted = Ofsted inspection" defines the word code
    "Ofsted"; a line labelled as a source key ("Source key: Ofsted = ...") says so itself.
    """
    word_codes = word_codes or bool(_LABEL.match(text) and _SOURCE_WORD.search(text[:40]))
    return _parse(text, word_codes)[0]


# --- the document's key ---------------------------------------------------------------

_LABEL_LINE = _LABEL
_SOURCE_WORD = re.compile(r"\b(?:source|sources|reference|references|origin)\b", re.I)
# A heading that is only "Sources" / "Source codes" / "Key to sources".
_SOURCE_HEAD = re.compile(r"^\W*(?:key\s+to\s+(?:the\s+)?)?(?:sources?|source\s+codes?|references?)\s*:?\s*$", re.I)
# "Key to leads", "Key Leads and those responsible": initials of people, for the leads
# normaliser, not codes.
_PEOPLE_LABEL = re.compile(
    r"^\W*(?:key\b.{0,20}?\b(?:leads?|officers?|people|initials|responsible|post[- ]?holders?|names|contacts)\b"
    r"|(?:leads?|officers?|initials)\s+key\b)",
    re.I,
)


def _header_rows(table: Table) -> range:
    return range(min(max(1, table.header_rows), table.n_rows))


def _origin_cells(table: Table, rows: range | None = None):
    for r, row in enumerate(table.grid):
        if rows is not None and r not in rows:
            continue
        for j, cell in enumerate(row):
            if cell.is_origin_at(r, j):
                yield r, j, cell


def _key_table(table: Table) -> dict[str, str]:
    """Entries of a table that is itself a key: code | meaning rows, or one entry per cell."""
    pairs: dict[str, str] = {}
    n_rows = 0
    first = " ".join(clean(c.text) for _, _, c in _origin_cells(table, range(1)))
    word_codes = bool(_SOURCE_WORD.search(first))
    for row in table.text_rows():
        texts = [clean(t) for t in row if clean(t)]
        if not texts:
            continue
        n_rows += 1
        if (table.n_cols <= 3 and len(texts) >= 2 and (is_code(texts[0]) or (word_codes and is_word_code(texts[0])))
                and _valid_meaning(_tidy_meaning(texts[1])) and len(texts[1].split()) <= 10):
            pairs.setdefault(texts[0], _tidy_meaning(texts[1]))
            continue
        # every text of the row must be an entry: "Director of ... | Stephen Kitchman (SK)"
        # is a key of leads, not a glossary
        parsed = [_parse(t, word_codes) for t in texts]
        if all(entries and coverage >= 0.8 for entries, coverage in parsed):
            for entries, _ in parsed:
                for k, v in entries.items():
                    pairs.setdefault(k, v)
    labelled = bool(table.grid) and any(_LABEL_LINE.match(clean(c.text)) for _, _, c in _origin_cells(table, range(1)))
    if len(pairs) >= 2 and (labelled or len(pairs) >= 0.6 * max(n_rows - 1, 1)):
        return pairs
    return {}


def find_legend(doc: Document) -> dict[str, str]:
    """The document's own key of codes, from every place a plan defines them.

    Looks at table header cells ("Ofsted recommendation (OR), ..."), key tables, labelled
    lists ("Source key", "Key:", "Glossary") and free-standing glossary lines ("CSE – ...").
    Entries from header cells and source keys win over general glossary lines when they
    disagree.
    """
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}

    def add(entries: dict[str, str], target: dict[str, str], strict: bool = False) -> None:
        for k, v in entries.items():
            if _looks_like_person(k, v) or (strict and not _plausible(k, v)):
                continue
            target.setdefault(k, v)

    mode: str | None = None  # inside a labelled section: "weak", "strong" or "people"
    misses = 0
    for block in doc.blocks:
        if isinstance(block, Table):
            mode = None
            for _, _, cell in _origin_cells(block, _header_rows(block)):
                text = clean(cell.text)
                items, coverage = _code_after(text)
                if coverage >= 0.5 or len(text.split()) <= 20:
                    _distribute(items)
                    add({it.code: it.meaning for it in items}, strong)
            entries = _key_table(block)
            if entries:
                first = " ".join(clean(c.text) for _, _, c in _origin_cells(block, range(1)))
                add(entries, strong if _SOURCE_WORD.search(first) else weak)
            continue
        if not isinstance(block, Paragraph):
            continue
        text = clean(block.text)
        if not text:
            continue
        label = True
        if _PEOPLE_LABEL.match(text):
            mode = "people"
        elif _SOURCE_HEAD.match(text):
            mode = "strong"
        elif _LABEL_LINE.match(text):
            mode = "strong" if _SOURCE_WORD.search(text[:40]) else "weak"
        else:
            label = False
        if label:
            misses = 0
            if mode == "people":
                continue
        entries, coverage = _parse(text, word_codes=mode == "strong")
        if mode == "people" and entries:
            misses = 0
            continue
        # prose that happens to define an acronym in passing is not a key
        if entries and (coverage >= 0.8 or (mode and coverage >= 0.5)):
            add(entries, strong if mode == "strong" else weak, strict=mode is None)
            misses = 0
        elif mode and not label:
            misses += 1
            if misses >= 2 or block.heading_level:
                mode = None
    legend = dict(strong)
    for k, v in weak.items():
        legend.setdefault(k, v)
    return legend


# --- splitting a source cell --------------------------------------------------------------

_SEP_BEFORE = re.compile(r"(?:[,;/&+]|\band\b|\bor\b|\d)\s*$|^\s*$", re.I)


@dataclass
class _Hit:
    start: int
    end: int
    code: str


def _code_pattern(code: str) -> str:
    parts = [re.escape(p) for p in code.split("&")]
    return r"\s*&\s*".join(parts)


def _find_codes(text: str, legend: dict[str, str]) -> list[_Hit]:
    hits: list[_Hit] = []
    known = sorted((k for k in legend if k), key=len, reverse=True)
    if known:
        alts = "|".join(f"(?P<c{i}>{_code_pattern(k)})" for i, k in enumerate(known))
        for m in re.finditer(rf"(?<![\w&])(?:{alts})(?![A-Za-z&])", text):
            idx = next(i for i, k in enumerate(known) if m.group(f"c{i}") is not None)
            hits.append(_Hit(m.start(), m.end(), known[idx]))
    if not hits:
        hits = []
        for m in re.finditer(_FALLBACK_TOKEN, text):
            code = re.sub(r"\s+", "", m.group(1))
            if is_code(code):
                hits.append(_Hit(m.start(1), m.end(1), code))
    # A code only starts a new reference at the start, after a separator, right after another
    # code, or after a number ending the previous reference; elsewhere it is part of a detail.
    kept: list[_Hit] = []
    for h in hits:
        prev_end = kept[-1].end if kept else 0
        gap = text[prev_end:h.start]
        if not kept or _SEP_BEFORE.search(gap) or not gap.strip():
            kept.append(h)
    return kept


def _normalise_detail(detail: str) -> str:
    # "para7", "para.7", "para. 7" -> "para 7"
    detail = re.sub(r"\b([A-Za-z]*[a-z][A-Za-z]*)\.?\s*(?=\d)", r"\1 ", detail)
    return clean(detail)


def _split_detail(detail: str) -> list[str]:
    detail = _TRAIL_SEP.sub("", _LEAD_SEP.sub("", detail)).strip()
    if not detail:
        return [""]
    pieces = [p.strip() for p in re.split(r"\s*[,;/]\s*|\s+(?:and|or|&|\+)\s+|\s*&\s*(?=\d)", detail)]
    out: list[str] = []
    for p in pieces:
        p = _TRAIL_SEP.sub("", _LEAD_SEP.sub("", p)).strip()
        if not p:
            continue
        # "para 11, 16" -> "para 11", "para 16": a bare number borrows the previous word
        if out and re.fullmatch(r"\d[\w.]*", p):
            m = re.match(r"^(.*?[A-Za-z][A-Za-z.]*)\s+\d", out[-1])
            if m:
                p = f"{m.group(1)} {p}"
        out.append(_normalise_detail(p))
    return out or [""]


_WORD_CODE_REF = re.compile(r"(?P<code>[A-Z][A-Za-z]{2,11})\s+(?P<detail>[a-z][a-z.]*\s*\d.*)", re.S)
_BARE_DETAIL = re.compile(r"(?:[a-z][a-z.]*\s*)?\d[\w.]*")


def _word_code_refs(text: str) -> list[str]:
    """A reference led by a word with no key to say it is a code: "Ofsted para 42, para 45"
    distributes the word over its details (CONTRACT.md: "CODE detail" each) when every other
    piece is a bare detail; anything else stays one reference ("Ofsted report para 5")."""
    m = _WORD_CODE_REF.fullmatch(text.strip())
    if m:
        pieces = _split_detail(m.group("detail"))
        if len(pieces) > 1 and all(_BARE_DETAIL.fullmatch(p) for p in pieces):
            return [f"{m.group('code')} {p}" for p in pieces]
    return [_normalise_detail(text)]


def split_sources(raw: str | None, legend: dict[str, str]) -> list[str]:
    """Split a source cell into references spaced as "CODE detail".

    "OC para 11, para 16 and LR" -> ["OC para 11", "OC para 16", "LR"];
    "OR 5 and LR 2,4" -> ["OR 5", "LR 2", "LR 4"]; "C&D PR LR" -> ["C&D", "PR", "LR"].
    Codes from the legend drive the split; without a legend (or when none of its codes
    occur) any short capitalised token counts as a code.
    """
    text = clean(raw)
    if not text or text in {"-", "–", "—", "N/A", "n/a"}:
        return []
    hits = _find_codes(text, legend)
    refs: list[str] = []
    if not hits:
        for part in re.split(r"\s*;\s*", text):
            if part.strip():
                refs.extend(_word_code_refs(part))
    else:
        prefix = _TRAIL_SEP.sub("", _LEAD_SEP.sub("", text[:hits[0].start])).strip()
        if prefix and not text[:hits[0].start].rstrip().endswith(":"):
            refs.extend(_word_code_refs(prefix))
        for i, h in enumerate(hits):
            end = hits[i + 1].start if i + 1 < len(hits) else len(text)
            for k, piece in enumerate(_split_detail(text[h.end:end])):
                # "Ofsted para 42, LSCB review": a later piece led by a code of its own (one
                # the key does not define) is its own reference, not a detail of the code before
                own = re.match(r"[A-Z][A-Za-z0-9&]{0,4}(?![\w&])", piece)
                if k and own and is_code(own.group(0)):
                    refs.append(piece)
                else:
                    refs.append(f"{h.code} {piece}".strip())
    seen: set[str] = set()
    return [r for r in refs if r and not (r in seen or seen.add(r))]


def source_types(refs: list[str], legend: dict[str, str]) -> list[str]:
    """The legend meaning of each reference's code, de-duplicated, in order of first use."""
    known = sorted((k for k in legend if k), key=len, reverse=True)
    out: list[str] = []
    for ref in refs:
        ref = clean(ref)
        for code in known:
            if re.match(rf"{_code_pattern(code)}(?![A-Za-z&])", ref):
                meaning = legend[code]
                if meaning and meaning not in out:
                    out.append(meaning)
                break
    return out
