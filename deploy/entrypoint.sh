#!/bin/sh
# Process roles of the container image:
#   web      uvicorn serving the ASGI app (PORT, WEB_CONCURRENCY workers, each with its own pool of at
#            most DB_POOL_SIZE database connections: WEB_CONCURRENCY × DB_POOL_SIZE per container,
#            see the sizing rule in deploy/README.md)
#   worker   Celery worker (CELERY_CONCURRENCY); tasks run in the schema they were queued from
#   beat     Celery beat — exactly one replica
#   migrate  shared schema, platform host + clone template, then only the tenant schemas that are behind
#   manage   any manage.py command, e.g. `manage tenants list`
set -eu
role=${1:-web}
[ "$#" -gt 0 ] && shift
case "$role" in
  web)
    exec uvicorn config.asgi:application --host 0.0.0.0 --port "${PORT:-8000}" \
      --workers "${WEB_CONCURRENCY:-2}" --lifespan off --no-server-header \
      --proxy-headers --forwarded-allow-ips "${TRUSTED_PROXIES:-127.0.0.1,::1}" "$@" ;;
  worker)
    exec celery -A config worker --loglevel "${LOG_LEVEL:-info}" --concurrency "${CELERY_CONCURRENCY:-2}" "$@" ;;
  beat)
    exec celery -A config beat --loglevel "${LOG_LEVEL:-info}" --schedule /tmp/celerybeat-schedule "$@" ;;
  migrate)
    python manage.py migrate_schemas --shared --noinput -v 1
    python manage.py tenants init
    exec python manage.py migrate_tenants --no-progress "$@" ;;
  manage)
    exec python manage.py "$@" ;;
  *)
    echo "unknown role: $role (web, worker, beat, migrate, manage)" >&2
    exit 64 ;;
esac
