"""Lead normalisation: split a printed lead cell into people, roles and organisations.

The recogniser is a spaCy pipeline of rule components over ``spacy.blank("en")``:
a lexicon component tags each token (role noun, organisation noun, acronym, topic word,
given name ...), an EntityRuler marks PERSON / ROLE / ORG / ACRONYM, and a context
component adds names whose given name is not in the lexicon. The entities then drive the
splitting of the cell into leads (CONTRACT.md, "Leads"):

1. hard splits at ``/ ; + |`` and bullets; line breaks are kept as boundaries unless they
   look like a wrapped line;
2. names cut the text into runs; inside a run, boundaries lost with the line breaks are
   found from role nouns ("Transformation lead Partnership manager"), chairs of groups
   ("LSCB Chair Training Group") and juxtaposed organisations ("Public Health Youth Council");
3. commas and "and" / "&" split only where both sides stand as leads on their own;
4. a name takes the role printed next to it: "Chair of CDOP Gladys Xavier" -> the name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, filter_spans

from extractors.model import Document, Table
from normalise import lexicon as lx

__all__ = ["find_people", "normalise_leads"]

# ---------------------------------------------------------------------------------------
# word classes

_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9&]*[A-Z0-9]s?$")
_TITLE = re.compile(
    r"^(?:Mc|Mac|O'|D'|Fitz)?[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:[-'][A-Za-zà-ÿ][a-zà-ÿ]+)*$"
)
_DASHES = {"-", "–", "—", "‒", "―", ":"}


def _is_acronym(word: str) -> bool:
    return len(word) <= 8 and bool(_ACRONYM.match(word))


def _is_title(word: str) -> bool:
    return bool(_TITLE.match(word))


def word_kind(word: str) -> str:
    """Lexical class of one word: RH role noun, OH organisation noun, ACR / RACR acronym,
    RADJ title adjective, FUNC, CONJ, TOPIC, CAP (other capitalised), LOW, NUM, PUNCT."""
    low = word.casefold()
    if low in lx.CONJUNCTIONS:
        return "CONJ"
    if _is_acronym(word):
        if low in lx.TOPIC_ACRONYMS:
            return "TOPIC"
        return "RACR" if low in lx.ROLE_ACRONYMS else "ACR"
    if low in lx.ROLE_HEADS:
        return "RH"
    if low in lx.ORG_HEADS:
        return "OH"
    if low in lx.ROLE_ADJECTIVES:
        return "RADJ"
    if low in lx.FUNCTION_WORDS:
        return "FUNC"
    if low in lx.TOPIC_WORDS:
        return "TOPIC"
    if not any(ch.isalnum() for ch in word):
        return "PUNCT"
    if word[0].isdigit():
        return "NUM"
    if word[0].isupper():
        return "CAP"
    return "LOW"


def _is_given(word: str) -> bool:
    return _is_title(word) and word.casefold() in lx.given_names()


# ---------------------------------------------------------------------------------------
# spaCy pipeline


def _set_extensions() -> None:
    for name, default in (("lk", ""), ("given", False), ("surname", False), ("surname3", False)):
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


@Language.component("lead_lexicon")
def _lexicon_component(doc: Doc) -> Doc:
    for tok in doc:
        if tok.is_space:
            tok._.lk = "NL" if "\n" in tok.text else "SP"
            continue
        tok._.lk = word_kind(tok.text)
    for i, tok in enumerate(doc):
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        given = _is_given(tok.text) and tok._.lk not in ("RH", "OH", "ACR", "RACR", "FUNC", "CONJ")
        if given and tok.text.casefold() in lx.AMBIGUOUS_GIVEN_NAMES:
            given = nxt is not None and nxt._.lk == "CAP"
        tok._.given = given
        tok._.surname = _is_title(tok.text) and tok._.lk in ("CAP", "TOPIC")
        tok._.surname3 = tok._.surname and tok._.lk == "CAP" and not _is_given(tok.text)
    return doc


def _surname_of_ambiguous_ok(span: Span) -> bool:
    first = span[0]
    if first.text.casefold() in lx.AMBIGUOUS_GIVEN_NAMES:
        return all(t._.lk == "CAP" for t in span[1:])
    return True


def _phrase_after(doc: Doc, start: int) -> list[str]:
    """The words from ``start`` to the next line break or separator."""
    words = []
    for tok in doc[start:]:
        if tok._.lk == "NL" or tok.text in {",", "/", ";", "(", ")"} or tok.text in _DASHES:
            break
        if not tok.is_space:
            words.append(tok.text)
    return words


def _two_leads_run_together(doc: Doc, ent: Span) -> bool:
    """A three-word name match that is a two-word name and the start of the next lead, their
    line break lost: "Tom Bradley Joanne Pearce" (a given name then its surname follows),
    "Tom Bradley Hampshire Fire and Rescue Service" (a body follows)."""
    if len(ent) != 3 or not all(t._.lk in ("CAP", "TOPIC") and _is_title(t.text) for t in ent):
        return False
    if not _is_given(ent[0].text):
        return False
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is None or not nxt.text[:1].isupper() or nxt._.lk not in ("CAP", "TOPIC", "OH"):
        return False
    third = ent[2]
    if _is_given(third.text) and nxt._.lk == "CAP" and _is_title(nxt.text):
        return True
    return _line_class(_phrase_after(doc, third.i)) == "ORG"


@Language.component("lead_person_filter")
def _person_filter(doc: Doc) -> Doc:
    """Drop PERSON matches whose surname is a topic word after an ambiguous given name; cut
    three-word matches that run a name into the next lead."""
    ents: list[Span] = []
    for e in doc.ents:
        if e.label_ == "PERSON" and not _surname_of_ambiguous_ok(e):
            continue
        if e.label_ == "PERSON" and _two_leads_run_together(doc, e):
            ents.append(Span(doc, e.start, e.start + 2, label="PERSON"))
            third = e[2]
            if _is_given(third.text) and e.end < len(doc) and doc[e.end]._.surname:
                ents.append(Span(doc, third.i, e.end + 1, label="PERSON"))
            continue
        ents.append(e)
    doc.ents = filter_spans(ents)
    return doc


def _fallback_context_ok(doc: Doc, start: int, end: int) -> bool:
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    prev_lk = prev._.lk if prev is not None else "START"
    nxt_lk = nxt._.lk if nxt is not None else "END"
    at_start = prev_lk in ("START", "NL") or (prev is not None and prev.text == "(")
    at_end = nxt_lk in ("END", "NL") or (nxt is not None and nxt.text in (")", ",", "(")) or nxt_lk == "CONJ"
    if at_start and (nxt_lk in ("END", "NL") or (nxt is not None and nxt.text == ")")):
        return True  # the whole line, or the whole bracket
    after_lead = prev_lk in ("RH", "OH", "ACR", "RACR") or (prev is not None and prev.text in (")",) or (
        prev is not None and prev.text in _DASHES and prev.whitespace_))
    if after_lead and at_end:
        return True
    if at_start and nxt is not None and nxt.text in {"(", ","} | _DASHES:
        rest = [t for t in doc[end + 1: end + 5] if not t.is_space]
        return any(t._.lk in ("RH", "RACR", "RADJ") for t in rest)
    return False


@Language.component("lead_person_fallback")
def _person_fallback(doc: Doc) -> Doc:
    """Names whose given name the lexicon lacks, recognised from where they stand."""
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    new: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 3 and j not in taken and doc[j]._.lk == "CAP" \
                and _is_title(doc[j].text) and len(doc[j].text) > 1:
            j += 1
        if j - i >= 2:
            for end in range(j, i + 1, -1):
                if _fallback_context_ok(doc, i, end):
                    new.append(Span(doc, i, end, label="PERSON"))
                    i = end
                    break
            else:
                i += 1
            continue
        i += 1
    if new:
        doc.ents = filter_spans(list(doc.ents) + new)
    return doc


def _person_patterns() -> list[dict]:
    given = {"_": {"given": True}}
    sur = {"_": {"surname": True}}
    sur3 = {"_": {"surname3": True}}
    particle = {"LOWER": {"IN": sorted(lx.NAME_PARTICLES)}}
    # the tokenizer keeps some abbreviations with their full stop ("Mr.", "Dr.")
    title = {"LOWER": {"IN": sorted(lx.TITLES | {f"{t}." for t in lx.TITLES})}}
    dot = {"TEXT": ".", "OP": "?"}
    shapes = [
        [given, sur],
        [given, sur, sur3],
        [given, given, sur],
        [given, particle, sur],
        [given, particle, particle, sur],
        [title, dot, given, sur],
        # "DCI Jones", but not "DCI Public Protection": a topic word is no surname after a rank
        [title, dot, {"_": {"surname": True, "lk": "CAP"}}],
    ]
    return [{"label": "PERSON", "pattern": p} for p in shapes]


@lru_cache(maxsize=1)
def _nlp() -> Language:
    """The lead recogniser, built once per process on first use."""
    _set_extensions()
    nlp = spacy.blank("en")
    # Keep hyphenated words whole: "Martins-Taylor", "sub-Group", "Co-ordinator".
    infixes = [p for p in nlp.Defaults.infixes if "(?:-|–|—" not in p]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("lead_lexicon")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(
        _person_patterns()
        + [
            {"label": "ROLE", "pattern": [{"_": {"lk": "RH"}}]},
            {"label": "ORG", "pattern": [{"_": {"lk": "OH"}}]},
            {"label": "ACRONYM", "pattern": [{"_": {"lk": {"IN": ["ACR", "RACR"]}}}]},
        ]
    )
    nlp.add_pipe("lead_person_filter")
    nlp.add_pipe("lead_person_fallback")
    return nlp


@lru_cache(maxsize=4096)
def _parse(text: str) -> Doc:
    return _nlp()(text)


# ---------------------------------------------------------------------------------------
# text repair and splitting

_HYPHEN_BREAK = re.compile(r"\b([A-Za-z][\w']*)- ([A-Za-z][\w']*)")
_WORD_PREFIXES = frozenset("sub co multi inter non pre re vice self cross anti post well e".split())
_PLACEHOLDER = re.compile(r"^\s*(?:n\s*/\s*a|t\.?b\.?[cad]\.?|-+|–|—)\s*$", re.I)
_STRAY_LOWER = re.compile(r"\b([A-Z]{3,})([a-rt-z])\b")
_HARD_SPLIT = re.compile(r"\s*(?:/|;|\||\+|•|▪|◦|·)\s*")
_AND_OR = re.compile(r"\band\s*/\s*or\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_CONTACT = re.compile(r"(?<=\S)[ \t]*[(<]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>]")
# an e-mail address wrapped inside its domain by a narrow column ("team@northtown.g\nov.uk",
# "team@northtown.gov.\nuk"): the rest is lower-case letters and dots, up to a space or the end
_EMAIL_BREAK = re.compile(r"(\b[\w.+-]+@(?:[\w-]+\.)*[\w-]*)\s+([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?=[\s;,/)]|$)")


def _rejoin_hyphen(m: re.Match) -> str:
    """"Martins- Taylor" and "sub- Group" were one word; "Manager- Quality" is a dash."""
    left, right = m.group(1), m.group(2)
    if left.casefold() in _WORD_PREFIXES:
        return f"{left}-{right}"
    if word_kind(left) == "CAP" and word_kind(right) == "CAP":
        return f"{left}-{right}"
    return f"{left} - {right}"


def _rejoin_email(m: re.Match) -> str:
    """The rest of an address wrapped at a dot ("…@northtown.gov." / "uk") or inside a word of
    its domain ("…@northtown.g" / "ov.uk": the rest then holds a dot)."""
    head, tail = m.group(1), m.group(2)
    if tail not in ("and", "or") and (head.endswith((".", "@")) or "." in tail):
        return head + tail
    return m.group(0)


def _repair(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    text = _AND_OR.sub("/", text)
    text = _EMAIL_BREAK.sub(_rejoin_email, text)
    text = _HYPHEN_BREAK.sub(_rejoin_hyphen, text)
    text = _STRAY_LOWER.sub(lambda m: (m.group(1) + m.group(2)).upper(), text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return text


def _words_of(text: str) -> list[str]:
    return [w.strip(",.;:()") for w in text.split() if w.strip(",.;:()")]


def _line_class(words: list[str]) -> str:
    """ROLE / ORG / PERSON / NONE for a line, from its words alone."""
    kinds = [word_kind(w) for w in words]
    if any(k in ("RH", "RACR") for k in kinds):
        return "ROLE"
    for a, b in zip(words, words[1:]):
        if _is_given(a) and _is_title(b) and word_kind(b) in ("CAP", "TOPIC"):
            return "PERSON"
    if not kinds:
        return "NONE"
    if kinds[-1] in ("OH", "ACR") or _ends_with_phrase([w.casefold() for w in words]):
        return "ORG"
    if len(words) in (2, 3) and all(k == "CAP" and _is_title(w) for k, w in zip(kinds, words)):
        return "PERSON"
    return "NONE"


def _is_wrap(left: str, right: str) -> bool:
    """True when a line break inside a lead cell only wrapped a line."""
    lw, rw = _words_of(left), _words_of(right)
    if not lw or not rw:
        return True
    last, first = left.rstrip(), right.lstrip()
    if last[-1] in ",-–&(" or first[0] in ")(" or first[0].islower():
        return True
    if lw[-1].casefold() in lx.FUNCTION_WORDS | lx.CONJUNCTIONS:
        return True
    if rw[0].casefold() in lx.FUNCTION_WORDS | lx.CONJUNCTIONS:
        return True
    # A title adjective never ends a lead ("Designated" / "Nurse, Salford CCG"), nor does the
    # first part of a phrase the next line completes ("Head of Adult Social" / "Care and …").
    if word_kind(lw[-1]) == "RADJ":
        return True
    if _phrase_across(lw, rw):
        return True
    if len(rw) == 1 and (rw[0].casefold() in lx.GENERIC_ORG_HEADS
                         or (word_kind(rw[0]) == "CAP" and (not _is_given(rw[0]) or _is_given(lw[-1])))):
        return True
    if _is_given(lw[-1]) and word_kind(lw[-1]) == "CAP" and _is_title(rw[0]) and word_kind(rw[0]) == "CAP" \
            and not (len(lw) >= 2 and _name_ok(lw[-2:]) and _is_given(lw[-2]) and len(rw) >= 2
                     and _line_class(rw) in ("PERSON", "ORG", "ROLE")):
        # "Gladys" / "Xavier": a name wrapped after its given name; but "Tom Bradley" /
        # "Joanne Pearce" is a whole name on each line
        return True
    left_class, right_class = _line_class(lw), _line_class(rw)
    if right_class == "NONE" or left_class == "NONE":
        return True
    # A lone acronym over a role names whose role it is ("LSCB" / "Business Manager").
    if len(lw) == 1 and word_kind(lw[0]) == "ACR" and right_class == "ROLE":
        return True
    # An organisation under a role qualifies it ("Designated Nurse" / "CCG"); the rules for
    # lost line breaks then decide, as for text whose breaks are gone.
    return left_class == "ROLE" and right_class == "ORG"


def _phrase_across(lw: list[str], rw: list[str]) -> bool:
    """Does a stand-alone phrase ("adult social care") run over the break between two lines?"""
    lows_l = [w.casefold() for w in lw]
    lows_r = [w.casefold() for w in rw]
    for phrase in lx.STANDALONE_ORG_PHRASES:
        for k in range(1, len(phrase)):
            if tuple(lows_l[-k:]) == phrase[:k] and tuple(lows_r[: len(phrase) - k]) == phrase[k:]:
                return True
    return False


def _join_lines(piece: str) -> str:
    lines = [ln.strip() for ln in piece.split("\n") if ln.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        if re.search(r"[A-Za-z]-$", out) and line[0].isalpha():
            out += line  # a word hyphenated across the break: "Martins-" / "Taylor"
            continue
        out += (" " if _is_wrap(out.split("\n")[-1], line) else "\n") + line
    return out


# ---------------------------------------------------------------------------------------
# atoms: words, names, brackets, separators


@dataclass
class _Atom:
    kind: str  # WORD | PERSON | PAREN | SEP | NL
    sub: str  # WORD: word class; SEP: comma | and | comma_and | dash; PAREN: ROLE | OTHER
    start: int
    end: int
    text: str
    name: str = ""
    selfdesc: bool = False  # a PERSON followed by its own role in brackets

    @property
    def low(self) -> str:
        return self.text.casefold()

    @property
    def cap(self) -> bool:
        return self.kind == "WORD" and self.text[:1].isupper()


_MODIFIER_SUBS = {"CAP", "TOPIC", "OH", "ACR", "RACR", "RADJ"}
_HEAD_SUBS = {"RH", "OH", "ACR", "RACR"}


def _is_mod(a: _Atom) -> bool:
    return a.kind == "WORD" and a.cap and a.sub in _MODIFIER_SUBS


def _is_head(a: _Atom) -> bool:
    return (a.kind == "WORD" and a.sub in _HEAD_SUBS) or a.kind in ("PAREN", "PERSON")


def _is_content(a: _Atom) -> bool:
    return a.kind == "WORD" and a.sub not in ("FUNC", "CONJ", "PUNCT")


def _person_name(span: Span) -> str:
    words = [t.text for t in span if t.text != "."]
    while len(words) > 2 and words[0].casefold().rstrip(".") in lx.TITLES:
        words = words[1:]
    return " ".join(words)


def _atoms(doc: Doc, people: dict[str, str]) -> list[_Atom]:
    persons = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
    atoms: list[_Atom] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        lk = tok._.lk
        if i in persons:
            ent = persons[i]
            atom = _Atom("PERSON", "", tok.idx, ent.end_char, ent.text, name=_person_name(ent))
            # "(Chris Evans)": a name standing alone in brackets is the name.
            if atoms and atoms[-1].kind == "SEP" and atoms[-1].text == "(" and ent.end < n \
                    and doc[ent.end].text == ")":
                opener = atoms.pop()
                atom.start, atom.end = opener.start, doc[ent.end].idx + 1
                i = ent.end + 1
            else:
                i = ent.end
            atoms.append(atom)
            continue
        if lk == "NL":
            atoms.append(_Atom("NL", "", tok.idx, tok.idx + len(tok.text), "\n"))
        elif lk == "SP":
            pass
        elif tok.text == "(":
            close = next((j for j in range(i + 1, n) if doc[j].text == ")"), None)
            inner = doc[i + 1: close] if close is not None else None
            inner_persons = [e for e in doc.ents if e.label_ == "PERSON" and close is not None
                             and e.start == i + 1 and e.end == close]
            if close is None:
                pass
            elif inner_persons:
                atoms.append(_Atom("SEP", "open", tok.idx, tok.idx + 1, "("))
                i += 1
                continue
            else:
                role = any(t._.lk in ("RH", "RACR") for t in inner)
                atom = _Atom("PAREN", "ROLE" if role else "OTHER", tok.idx, doc[close].idx + 1,
                             doc.text[tok.idx: doc[close].idx + 1])
                if atoms and atoms[-1].kind == "PERSON":
                    atoms[-1].selfdesc = atoms[-1].selfdesc or role
                    atoms[-1].end = atom.end
                else:
                    atoms.append(atom)
                i = close + 1
                continue
        elif tok.text == "'s" and atoms and atoms[-1].kind == "WORD":
            atoms[-1].end = tok.idx + len(tok.text)
            atoms[-1].text = doc.text[atoms[-1].start: atoms[-1].end]
        elif tok.text == ",":
            atoms.append(_Atom("SEP", "comma", tok.idx, tok.idx + 1, ","))
        elif lk == "CONJ":
            if atoms and atoms[-1].kind == "SEP" and atoms[-1].sub == "comma":
                atoms[-1].sub = "comma_and"
                atoms[-1].end = tok.idx + len(tok.text)
            else:
                atoms.append(_Atom("SEP", "and", tok.idx, tok.idx + len(tok.text), tok.text))
        elif tok.text in _DASHES and (tok.whitespace_ or (i > 0 and doc[i - 1].whitespace_)):
            atoms.append(_Atom("SEP", "dash", tok.idx, tok.idx + len(tok.text), tok.text))
        elif lk == "PUNCT":
            pass
        elif lk in ("ACR", "RACR") and tok.text in people and not _names_a_post(people[tok.text]):
            # initials of a person; an abbreviated post is expanded only as a lead on its own
            # ("IRO", not the "IRO" of "IRO Service Manager")
            atoms.append(_Atom("PERSON", "", tok.idx, tok.idx + len(tok.text), tok.text,
                               name=people[tok.text]))
        else:
            atoms.append(_Atom("WORD", lk, tok.idx, tok.idx + len(tok.text), tok.text))
        i += 1
    return [a for a in atoms if not (a.kind == "SEP" and a.sub == "open")]


# ---------------------------------------------------------------------------------------
# boundaries lost with line breaks


def _phrase_at(atoms: list[_Atom], i: int) -> int:
    """Length of the longest stand-alone organisation phrase starting at atom i, or 0."""
    best = 0
    for phrase in lx.STANDALONE_ORG_PHRASES:
        k = len(phrase)
        if i + k <= len(atoms) and all(
            atoms[i + j].kind == "WORD" and atoms[i + j].low == phrase[j] for j in range(k)
        ):
            best = max(best, k)
    return best


def _ends_with_phrase(lows: list[str]) -> bool:
    return any(len(p) <= len(lows) and tuple(lows[-len(p):]) == p for p in lx.STANDALONE_ORG_PHRASES)


def _chair_mode(atoms: list[_Atom], h: int) -> str | None:
    """'of' / 'bare' when the role noun at h heads a group name after it ("Chair of X",
    "Chair Training Group", "Head of Service"), else None."""
    a = atoms[h]
    if a.low not in lx.CHAIR_HEADS and a.low not in lx.OF_HEADS:
        return None
    if h + 1 >= len(atoms):
        return None
    nxt = atoms[h + 1]
    if nxt.kind == "WORD" and nxt.low == "of":
        return "of"
    if a.low in lx.CHAIR_HEADS and not _plural_head(a) and nxt.kind == "WORD" and nxt.cap \
            and nxt.sub in ("CAP", "TOPIC", "OH", "ACR", "RADJ"):
        return "bare"
    return None


def _plural_head(a: _Atom) -> bool:
    """A role noun in the plural ("Chairs", "Managers"): before a body it names whose body it
    is ("Child Protection Chairs Service"), not the chair of a group."""
    return a.low.endswith("s") and a.low[:-1] in lx.ROLE_HEADS


def _premod_start(atoms: list[_Atom], h: int) -> int:
    """First atom of the title-case words that modify the role noun at h."""
    s = h
    if _chair_mode(atoms, h):
        while s > 0 and atoms[s - 1].kind == "WORD" and atoms[s - 1].sub == "RADJ" and atoms[s - 1].cap:
            s -= 1
        return s
    org_words = 0
    titled = False
    while s > 0 and _is_mod(atoms[s - 1]):
        sub = atoms[s - 1].sub
        if sub == "OH":
            if org_words:
                break
            org_words += 1
        # A title opens the role ("Deputy Chair"); before it only an organisation may stand.
        if titled and sub not in ("RADJ", "ACR", "RACR", "OH"):
            break
        titled = titled or sub == "RADJ"
        s -= 1
    return s


def _same_noun(a: _Atom, b: _Atom) -> bool:
    return a.low.rstrip("s") == b.low.rstrip("s")


def _role_pair_boundary(atoms: list[_Atom], h1: int, h2: int) -> int | None:
    if _chair_mode(atoms, h1) == "of" and all(_is_mod(a) for a in atoms[h1 + 2: h2]):
        # "Head of Education Safeguarding Detective Superintendent": the complement of "Head of"
        # runs over its topic words; the second role opens with a title, an acronym or a name.
        for p in range(h1 + 3, h2):
            a = atoms[p]
            if a.sub in ("ACR", "RACR", "RADJ") or (a.sub == "CAP" and _is_title(a.text)):
                return p
    if _plural_head(atoms[h1]) and h2 > h1 + 1 and atoms[h1 + 1].sub == "OH" \
            and all(_is_mod(a) for a in atoms[h1 + 1: h2]):
        # "Child Protection Chairs Service Manager": the manager of the chairs' service, one role
        return None
    s = _premod_start(atoms, h2)
    for p in range(h1 + 1, h2 + 1):
        if not all(_is_mod(a) for a in atoms[p:h2]):
            continue
        if not (p - 1 == h1 or _is_head(atoms[p - 1])):
            continue
        if p - 1 == h1 and _chair_mode(atoms, h1):
            continue  # "Chair Quality Assurance Subgroup ...": the chair of the group after it
        if not atoms[p].cap:
            continue
        if p == h2 == h1 + 1 and not (_chair_mode(atoms, h2) or _same_noun(atoms[h1], atoms[h2])):
            continue
        # Cutting inside the modifiers of h2 ("Children's Services | Business manager") needs
        # the left part to be one phrase with h1, not a coordination.
        if p > s and any(a.kind == "SEP" for a in atoms[h1 + 1: p]):
            continue
        return p
    if s > h1 + 1 and _is_content(atoms[s - 1]) and atoms[s].cap:
        return s
    return None


def _span_until_sep(atoms: list[_Atom], i: int) -> list[_Atom]:
    out = []
    for a in atoms[i:]:
        if a.kind == "SEP":
            break
        out.append(a)
    return out


def _implicit_boundaries(atoms: list[_Atom]) -> set[int]:
    cuts: set[int] = set()
    heads = [i for i, a in enumerate(atoms) if a.kind == "WORD" and a.sub == "RH"]
    for h in heads:
        mode = _chair_mode(atoms, h)
        if mode == "bare" and h > 0 and atoms[h - 1].kind == "WORD" and atoms[h - 1].sub in ("ACR", "RACR"):
            cuts.add(h)  # "LSCB Chair Training Group": the board, and the chair of a group
        if mode == "bare" and atoms[h].low in lx.CHAIR_HEADS:
            seen_word = False
            for j in range(h + 1, len(atoms)):
                a = atoms[j]
                if a.kind == "SEP" and a.sub == "and":
                    continue
                if a.kind != "WORD" or a.sub in ("RH", "OH"):
                    break
                if a.sub in ("ACR", "RACR"):
                    if seen_word and atoms[j - 1].kind != "SEP" and atoms[j - 1].sub != "FUNC":
                        cuts.add(j)  # "Chair Policy & Procedure LSCB": the group name ended
                    if seen_word:
                        break
                    continue
                seen_word = True
    for h1, h2 in zip(heads, heads[1:]):
        p = _role_pair_boundary(atoms, h1, h2)
        if p is not None:
            cuts.add(p)
    role_cuts = sorted(cuts)

    def until_cut(i: int) -> list[_Atom]:
        stop = next((c for c in role_cuts if c > i), len(atoms))
        return _span_until_sep(atoms[:stop], i)

    for i in range(len(atoms)):
        k = _phrase_at(atoms, i)
        if k and (i == 0 or atoms[i - 1].kind != "WORD" or not atoms[i - 1].cap or atoms[i - 1].sub == "RH"
                  or _is_head(atoms[i - 1]) or atoms[i - 1].sub == "FUNC"):
            nxt = i + k
            rest = until_cut(nxt)
            words = [a for a in rest if a.kind == "WORD"]
            # (a body noun cannot open a body's name: "Early Help Partnership Board" is one)
            # (a service's name before its team is one lead: "Early Help Quality Assurance Team",
            # unless the rest is a service of its own: "Early Help Youth Offending Team")
            subunit = bool(words) and words[-1].low in lx.SUBUNIT_ORG_HEADS and _phrase_at(rest, 0) != len(rest)
            if len(words) >= 2 and words[0] is rest[0] and rest[0].cap and rest[0].sub in ("CAP", "TOPIC") \
                    and words[-1].sub == "OH" and not any(a.sub in ("RH", "RACR") for a in words) and not subunit:
                cuts.add(nxt)  # "Public Health Youth Council"
        a = atoms[i]
        if a.kind == "WORD" and a.sub == "ACR" and 0 < i < len(atoms) - 1:
            before = atoms[i - 1]
            if _is_mod(before) and before.sub in ("CAP", "TOPIC") and (i == 1 or atoms[i - 2].kind == "SEP"):
                rest = until_cut(i + 1)
                words = [x for x in rest if x.kind == "WORD"]
                if words and words[0] is rest[0] and rest[0].cap and rest[0].sub in ("CAP", "TOPIC") \
                        and words[-1].sub == "ACR" and not any(x.sub in ("RH", "RACR") for x in words):
                    cuts.add(i + 1)  # "Adult LSCB Children's LSCB"
    return {c for c in cuts if 0 < c < len(atoms)}


# ---------------------------------------------------------------------------------------
# separators that split only between leads


def _lead_class(atoms: Iterable[_Atom]) -> str:
    words = [a for a in atoms if a.kind == "WORD"]
    if any(a.kind == "PERSON" for a in atoms):
        return "PERSON"
    if any(a.sub in ("RH", "RACR") for a in words):
        return "ROLE"
    if not words:
        return "NONE"
    if words[-1].sub in ("OH", "ACR") or _ends_with_phrase([a.low for a in words]):
        return "ORG"
    return "NONE"


def _proper_phrase(atoms: list[_Atom]) -> bool:
    """Capitalised words outside every lexicon: the name of a body ("Next Link")."""
    return 2 <= len(atoms) <= 4 and all(
        a.kind == "WORD" and a.sub == "CAP" and _is_title(a.text) for a in atoms)


def _splits(left: list[_Atom], sep: _Atom, right: list[_Atom]) -> bool:
    right_class = _lead_class(right)
    if right_class == "NONE":
        left_words = [a for a in left if a.kind == "WORD"]
        return sep.sub in ("and", "comma_and") and _proper_phrase(right) and bool(left_words) \
            and left_words[-1].sub in _HEAD_SUBS
    left_class = _lead_class(left)
    if sep.sub == "dash" or sep.sub == "comma":
        # "Chief Inspector, Metropolitan Police": an organisation after a role qualifies it.
        return right_class == "ROLE" or (right_class == "ORG" and left_class == "ORG")
    if left_class == "NONE":
        return False
    left_words = [a for a in left if a.kind == "WORD"]
    last = left_words[-1]
    # "Designated Nurse for Safeguarding Children (Northtown CCG) & Eastshire Police": a lead
    # closed by its bracketed organisation is whole; what the conjunction adds is a lead of its own
    if left[-1].kind == "PAREN" and left_class in ("ROLE", "ORG") and right_class in ("ROLE", "ORG"):
        return True
    # "Learning and Improvement Group": coordinated names of one body.
    if right_class == "ORG" and last.sub not in _HEAD_SUBS:
        # "Head of Education Safeguarding & Derbyshire Constabulary": a body named after a place
        # is a lead of its own beside a whole role, never a second topic of the role's remit
        right_words = [a for a in right if a.kind == "WORD"]
        # ("Avon and Somerset Police": two proper names, places, that name one body)
        if not (left_class == "ROLE" and right_words and _names_a_place(right_words[0].text)
                and last.sub != "CAP" and not _names_a_place(last.text)):
            return False
    # "Health and Wellbeing Board", "Police and Crime Commissioner".
    right_words = [a for a in right if a.kind == "WORD"]
    if len(left_words) == 1 and last.sub == "OH" and len(right_words) > 1 \
            and not (_phrase_at(right_words, 0) == len(right_words)):
        return False
    # "CSE and Missing Sub-group Chair": two topics of one group, whose chair it is.
    first_role = next((r for r, a in enumerate(right_words) if a.sub == "RH"), None)
    if len(left_words) == 1 and first_role and right_words[first_role - 1].sub == "OH" \
            and right_words[0].sub not in ("RADJ", "RH", "ACR", "RACR"):
        return False
    return True


@dataclass
class _Unit:
    atoms: list[_Atom]
    joiner: str  # how it follows the unit before: start | implicit | nl | comma | and | comma_and | dash
    kind: str = ""
    dropped: bool = False

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind = _lead_class(self.atoms)


def _run_units(run: list[_Atom], joiner: str) -> list[_Unit]:
    """Units of a run of atoms holding no name and no line break."""
    cuts = sorted(_implicit_boundaries(run))
    units: list[_Unit] = []
    bounds = [0] + cuts + [len(run)]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
        part = run[a:b]
        j = joiner if n == 0 else "implicit"
        while part and part[0].kind == "SEP":
            j = part[0].sub
            part = part[1:]
        while part and part[-1].kind == "SEP":
            part = part[:-1]
        if not part:
            continue
        # split at separators, left to right
        chunks: list[tuple[_Atom | None, list[_Atom]]] = [(None, [])]
        for atom in part:
            if atom.kind == "SEP":
                chunks.append((atom, []))
            else:
                chunks[-1][1].append(atom)
        cur = chunks[0][1]
        for sep, chunk in chunks[1:]:
            if not chunk:
                continue
            if cur and _splits(cur, sep, chunk):
                units.append(_Unit(cur, j))
                cur, j = chunk, sep.sub
            else:
                cur = cur + [sep] + chunk if cur else chunk
        if cur:
            units.append(_Unit(cur, j))
    return units


def _units(atoms: list[_Atom]) -> list[_Unit]:
    units: list[_Unit] = []
    run: list[_Atom] = []
    joiner = "start"

    def flush() -> str:
        """Emit the pending run; return the joiner its trailing separator gives what follows."""
        nonlocal run
        trail = "implicit"
        while run and run[-1].kind == "SEP":
            trail = run[-1].sub
            run = run[:-1]
        lead = joiner
        while run and run[0].kind == "SEP":
            lead = run[0].sub
            run = run[1:]
        if run:
            units.extend(_run_units(run, lead))
        run = []
        return trail

    for atom in atoms:
        if atom.kind == "PERSON":
            j = flush() if run else joiner
            units.append(_Unit([atom], j, "PERSON"))
            joiner = "implicit"
        elif atom.kind == "NL":
            flush()
            joiner = "nl"
        elif not run and atom.kind == "SEP":
            joiner = atom.sub
        else:
            run.append(atom)
    flush()
    return units


_CLAIMABLE = {"implicit", "nl", "comma", "dash"}
_COORDINATED = {"and", "comma", "comma_and"}


def _claim_roles(units: list[_Unit]) -> None:
    """A name takes the role printed next to it; the role is then not a lead of its own."""
    i = 0
    n = len(units)
    while i < n:
        if units[i].kind != "PERSON":
            i += 1
            continue
        a = b = i
        while b + 1 < n and units[b + 1].kind == "PERSON" and units[b + 1].joiner in _COORDINATED:
            b += 1
        # a name with its own role in brackets keeps a role printed before it as a lead of its
        # own ("Partnership Executive Ama Owusu (Detective Superintendent)"), unless a dash ties
        # the two as one entry: "Chair – Cllr Jean Smith (Lead Member)" is the person
        k = sum(1 for u in units[a: b + 1] if not u.atoms[0].selfdesc or (a == b and u.joiner == "dash"))
        took_role = False
        if k and a > 0 and units[a].joiner in _CLAIMABLE and units[a - 1].kind != "PERSON":
            described = [a - 1]
            j = a - 1
            while j > 0 and units[j].joiner in _COORDINATED and units[j - 1].kind != "PERSON":
                described.insert(0, j - 1)
                j -= 1
            for d in described[-k:]:
                units[d].dropped = True
                took_role = took_role or units[d].kind == "ROLE"
        if k == 1 and a == b and not took_role and b + 1 < n and units[b + 1].kind == "ROLE" \
                and units[b + 1].joiner in _CLAIMABLE:
            units[b + 1].dropped = True
        i = b + 1


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(?:(?:and|or|&)\s+)+", "", text, flags=re.I)
    text = re.sub(r"(?:\s+(?:and|or|&))+$", "", text, flags=re.I)
    return text.strip(" ,.;:-–—")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def _piece_leads(piece: str, people: dict[str, str]) -> list[str]:
    doc = _parse(piece)
    units = _units(_atoms(doc, people))
    _claim_roles(units)
    out = []
    for u in units:
        if u.dropped:
            continue
        if u.kind == "PERSON":
            out.append(u.atoms[0].name)
        else:
            out.append(_clean(piece[u.atoms[0].start: u.atoms[-1].end]))
    return out


# --- "Name, Post, Organisation" entries --------------------------------------------------

_NAME_WORD = re.compile(r"[^\W\d_][\w'.-]*")


def _entry_name(before: str) -> tuple[int, str] | None:
    """The person's name ending ``before`` (the text up to a comma), as (start offset, name).

    Two or three title-case words, the first a known given name, or any such words that open
    their line or segment ("Tendai Dooley,"); a title ("Mr", "Dr") before the name is dropped.
    """
    spans = list(_NAME_WORD.finditer(before))
    if not spans or before[spans[-1].end():].strip():
        return None
    for size in (3, 2):
        if len(spans) < size:
            continue
        cand = spans[-size:]
        words = [m.group(0) for m in cand]
        if not _name_ok(words) or _line_class(words) in ("ROLE", "ORG"):
            continue
        opens = not before[: cand[0].start()].strip(" \t") or before[: cand[0].start()].rstrip(" \t").endswith("\n")
        if words[0].casefold().rstrip(".") in lx.TITLES:
            if size == 2:
                continue
            cand, words = cand[1:], words[1:]
        if _is_given(words[0]) or opens:
            start = cand[0].start()
            title = len(spans) > len(cand) and spans[-len(cand) - 1].group(0).casefold().rstrip(".") in lx.TITLES
            if title:
                start = spans[-len(cand) - 1].start()
            return start, " ".join(words)
    return None


def _part_class(text: str) -> str:
    words = _words_of(text)
    if not words:
        return "NONE"
    return _line_class(words)


def _juxtaposed_tail(part: str) -> int | None:
    """Where a second lead starts inside an organisation that ends an entry with no line break
    left between them: "Hampshire Constabulary Hampshire Fire and Rescue Service" (a body that
    ends in a final head noun, then a capitalised place starting a body of its own), or "Kirklees
    Council Youth Offending Team Manager" (a body, then a role)."""
    spans = list(_NAME_WORD.finditer(part))
    words = [m.group(0) for m in spans]
    for j in range(1, len(words) - 1):
        prev, word = words[j - 1], words[j]
        if prev.casefold() not in lx.FINAL_ORG_HEADS or not word[:1].isupper():
            continue
        rest = words[j:]
        cls = _line_class(rest)
        if cls == "ROLE" and word_kind(word) in ("CAP", "TOPIC", "RADJ", "ACR", "RH"):
            return spans[j].start()
        if cls == "ORG" and word_kind(word) == "CAP" and _is_title(word) and len(rest) >= 2:
            return spans[j].start()
    return None


def _unit_cut(text: str) -> int | None:
    """Where a second lead starts in ``text`` with no separator before it (boundaries lost with
    the line breaks, as the splitter finds them: "Head of Early Help PSCP Training Coordinator")."""
    units = _units(_atoms(_parse(text), {}))
    for u in units[1:]:
        if u.joiner in ("implicit", "nl"):
            return u.atoms[0].start
    return None


def _descriptor_ok(text: str, first: bool) -> bool:
    """A post or a body; after the first descriptor also a place ("…, Hampshire")."""
    cls = _part_class(text)
    if cls in ("ROLE", "ORG"):
        return True
    words = _words_of(text)
    if first and cls == "NONE" and any(word_kind(w) == "TOPIC" for w in words) and all(
            word_kind(w) in ("TOPIC", "CONJ") or w.casefold() in lx.FUNCTION_WORDS for w in words):
        return True  # a service area ("…, Public Protection", "…, Quality Assurance")
    return not first and cls == "NONE" and all(
        _is_title(w) or w.casefold() in lx.FUNCTION_WORDS for w in _words_of(text))


def _descriptor_end(region: str) -> int:
    """How much of ``region`` (the text after "Name,") describes the person: comma-separated
    posts and bodies, up to a line break that is not a wrap, a second lead run on without one,
    or a part that is no post or body. 0 when nothing does."""
    end = pos = 0
    parts = region.split(",")
    for k, part in enumerate(parts):
        lines = part.split("\n")
        seen, stop = lines[0], None
        for line in lines[1:]:
            if line.strip() and seen.strip() and not _is_wrap(seen.strip(), line.strip()):
                stop = len(seen)
                break
            seen = f"{seen}\n{line}"
        flat = seen.replace("\n", " ")
        cut = _juxtaposed_tail(flat)
        if cut is None:
            cut = _unit_cut(flat)
        size = cut if cut is not None else len(flat)
        if not _descriptor_ok(flat[:size], k == 0):
            return end
        end = pos + size
        if cut is not None or stop is not None:
            return end
        pos += len(part) + 1
    return end


def _own_title_start(before: str) -> int | None:
    """Where a post printed right before an entry's name starts, with no separator between them
    ("Detective Superintendent" of "Detective Superintendent Ann Reid, Eastshire Police"): the
    person's own title, as it is before a name with no entry after it. None when the text before
    ends in a separator or its last lead is no post."""
    stripped = before.rstrip()
    if not stripped or re.search(r"[,;:/&|+(\-–—]$|\b(?:and|or)$", stripped, re.I):
        return None
    units = _units(_atoms(_parse(stripped), {}))
    if not units or units[-1].kind != "ROLE":
        return None
    return units[-1].atoms[0].start


def _descriptor_has_post(region: str) -> bool:
    return any(_part_class(part.replace("\n", " ")) == "ROLE" for part in region.split(","))


def _descriptor_entries(piece: str) -> list[tuple[str, str]]:
    """Split a lead cell at entries written "Name, Post, Organisation": each such entry is
    that person (CONTRACT.md: the person is the lead), and a role or body printed before or
    after it is a lead of its own, not the person's post ("Youth Offending Team Manager" above
    "David Moran, Head of Safeguarding, …"). Works whether the cell kept its line breaks or lost
    them. Returns ("name", name) and ("text", rest) chunks in order."""
    if "," not in piece:
        return [("text", piece)]
    names: list[tuple[int, int, str]] = []  # (start, end after the comma, name)
    for m in re.finditer(",", piece):
        prev_end = names[-1][1] if names else 0
        found = _entry_name(piece[prev_end: m.start()])
        if found:
            names.append((prev_end + found[0], m.end(), found[1]))
    chunks: list[tuple[str, str]] = []
    pos = 0
    for i, (start, after, name) in enumerate(names):
        stop = names[i + 1][0] if i + 1 < len(names) else len(piece)
        end = _descriptor_end(piece[after:stop])
        if not end:
            continue  # "Kwame Mensah, Lucy Chen": names in a list, not an entry
        before = piece[pos:start]
        # an entry that names only the person's body ("…, Eastshire Police") leaves the post printed
        # before the name as the person's title; after "…, Head of Safeguarding, …" it is a lead
        title = None if _descriptor_has_post(piece[after: after + end]) else _own_title_start(before)
        if title is not None:
            before = before[:title]
        if before.strip():
            chunks.append(("text", before))
        chunks.append(("name", name))
        pos = after + end
    if not chunks:
        return [("text", piece)]
    if piece[pos:].strip(" \t\n,"):
        chunks.append(("text", piece[pos:]))
    return chunks


# The labels of a lead cell's lines ("Lead: Head of MASH" / "Support: Police", or run together
# after ";"): the leads are what follows them, each label a break between leads
_LEAD_LABEL = re.compile(
    r"(?:^|(?<=\n)|(?<=;))\s*(?:(?:joint\s+|co-?\s*)?leads?(?:\s+(?:officer|agency|person|manager)s?)?|"
    r"support(?:ed\s+by|ing(?:\s+(?:officers?|agenc(?:y|ies)|partners?))?)?|partners?|owners?|"
    r"responsible(?:\s+officers?)?|accountable(?:\s+officers?)?)\s*:\s*", re.I)


@lru_cache(maxsize=8192)
def _normalise_cached(raw: str, people_items: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    people = dict(people_items)
    text = _repair(raw)
    leads: list[str] = []
    seen: set[str] = set()
    if _PLACEHOLDER.match(text):
        return ()

    def add(lead: str) -> None:
        key = _norm(lead)
        if not key or key in lx.EMPTY_LEADS or key in seen or not any(c.isalpha() for c in key):
            return
        seen.add(key)
        leads.append(lead)

    text = _LEAD_LABEL.sub(";", text).strip(" ;\n")
    spaced = {" ".join(k.split()): v for k, v in people.items() if " " in k}
    for part in _HARD_SPLIT.split(text):
        # abbreviations of posts the document defines, alone or joined ("HoS CP", "HoS EH and PSW")
        keys = [" ".join(k.split()) for k in re.split(r"\s+(?:and|&)\s+|\s*,\s*|\n", part.strip())]
        if people and all(k in spaced or k in people for k in keys):
            for k in keys:
                add(spaced.get(k) or people[k])
            continue
        # an e-mail address is a lead of its own, whatever is printed beside it (another
        # address on the next line, "and Police"); in brackets after a lead it is their contact
        part = _EMAIL_CONTACT.sub("", part)
        chunks: list[tuple[str, str]] = []
        pos = 0
        for m in _EMAIL.finditer(part):
            chunks += _descriptor_entries(part[pos:m.start()]) + [("name", m.group(0))]
            pos = m.end()
        chunks += _descriptor_entries(part[pos:]) if pos else []
        for kind, chunk in chunks or _descriptor_entries(part):
            if kind == "name":
                add(chunk)
                continue
            piece = _join_lines(chunk)
            if piece:
                for lead in _piece_leads(piece, people):
                    add(lead)
    return tuple(leads)


def normalise_leads(raw: str, people: dict[str, str] | None = None) -> list[str]:
    """Split a lead cell into normalised leads per CONTRACT.md.

    ``raw`` may hold line breaks between the cell's lines, or have lost them. ``people`` is
    the document's key of leads (initials -> full name) from :func:`find_people`.
    """
    if not raw or not raw.strip():
        return []
    return list(_normalise_cached(raw, tuple(sorted((people or {}).items()))))


# ---------------------------------------------------------------------------------------
# the document's key of leads

_PAREN_INITIALS = re.compile(r"\(\s*([A-Z]{2,4})\s*\)")
_AFTER_DASH = re.compile(r"^\s*(?:[-–—:=]|is)\s*(.+)$")
_KEY_LINE = re.compile(r"^\s*[•\-*]?\s*([A-Z]{2,4})\s*(?:=|:|-|–|—)\s*(.+?)\s*$")
_KEY_LINE_REVERSED = re.compile(r"^\s*[•\-*]?\s*(.+?)\s*(?:=|:|-|–|—)\s*([A-Z]{2,4})\s*$")


def _initial_variants(words: list[str]) -> set[str]:
    """Initials a name can be abbreviated to: all words, or first and last; hyphenated
    surnames give one letter or one per part."""
    parts_options: list[list[str]] = []
    for w in words:
        pieces = [p for p in w.split("-") if p]
        opts = {w[0].upper()}
        if len(pieces) > 1:
            opts.add("".join(p[0].upper() for p in pieces))
        parts_options.append(sorted(opts))
    out: set[str] = set()

    def walk(i: int, acc: str) -> None:
        if i == len(parts_options):
            out.add(acc)
            return
        for o in parts_options[i]:
            walk(i + 1, acc + o)

    walk(0, "")
    if len(words) > 2:
        for first in parts_options[0]:
            for last in parts_options[-1]:
                out.add(first + last)
    return out


def _name_ok(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4:
        return False
    core = [w for w in words if w.casefold() not in lx.NAME_PARTICLES]
    if len(core) < 2 or not all(_is_title(w) for w in core):
        return False
    kinds = [word_kind(w) for w in core]
    if any(k not in ("CAP", "TOPIC") for k in kinds):
        return False
    return _is_given(core[0]) or all(k == "CAP" for k in kinds)


def _trailing_title_words(text: str) -> list[str]:
    words = text.split()
    out: list[str] = []
    for w in reversed(words):
        w = w.strip(",;:")
        if _is_title(w) or (out and w.casefold() in lx.NAME_PARTICLES):
            out.insert(0, w)
        else:
            break
    return out[-4:]


def _leading_title_words(text: str) -> list[str]:
    out: list[str] = []
    for w in text.split():
        clean = w.strip(",;:()")
        if _is_title(clean) or (out and clean.casefold() in lx.NAME_PARTICLES):
            out.append(clean)
            if clean != w.rstrip(")"):
                break
        else:
            break
    return out[:4]


def _match_name(key: str, words: list[str], from_end: bool) -> str | None:
    """The name among ``words`` whose initials are ``key``."""
    for size in range(min(4, len(words)), 1, -1):
        cand = words[-size:] if from_end else words[:size]
        if _name_ok(cand) and key in _initial_variants(cand):
            return " ".join(cand)
    return None


def _given_name_at_start(words: list[str]) -> str | None:
    """The person's name opening ``words`` when it starts with a known given name."""
    for size in (3, 2):
        cand = words[:size]
        if len(cand) == size and _name_ok(cand) and _is_given(cand[0]):
            return " ".join(cand)
    return None


def _keys_in_text(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    text = text.replace("’", "'")
    for m in _PAREN_INITIALS.finditer(text):
        key = m.group(1)
        name = None
        after = _AFTER_DASH.match(text[m.end():])
        if after:
            # "Head of Early Help (HEH) – Grace Mensah": the key names the post, then its holder.
            words = _leading_title_words(after.group(1))
            name = _match_name(key, words, from_end=False) or _given_name_at_start(words)
        if name is None:
            name = _match_name(key, _trailing_title_words(text[: m.start()]), from_end=True)
        if name:
            found.append((key, name))
    for line in text.split("\n"):
        m = _KEY_LINE.match(line)
        if m:
            words = _leading_title_words(m.group(2))
            name = _match_name(m.group(1), words, from_end=False) or _given_name_at_start(words)
            if name:
                found.append((m.group(1), name))
            continue
        m = _KEY_LINE_REVERSED.match(line)
        if m:
            name = _match_name(m.group(2), _trailing_title_words(m.group(1)), from_end=True)
            if name:
                found.append((m.group(2), name))
    return found


def _abbreviates(key: str, text: str) -> bool:
    """True when ``key`` is made of the initials of capitalised words of ``text``, in order."""
    initials = [w[0] for w in re.findall(r"[A-Za-z][\w'-]*", text) if w[0].isupper()]
    i = 0
    for letter in initials:
        if i < len(key) and letter == key[i]:
            i += 1
    return i == len(key)


def _keys_in_table(table: Table) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for row in table.text_rows():
        cells = [c.strip() for c in row]
        # "Independent Chair | Maureen Floyd (IC)": the key abbreviates the post beside it.
        for cell in cells:
            m = re.fullmatch(r"(.+?)\s*\(\s*([A-Z]{2,4})\s*\)", cell, flags=re.S)
            if not m:
                continue
            words = _leading_title_words(m.group(1))
            name = _given_name_at_start(words) if len(words) == len(m.group(1).split()) else None
            if name and any(_abbreviates(m.group(2), other) for other in cells if other != cell):
                found.append((m.group(2), name))
        for key in (c for c in cells if re.fullmatch(r"[A-Z]{2,4}", c)):
            for other in cells:
                if other == key:
                    continue
                name = _match_name(key, _trailing_title_words(other), from_end=True) \
                    or _match_name(key, _leading_title_words(other), from_end=False)
                if name:
                    found.append((key, name))
                    break
    return found


# A key of leads that abbreviates posts ("Abbreviation | Post": "HoS CP | Head of Service, Child
# Protection"), or a glossary whose meanings are posts ("DCS | Director of Children's Services").
_KEY_COLUMN = re.compile(r"^(?:abbreviations?|abbrev\.?|initials|acronyms?|key|codes?|short\s*(?:form|title)s?)$", re.I)
_POST_COLUMN = re.compile(r"\b(?:posts?|roles?|job\s*titles?|titles?|positions?|designations?)\b", re.I)
_NAME_COLUMN = re.compile(r"\bnames?\b|\bpost[\s-]*holders?\b", re.I)
_POST_KEY_LINE = re.compile(r"^\s*[•\-*]?\s*([A-Z][A-Za-z&]*(?:\s[A-Z][A-Za-z&]*){0,2})\s*(?:=|:|\s[-–—]\s?)\s*([^=:;]+?)\s*$")
_POST_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z&]*(?:\s+[A-Z][A-Za-z&]*){0,2}$")


def _post_abbreviation(text: str) -> bool:
    """A short form of capitals ("DCS", "HoS CP", "WSCP BM"), not a word ("Police")."""
    return bool(_POST_ABBREVIATION.match(text)) and len(text) <= 14 \
        and all(w.isupper() or any(ch.isupper() for ch in w[1:]) for w in text.split())


def _names_a_post(text: str) -> bool:
    """Words that name a post ("Head of Service, Child Protection"): a role noun among them."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return bool(words) and any(word_kind(w) == "RH" for w in words) and not _name_ok(words[:4])


def _post_keys_in_table(table: Table) -> list[tuple[str, str]]:
    rows = [[" ".join(c.split()) for c in row] for row in table.text_rows()]
    if len(rows) < 2 or len(rows[0]) < 2:
        return []
    head = rows[0]
    key_col = next((c for c, h in enumerate(head) if _KEY_COLUMN.match(h.strip(" :"))), None)
    if key_col is None:
        return []
    name_col = next((c for c, h in enumerate(head) if c != key_col and _NAME_COLUMN.search(h)), None)
    if name_col is not None:
        # "Abbreviation | Post | Post holder": the abbreviation names the person who holds the post
        found = []
        for row in rows[1:]:
            if max(key_col, name_col) < len(row):
                key, name = row[key_col].strip(), " ".join(_leading_title_words(row[name_col]))
                if key and _post_abbreviation(key) and name and name == row[name_col].strip() and _name_ok(name.split()):
                    found.append((key, name))
        return found
    others = [c for c in range(len(head)) if c != key_col and head[c]]
    if not others:
        return []
    post_col = next((c for c in others if _POST_COLUMN.search(head[c])), others[0])
    all_posts = bool(_POST_COLUMN.search(head[post_col]))
    found = []
    for row in rows[1:]:
        if max(key_col, post_col) >= len(row):
            continue
        key, post = row[key_col].strip(), row[post_col].strip(" .;")
        if key and post and _post_abbreviation(key) and (all_posts or _names_a_post(post)):
            found.append((key, post))
    return found


def find_people(doc: Document) -> dict[str, str]:
    """The document's own key of leads: initials -> full name; abbreviations of posts that a
    key of leads or a glossary table defines -> the post."""
    people: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for text in doc.all_text():
        pairs.extend(_keys_in_text(text or ""))
    for table in doc.tables():
        pairs.extend(_keys_in_table(table))
    for table in doc.tables():
        pairs.extend(_post_keys_in_table(table))
    for text in doc.all_text():
        for line in (text or "").split("\n"):
            # a glossary line that abbreviates a post: "DCS – Director of Children's Services"
            m = _POST_KEY_LINE.match(line)
            if m and _post_abbreviation(m.group(1)) and _names_a_post(m.group(2)):
                pairs.append((m.group(1), m.group(2)))
    for key, name in pairs:
        people.setdefault(key, name)
    return people


_COUNTRIES = frozenset({"england", "wales", "scotland", "britain", "uk"})


def _names_a_place(word: str) -> bool:
    """A country or a local authority's name ("Hertfordshire"), from the gazetteer."""
    if word.casefold() in _COUNTRIES:
        return True
    from normalise.metadata import gazetteer  # the metadata module's list of authorities

    return any(m.group(0) == word for m, _ in gazetteer().find(word))


def lead_kind(lead: str, people: dict[str, str] | None = None) -> str:
    """"person", "role" or "organisation" for one normalised lead (for the store's entities)."""
    if people and lead in set(people.values()) and not _names_a_post(lead):
        return "person"
    words = _words_of(lead)
    if len(words) == 2 and re.fullmatch(r"[A-Z]\.?", words[0]) and _is_title(words[1]):
        return "person"  # "J. Smith"
    if words and not _is_given(words[0]) and (_names_a_place(words[-1]) or _is_acronym(words[0])) \
            and _line_class(words) not in ("ROLE",):
        return "organisation"  # "Healthwatch Hertfordshire", "NHS England"
    cls = _line_class(words)
    if cls == "PERSON":
        return "person"
    if cls == "ORG":
        return "organisation"
    if cls == "ROLE":
        return "role"
    words = _words_of(lead)
    # a bare acronym or a single capitalised word ("Police", "CCG") names a body
    return "organisation" if len(words) <= 2 and all(word_kind(w) in ("ACR", "OH", "CAP") for w in words) else "role"
