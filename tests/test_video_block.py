"""Video in the pages (issue 16 item 2): an uploaded file or a YouTube/Vimeo address whose player loads
nothing from the provider until the visitor asks; captions or a transcript required; an address of any
other provider refused with a clear message in the editor."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from hardening.policy import VIDEO_PLAYER_ORIGINS
from sites.blocks import VideoBlock
from sites.embeds import PROVIDERS, player_of
from sites.models import NewsIndexPage, NewsPage

from .content_helpers import add_index, host, make_board, signed_in

pytest_plugins = ["tests.content_fixtures"]
pytestmark = pytest.mark.django_db

TRANSCRIPT = "<p>Cán bộ một cửa hướng dẫn nộp hồ sơ trực tuyến.</p>"


@pytest.fixture
def news_site(make_tenant, content_media):
    tenant = make_tenant("video")
    with tenant_context(tenant):
        make_board()
        index = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
    return tenant, index.pk


def publish_news(index_id: int, slug: str, video: dict) -> None:
    index = NewsIndexPage.objects.get(pk=index_id)
    page = NewsPage(
        title=f"Tin có video {slug}",
        slug=slug,
        date=timezone.now(),
        source="Ban Biên tập",
        summary="Tin có video.",
        body=[("video", video)],
    )
    index.add_child(instance=page)
    page.save_revision().publish()


def video(**fields) -> dict:
    return {"title": "Phóng sự chuyển đổi số", "file": None, "embed": None, "captions": None,
            "transcript": TRANSCRIPT, **fields}  # fmt: skip


def test_known_addresses_become_privacy_players_and_others_are_not_embeds():
    assert player_of("https://www.youtube.com/watch?v=M7lc1UVf-VE") == (
        "YouTube",
        "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
    )
    assert player_of("https://youtu.be/M7lc1UVf-VE?t=30")[1].endswith("/embed/M7lc1UVf-VE")
    assert player_of("https://vimeo.com/76979871") == ("Vimeo", "https://player.vimeo.com/video/76979871?dnt=1")
    for other in ("https://example.com/video/1", "https://www.youtube.com/watch?v=short", "javascript:alert(1)"):
        assert player_of(other) is None
    # Every player the finder builds is a frame the pages' Content-Security-Policy lets in, and nothing else is.
    for _name, _pattern, player in PROVIDERS:
        assert any(player.startswith(origin + "/") for origin in VIDEO_PLAYER_ORIGINS)


def test_the_embedded_player_loads_only_after_the_click(news_site):
    tenant, index_id = news_site
    with tenant_context(tenant):
        publish_news(index_id, "co-video", video(embed="https://www.youtube.com/watch?v=M7lc1UVf-VE"))
    response = Client().get("/tin-tuc/co-video/", HTTP_HOST=host(tenant))
    page = response.content.decode()
    assert response.status_code == 200
    outside_templates = re.sub(r"<template>.*?</template>", "", page, flags=re.S)
    assert "youtube" not in re.sub(r'<a href="https://www\.youtube\.com/[^"]*"', "", outside_templates)
    player = re.search(r"<template>(.*?)</template>", page, re.S).group(1)
    assert '<iframe src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"' in player
    assert "Video được phát từ YouTube. Khi bấm “Xem video”, trình duyệt của bạn sẽ kết nối tới YouTube." in page
    assert "data-video-play hidden>Xem video</button>" in page  # the button shows only with script
    assert 'href="https://www.youtube.com/watch?v=M7lc1UVf-VE"' in page  # no script: a plain link
    assert "Cán bộ một cửa hướng dẫn nộp hồ sơ trực tuyến." in page and "<summary>Lời thoại" in page
    frames = re.search(r"frame-src ([^;]*)", response["Content-Security-Policy"]).group(1).split()
    assert set(frames) == {"'self'", *VIDEO_PLAYER_ORIGINS}


def test_an_uploaded_video_plays_from_the_portal_with_its_captions(news_site):
    tenant, index_id = news_site
    documents = get_document_model()
    with tenant_context(tenant):
        clip = documents.objects.create(title="Phóng sự", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", "phong-su.mp4"))
        track = documents.objects.create(title="Phụ đề", file=ContentFile(b"WEBVTT\n\n", "phu-de.vtt"))
        publish_news(index_id, "video-tai-len", video(file=clip, captions=track, transcript=""))
    page = Client().get("/tin-tuc/video-tai-len/", HTTP_HOST=host(tenant)).content.decode()
    assert '<video controls preload="none"' in page  # nothing downloaded before the visitor presses play
    assert f'<source src="{clip.url}" type="video/mp4">' in page
    assert f'<track kind="captions" src="{track.url}" srclang="vi" label="Phụ đề" default>' in page


def test_a_video_needs_one_source_and_captions_or_a_transcript(news_site):
    tenant, _index = news_site
    block = VideoBlock()
    documents = get_document_model()
    with tenant_context(tenant):
        sheet = documents.objects.create(title="Bảng", file=ContentFile(b"a;b\n", "bang.csv"))
        youtube = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
        cases = {
            "neither": (video(), "file", "Chọn một tệp video hoặc nhập một địa chỉ YouTube/Vimeo (chỉ một)."),
            "both": (video(file=sheet, embed=youtube), "file", "(chỉ một)"),
            "not a video": (video(file=sheet), "file", "Tệp video phải là MP4 hoặc WebM."),
            "bad captions": (video(embed=youtube, captions=sheet), "captions", "Phụ đề phải là tệp WebVTT (.vtt)."),
            "inaccessible": (video(embed=youtube, transcript=""), "transcript", "Cần phụ đề hoặc lời thoại"),
        }
        for name, (value, field, message) in cases.items():
            with pytest.raises(ValidationError) as refused:
                block.clean(block.to_python(block.get_prep_value(block.normalize(value))))
            errors = refused.value.block_errors
            assert field in errors and message in " ".join(errors[field].messages), name
        assert block.clean(block.normalize(video(embed=youtube)))["embed"].url == youtube


def test_the_editor_is_told_an_unknown_provider_is_refused_and_nothing_is_saved(news_site):
    tenant, index_id = news_site
    editor = signed_in(tenant, "bientap")
    body = streamfield(
        [
            (
                "video",
                {
                    "title": "Clip",
                    "file": "",
                    "embed": "https://example.com/clip/7",
                    "captions": "",
                    "transcript": rich_text(TRANSCRIPT),
                },
            )
        ]  # fmt: skip
    )
    data = nested_form_data(
        {
            "title": "Tin có clip lạ",
            "slug": "clip-la",
            "date": "2026-11-30 08:00",
            "source": "Ban Biên tập",
            "event_kind": "event",
            "summary": "Clip.",
            "body": body,
            "comments": inline_formset([]),
            "contributors": inline_formset([]),
        }
    )
    response = editor.post(f"/admin/pages/add/portal/newspage/{index_id}/", data, HTTP_HOST=host(tenant))
    assert response.status_code == 200  # the form again, with the message
    # The editor's stream field shows its errors from JSON (non-ASCII escaped) in the form's data.
    shown = html.unescape(response.content.decode())
    assert json.dumps("Chỉ nhúng được video từ YouTube hoặc Vimeo: địa chỉ này không nhận.") in shown
    with tenant_context(tenant):
        assert not NewsPage.objects.filter(slug="clip-la").exists()


def test_an_uploaded_video_without_an_address_is_translated(news_site):
    """wagtail-localize reads the empty embed address of an uploaded video (it crashed on ``None.url``);
    an embedded video keeps its address in the translation."""
    from .localization_helpers import translate

    tenant, index_id = news_site
    youtube = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
    with tenant_context(tenant):
        clip = get_document_model().objects.create(
            title="Phóng sự", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", "ps.mp4")
        )
        publish_news(index_id, "video-dich", video(file=clip))
        publish_news(index_id, "video-nhung-dich", video(embed=youtube))
        pages = [NewsPage.objects.get(slug=slug).pk for slug in ("video-dich", "video-nhung-dich")]
    english = [translate(tenant, pk, {"Phóng sự chuyển đổi số": "Digital transformation report"}).pk for pk in pages]
    with tenant_context(tenant):
        (uploaded,), (embedded,) = (NewsPage.objects.get(pk=pk).body for pk in english)
    assert (uploaded.value["title"], uploaded.value["file"], uploaded.value["embed"]) == (
        "Digital transformation report",
        clip,
        None,
    )
    assert (embedded.value["title"], embedded.value["embed"].url) == ("Digital transformation report", youtube)
