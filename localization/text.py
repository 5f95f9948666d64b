"""Vietnamese text helpers: matching keys (case, spacing and old/new tone placement insensitive)
(ASCII folding of proper names for English is ``core.text.strip_diacritics``)."""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# Old-style tone placement on the second vowel of an open "oa/oe/uy" syllable ("hoà", "Uỷ") is the
# same word as the new style ("hòa", "Ủy"): move the mark onto the first vowel for matching.
_OLD_TONE = re.compile(rf"([ou])([aey])([{TONE_MARKS}])(?=\W|$)", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,;:.!?()\"“”'‘’–—-]+")


def match_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text or "")
    decomposed = _OLD_TONE.sub(r"\1\3\2", decomposed)
    words = _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", decomposed).casefold()).split()
    return " ".join(words)
