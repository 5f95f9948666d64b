"""A schema's structure read from the PostgreSQL catalogue, with the schema name normalised away.

Used to prove that a cloned tenant schema is identical to a migrated one (tables, columns, defaults,
constraints, indexes, sequences — names and definitions), and by operators to check a tenant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection

PLACEHOLDER = "<schema>"


@dataclass
class SchemaShape:
    tables: set[str] = field(default_factory=set)
    columns: set[tuple] = field(default_factory=set)  # (table, position, column, type, not null, default, …)
    constraints: set[tuple] = field(default_factory=set)  # (table, name, type, definition)
    indexes: set[tuple] = field(default_factory=set)  # (table, name, definition)
    sequences: set[tuple] = field(default_factory=set)  # (name, type, owned by table.column)

    def differences(self, other: SchemaShape) -> dict[str, tuple[list, list]]:
        """{aspect: (only in self, only in other)} for every aspect that differs."""
        found = {}
        for aspect in ("tables", "columns", "constraints", "indexes", "sequences"):
            mine, theirs = getattr(self, aspect), getattr(other, aspect)
            if mine != theirs:
                found[aspect] = (sorted(mine - theirs), sorted(theirs - mine))
        return found


def _normaliser(schema_name: str):
    pattern = re.compile(rf'(?<![\w"])("?){re.escape(schema_name)}\1\.')

    def normalise(text: str | None) -> str | None:
        return None if text is None else pattern.sub(PLACEHOLDER + ".", text)

    return normalise


def relations(schema_name: str, kinds: str) -> list[tuple[str, str]]:
    """(name, relkind) of the relations of a schema whose pg_class.relkind is in ``kinds``
    ("r" tables, "S" sequences, …), by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind::text = ANY(%s) ORDER BY c.relname",
            [schema_name, list(kinds)],
        )
        return cursor.fetchall()


def describe_schema(schema_name: str) -> SchemaShape:
    """Read the structure of ``schema_name`` (one query per aspect, independent of search_path)."""
    norm = _normaliser(schema_name)
    shape = SchemaShape(tables={name for name, _kind in relations(schema_name, "rpvm")})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname, "
            "format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped",
            [schema_name],
        )
        shape.columns = {
            (t, pos, col, typ, notnull, norm(default), ident, gen)
            for t, pos, col, typ, notnull, default, ident, gen in cursor.fetchall()
        }
        cursor.execute(
            "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid), "
            "con.condeferrable, con.condeferred "
            "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            [schema_name],
        )
        shape.constraints = {
            (t, name, kind, norm(definition), deferrable, deferred)
            for t, name, kind, definition, deferrable, deferred in cursor.fetchall()
        }
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s", [schema_name])
        shape.indexes = {(t, name, norm(definition)) for t, name, definition in cursor.fetchall()}
        cursor.execute(
            "SELECT s.relname, format_type(q.seqtypid, NULL), q.seqincrement, q.seqstart, "
            "t.relname || '.' || a.attname "
            "FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
            "JOIN pg_sequence q ON q.seqrelid = s.oid "
            "LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
            "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "LEFT JOIN pg_class t ON t.oid = d.refobjid "
            "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
            "WHERE n.nspname = %s AND s.relkind = 'S'",
            [schema_name],
        )
        shape.sequences = set(cursor.fetchall())
    return shape
