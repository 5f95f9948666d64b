"""Serving uploaded files of a site: only on that site's own hosts, only what is public, never as
something a browser could run in the site's origin.

* ``/media/<schema>/images/…`` (image renditions) answer on the site whose schema it is, to anyone;
  ``original_images/`` to the site's board only; every other folder — ``documents/`` above all —
  never: documents go through Wagtail's checked view (``/documents/<id>/<name>``), where collection
  privacy and the withdrawal of a legal document are enforced.
* Every file response carries ``X-Content-Type-Options: nosniff`` and a sandboxing
  ``Content-Security-Policy``; a type that could execute (SVG, HTML, XML …) is an attachment.
* The bytes come from the site's storage (``MEDIA_ROOT/<schema>/`` or the private bucket's prefix),
  streamed by the view, or handed to the front proxy with ``X-Accel-Redirect`` when
  ``MEDIA_ACCEL_REDIRECT`` names its internal location (also Wagtail's ``SENDFILE_BACKEND``).
"""

from __future__ import annotations

import mimetypes
import os
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

FILE_POLICY = "default-src 'none'; sandbox"
PUBLIC_FOLDERS = {"images"}  # Wagtail's renditions
BOARD_FOLDERS = {"original_images"}  # uploads as sent, before any rendition
# Shown in the page (inline) only when the browser can never run them; everything else downloads.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "application/pdf", "text/plain"}


def protect(response: HttpResponse, content_type: str | None = None) -> HttpResponse:
    """Headers that keep a served file from running as a page of the site (one home for the rule)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    content_type = (content_type or response.get("Content-Type", "")).split(";")[0].strip().lower()
    disposition = response.get("Content-Disposition", "")
    if content_type not in INLINE_TYPES and not disposition.startswith("attachment"):
        rest = disposition.partition(";")[2].strip()  # the filename parameters, if any
        response["Content-Disposition"] = f"attachment; {rest}" if rest else "attachment"
    return response


def protected_view(view):
    """Wrap a view that returns a file (Wagtail's document view) so its file responses are protected;
    its HTML answers (the password form, the withdrawal notice) are left as they are."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, FileResponse) or response.has_header("X-Accel-Redirect"):
            protect(response)
        return response

    return wrapped


def _name_in_site(path: str) -> tuple[str, str]:
    """``<schema>/<folder>/<rest>`` of the current site → (folder, storage name); anything else 404."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != connection.schema_name or connection.schema_name == "public":
        raise Http404
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts[1:]):
        raise Http404
    return parts[1], "/".join(parts[1:])


def _may_see(request, folder: str) -> bool:
    if folder in PUBLIC_FOLDERS:
        return True
    if folder in BOARD_FOLDERS:
        return request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin")
    return False


@require_safe
def serve_media(request, path: str) -> HttpResponse:
    """``/media/<path>`` of a tenant site (see the module docstring)."""
    folder, name = _name_in_site(path)
    if not _may_see(request, folder):
        raise Http404
    try:
        if not default_storage.exists(name):
            raise Http404
        local_path = _local_path(name)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = accel_location(local_path) if local_path else None
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        if local_path:
            response["Last-Modified"] = http_date(os.stat(local_path).st_mtime)
    response["Cache-Control"] = "public, max-age=86400" if folder in PUBLIC_FOLDERS else "private, no-store"
    return protect(response, content_type)


def _local_path(name: str) -> str | None:
    try:
        return default_storage.path(name)
    except NotImplementedError:
        return None


def accel_location(local_path: str) -> str | None:
    """The proxy's internal URL of a file under MEDIA_ROOT, when ``MEDIA_ACCEL_REDIRECT`` is set."""
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if not prefix:
        return None
    relative = os.path.relpath(local_path, settings.MEDIA_ROOT)
    if relative.startswith(".."):
        return None
    return prefix.rstrip("/") + "/" + quote(relative.replace(os.sep, "/"))


def sendfile(request, filename, **kwargs) -> HttpResponse:
    """Wagtail ``SENDFILE_BACKEND``: the checked document view hands the file to the front proxy."""
    response = HttpResponse()
    location = accel_location(filename)
    if location is None:
        raise Http404
    response["X-Accel-Redirect"] = location
    return response
