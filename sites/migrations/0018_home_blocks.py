"""The home page's blocks (issue 16 item 1): the ``body`` field, and every home page that existed —
in every site schema — given the default layout (``sites.blocks.default_home_body``, frozen here so
that this migration keeps meaning what it meant), on the page and on its latest and live revisions,
so that the editor opens and republishes the same layout the public page shows."""

import json
import uuid

import wagtail.fields
from django.db import migrations

DEFAULT_LAYOUT = [
    ("news", {"heading": "", "pages": [], "count": 5}),
    ("services", {"heading": ""}),
    ("documents", {"heading": "", "count": 5}),
    ("schedule", {"heading": ""}),
    ("consultations", {"heading": "", "count": 3}),
    ("questions", {"heading": "", "count": 5}),
    ("component_sites", {"heading": ""}),
    ("government_links", {"heading": "", "links": []}),
    ("latest_beneath", None),
]


def _raw_layout() -> str:
    return json.dumps([{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in DEFAULT_LAYOUT])


def _empty(body) -> bool:
    if body in (None, "", "[]"):
        return True
    try:
        return not json.loads(body) if isinstance(body, str) else not body
    except ValueError:
        return False


def give_homes_the_default_layout(apps, schema_editor):
    """Home pages (the pages under the tree's root) without blocks get the default layout."""
    HomePage = apps.get_model("portal", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for home in HomePage.objects.filter(depth=2):
        raw = _raw_layout()
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT body FROM portal_homepage WHERE page_ptr_id = %s", [home.pk])
            (current,) = cursor.fetchone()
            if not _empty(current):
                continue
            cursor.execute("UPDATE portal_homepage SET body = %s::jsonb WHERE page_ptr_id = %s", [raw, home.pk])
        revision_ids = {home.latest_revision_id, home.live_revision_id} - {None}
        for revision in Revision.objects.filter(pk__in=revision_ids):
            content = revision.content or {}
            if _empty(content.get("body")):
                content["body"] = raw
                revision.content = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0017_project_donor'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='homepage',
            name='body',
            field=wagtail.fields.StreamField([('news', 4), ('documents', 5), ('schedule', 6), ('consultations', 5), ('questions', 5), ('services', 6), ('government_links', 9), ('component_sites', 6), ('latest_beneath', 10), ('video', 16), ('banner', 21)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'Để trống để dùng tiêu đề mặc định của khối.', 'label': 'tiêu đề khối', 'max_length': 120, 'required': False}), 1: ('wagtail.blocks.PageChooserBlock', (), {'page_type': ['portal.NewsPage']}), 2: ('wagtail.blocks.ListBlock', (1,), {'default': [], 'help_text': 'Để trống để hiện các tin mới nhất.', 'label': 'tin chọn nổi bật', 'required': False}), 3: ('wagtail.blocks.IntegerBlock', (), {'default': 5, 'label': 'số mục hiển thị', 'max_value': 12, 'min_value': 1}), 4: ('wagtail.blocks.StructBlock', [[('heading', 0), ('pages', 2), ('count', 3)]], {}), 5: ('wagtail.blocks.StructBlock', [[('heading', 0), ('count', 3)]], {}), 6: ('wagtail.blocks.StructBlock', [[('heading', 0)]], {}), 7: ('wagtail.snippets.blocks.SnippetChooserBlock', ('portal.GovernmentLink',), {}), 8: ('wagtail.blocks.ListBlock', (7,), {'default': [], 'help_text': 'Để trống để hiện mọi liên kết trong danh sách Liên kết website.', 'label': 'liên kết chọn', 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('heading', 0), ('links', 8)]], {}), 10: ('sites.blocks.LatestBeneathBlock', (), {}), 11: ('wagtail.blocks.CharBlock', (), {'label': 'tên video', 'max_length': 200}), 12: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'tệp video (MP4, WebM)', 'required': False}), 13: ('wagtail.embeds.blocks.EmbedBlock', (), {'label': 'hoặc địa chỉ video trên YouTube, Vimeo', 'required': False}), 14: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'phụ đề (tệp WebVTT .vtt)', 'required': False}), 15: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'label': 'lời thoại, mô tả nội dung', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('title', 11), ('file', 12), ('embed', 13), ('captions', 14), ('transcript', 15)]], {}), 17: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'ảnh'}), 18: ('wagtail.blocks.CharBlock', (), {'help_text': 'Nội dung của băng rôn bằng chữ, đọc cho người khiếm thị (bắt buộc).', 'label': 'văn bản thay thế', 'max_length': 250}), 19: ('wagtail.blocks.PageChooserBlock', (), {'label': 'liên kết đến trang', 'required': False}), 20: ('wagtail.blocks.URLBlock', (), {'label': 'hoặc địa chỉ', 'required': False}), 21: ('wagtail.blocks.StructBlock', [[('image', 17), ('alt_text', 18), ('link_page', 19), ('link_url', 20)]], {})}, help_text='Thêm, bớt và sắp xếp các khối hiển thị trên trang chủ.', verbose_name='các khối trang chủ'),
        ),
        migrations.RunPython(give_homes_the_default_layout, migrations.RunPython.noop),
    ]
