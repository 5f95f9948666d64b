"""The Content-Security-Policy of each kind of page, as plain data for django-csp.

Public pages (portal, console, citizen forms) run no inline script or style: scripts and styles come
from the site's own static files or carry the request's nonce (the EMC badge). Wagtail's admin still
uses inline scripts and styles, so paths under ``ADMIN_PATH_PREFIXES`` get a policy that allows them
(and no nonce, which would make browsers ignore ``'unsafe-inline'``) but keeps every other limit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

ADMIN_PATH_PREFIXES = ("/admin/",)
# The only third-party frames: the video players of sites.embeds (YouTube without cookies, Vimeo).
VIDEO_PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_COMMON = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", "https:"],  # renditions, EMC badge image, embeds' thumbnails
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "frame-src": [SELF, *VIDEO_PLAYER_ORIGINS],  # video players, loaded after the visitor's click
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

PUBLIC_DIRECTIVES = {**_COMMON, "script-src": [SELF, NONCE], "style-src": [SELF, NONCE]}


def public_directives(admin_base_url: str = "") -> dict[str, list[str]]:
    """The public policy; Wagtail's user bar (shown to signed-in editors on the site's pages) loads its
    script and style from ``WAGTAILADMIN_BASE_URL``, so that one origin of ours is allowed too."""
    parts = urlsplit(admin_base_url)
    if not (parts.scheme and parts.netloc):
        return PUBLIC_DIRECTIVES
    origin = f"{parts.scheme}://{parts.netloc}"
    return {
        **PUBLIC_DIRECTIVES,
        "script-src": [*PUBLIC_DIRECTIVES["script-src"], origin],
        "style-src": [*PUBLIC_DIRECTIVES["style-src"], origin],
    }


ADMIN_DIRECTIVES = {
    **_COMMON,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "worker-src": [SELF, "blob:"],
}


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PATH_PREFIXES)
