"""Vietnamese text normalisation — the one home of the NFC rule (D21, TCVN 6909:2011): everything is stored in Unicode NFC.

One mechanism: :func:`normalize_instance` rewrites every text field of a model instance — plain
char/text fields, rich text and the strings inside StreamField data — to NFC. It runs from one
``pre_save`` receiver (:func:`store_text_as_nfc`, connected by ``core.apps``) for every model of the
project's own apps and the editor-facing Wagtail/taggit models, and before a page revision is
serialised. No model calls ``nfc`` on its own fields.

Search keys start from :func:`fold`; how citizens *spell* words is the other half of it (issue 16): the i/y
alternation of a syllable after a consonant (:func:`spelling_variants`: "ký"/"kí", "quy"/"qui") and the usual
administrative abbreviations (:data:`ABBREVIATIONS`: "UBND" ↔ "Ủy ban nhân dân"), both given to the search
engines as query expansions by :func:`query_expansions`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import slugify

# Third-party apps whose text is typed by editors in the admin (machine data such as revisions,
# logs and workflow states of ``wagtailcore`` is left alone: only its pages and sites).
EDITOR_APP_MODELS: dict[str, frozenset[str] | None] = {
    "wagtailcore": frozenset({"page", "site"}),
    "wagtaildocs": None,
    "wagtailimages": None,
    "taggit": None,
}


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value) if value else value


def strip_diacritics(value: str) -> str:
    """Vietnamese without diacritics, case kept ("Đồng Tâm" → "Dong Tam"; đ → d included): official
    English names, search keys and URL slugs all start from it."""
    decomposed = unicodedata.normalize("NFD", (value or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: str) -> str:
    """Search key of a text: lower case without diacritics ("Xã Sơn Hùng" and "xa son hung" → "xa son hung");
    the Python twin of the database's ``public.congttdt_fold``."""
    return " ".join(strip_diacritics(value).lower().split())


# A folded syllable that Vietnamese writes with a final "i" or "y" after a consonant cluster: ký/kí, lý/lí,
# mỹ/mĩ, sỹ/sĩ, tỷ/tỉ, hy/hi, quy/qui. A vowel before the "y" keeps it apart ("may", "tay", "thuy", "uy" are
# other words than "mai", "tai", "thui", "ui"), so the cluster is consonants only, or "qu" (whose "u" is part
# of the consonant); "gh" and "ngh" are never written before a "y".
_FINAL_I_OR_Y = re.compile(r"^(qu|(?!n?gh)[bcdghklmnprstvx]+)[iy]$")

# The usual abbreviations of administrative Vietnamese, folded (see :func:`fold`): abbreviation → long form in
# the search syntax (a "quoted phrase"; several phrases must all occur, in any order: "Nghị định số 15/2020
# của Chính phủ" is found by NĐ-CP). The one table of them; "Ủy"/"Uỷ" are one spelling once folded.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": '"uy ban nhan dan"',
    "hdnd": '"hoi dong nhan dan"',
    "tthc": '"thu tuc hanh chinh"',
    "qd": '"quyet dinh"',
    "nd-cp": '"nghi dinh" "chinh phu"',
    "mttq": '"mat tran to quoc"',
}
_TOKEN = re.compile(r"\w+(?:-\w+)*")
_PHRASE = re.compile(r'"([^"]*)"')


def spelling_variants(word: str) -> tuple[str, ...]:
    """Every spelling of a folded syllable with a final i/y after a consonant ("ki" → ("ki", "ky"), "quy" →
    ("qui", "quy")); any other word is its own only spelling ("tay" → ("tay",))."""
    match = _FINAL_I_OR_Y.match(word)
    return (match.group(1) + "i", match.group(1) + "y") if match else (word,)


def query_expansions(text: str) -> list[tuple[str, str]]:
    """(words of a query, what they may also be written as), both folded in the search syntax, for the words
    of ``text`` that have another spelling or an abbreviation — the one rule both engines apply to a query:
    "dang ki khai sinh" → [("ki", "ky")]; "UBND xã" → [("ubnd", '"uy ban nhan dan"')]; "ủy ban nhân dân" →
    [("uy ban nhan dan", "ubnd")]. Index rows keep the text as written, so no rebuild is needed."""
    tokens = _TOKEN.findall(fold(text).replace("/", " "))
    words = {part for token in tokens for part in token.split("-")}
    expansions: list[tuple[str, str]] = []
    for short, long in ABBREVIATIONS.items():
        long_words = " ".join(_PHRASE.findall(long))
        if short in tokens:
            expansions.append((short, long))
        elif set(long_words.split()) <= words:
            expansions.append((long_words, short))
    for word in sorted(words):
        expansions.extend((word, other) for other in spelling_variants(word) if other != word)
    return expansions


def ascii_slug(value: str) -> str:
    """The URL slug of a title, ASCII only ("Lễ hội đình làng" → "le-hoi-dinh-lang"): no percent-encoded
    diacritics in a page's address."""
    return slugify(strip_diacritics(value))


def nfc_data(data: Any) -> Any:
    """Normalise every string inside JSON-like data (lists, dicts, strings)."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [nfc_data(item) for item in data]
    if isinstance(data, dict):
        return {key: nfc_data(item) for key, item in data.items()}
    return data


def normalize_instance(instance: models.Model) -> None:
    """Rewrite the text fields of ``instance`` in place to NFC (NFD input accepted)."""
    from wagtail.fields import StreamField

    for field in instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            value = getattr(instance, field.attname, None)
            if value is None:
                continue
            raw = field.get_prep_value(value)
            if not isinstance(raw, list):
                continue
            normalized = nfc_data(raw)
            if normalized != raw:
                setattr(instance, field.attname, normalized)
        elif isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and value:
                normalized = nfc(value)
                if normalized != value:
                    setattr(instance, field.attname, normalized)


def _is_project_app(app_config) -> bool:
    """An app whose code is part of this repository (under ``BASE_DIR``, not an installed package)."""
    path = Path(app_config.path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and not {"site-packages", "dist-packages"} & set(path.parts)


@functools.cache
def nfc_app_models() -> dict[str, frozenset[str] | None]:
    """App label → model names stored in NFC (``None``: every model of the app)."""
    covered = {config.label: None for config in apps.get_app_configs() if _is_project_app(config)}
    covered.update(EDITOR_APP_MODELS)
    return covered


def store_text_as_nfc(sender, instance, raw=False, **_kwargs) -> None:
    """``pre_save`` receiver: the text of every covered model is stored in NFC (fixtures excepted)."""
    if raw:
        return
    meta = sender._meta
    covered = nfc_app_models()
    if meta.app_label not in covered:
        return
    names = covered[meta.app_label]
    if names is not None and meta.model_name not in names:
        return
    normalize_instance(instance)


def normalize_with_children(instance: models.Model) -> None:
    """Normalise a page and its in-memory child objects (inline panels) before serialising a revision."""
    from modelcluster.models import get_all_child_relations

    normalize_instance(instance)
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            normalize_instance(child)
