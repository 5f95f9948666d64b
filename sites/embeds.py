"""Video embeds without a call to a third party (issue 16 item 2, privacy): the embed finder knows the
two providers the portals use, YouTube (through its no-cookie domain) and Vimeo (``dnt=1``), and builds
their player from the video's address alone — no oEmbed request leaves the portal's servers, and an
address of any other provider is refused in the editor. The page shows the player only after the
visitor asks for it (``templates/wagtailembeds/embed_frontend.html``). The players' origins are the only third-party
frames the Content-Security-Policy allows (``hardening.policy.VIDEO_PLAYER_ORIGINS``)."""

from __future__ import annotations

import re
from html import escape

from wagtail.embeds.finders.base import EmbedFinder

YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&#].*)?$"
)
VIMEO = re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(?P<id>\d{6,12})(?:[/?#].*)?$")

PROVIDERS = (
    ("YouTube", YOUTUBE, "https://www.youtube-nocookie.com/embed/{id}"),
    ("Vimeo", VIMEO, "https://player.vimeo.com/video/{id}?dnt=1"),
)
WIDTH, HEIGHT = 640, 360


def player_of(url: str) -> tuple[str, str] | None:
    """(provider name, player address) of a video address of a known provider, else ``None``."""
    for name, pattern, player in PROVIDERS:
        match = pattern.match(url.strip())
        if match:
            return name, player.format(id=match.group("id"))
    return None


class PrivacyEmbedFinder(EmbedFinder):
    """Wagtail's embed finder for YouTube and Vimeo addresses, offline."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url: str) -> bool:
        return player_of(url) is not None

    def find_embed(self, url: str, max_width=None, max_height=None) -> dict:
        provider, player = player_of(url)
        frame = (
            f'<iframe src="{escape(player)}" width="{WIDTH}" height="{HEIGHT}" title="{escape(provider)}" '
            'allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin" '
            'loading="lazy"></iframe>'
        )
        return {
            "title": "",
            "author_name": "",
            "provider_name": provider,
            "type": "video",
            "thumbnail_url": None,  # a provider's thumbnail would be a request to it before any click
            "width": WIDTH,
            "height": HEIGHT,
            "html": frame,
        }
