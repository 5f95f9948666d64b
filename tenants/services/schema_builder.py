"""Building tenant schemas: by cloning a prepared template schema (default) or by migrating.

The template schema (``TENANT_TEMPLATE_SCHEMA``) is migrated the ordinary way and prepared by the
``prepare_tenant_schema`` hook (locales, groups, workflow…). Its DDL is taken with ``pg_dump`` —
which reproduces every table, column, constraint, index and sequence under its *exact* name, so a
clone is identical to a migrated schema and later migrations that look constraints up by name work
on both — and replayed into the new schema together with the template's rows, all inside the
caller's transaction.

One exception to pg_dump's fidelity: PostgreSQL does not deparse some expressions into text that
parses back to the same tree (a partial index ``WHERE status IN (…)`` on a varchar column comes
back with the casts moved). Conditional and expression constraints/indexes declared on the models
are therefore created with Django's own SQL, exactly as the migration created them;
``tests/test_schema_clone.py`` proves the result identical to a migrated schema.

Spare copies (``prepare_spares``, ``manage.py tenants prepare-spares N``) are clones made ahead of time:
provisioning then renames one instead of replaying the DDL. A spare carries the template's migration
fingerprint in its schema comment and is used only while the template has not changed. The test suite
keeps a few per test database; a test's transaction rolls the rename back, so they serve every test.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import subprocess
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.backends.ddl_references import Table
from django_tenants.utils import quote_schema_name, schema_context, schema_exists

from ..signals import prepare_tenant_schema
from . import migration_status, schema_catalog
from .errors import TenantError

DEFAULT_METHOD = "clone"
TEMPLATE_SCHEMA = getattr(settings, "TENANT_TEMPLATE_SCHEMA", "tenant_template")
_SNAPSHOT_LOCK = threading.Lock()
_snapshot: dict[str, object] = {}


def migrate_new_schema(schema_name: str) -> None:
    """Create an empty schema and run every tenant migration in it (slow path, baseline)."""
    with schema_context("public"):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema_name)}")
    try:
        call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=0)
        with schema_context(schema_name):
            prepare_tenant_schema.send(sender=None, schema_name=schema_name)
    except BaseException:
        drop_schema(schema_name)
        raise


def drop_schema(schema_name: str) -> None:
    if schema_name in ("public", "pg_catalog", "information_schema"):
        raise TenantError(f"Refusing to drop schema {schema_name}")
    with schema_context("public"):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(schema_name)} CASCADE")


def template_is_current() -> bool:
    with schema_context("public"):
        if not schema_exists(TEMPLATE_SCHEMA):
            return False
    return not migration_status.schemas_behind([TEMPLATE_SCHEMA])


def ensure_template(rebuild: bool = False) -> None:
    """(Re)build the template schema when it is missing or behind the code's migrations."""
    with _SNAPSHOT_LOCK:
        if not rebuild and template_is_current():
            return
        drop_schema(TEMPLATE_SCHEMA)
        with schema_context("public"):
            for name, _mark in _spares():  # copies of the old template
                drop_schema(name)
        migrate_new_schema(TEMPLATE_SCHEMA)
        _snapshot.clear()


def _template_snapshot() -> tuple[str, list[str], list[str]]:
    """(DDL with a schema placeholder, tables with rows, sequences) of the template, cached."""
    fingerprint = _template_fingerprint()
    with _SNAPSHOT_LOCK:
        if _snapshot.get("fingerprint") == fingerprint:
            return _snapshot["ddl"], _snapshot["tables"], _snapshot["sequences"]
        ddl = _dump_template_ddl()
        rows = schema_catalog.relations(TEMPLATE_SCHEMA, "rS")
        tables = [name for name, kind in rows if kind == "r"]
        sequences = [name for name, kind in rows if kind == "S"]
        _snapshot.update(fingerprint=fingerprint, ddl=ddl, tables=tables, sequences=sequences)
        return ddl, tables, sequences


def _template_fingerprint() -> str:
    """Identifies the template's state: the migrations applied to it."""
    with schema_context("public"):
        applied = migration_status.applied_migrations([TEMPLATE_SCHEMA])[TEMPLATE_SCHEMA]
    return hashlib.sha1(repr(sorted(applied)).encode()).hexdigest()


def _dump_template_ddl() -> str:
    db = settings.DATABASES["default"]
    command = [
        "pg_dump",
        "--schema-only",
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        f"--schema={TEMPLATE_SCHEMA}",
        "--dbname",
        db["NAME"],
    ]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", db["USER"]]
    env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise TenantError(f"pg_dump of the template schema failed: {result.stderr.strip()}")
    statements = []
    for statement in _split_statements(result.stdout):
        head = statement.lstrip().split(None, 2)
        if not head or head[0].upper() in ("SET", "SELECT") or statement.lstrip().upper().startswith("CREATE SCHEMA"):
            continue
        statements.append(statement)
    quoted = re.escape(TEMPLATE_SCHEMA)
    statements = [re.sub(rf'(?<![\w"]){quoted}\.', "@@SCHEMA@@.", statement) for statement in statements]
    return ";\n".join(_with_django_sql(statements)) + ";\n"


_STANDALONE_OBJECT = re.compile(
    r'^(?:CREATE (?:UNIQUE )?INDEX ("?[^\s"]+"?) ON |ALTER TABLE ONLY (\S+)\s+ADD CONSTRAINT ("?[^\s"]+"?) )'
)


class _TableInTemplateSchema(Table):
    def __str__(self) -> str:
        return f"@@SCHEMA@@.{self.quote_name(self.table)}"


def _django_built_objects(tables: set[str]) -> list[tuple[str, str, str]]:
    """(table, name, CREATE SQL) of the models' conditional/expression/check constraints and indexes —
    the objects whose pg_dump text may not parse back to the migrated definition."""
    from django.apps import apps
    from django.db.models import CheckConstraint

    objects = []
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            for item in [*model._meta.constraints, *model._meta.indexes]:
                if not (
                    getattr(item, "condition", None) is not None
                    or getattr(item, "expressions", ())
                    or isinstance(item, CheckConstraint)
                ):
                    continue
                statement = item.create_sql(model, editor)
                statement.parts["table"] = _TableInTemplateSchema(table, editor.quote_name)
                objects.append((table, item.name, str(statement)))
    return objects


def _with_django_sql(statements: list[str]) -> list[str]:
    """Replace pg_dump's statement of every Django-built object by Django's SQL (see module doc)."""
    tables = set(re.findall(r'^CREATE TABLE @@SCHEMA@@\.("?[^\s"(]+"?)', "\n".join(statements), re.M))
    tables = {name.strip('"') for name in tables}
    overrides = {name: (table, sql) for table, name, sql in _django_built_objects(tables)}
    result, done = [], set()
    for statement in statements:
        match = _STANDALONE_OBJECT.match(statement)
        name = (match.group(1) or match.group(3)).strip('"') if match else None
        if name in overrides:
            result.append(overrides[name][1])
            done.add(name)
        else:
            result.append(statement)
    for name, (table, sql) in overrides.items():
        if name not in done:  # inline in CREATE TABLE (check constraints): drop, then add Django's
            result.append(f'ALTER TABLE @@SCHEMA@@."{table}" DROP CONSTRAINT "{name}"')
            result.append(sql)
    return result


def _split_statements(sql: str) -> list[str]:
    """Split pg_dump output on statement ends; drops comments (the template has no function bodies)."""
    lines = [line for line in sql.splitlines() if not line.startswith(("--", "\\"))]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip()]


def clone_template(schema_name: str) -> None:
    """Create ``schema_name`` as an exact copy of the template, in the current transaction: by renaming a
    spare copy when one is ready (see ``prepare_spares``), else by replaying the template."""
    ensure_template()
    if _take_spare(schema_name):
        return
    _copy_template(schema_name)


def prepare_spares(count: int) -> int:
    """Keep ``count`` spare copies of the current template, committed, so that provisioning a site is a
    schema rename (milliseconds) instead of a clone (about 0.6 s of DDL, more on a busy server). Spares of
    an older template (before a migration) are dropped. Returns how many spares were made."""
    fingerprint = _template_fingerprint()
    made = 0
    with schema_context("public"):
        for name, mark in _spares():
            if mark != _spare_mark(fingerprint):
                drop_schema(name)
        current = _spares(fingerprint)
        for name, _mark in current[max(count, 0) :]:
            drop_schema(name)
        missing = count - len(current)
        for _ in range(max(missing, 0)):
            name = f"{SPARE_PREFIX}{secrets.token_hex(6)}"
            with transaction.atomic():
                _copy_template(name)
                with connection.cursor() as cursor:
                    cursor.execute(f"COMMENT ON SCHEMA {quote_schema_name(name)} IS %s", [_spare_mark(fingerprint)])
            release_backend()
            made += 1
    return made


def release_backend() -> None:
    """End the database server process after a clone, unless an outer transaction still needs it.

    A PostgreSQL backend keeps catalog-cache entries for every relation it has created, and each DDL
    statement of the next clone pays for them: on one backend a clone took 0.41 s after 50 clones and
    1.28 s after 200 (≈ 6.5 ms more per earlier clone), 3.9 s after 500, while the backend grew to
    650 MB; in a fresh backend every clone takes 0.3–0.6 s. Closing Django's connection is not enough
    with the pool (``DB_POOL_SIZE``): that hands the same backend back to the pool for the next request.
    So the pool is drained first (psycopg's ``drain``: its idle connections are replaced, and this one is
    closed instead of kept when it is handed back — the process's few connections reopened, a provisioning
    being rare). Django reconnects on the next query."""
    if connection.in_atomic_block or connection.connection is None:
        return
    if connection.pool is not None:
        connection.pool.drain()
    connection.close()


SPARE_PREFIX = "spare_"


def _spare_mark(fingerprint: str) -> str:
    return f"spare of {TEMPLATE_SCHEMA} {fingerprint}"


def _spares(fingerprint: str | None = None) -> list[tuple[str, str]]:
    """(schema, comment) of the spare schemas, all of them or those of one template fingerprint."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname, coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace "
            "WHERE nspname LIKE %s ORDER BY nspname",
            [SPARE_PREFIX.replace("_", "\\_") + "%"],
        )
        rows = cursor.fetchall()
    if fingerprint is None:
        return rows
    return [row for row in rows if row[1] == _spare_mark(fingerprint)]


def _take_spare(schema_name: str) -> bool:
    """Rename a spare of the current template to ``schema_name`` in the current transaction (rolled back
    with it, so a failed provisioning gives the spare back). Two provisionings never take the same spare:
    the transaction holds an advisory lock until it ends."""
    fingerprint = _template_fingerprint()
    with schema_context("public"), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('tenants.spare_schemas'))")
        spares = _spares(fingerprint)
        if not spares:
            return False
        spare = quote_schema_name(spares[0][0])
        cursor.execute(f"ALTER SCHEMA {spare} RENAME TO {quote_schema_name(schema_name)}")
        cursor.execute(f"COMMENT ON SCHEMA {quote_schema_name(schema_name)} IS NULL")
    return True


def _copy_template(schema_name: str) -> None:
    """Replay the template's DDL into a new schema and copy its rows and sequence positions, all in one
    round trip: on a busy server each of the ≈ 200 statements (one per table and per sequence) sent
    separately cost a few milliseconds of latency, about half of a clone."""
    ddl, tables, sequences = _template_snapshot()
    target = quote_schema_name(schema_name)
    source = quote_schema_name(TEMPLATE_SCHEMA)
    statements = [f"CREATE SCHEMA {target}", ddl.replace("@@SCHEMA@@.", f"{target}."), "SET CONSTRAINTS ALL DEFERRED"]
    statements += [f'INSERT INTO {target}."{table}" SELECT * FROM {source}."{table}"' for table in tables]
    statements += [
        f'SELECT setval(\'{target}."{sequence}"\', last_value, is_called) FROM {source}."{sequence}"'
        for sequence in sequences
    ]
    with schema_context("public"):
        with connection.cursor() as cursor:
            cursor.execute(";\n".join(statement.rstrip().rstrip(";") for statement in statements))
