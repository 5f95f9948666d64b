"""Settings of the Cổng TTĐT platform, every deployment-specific value read from the environment.

Shared apps live in the ``public`` schema (tenant registry, province-wide search aggregate, glossary);
tenant apps (Wagtail, auth, sessions, content) get one PostgreSQL schema per site.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url

from hardening.policy import public_directives

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")

# Hostnames: tenants are looked up by the Host header, so '*' is not a hole here — an unknown host
# gets the platform's 404 page. Production deployments should list their domains anyway.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ".localhost,localhost,127.0.0.1,testserver")
PLATFORM_HOST = env("PLATFORM_HOST", "localhost")  # province-IT console (public schema)
TENANT_BASE_DOMAIN = env("TENANT_BASE_DOMAIN", "localhost")  # gov.vn in production
# Site URLs (core.siteurl): every absolute URL of a site is built from its primary domain and
# TENANT_SITE_PORT (also the port of its Wagtail Site) — https on 443, http otherwise, and no port in
# the URL on 80/443. PORTAL_PORT is only the port of the platform host's console links.
TENANT_SITE_PORT = int(env("TENANT_SITE_PORT", "80"))  # 8000 in the demo, 443 in production
PORTAL_PORT = env("PORTAL_PORT", str(TENANT_SITE_PORT))

# Reverse proxies whose X-Forwarded-For is believed (core.client): addresses or CIDR networks,
# comma-separated; the same value is uvicorn's --forwarded-allow-ips (deploy/entrypoint.sh). "*" is
# refused: it would let any client choose its own address and get around every rate limit.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
if "*" in TRUSTED_PROXIES:
    raise RuntimeError("TRUSTED_PROXIES must list the proxies' addresses or networks, not '*'")

SHARED_APPS = [
    "django_tenants",
    "core",
    "tenants",
    "search",
    "localization",
    "workdays",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Login protection (lockout, second factor): their tables in the public schema (console accounts)
    # and, through TENANT_APPS, in every site's schema (each site's own accounts).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes of console accounts (public schema only)
    "logins",
    "pagecache",  # no models: the page cache of anonymous GETs (docs/adr/0010-page-cache.md)
    "console",
    "csp",
    "hardening",  # security headers, security.txt, body-size limit, deploy checks
    "restructuring",  # merges of sites: its job rows live in the public schema
    "compliance",  # compliance monitor: its daily snapshots live in the public schema
    "royalties",  # royalty scales of the province and each site's choice (public schema)
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
    "sites",
    "participation",
    "intake",  # "Gửi tin, bài": submissions to the board, their private files
    "contributors",  # who made a page (author, photographer…): the byline, DC.creator/DC.contributor
    "search.outbox",
    "royalties.grading",  # nhuận bút: the board head's grades of the site's pages
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

# The demo province (``manage.py load_demo``, ``demo_summary``, ``demo_pages``) only where the demo runs:
# DEMO=1 is set by bin/demo and the browser tests' demo server; production never installs it.
DEMO = env_bool("DEMO", False)
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS] + (["demo"] if DEMO else [])

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"

MIDDLEWARE = [
    "core.requestlog.RequestLogMiddleware",  # request id + one log line per request
    "health.middleware.HealthCheckMiddleware",  # /healthz, /readyz on every host, before routing
    "tenants.connections.DatabaseBusyMiddleware",  # before routing: no free connection → 503, never 500
    "tenants.middleware.TenantRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hardening.middleware.PathPolicyCSPMiddleware",  # CSP: nonces on public pages, admin policy under /admin/
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.CacheHitMiddleware",  # a cached page answered here, past PAGE_CACHE_HIT_MIDDLEWARE only
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "logins.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.TenantRedirectMiddleware",  # Wagtail's, on tenant sites only
    "participation.middleware.VisitorCounterMiddleware",
    "pagecache.middleware.PageCacheMiddleware",  # inside the counter: a page from the cache is counted too
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the bilingual 429 page
]

# Readiness checks of /readyz (health/): dotted paths of functions that raise on failure.
HEALTH_CHECKS = [
    "health.checks.database",
    "health.checks.redis",
    "search.health.search_backend",
    "health.checks.migrations",
]
HEALTH_MIGRATIONS_CACHE_SECONDS = int(env("HEALTH_MIGRATIONS_CACHE_SECONDS", "30"))

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

DATABASE_URL = env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt")
# Connections (docs/adr/0003-database-connection-pool.md): every process draws from its own pool of
# at most DB_POOL_SIZE connections (psycopg's pool, Django's OPTIONS["pool"]), whatever the number of
# request threads; a request waits up to DB_POOL_TIMEOUT seconds for one, then gets 503 + Retry-After
# (tenants.connections.DatabaseBusyMiddleware). Sizing: processes × DB_POOL_SIZE ≤ the server's
# max_connections minus headroom. DB_POOL_SIZE=0 turns the pool off (one connection per request
# thread, kept DB_CONN_MAX_AGE seconds — unbounded under ASGI: for WSGI or one-off commands only).
DB_POOL_SIZE = int(env("DB_POOL_SIZE", "4"))
DB_POOL_MIN_SIZE = min(int(env("DB_POOL_MIN_SIZE", "1")), DB_POOL_SIZE)
DB_POOL_TIMEOUT = float(env("DB_POOL_TIMEOUT", "3"))
DB_BUSY_RETRY_AFTER = int(env("DB_BUSY_RETRY_AFTER", "5"))  # seconds, in the 503's Retry-After
# Requests the page cache may answer take a connection only on a miss (tenants.connections).
DB_CONNECTION_DEFERRED_FOR = "pagecache.rules.may_answer_without_database"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DB_POOL_SIZE else int(env("DB_CONN_MAX_AGE", "0")))
}
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"  # django-tenants' + cheaper schema switches
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # with the pool: a connection is checked at checkout
# JIT off: PostgreSQL's cost model JIT-compiles the province-wide search statement (~250 ms of LLVM
# work on a query that runs in ~15 ms) and short OLTP page queries never gain from it.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = env("DB_OPTIONS", "-c jit=off")
if DB_POOL_SIZE:
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": DB_POOL_MIN_SIZE,
        "max_size": DB_POOL_SIZE,
        "timeout": DB_POOL_TIMEOUT,
    }
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",  # Redis down = cache misses, not errors
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "congttdt"),
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # per schema: an account exists in one site only

# Background work of libraries runs in the schema of the request that caused it.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "max_retries": 0}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE: dict = {
    # Safety net of the search outbox: drains whatever a lost or failed task left behind.
    "search-sweep-outboxes": {
        "task": "search.tasks.sweep_outboxes",
        "schedule": float(env("SEARCH_SWEEP_SECONDS", "60")),
    },
}
# "Did you mean" vocabulary of every province, from the aggregate's titles (search.suggest).
CELERY_BEAT_SCHEDULE["search-refresh-vocabulary"] = {
    "task": "search.tasks.refresh_vocabulary",
    "schedule": float(env("SEARCH_VOCABULARY_SECONDS", "3600")),
}
# Visitor counters (D19): Redis → PostgreSQL every hour (and so at least daily).
CELERY_BEAT_SCHEDULE["participation-persist-visitor-counts"] = {
    "task": "participation.persist_visitor_counts",
    "schedule": 3600.0,
}
# Units' notices of forwarded questions that were never queued (broker down) or got lost: sent again.
CELERY_BEAT_SCHEDULE["participation-resend-unit-notices"] = {
    "task": "participation.resend_unit_notices",
    "schedule": float(env("UNIT_NOTICE_RESEND_SECONDS", "600")),
}

# Attached files whose reading was never queued or got lost (broker down): read by the sweep.
CELERY_BEAT_SCHEDULE["portal-sweep-attachment-texts"] = {
    "task": "portal.sweep_attachment_texts",
    "schedule": float(env("DOCUMENT_TEXT_SWEEP_SECONDS", "300")),
}

# Signature verdicts made under other trust roots than DOCUMENT_SIGNATURE_TRUST_ROOTS: verified again.
CELERY_BEAT_SCHEDULE["portal-recheck-signatures"] = {
    "task": "portal.recheck_signatures",
    "schedule": float(env("SIGNATURE_RECHECK_SECONDS", "86400")),
}

# The compliance monitor's nightly refresh of every site (COMPLIANCE_REFRESH_CRON, crontab
# "minute hour day month weekday" in CELERY_TIMEZONE; empty: no beat entry).
COMPLIANCE_REFRESH_CRON = env("COMPLIANCE_REFRESH_CRON", "15 2 * * *").strip()
# The weekly digest to each site's head (crontab, CELERY_TIMEZONE; default Monday 7:00; empty: none).
COMPLIANCE_DIGEST_CRON = env("COMPLIANCE_DIGEST_CRON", "0 7 * * 1").strip()
COMPLIANCE_WINDOW_DAYS = int(env("COMPLIANCE_WINDOW_DAYS", "365"))  # deadline checks look this far back
COMPLIANCE_STALE_DAYS = int(env("COMPLIANCE_STALE_DAYS", "365"))  # introduction and contacts older: stale

# The console's site register: figures kept from every schema (editors, pages, English coverage).
CELERY_BEAT_SCHEDULE["console-refresh-site-figures"] = {
    "task": "console.refresh_site_figures",
    "schedule": float(env("CONSOLE_REFRESH_SECONDS", "3600")),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(env("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection (logins/): every login form — each site's /admin/login/, the console's, the page and
# collection password forms — counts failures per account and per client address (django-axes, rows in
# the schema of the site being attacked); at AXES_FAILURE_LIMIT failures within AXES_COOLOFF_MINUTES the
# form answers 429 with a bilingual notice and the time left, until the cool-off ends or the site's head
# (Trưởng ban) or province IT unlocks it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before the password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(env("AXES_COOLOFF_MINUTES", "30")))
LOGIN_LOCKOUT_PARAMETERS = env_list("AXES_LOCKOUT_PARAMETERS", "username,ip_address")  # either one locks
AXES_LOCKOUT_PARAMETERS = "logins.lockout.lockout_parameters"  # page passwords: per page + address
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"  # the one rule: trusted proxies only
AXES_LOCKOUT_CALLABLE = "logins.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a fixed cool-off, so the notice's time left holds
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # audit trail of failed logins
AXES_ENABLE_ADMIN = False  # no django.contrib.admin: lockouts are shown in the Wagtail admin and the console
# Second factor (TOTP, django-otp): required of superusers of a site when REQUIRE_2FA_SUPERUSERS is on
# (default: on unless DEBUG), and of every account that has enrolled a device; console accounts sign in
# with password + TOTP always.
REQUIRE_2FA_SUPERUSERS = env_bool("REQUIRE_2FA_SUPERUSERS", not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Cổng TTĐT")
# Sessions (admin and console only: citizens never sign in) end after SESSION_COOKIE_AGE seconds and
# when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "logins.forms.AdminLoginForm"  # translated label and placeholder
# Project catalogues first; then the localization app's Vietnamese for the Wagtail admin (whose own
# vi catalogue is sparse) — editors work in Vietnamese by default.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "localization" / "admin_locale"]
# Pre-fill of English translations: province translation memory + glossary; an external engine only
# when one of these is set (otherwise no text ever leaves the server).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "localization.machine_translator.ProvinceMemoryTranslator",
    "OPTIONS": {
        "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL"),
        "LIBRETRANSLATE_API_KEY": env("LIBRETRANSLATE_API_KEY"),
        "DEEPL_AUTH_KEY": env("DEEPL_AUTH_KEY"),
        "TIMEOUT": int(env("MACHINE_TRANSLATION_TIMEOUT", "10")),
    },
}
TIME_ZONE = "Asia/Ho_Chi_Minh"
# A public service's page links to its procedure on the national public service portal ({code}: its code).
NATIONAL_PUBLIC_SERVICE_URL = env(
    "NATIONAL_PUBLIC_SERVICE_URL",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
)
FORMAT_MODULE_PATH = ["core.formats"]  # Vietnamese thousands grouping (Django's own lacks it)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # media/<schema>/...
STORAGES = {
    "default": {"BACKEND": env("MEDIA_STORAGE", "django_tenants.files.storage.TenantFileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# S3-compatible media (MEDIA_STORAGE=tenants.storage.TenantS3Storage): one bucket, a key prefix per schema.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment (read by boto3).
AWS_STORAGE_BUCKET_NAME = env("S3_BUCKET")
AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env("S3_REGION") or None
# The bucket is private: files leave it only through the site's checked views (tenants.file_serving,
# Wagtail's document view); any URL the storage itself signs lives S3_URL_EXPIRE_SECONDS.
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = int(env("S3_URL_EXPIRE_SECONDS", "300"))
AWS_DEFAULT_ACL = "private"

WAGTAIL_SITE_NAME = "Cổng thông tin điện tử"
# Page addresses are ASCII (the admin's slug field transliterates Vietnamese, core.text.ascii_slug on the
# server), and the admin asks no third party for avatars (Gravatar would learn every editor's e-mail).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"http://{PLATFORM_HOST}:{PORTAL_PORT}")
# Content (sites/): uploads are served through Wagtail's view so a withdrawn legal document's file is
# refused at once (D6); DOCUMENT_MAX_UPLOAD_MB caps every document upload.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "sites.forms.PortalDocumentForm"
DOCUMENT_MAX_UPLOAD_MB = int(env("DOCUMENT_MAX_UPLOAD_MB", "20"))
# Digital signatures of attached PDFs (sites.signatures): PEM/DER files of the CA roots whose signers
# are trusted (e.g. the Government's specialised CA); none: every intact signature is "signer not trusted".
DOCUMENT_SIGNATURE_TRUST_ROOTS = env_list("DOCUMENT_SIGNATURE_TRUST_ROOTS")
# Search inside attachments (sites.services.attachments): each attached PDF/DOCX/ODT is read in the
# background, up to DOCUMENT_TEXT_MAX_MB, killed after DOCUMENT_TEXT_SECONDS, keeping DOCUMENT_TEXT_MAX_CHARS.
DOCUMENT_TEXT_MAX_MB = int(env("DOCUMENT_TEXT_MAX_MB", str(DOCUMENT_MAX_UPLOAD_MB)))
DOCUMENT_TEXT_SECONDS = float(env("DOCUMENT_TEXT_SECONDS", "60"))
DOCUMENT_TEXT_MAX_CHARS = int(env("DOCUMENT_TEXT_MAX_CHARS", "500000"))
EMC_SCRIPT_URL = env("EMC_SCRIPT_URL", "")  # script of the national EMC system, loaded async when set (D27)
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "csv", "zip", "mp4", "webm", "vtt"]
# Video embeds: YouTube and Vimeo players built from the address, no oEmbed call (sites.embeds).
WAGTAILEMBEDS_FINDERS = [{"class": "sites.embeds.PrivacyEmbedFinder"}]
# No SVG: an SVG is a document that can carry script. Uploaded files are served by tenants.file_serving
# (media) and Wagtail's document view, both with nosniff, a sandboxing CSP and attachments for types
# that could execute; only PDF and plain text open in the browser.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
# File system: set MEDIA_ACCEL_REDIRECT to the front proxy's internal location of MEDIA_ROOT (nginx
# `internal;` + alias) and files leave through X-Accel-Redirect once the views have checked them.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT")
if MEDIA_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "tenants.file_serving"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Province-wide aggregate search engine: "postgres" (embedded default) or "elasticsearch".
SEARCH_BACKEND = env("SEARCH_BACKEND", "postgres")
SEARCH_ELASTICSEARCH_URL = env("SEARCH_ELASTICSEARCH_URL", "http://127.0.0.1:9200")
SEARCH_INDEX_NAME = env("SEARCH_INDEX_NAME", "congttdt")
if SEARCH_BACKEND == "elasticsearch":
    # Only the public aggregate (search.Entry) lives in Elasticsearch/OpenSearch, written by the outbox
    # drain (AUTO_UPDATE off: tenant pages never go there). Vietnamese folding: lowercase + asciifolding
    # (đ→d, ơ→o …); with the analysis-icu plugin set SEARCH_ELASTICSEARCH_ICU=1 for icu_folding.
    _folding = ["lowercase", "icu_folding"] if env_bool("SEARCH_ELASTICSEARCH_ICU") else ["lowercase", "asciifolding"]
    WAGTAILSEARCH_BACKENDS["aggregate"] = {
        "BACKEND": env("SEARCH_ELASTICSEARCH_BACKEND", "wagtail.search.backends.elasticsearch9"),
        "URLS": env_list("SEARCH_ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
        "INDEX_PREFIX": f"{SEARCH_INDEX_NAME}_",
        "AUTO_UPDATE": False,
        "TIMEOUT": 5,
        "INDEX_SETTINGS": {
            "settings": {
                "analysis": {
                    "analyzer": {
                        "default": {"type": "custom", "tokenizer": "standard", "filter": _folding},
                        "default_search": {"type": "custom", "tokenizer": "standard", "filter": _folding},
                        "edgengram_analyzer": {
                            "type": "custom",
                            "tokenizer": "standard",
                            "filter": [*_folding, "edgengram"],
                        },
                    }
                }
            }
        },
    }
SEARCH_CACHE_SECONDS = int(env("SEARCH_CACHE_SECONDS", "300"))
# Page cache of anonymous GETs (pagecache/, docs/adr/0010-page-cache.md); FRONTEND_CACHE_PURGE_URL: a CDN or
# reverse proxy that accepts HTTP PURGE (Wagtail's frontend_cache), which may then keep pages
# PAGE_CACHE_CDN_SECONDS (s-maxage; 0 = revalidate with the ETag every time).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# The middleware a page from the cache still passes (pagecache.middleware.CacheHitMiddleware), in
# MIDDLEWARE's order: the language of the key, the frame options and the visitor counter.
PAGE_CACHE_HIT_MIDDLEWARE = [
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "participation.middleware.VisitorCounterMiddleware",
]
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL")
PAGE_CACHE_CDN_SECONDS = int(env("PAGE_CACHE_CDN_SECONDS", "300" if FRONTEND_CACHE_PURGE_URL else "0"))
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_PURGE_URL}
    }

CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# SAMEORIGIN, not DENY: Wagtail's admin shows the page being edited in a frame of the same origin
# (preview); the CSP's frame-ancestors 'self' says the same. The one deploy check this silences.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# HTTP security headers (hardening/, deploy/SECURITY.md). HTTPS: on by default in production — HSTS for
# a year with subdomains (every site is a subdomain of the province's domain) and http → https; the
# scheme comes from uvicorn, which believes X-Forwarded-Proto of TRUSTED_PROXIES only. /healthz and
# /readyz answer before the redirect (probes speak plain http).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): hardening.policy — no 'unsafe-inline' on public pages (static
# files and per-request nonces); the Wagtail admin under /admin/ gets its admin-compatible policy.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_directives(WAGTAILADMIN_BASE_URL)}
# Permissions-Policy (django-permissions-policy): no page uses these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
} | {"fullscreen": ["self"]}
# /.well-known/security.txt on every host (RFC 9116): where to report a vulnerability.
SECURITY_CONTACTS = env_list("SECURITY_CONTACTS", f"mailto:security@{TENANT_BASE_DOMAIN}")
SECURITY_TXT_EXPIRES = env("SECURITY_TXT_EXPIRES")  # ISO date; empty = SECURITY_TXT_DAYS ahead
SECURITY_TXT_DAYS = int(env("SECURITY_TXT_DAYS", "180"))
SECURITY_POLICY_URL = env("SECURITY_POLICY_URL")
# Request bodies: refused with 413 on Content-Length before a byte is read (hardening.body_limit, in
# config/asgi.py) above REQUEST_MAX_BYTES (citizen forms, API, console) or, under /admin/,
# ADMIN_REQUEST_MAX_BYTES (document and image uploads). Django's own limits behind it.
REQUEST_MAX_BYTES = int(env("REQUEST_MAX_BYTES", str(3 * 1024 * 1024)))
ADMIN_REQUEST_MAX_BYTES = int(env("ADMIN_REQUEST_MAX_BYTES", str((DOCUMENT_MAX_UPLOAD_MB + 2) * 1024 * 1024)))
# The intake form ("Gửi tin, bài", intake/): up to INTAKE_MAX_FILES files of INTAKE_MAX_UPLOAD_MB each (PDF,
# DOCX, ODT, JPG, PNG), kept on a private directory per site under INTAKE_PRIVATE_ROOT, outside MEDIA_ROOT
# (never served publicly; the board downloads them through a permission-checked admin view).
INTAKE_MAX_UPLOAD_MB = int(env("INTAKE_MAX_UPLOAD_MB", "10"))
INTAKE_MAX_FILES = int(env("INTAKE_MAX_FILES", "3"))
INTAKE_PRIVATE_ROOT = Path(env("INTAKE_PRIVATE_ROOT", str(BASE_DIR / "private")))
# "filesystem" (INTAKE_PRIVATE_ROOT) or "s3": the media bucket under the prefix intake-private/<schema>/,
# outside every site's media prefix (so /media/ can never name it).
_s3_media = STORAGES["default"]["BACKEND"].endswith("TenantS3Storage")
INTAKE_STORAGE = env("INTAKE_STORAGE", "s3" if _s3_media else "filesystem")
# Public paths whose body may be larger than REQUEST_MAX_BYTES (path prefix, also under /en/ → bytes).
REQUEST_MAX_BYTES_PATHS = {"/gui-tin-bai/": (INTAKE_MAX_UPLOAD_MB * INTAKE_MAX_FILES + 1) * 1024 * 1024}
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024))))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env("FILE_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024))))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(env("DATA_UPLOAD_MAX_NUMBER_FIELDS", "2000"))

# E-mail (password resets, workflow notices): EMAIL_URL (smtp://user:pass@host:587/?tls=True,
# smtp+ssl://…, console://) or EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS;
# with neither, the console backend when DEBUG or DEMO (mail printed to the log), else SMTP on localhost.
EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    globals().update(dj_email_url.parse(EMAIL_URL))
elif env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
elif DEBUG or DEMO:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"Cổng TTĐT <no-reply@{TENANT_BASE_DOMAIN}>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Logs: one line per request (core.requestlog) with tenant schema, host, request id, user id, status and
# duration; LOG_FORMAT=json (default off DEBUG) writes each record as one JSON object (python-json-logger).
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "congttdt.request": {"level": env("REQUEST_LOG_LEVEL", "INFO"), "propagate": True},
        # pyHanko warns (with tracebacks) for every signer outside the trust roots and every change after
        # signing: the file's signature state says it (sites.signatures).
        "pyhanko": {"level": "ERROR"},
    },
}
# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set; nothing is sent otherwise.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,  # citizens' data never leaves the server
    )

# Which tenant kinds may sit under which: data, so a province without districts (2025 reform) or
# communes directly under the province need no code change.
# Per-site archives written before a delete (tenants.services.retirement): schema dump, media, manifest.
TENANT_EXPORT_ROOT = Path(env("TENANT_EXPORT_ROOT", str(BASE_DIR / "exports")))
TENANT_EXPORT_MAX_AGE_HOURS = int(env("TENANT_EXPORT_MAX_AGE_HOURS", "24"))  # a delete needs an export this recent
# Scheduled backups (D31, tenants/services/backups.py): TENANT_BACKUP_ROOT/<path>/<timestamp>/, the
# TENANT_BACKUP_KEEP newest per site kept; Celery beat runs them at TENANT_BACKUP_CRON (crontab
# "minute hour day month weekday", CELERY_TIMEZONE; empty: no beat entry, e.g. when the chart's CronJob does it).
TENANT_BACKUP_ROOT = Path(env("TENANT_BACKUP_ROOT", str(BASE_DIR / "backups")))
TENANT_BACKUP_KEEP = int(env("TENANT_BACKUP_KEEP", "7"))
TENANT_BACKUP_CRON = env("TENANT_BACKUP_CRON", "30 1 * * *").strip()
# Backups kept in an S3-compatible bucket instead of TENANT_BACKUP_ROOT when TENANT_BACKUP_S3_BUCKET is set:
# keys <TENANT_BACKUP_S3_PREFIX>/<path>/<timestamp>/…, retention applied there. Endpoint and region default
# to the media's; keys of their own (TENANT_BACKUP_AWS_*) or, when empty, boto3's chain (AWS_ACCESS_KEY_ID …).
TENANT_BACKUP_S3_BUCKET = env("TENANT_BACKUP_S3_BUCKET")
TENANT_BACKUP_S3_PREFIX = env("TENANT_BACKUP_S3_PREFIX", "backups").strip("/")
TENANT_BACKUP_S3_ENDPOINT_URL = env("TENANT_BACKUP_S3_ENDPOINT_URL") or AWS_S3_ENDPOINT_URL
TENANT_BACKUP_S3_REGION = env("TENANT_BACKUP_S3_REGION") or AWS_S3_REGION_NAME
TENANT_BACKUP_AWS_ACCESS_KEY_ID = env("TENANT_BACKUP_AWS_ACCESS_KEY_ID") or None
TENANT_BACKUP_AWS_SECRET_ACCESS_KEY = env("TENANT_BACKUP_AWS_SECRET_ACCESS_KEY") or None
from celery.schedules import crontab  # noqa: E402  (beat entries from the crontab settings above)

if COMPLIANCE_DIGEST_CRON:
    _minute, _hour, _day, _month, _weekday = COMPLIANCE_DIGEST_CRON.split()
    CELERY_BEAT_SCHEDULE["compliance-weekly-digest"] = {
        "task": "compliance.send_digests",
        "schedule": crontab(minute=_minute, hour=_hour, day_of_month=_day, month_of_year=_month, day_of_week=_weekday),
    }
if COMPLIANCE_REFRESH_CRON:
    _minute, _hour, _day, _month, _weekday = COMPLIANCE_REFRESH_CRON.split()
    CELERY_BEAT_SCHEDULE["compliance-refresh-all"] = {
        "task": "compliance.refresh_all",
        "schedule": crontab(minute=_minute, hour=_hour, day_of_month=_day, month_of_year=_month, day_of_week=_weekday),
    }
if TENANT_BACKUP_CRON:
    _minute, _hour, _day, _month, _weekday = TENANT_BACKUP_CRON.split()
    CELERY_BEAT_SCHEDULE["tenants-backup-all"] = {
        "task": "tenants.backup_all",
        "schedule": crontab(minute=_minute, hour=_hour, day_of_month=_day, month_of_year=_month, day_of_week=_weekday),
    }

# What a suspended site's 503 page says about why (a dotted path to ``f(tenant) -> str``): the console
# keeps the reason given when the site was suspended; tenants/ reads it without importing the console.
TENANT_SUSPENSION_REASON = "console.services.notes.suspension_reason"

TENANT_ALLOWED_PARENTS = {
    "province": [],
    "district": ["province"],
    "commune": ["district", "province"],
    "agency": ["province", "district"],
}
