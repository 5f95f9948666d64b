"""SQL on a connection of its own: sees only committed data, commits at once (pg_dump/restore tests)."""

from __future__ import annotations

from django.db import connection


def outside_the_test_transaction(sql: str) -> list[tuple]:
    import psycopg

    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
        autocommit=True,
    )
    try:
        with other.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
    finally:
        other.close()
