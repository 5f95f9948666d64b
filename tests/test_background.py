"""Background work, caches and media files stay in the tenant that caused them.

(a) a Celery task queued in a tenant runs in that tenant's schema (a real worker process);
(b) Wagtail's reference index (django-tasks) and wagtail-localize's jobs run in the request's schema;
(c) cache keys, including Wagtail's fixed site-root-paths key, are per tenant;
(d) uploaded media land under MEDIA_ROOT/<schema>/ and their URLs say so.
(Loading the demo twice changes nothing: tests/test_demo.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from tests.background_tasks import record_schema

ROOT = Path(__file__).resolve().parent.parent


# --- (a) Celery ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def celery_worker(committed_tenants):
    """A real `celery -A config worker` on the test database and Redis, on a queue of its own."""
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        REDIS_URL=settings.REDIS_URL,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CACHE_KEY_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--include",
            "tests.background_tasks",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "warning",
            "--hostname",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    worker.terminate()
    output, _ = worker.communicate(timeout=30)
    print(output)


@pytest.fixture(scope="module")
def queue_sites(committed_tenants):
    """Committed: the worker reads them through its own connection."""
    return committed_tenants("celerya", name="Tỉnh Hàng Đợi A"), committed_tenants("celeryb", name="Tỉnh Hàng Đợi B")


def test_a_celery_task_runs_in_the_schema_it_was_queued_from(celery_worker, queue_sites, db):
    a, b = queue_sites
    key = f"test:celery:{uuid.uuid4().hex}"
    # redis-py's default socket timeout (5 s) would cut the 90 s BLPOP short while the worker starts
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=120)
    try:
        # A task for a schema the worker cannot switch to is refused, not run in `public`.
        record_schema.apply_async(args=[key], queue=celery_worker, headers={"_schema_name": "khongton"})
        for tenant in (a, b, a):
            with tenant_context(tenant):
                record_schema.apply_async(args=[key], queue=celery_worker)
        with schema_context("public"):
            record_schema.apply_async(args=[key], queue=celery_worker)
        received = []
        for _ in range(4):
            item = client.blpop([key], timeout=90)
            assert item is not None, "the Celery worker did not run the task within 90 s"
            received.append(json.loads(item[1]))
    finally:
        client.delete(key)
    assert received == [
        [a.schema_name, [a.primary_hostname]],
        [b.schema_name, [b.primary_hostname]],
        [a.schema_name, [a.primary_hostname]],
        ["public", []],
    ]


def test_an_eagerly_applied_task_runs_in_the_current_schema(make_tenant):
    tenant = make_tenant("eager")
    key = f"test:eager:{uuid.uuid4().hex}"
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        with tenant_context(tenant):
            record_schema.apply(args=[key]).get()
        assert json.loads(client.lpop(key)) == [tenant.schema_name, [tenant.primary_hostname]]
    finally:
        client.delete(key)


# --- (b) library background work in the request's schema --------------------------------------


@pytest.fixture
def two_sites(make_tenant):
    a = make_tenant("nena", admin_username="quantri", admin_password="Mk-2026-nen!")
    b = make_tenant("nenb", admin_username="quantri", admin_password="Mk-2026-nen!")
    return a, b


def _admin_client(client, tenant):
    from django.contrib.auth import get_user_model

    with tenant_context(tenant):
        client.force_login(get_user_model().objects.get(username="quantri"))
    return client


def _child_page(tenant, title: str):
    from wagtail.models import Site

    from sites.models import HomePage

    with tenant_context(tenant):
        home = Site.objects.get().root_page.specific
        child = home.add_child(instance=HomePage(title=title, slug="tin-tuc", locale=home.locale))
        child.save_revision().publish()
        return home.pk, child.pk


def _reference_rows(tenant) -> set[tuple]:
    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute("SELECT object_id, to_object_id, model_path FROM wagtailcore_referenceindex")
        return set(cursor.fetchall())


def test_editing_a_page_updates_the_reference_index_of_its_own_schema_only(client, two_sites):
    from wagtail.test.utils.form_data import querydict_from_html, rich_text

    a, b = two_sites
    home_a, child_a = _child_page(a, "Tin tức A")
    _child_page(b, "Tin tức B")
    before_b = _reference_rows(b)
    assert not any(row[1] == str(child_a) for row in _reference_rows(a))

    _admin_client(client, a)
    edit_url = f"/admin/pages/{home_a}/edit/"
    form = querydict_from_html(
        client.get(edit_url, HTTP_HOST=a.primary_hostname).content.decode(), form_id="page-edit-form"
    )
    form["intro"] = rich_text(f'<p>Xem <a linktype="page" id="{child_a}">tin tức</a></p>')
    form["body-count"] = "0"  # the home's blocks (a StreamField the admin's script would post), emptied
    form["action-publish"] = "publish"
    response = client.post(edit_url, form, HTTP_HOST=a.primary_hostname)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert (str(home_a), str(child_a), "intro.") in _reference_rows(a)
    assert _reference_rows(b) == before_b


def test_a_localize_job_started_by_a_request_runs_in_that_schema(client, two_sites):
    from wagtail.models import Locale, Page

    a, b = two_sites
    home_a, child_a = _child_page(a, "Tin tức A")
    _child_page(b, "Tin tức B")
    with tenant_context(a):
        english = Locale.objects.get(language_code="en").pk

    _admin_client(client, a)
    response = client.post(
        f"/admin/localize/submit/page/{home_a}/",
        {"locales": [english], "include_subtree": "on"},
        HTTP_HOST=a.primary_hostname,
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # translate_page_subtree ran as a wagtail-localize job: the child has an English copy in A…
    with tenant_context(a):
        assert Page.objects.get(pk=child_a).get_translations().filter(locale__language_code="en").exists()
    # …and B has no English page at all.
    with tenant_context(b):
        assert not Page.objects.filter(locale__language_code="en").exists()


# --- (c) caches --------------------------------------------------------------------------------


def test_cache_keys_are_per_tenant_including_wagtails_site_root_paths(two_sites):
    from wagtail.models import Site

    a, b = two_sites
    for tenant, value in ((a, "giá trị A"), (b, "giá trị B")):
        with tenant_context(tenant):
            cache.set("test:same-key", value)
    with tenant_context(a):
        assert cache.get("test:same-key") == "giá trị A"
        roots_a = Site.get_site_root_paths()  # fills Wagtail's cache entry (a fixed key)
    with tenant_context(b):
        assert cache.get("test:same-key") == "giá trị B"
        roots_b = Site.get_site_root_paths()
        assert [urlsplit(root.root_url).hostname for root in roots_b] == [b.primary_hostname]
        assert Site.get_site_root_paths() == roots_b  # from the cache, still B's
    assert [urlsplit(root.root_url).hostname for root in roots_a] == [a.primary_hostname]
    for tenant in (a, b):
        with tenant_context(tenant):
            cache.delete("test:same-key")
            cache.delete("wagtail_site_root_paths")


# --- (d) media ---------------------------------------------------------------------------------


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_uploaded_images_and_documents_land_under_the_tenants_media_folder(client, two_sites, settings, tmp_path):
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # also makes django-tenants forget the old MEDIA_ROOT
    a, b = two_sites
    _admin_client(client, a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Quyết định số 1",
            "collection": 1,
            "file": SimpleUploadedFile("quyet-dinh-1.pdf", b"%PDF-1.4 demo", content_type="application/pdf"),
        },
        HTTP_HOST=a.primary_hostname,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh trụ sở",
            "collection": 1,
            "file": SimpleUploadedFile("tru-so.png", _png(), content_type="image/png"),
        },
        HTTP_HOST=a.primary_hostname,
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    with tenant_context(a):
        document, image = Document.objects.get(), Image.objects.get()
        for item in (document, image):
            path = Path(item.file.path)
            assert path.is_file()
            assert path.relative_to(tmp_path).parts[0] == a.schema_name
            assert item.file.url.startswith(f"/media/{a.schema_name}/")
    with tenant_context(b):
        assert not Document.objects.exists() and not Image.objects.exists()
    assert not (tmp_path / b.schema_name).exists()


def test_s3_media_keys_are_prefixed_with_the_schema(two_sites):
    from tenants.storage import TenantS3Storage

    a, b = two_sites
    storage = TenantS3Storage(
        bucket_name="congttdt-media", custom_domain="media.phutho.gov.vn", querystring_auth=False, location="sites"
    )
    for tenant in (a, b):
        with tenant_context(tenant):
            # Pages link to the site's own checked media view, never to the (private) bucket.
            assert storage.url("original_images/tru-so.png") == (
                f"/media/{tenant.schema_name}/original_images/tru-so.png"
            )
            assert storage._normalize_name("documents/qd-1.pdf") == f"sites/{tenant.schema_name}/documents/qd-1.pdf"
