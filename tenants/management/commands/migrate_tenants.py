"""`manage.py migrate_tenants` — the deploy-time migration of every tenant schema, fast.

Reads which tenant migrations each schema has applied (one query for all schemas, the migration
graph loaded once) and runs migrations only in the schemas that are behind, plus the clone
template. Run after ``migrate_schemas --shared``. ``--check`` only reports (exit status 1 when a
schema is behind), e.g. for a readiness probe or CI.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context, schema_exists
from tqdm import tqdm

from tenants.services import migration_status, schema_builder
from tenants.tree import all_sites


class Command(BaseCommand):
    help = "Áp dụng migration cho các schema đơn vị còn thiếu (migrate only the tenant schemas that are behind)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report; exit 1 if a schema is behind")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, check, no_progress, verbosity, **options):
        with schema_context("public"):
            schemas = list(all_sites().order_by("path").values_list("schema_name", flat=True))
            missing_schemas = [name for name in schemas if not schema_exists(name)]
            template_exists = schema_exists(schema_builder.TEMPLATE_SCHEMA)
        if missing_schemas:
            raise CommandError(f"Thiếu schema (schemas missing): {', '.join(missing_schemas)}")
        if template_exists:
            schemas.append(schema_builder.TEMPLATE_SCHEMA)
        elif not check:
            schema_builder.ensure_template()  # builds it fully migrated
        if check:
            behind = migration_status.schemas_behind(schemas)
            for name, missing in sorted(behind.items()):
                self.stdout.write(f"{name}: thiếu {len(missing)} migration (behind), e.g. {'.'.join(min(missing))}")
            if not template_exists:
                self.stdout.write(f"{schema_builder.TEMPLATE_SCHEMA}: chưa có (missing)")
            self.stdout.write(
                f"{len(schemas)} schema đã kiểm tra, {len(behind)} còn thiếu migration (checked, behind)."
            )
            if behind or not template_exists:
                sys.exit(1)
            return

        def progress(names):
            return tqdm(names, desc="migrate", unit="schema", disable=no_progress or not names, file=sys.stderr)

        run = migration_status.migrate_behind(schemas, progress=progress, verbosity=max(0, verbosity - 1))
        still = migration_status.schemas_behind(list(run.behind))
        if still:
            raise CommandError(f"Vẫn còn thiếu migration sau khi chạy (still behind): {', '.join(sorted(still))}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.checked} schema đã kiểm tra, {len(run.behind)} được migrate, {run.checked - len(run.behind)} đã "
                f"cập nhật sẵn — {run.seconds:.2f} s (checked, migrated, already up to date)."
            )
        )
