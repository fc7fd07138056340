"""Text repair shared by every normaliser.

``clean`` keeps characters as printed (curly quotes, en dashes, ellipses) because the
contract asks for text "as printed"; it only repairs what extraction breaks: ligatures,
odd spaces, invisible characters, private-use bullet glyphs, words wrapped at their hyphen
and line wrapping.
``fold`` is the lossy variant for *matching* (quotes and dashes straightened, case folded).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "clean_lines", "fold", "strip_list_marker", "BULLETS"]

# Glyphs used as bullets by Word, PDF exporters and Symbol/Wingdings fonts.
BULLETS = "•◦▪▫■□●○◆◇►▸▶➢➤✓✔∙·‣⁃*o-–—"

_TRANSLATE: dict[int, str | None] = {
    # typographic ligatures (NFKC would also do this, but NFKC rewrites "…" and "½" too)
    0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
    0xFB05: "st", 0xFB06: "st",
    # invisible characters
    0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None,
    # private-use bullets emitted for Symbol / Wingdings glyphs
    0xF0B7: "•", 0xF0A7: "▪", 0xF0D8: "►", 0xF076: "•", 0xF0FC: "✓", 0xF0A8: "•",
    0xF06E: "■", 0xF071: "□", 0xF0E0: "►",
    # line / paragraph separators become ordinary line breaks
    0x2028: "\n", 0x2029: "\n", 0x0085: "\n", 0x000B: "\n", 0x000C: "\n",
}
for _cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
    _TRANSLATE[_cp] = " "
# Fullwidth ASCII forms.
for _cp in range(0xFF01, 0xFF5F):
    _TRANSLATE[_cp] = chr(_cp - 0xFEE0)

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...",
})

_H_SPACE = re.compile(r"[ \t\r]+")
_ANY_SPACE = re.compile(r"\s+")


def _repair(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# "Multi-\nagency" wrapped at its hyphen comes out as "Multi- agency"; a suspended hyphen
# ("pre- and post-inspection", "short- or long-term") is left alone.
_BROKEN_HYPHEN = re.compile(r"(?<=[A-Za-z])-[ \t]*\n?[ \t]*(?=[a-z])(?!(?:and|or|to|nor)\b)")


def clean(text: str | None) -> str:
    """Repair extraction damage and collapse all white space (line breaks too) to single spaces."""
    if not text:
        return ""
    return _ANY_SPACE.sub(" ", _BROKEN_HYPHEN.sub("-", _repair(text))).strip()


def clean_lines(text: str | None) -> str:
    """Like ``clean`` but keeps one ``\\n`` between non-empty lines."""
    if not text:
        return ""
    text = _BROKEN_HYPHEN.sub("-", _repair(text))
    lines = (_H_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str | None) -> str:
    """Matching key: cleaned, quotes and dashes straightened, case folded."""
    return clean(text).translate(_FOLD).casefold()


_ROMAN = r"(?=[ivx])(?:x{0,3})(?:ix|iv|v?i{0,3})"
_MARKER = re.compile(
    r"""^(?:
        [•◦▪▫■□●○◆◇►▸▶➢➤✓✔∙·‣⁃*]+          # bullet glyphs (may be glued to the text)
      | [-–—](?=\s)                          # dash bullets
      | o(?=\s)                              # Word's "o" sub-bullet
      | \(\s*(?:\d{1,3}|[a-zA-Z]|""" + _ROMAN + r""")\s*\)   # (1) (a) (iv)
      | (?:\d{1,3}|[a-zA-Z])[.)](?=\s|$)                     # 1. 1) a) a.
      | (?i:""" + _ROMAN + r""")[.)](?=\s|$)                 # iv. iv)
    )\s*""",
    re.VERBOSE,
)


def strip_list_marker(text: str) -> str:
    """Remove leading list markers ("1.", "a)", "(iv)", "•", "-") and the space after them.

    Markers are removed repeatedly ("• 1. foo" -> "foo"), and a stray punctuation mark left
    behind by a doubled marker ("3. . foo") goes too. Multi-level numbers such as "1.1" are
    references, not markers, and are kept.
    """
    out = clean(text)
    for _ in range(4):
        m = _MARKER.match(out)
        if not m or m.end() == 0:
            break
        out = out[m.end():]
    out = re.sub(r"^[.,;:)]+\s+", "", out)
    return out.strip()
