"""Glossary pre-translation: a whole segment that is a term, or a short title made only of terms and
proper names ("Ủy ban nhân dân xã Sơn Hùng" → "People's Committee of Son Hung Commune").

Conservative on purpose: a segment with any other word is left alone (for the memory, an external
engine or the editor) rather than pre-filled half in Vietnamese.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django_tenants.utils import schema_context

from core.text import nfc, strip_diacritics

from ..models import GlossaryTerm
from ..text import match_key

MAX_COMPOSED_WORDS = 12
_TRAILING = ".:;!?"


@dataclass(frozen=True)
class Term:
    en: str
    attributive: str
    is_level: bool


@dataclass
class _Unit:
    kind: str  # "term", "level" or "name"
    en: str
    term: Term | None = None
    name: str = ""

    def render(self) -> str:
        if self.kind == "level" and self.name:
            return f"{self.name} {_title(self.term.en)}"
        return self.en


def _title(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class Glossary:
    def __init__(self, terms: dict[str, Term]):
        self.terms = terms
        self.longest = max((len(key.split()) for key in terms), default=0)

    @classmethod
    def load(cls) -> Glossary:
        with schema_context("public"):
            rows = GlossaryTerm.objects.values_list("key", "en", "en_attributive", "is_level")
            return cls({key: Term(en, attributive, is_level) for key, en, attributive, is_level in rows})

    def translate(self, segment: str) -> str | None:
        """English for a segment (inline HTML allowed only for whole-term hits), or None."""
        text = nfc(segment).strip()
        if not text:
            return None
        trailing = text[len(text.rstrip(_TRAILING)) :]
        core = text[: len(text) - len(trailing)] if trailing else text
        if "<" in core:
            return None
        plain = html.unescape(core)
        whole = self.terms.get(match_key(plain))
        if whole is not None:
            english = whole.en
        else:
            english = self._compose(plain)
            if english is None:
                return None
        if plain[:1].isupper():
            english = _capitalise(english)
        return html.escape(english, quote=False) + trailing

    def _match_at(self, keys: list[str], start: int) -> tuple[Term, int] | None:
        for length in range(min(self.longest, len(keys) - start), 0, -1):
            term = self.terms.get(" ".join(keys[start : start + length]))
            if term is not None:
                return term, length
        return None

    def _compose(self, text: str) -> str | None:
        words = text.split()
        if len(words) > MAX_COMPOSED_WORDS:
            return None
        keys = [match_key(word) for word in words]
        units: list[_Unit] = []
        index = 0
        while index < len(words):
            if not keys[index]:  # punctuation only
                index += 1
                continue
            matched = self._match_at(keys, index)
            if matched is not None:
                term, length = matched
                units.append(_Unit("level" if term.is_level else "term", term.en, term))
                index += length
                continue
            name = []
            while index < len(words) and _is_name_word(words[index]) and self._match_at(keys, index) is None:
                name.append(strip_diacritics(words[index].strip(",;")))
                index += 1
            if not name:
                return None  # an ordinary word the glossary does not know
            if units and units[-1].kind == "level" and not units[-1].name:
                units[-1].name = " ".join(name)
            else:
                units.append(_Unit("name", " ".join(name)))
        if not any(unit.term is not None for unit in units):
            return None
        return _join(units)


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _join(units: list[_Unit]) -> str:
    """Vietnamese puts the head first ("Văn phòng | Ủy ban nhân dân | tỉnh Phú Thọ"); English says
    "Office of the People's Committee of Phu Tho Province". A bare level after a term qualifies it:
    "Ủy ban nhân dân xã" → "Commune People's Committee"."""
    phrases: list[tuple[str, bool]] = []  # (text, takes "the" after "of")
    for unit in units:
        if unit.kind == "level" and not unit.name and phrases and phrases[-1][1]:
            text, _article = phrases[-1]
            phrases[-1] = (f"{unit.term.attributive or _title(unit.term.en)} {text}", True)
            continue
        phrases.append((unit.render(), unit.kind == "term"))
    result = phrases[0][0]
    for text, takes_article in phrases[1:]:
        result += " of " + ("the " if takes_article else "") + text
    return result
