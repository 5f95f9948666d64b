"""Deploy-time migration (`manage.py migrate_tenants`): schemas that are behind get migrated,
schemas already up to date are skipped, and finding out costs a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django_tenants.signals import schema_pre_migration

from tenants.services import migration_status, schema_builder
from tenants.services.schema_catalog import describe_schema

pytestmark = pytest.mark.slow

# A migration nothing depends on, whose effect is easy to undo by hand: one added column.
LEAF = ("wagtailembeds", "0009_embed_cache_until")


@pytest.fixture(scope="module")
def three_sites(committed_tenants):
    return [committed_tenants(slug).schema_name for slug in ("capnhat", "tutsau", "capnhat2")]


def _set_back(schema_name: str) -> None:
    """Make a schema look like one deployed before LEAF existed."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema_name}".django_migrations WHERE app = %s AND name = %s', list(LEAF))
        cursor.execute(f'ALTER TABLE "{schema_name}".wagtailembeds_embed DROP COLUMN cache_until')


def test_only_the_schema_that_is_behind_is_migrated(three_sites, db, capsys):
    """Runs inside the test transaction (the sites themselves are committed), so the rollback
    undoes the set-back and the migration."""
    up_to_date, behind, _ = three_sites
    assert not MigrationLoader(None).graph.node_map[LEAF].children, "pick another leaf migration"
    _set_back(behind)
    everything = [*three_sites, schema_builder.TEMPLATE_SCHEMA]
    with CaptureQueriesContext(connection) as queries:
        found = migration_status.schemas_behind(everything)
    assert found == {behind: {LEAF}}
    reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(reads) == 2  # which schemas have the table, then all of them at once

    with pytest.raises(SystemExit) as status:
        call_command("migrate_tenants", "--check")
    assert status.value.code == 1
    assert f"{behind}: thiếu 1 migration" in capsys.readouterr().out

    migrated: list[str] = []

    def record(schema_name, **_kwargs):
        migrated.append(schema_name)

    schema_pre_migration.connect(record, dispatch_uid="test-record-migrated")
    try:
        call_command("migrate_tenants", "--no-progress")
        assert migrated == [behind]
        assert "4 schema đã kiểm tra, 1 được migrate, 3 đã cập nhật sẵn" in capsys.readouterr().out
        assert describe_schema(behind).differences(describe_schema(up_to_date)) == {}
        assert migration_status.schemas_behind(everything) == {}

        migrated.clear()
        call_command("migrate_tenants", "--check")  # exit status 0
        call_command("migrate_tenants", "--no-progress")
        assert migrated == []
    finally:
        schema_pre_migration.disconnect(dispatch_uid="test-record-migrated")


def test_a_squashed_migration_counts_as_applied_when_everything_it_replaces_is():
    targets = migration_status.MigrationTargets(
        keys=frozenset({("a", "0001_squashed_0002"), ("a", "0003")}),
        replaces={("a", "0001_squashed_0002"): frozenset({("a", "0001"), ("a", "0002")})},
    )
    assert targets.missing({("a", "0001"), ("a", "0002"), ("a", "0003")}) == set()
    assert targets.missing({("a", "0001"), ("a", "0003")}) == {("a", "0001_squashed_0002")}
    assert targets.missing({("a", "0001_squashed_0002")}) == {("a", "0003")}
