"""A tenant schema cloned from the template is identical to one built by running every migration,
and a later migration — one that finds constraints, indexes and sequences by name — applies to both."""

from __future__ import annotations

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context

from tenants.services.schema_catalog import describe_schema

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_schemas(committed_tenants):
    cloned = committed_tenants("bansao", name="Tỉnh Bản Sao", method="clone")
    migrated = committed_tenants("ditru", name="Tỉnh Di Trú", method="migrate")
    return cloned.schema_name, migrated.schema_name


@pytest.fixture
def cloned_and_migrated(built_schemas, db):
    """Changes a test makes happen inside its transaction, so the schemas are unchanged afterwards."""
    return built_schemas


def _rows(schema_name: str) -> dict[str, set]:
    """Data every site starts with, by natural keys (ids may legitimately differ)."""
    queries = {
        "migrations": "SELECT app, name FROM django_migrations",
        "content types": "SELECT app_label, model FROM django_content_type",
        "permissions": "SELECT ct.app_label, p.codename FROM auth_permission p "
        "JOIN django_content_type ct ON ct.id = p.content_type_id",
        "groups": "SELECT g.name, ct.app_label, p.codename FROM auth_group g "
        "JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type ct ON ct.id = p.content_type_id",
        "locales": "SELECT language_code FROM wagtailcore_locale",
        "workflow tasks": "SELECT w.name, t.name, wt.sort_order FROM wagtailcore_workflowtask wt "
        "JOIN wagtailcore_workflow w ON w.id = wt.workflow_id JOIN wagtailcore_task t ON t.id = wt.task_id",
    }
    found = {}
    with schema_context(schema_name), connection.cursor() as cursor:
        for label, sql in queries.items():
            cursor.execute(sql)
            found[label] = set(cursor.fetchall())
    return found


def test_clone_and_migrated_schema_have_the_same_structure_and_starting_data(cloned_and_migrated):
    cloned, migrated = cloned_and_migrated
    clone_shape, migrated_shape = describe_schema(cloned), describe_schema(migrated)
    assert clone_shape.differences(migrated_shape) == {}
    # The comparison is not vacuous: it sees the objects that stock clones get wrong.
    assert (
        "auth_permission",
        "auth_permission_content_type_id_codename_01ab375a_uniq",
        "u",
        "UNIQUE (content_type_id, codename)",
        False,
        False,
    ) in clone_shape.constraints
    assert any(index[1] == "unique_in_progress_workflow" and " IN " not in index[2] for index in clone_shape.indexes)
    assert any(seq[0] == "wagtailcore_pagerevision_id_seq" for seq in clone_shape.sequences)
    assert len(clone_shape.tables) > 50 and len(clone_shape.indexes) > 200
    assert _rows(cloned) == _rows(migrated)


# A "later migration" in two apps whose operations find database objects by name or by introspection:
# a unique_together Django must find exactly once, a partial unique index dropped by name, an index
# renamed by name, and a primary key whose serial sequence (kept under its pre-rename name
# wagtailcore_pagerevision_id_seq) is looked up and retyped.
def _later_migrations() -> list[migrations.Migration]:
    auth = migrations.Migration("9001_later", "auth")
    auth.operations = [migrations.AlterUniqueTogether("permission", set())]
    core = migrations.Migration("9001_later", "wagtailcore")
    core.operations = [
        migrations.RemoveConstraint("workflowstate", "unique_in_progress_workflow"),
        migrations.RenameIndex(
            "referenceindex", new_name="refindex_source_renamed", old_name="referenceindex_source_object"
        ),
        migrations.AlterField(
            "revision",
            "id",
            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
        ),
    ]
    return [auth, core]


def _apply(schema_name: str, backwards: bool = False) -> None:
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    steps = []
    for migration in _later_migrations():
        steps.append((migration, state))
        state = migration.mutate_state(state, preserve=True)
    with schema_context(schema_name), connection.schema_editor() as editor:
        if backwards:
            for migration, before in reversed(steps):
                migration.unapply(before, editor)
        else:
            for migration, before in steps:
                migration.apply(before, editor)


def test_a_later_migration_applies_to_clone_and_migrated_schema_alike(cloned_and_migrated):
    cloned, migrated = cloned_and_migrated
    original = describe_schema(migrated)
    for schema_name in (cloned, migrated):
        _apply(schema_name)
    after_clone, after_migrated = describe_schema(cloned), describe_schema(migrated)
    assert after_clone.differences(after_migrated) == {}
    changed = original.differences(after_migrated)
    assert {"constraints", "indexes", "columns", "sequences"} <= set(changed)
    index_names = {index[1] for index in after_clone.indexes}
    assert "unique_in_progress_workflow" not in index_names and "refindex_source_renamed" in index_names
    assert ("wagtailcore_pagerevision_id_seq", "bigint", 1, 1, "wagtailcore_revision.id") in after_clone.sequences
    assert not any(c[1] == "auth_permission_content_type_id_codename_01ab375a_uniq" for c in after_clone.constraints)

    for schema_name in (cloned, migrated):
        _apply(schema_name, backwards=True)
    back_clone, back_migrated = describe_schema(cloned), describe_schema(migrated)
    assert back_clone.differences(back_migrated) == {}
    # Back where they started, except that Django re-creates the foreign keys to the retyped
    # primary key under today's names — on both schemas alike.
    remaining = back_clone.differences(original)
    assert set(remaining) <= {"constraints"}
    left, right = remaining.get("constraints", ([], []))
    assert len(left) == len(right) and all(constraint[2] == "f" for constraint in left + right)
