"""Rewriting the ids inside a page's serialized data for another schema.

A page read in the source schema (Wagtail/modelcluster ``serializable_data``: fields, child rows,
StreamField JSON) names images, documents, pages, snippets, locales and users by the source's ids.
``IdMap`` holds source id → target id per model; ``remap_page_data`` rewrites every reference it
knows: foreign keys and many-to-many of the page and of its child rows, chooser blocks anywhere in a
StreamField (struct, list and stream blocks walked by their definitions), and the ``<embed>`` and
``<a>`` references of rich text (in fields and in rich-text blocks). A reference with no target
(a page that does not move, a user who is not an editor) becomes empty.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

RICH_TAG = re.compile(r"<(?:embed|a)\b[^>]*>")  # attributes in any order (wagtail-localize writes id first)
RICH_TYPE = re.compile(r'\b(?:embedtype|linktype)="(image|document|page)"')
RICH_ID = re.compile(r'(\sid=")(\d+)(")')
# Page fields that belong to the source's tree or editorial history, never copied as they are.
TREE_FIELDS = {
    "id",
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
    "alias_of",
    "content_type",
    "draft_title",
    "has_unpublished_changes",
    "page_ptr",
}


@dataclass
class IdMap:
    """Source id → target id, by model label (``wagtailimages.image``…); ``resolve`` is asked for
    models without a table of their own here (snippets, locales: matched by name/code)."""

    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    resolve: Callable[[type[models.Model], int], int | None] | None = None
    translation_keys: dict[str, str] = field(default_factory=dict)

    def put(self, model: type[models.Model], old: int, new: int) -> None:
        self.ids.setdefault(model._meta.label_lower, {})[int(old)] = new

    def get(self, model: type[models.Model], old) -> int | None:
        if old in (None, ""):
            return None
        label = _base(model)._meta.label_lower
        mapped = self.ids.get(label, {}).get(int(old))
        if mapped is None and self.resolve is not None and label not in self.ids:
            mapped = self.resolve(model, int(old))
        return mapped

    def translation_key(self, old: str) -> str:
        """A new translation key per source key (the target may hold the same key from the template),
        the same one for every language of a page."""
        return self.translation_keys.setdefault(str(old), str(uuid.uuid4()))


def _base(model: type[models.Model]) -> type[models.Model]:
    return Page if issubclass(model, Page) else model


def remap_rich_text(html: str, ids: IdMap) -> str:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    targets = {"image": get_image_model(), "document": get_document_model(), "page": Page}

    def swap(match: re.Match) -> str:
        tag = match.group(0)
        kind = RICH_TYPE.search(tag)
        if kind is None:
            return tag
        model = targets[kind.group(1)]

        def new_id(found: re.Match) -> str:
            new = ids.get(model, found.group(2))
            return f"{found.group(1)}{new if new is not None else 0}{found.group(3)}"

        return RICH_ID.sub(new_id, tag, count=1)

    return RICH_TAG.sub(swap, html or "")


def remap_block(block: blocks.Block, value, ids: IdMap):
    """Rewrite one block's raw (JSON) value, walking the block definition."""
    if value is None:
        return value
    if isinstance(block, blocks.ChooserBlock):
        return ids.get(block.model_class, value)
    if isinstance(block, blocks.RichTextBlock):
        return remap_rich_text(value, ids)
    if isinstance(block, blocks.StructBlock):
        return {
            name: remap_block(block.child_blocks[name], item, ids) if name in block.child_blocks else item
            for name, item in value.items()
        }
    if isinstance(block, blocks.ListBlock):
        out = []
        for item in value:
            if isinstance(item, dict) and "type" in item and "value" in item:
                out.append({**item, "value": remap_block(block.child_block, item["value"], ids)})
            else:
                out.append(remap_block(block.child_block, item, ids))
        return out
    if isinstance(block, blocks.StreamBlock):
        return [
            {**item, "value": remap_block(block.child_blocks[item["type"]], item.get("value"), ids)}
            if item.get("type") in block.child_blocks
            else item
            for item in value
        ]
    return value


def remap_model_data(model: type[models.Model], data: dict, ids: IdMap) -> dict:
    """Rewrite a serialized row (and its child rows) of ``model`` for the target schema."""
    data = dict(data)
    for model_field in model._meta.get_fields():
        name = model_field.name
        if name not in data or model_field.auto_created and not model_field.concrete:
            continue
        value = data[name]
        if isinstance(model_field, StreamField):
            raw = json.loads(value) if isinstance(value, str) else value
            data[name] = json.dumps(remap_block(model_field.stream_block, raw or [], ids))
        elif isinstance(model_field, RichTextField):
            data[name] = remap_rich_text(value, ids)
        elif model_field.many_to_many and model_field.concrete:
            data[name] = [pk for pk in (ids.get(model_field.related_model, v) for v in value or []) if pk is not None]
        elif (
            model_field.many_to_one
            and model_field.concrete
            and not getattr(model_field.remote_field, "parent_link", False)
        ):
            data[name] = ids.get(model_field.related_model, value)
        elif name == "translation_key" and value:
            data[name] = ids.translation_key(value)
    for relation in get_all_child_relations(model):
        rows = []
        for row in data.get(relation.name, []) or []:
            row = remap_model_data(relation.related_model, row, ids)
            row["pk"] = None
            row.pop("id", None)
            row.pop(relation.field.name, None)
            rows.append(row)
        data[relation.name] = rows
    return data
