"""`manage.py tenants …` — province IT's command line for the tenant tree.

Sub-commands: init, add, list [--format json], rename, suspend [--reason], resume, archive, move,
close PATH --into SUCCESSOR, export, delete, backup (PATH | --all) [--keep N], backups PATH,
restore PATH (--from DIR|s3://… | --latest) [--into NEWPATH], add-domain, remove-domain, set-primary,
set-emc, prepare-template, prepare-spares, and those other apps register (``tenants.cli``: ``merge`` of
``restructuring``). Every change goes through the
same services as the console (``tenants.services``), which log it (``tenant_changed``).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from tenants.cli import EXTRA_ACTIONS
from tenants.services import backups, domains, media_archive, registry, restructure, retirement, schema_builder
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, provision_tenant

STATUS_MARK = {"active": "●", "suspended": "⏸", "archived": "▣", "merged": "⇢"}


class Command(BaseCommand):
    help = "Quản lý đơn vị (tenant): thêm, liệt kê, tạm dừng, tiếp tục, lưu trữ, tên miền."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="create the platform host row and the clone template")
        add = sub.add_parser("add", help="provision a new site")
        add.add_argument("slug")
        add.add_argument("--name", required=True, help="Vietnamese name, e.g. 'Xã Sơn Hùng'")
        add.add_argument("--name-en", default="")
        add.add_argument("--kind", required=True, choices=["province", "district", "commune", "agency"])
        add.add_argument("--parent", help="tree path of the parent, e.g. phutho.thanhson")
        add.add_argument("--hostname", help="primary hostname (default: from the tree, per the regulations)")
        add.add_argument("--admin", help="username of the first admin account")
        add.add_argument("--admin-password")
        add.add_argument("--admin-email", default="")
        add.add_argument("--method", choices=["clone", "migrate"], default="clone")
        listing = sub.add_parser("list", help="tree view of every site")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        for action in ("suspend", "resume", "archive", "export", "delete"):
            sub.add_parser(action).add_argument("path")
        sub.choices["suspend"].add_argument("--reason", default="", help="shown on the site's 503 page")
        rename = sub.add_parser("rename")
        rename.add_argument("path")
        rename.add_argument("--name", required=True)
        rename.add_argument("--name-en", default="")
        move = sub.add_parser("move", help="re-parent a site and its subtree")
        move.add_argument("path")
        move.add_argument("parent", nargs="?", default="", help="tree path of the new parent ('' for the top)")
        close = sub.add_parser("close", help="end an abolished district/agency: merged, redirecting to a successor")
        close.add_argument("path")
        close.add_argument("--into", required=True, dest="successor", help="tree path of the successor")
        primary = sub.add_parser("set-primary")
        primary.add_argument("path")
        primary.add_argument("hostname")
        adddom = sub.add_parser("add-domain")
        adddom.add_argument("path")
        adddom.add_argument("hostname")
        adddom.add_argument("--primary", action="store_true")
        rmdom = sub.add_parser("remove-domain")
        rmdom.add_argument("path")
        rmdom.add_argument("hostname")
        emc = sub.add_parser("set-emc", help="set the site's EMC monitoring code ('' clears it)")
        emc.add_argument("path")
        emc.add_argument("code")
        backup = sub.add_parser("backup", help="back a site (or every active site) up, keeping the newest N")
        backup.add_argument("path", nargs="?")
        backup.add_argument("--all", action="store_true", dest="every", help="every active site")
        backup.add_argument("--keep", type=int, help="backups kept per site (default: TENANT_BACKUP_KEEP)")
        listed = sub.add_parser("backups", help="list a site's backups, oldest first (what --from takes)")
        listed.add_argument("path")
        restore = sub.add_parser("restore", help="restore a backup into its site or into a new one")
        restore.add_argument("path")
        where = restore.add_mutually_exclusive_group(required=True)
        where.add_argument("--from", dest="source", help="the backup: its folder or s3://bucket/key")
        where.add_argument("--latest", action="store_true", help="the site's newest backup")
        restore.add_argument("--into", help="tree path of a new site to restore into")
        restore.add_argument("--hostname", help="primary hostname of the new site (with --into)")
        sub.add_parser("prepare-template", help="rebuild the schema new sites are cloned from")
        spares = sub.add_parser("prepare-spares", help="keep N ready copies of the template: instant provisioning")
        spares.add_argument("count", type=int)
        for name, extra in EXTRA_ACTIONS.items():
            extra.add_arguments(sub.add_parser(name, help=extra.help))

    def handle(self, *args, action, **options):
        try:
            if action in EXTRA_ACTIONS:
                EXTRA_ACTIONS[action].run(self, **options)
                return
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except TenantError as exc:
            raise CommandError(str(exc)) from exc

    def do_init(self, **_):
        domains.ensure_platform_tenant()
        schema_builder.ensure_template()
        self.stdout.write(self.style.SUCCESS("Nền tảng sẵn sàng (platform ready)."))

    def do_add(self, slug, name, name_en, kind, parent, hostname, admin, admin_password, admin_email, method, **_):
        if admin and not admin_password:
            raise CommandError("--admin-password là bắt buộc khi có --admin (password required with --admin).")
        tenant = provision_tenant(
            TenantSpec(
                name=name,
                name_en=name_en,
                slug=slug,
                kind=kind,
                parent_path=parent,
                hostname=hostname,
                admin_username=admin,
                admin_password=admin_password,
                admin_email=admin_email,
            ),
            method=method,
        )
        created = f"Đã tạo {tenant.path} ({tenant.schema_name}) — {tenant.primary_hostname}"
        self.stdout.write(self.style.SUCCESS(created))

    def do_list(self, format="text", **_):
        if format == "json":
            self.stdout.write(json.dumps(registry.register_records(), ensure_ascii=False, indent=2))
            return
        for row in registry.tenant_tree_rows():
            tenant = row.tenant
            successor = f" → {tenant.successor.path}" if tenant.successor_id else ""
            self.stdout.write(
                f"{'  ' * row.depth}{STATUS_MARK.get(tenant.status, '?')} {tenant.name} [{tenant.kind}] "
                f"{tenant.path} — {', '.join(row.hostnames) or '(no domain)'} ({tenant.get_status_display()}{successor})"
            )

    def _status(self, path, status, message, reason=""):
        tenant = registry.set_status(path, status, reason=reason)
        self.stdout.write(self.style.SUCCESS(f"{message}: {tenant.path}"))

    def do_suspend(self, path, reason="", **_):
        self._status(path, "suspended", "Đã tạm dừng (suspended)", reason)

    def do_resume(self, path, **_):
        self._status(path, "active", "Đã hoạt động lại (resumed)")

    def do_archive(self, path, **_):
        self._status(path, "archived", "Đã lưu trữ (archived)")

    def do_rename(self, path, name, name_en, **_):
        tenant = registry.rename(path, name, name_en)
        self.stdout.write(self.style.SUCCESS(f"Đã đổi tên {tenant.path}: {tenant.name} / {tenant.name_en}"))

    def do_move(self, path, parent, **_):
        tenant = restructure.move_tenant(path, parent)
        self.stdout.write(self.style.SUCCESS(f"Đã chuyển {path} → {tenant.path} (moved)"))

    def do_close(self, path, successor, **_):
        tenant = restructure.close_into(path, successor)
        self.stdout.write(
            self.style.SUCCESS(f"Đã kết thúc hoạt động {tenant.path} → {successor} (closed, redirecting)")
        )

    def do_export(self, path, **_):
        folder = retirement.export_tenant(path)
        self.stdout.write(self.style.SUCCESS(f"Đã xuất dữ liệu {path} → {folder}"))

    def do_backup(self, path, every, keep, **_):
        if bool(path) == every:
            raise CommandError("Chỉ rõ một đơn vị hoặc --all (give a site path or --all).")
        if media_archive.storage_kind() is None:
            self.stderr.write(
                self.style.WARNING(
                    "Kho tệp đang dùng không được sao lưu: chỉ schema (the media storage is not covered by backups)."
                )
            )
        where = backups.backup_all(keep) if every else [backups.backup_tenant(path, keep)]
        for location in where:
            self.stdout.write(self.style.SUCCESS(f"Đã sao lưu → {location} (backed up)"))

    def do_backups(self, path, **_):
        for location in backups.backups_of(registry.get_tenant(path).path):
            self.stdout.write(location)

    def do_restore(self, path, source, latest, into, hostname, **_):
        if latest:
            found = backups.backups_of(registry.get_tenant(path).path)
            if not found:
                raise CommandError(f"Chưa có bản sao lưu nào của “{path}” (no backup of that site).")
            source = found[-1]
        tenant = backups.restore_tenant(path, source, into=into, hostname=hostname)
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {tenant.path} ← {source} (restored)"))

    def do_delete(self, path, **_):
        retirement.delete_tenant(path)
        self.stdout.write(self.style.SUCCESS(f"Đã xoá {path} (deleted)"))

    def do_set_primary(self, path, hostname, **_):
        domains.set_primary_domain(path, hostname)
        self.stdout.write(self.style.SUCCESS(f"Tên miền chính của {path}: {hostname}"))

    def do_add_domain(self, path, hostname, primary, **_):
        domains.add_domain(path, hostname, primary=primary)
        self.stdout.write(self.style.SUCCESS(f"Đã thêm tên miền {hostname} cho {path}"))

    def do_remove_domain(self, path, hostname, **_):
        domains.remove_domain(path, hostname)
        self.stdout.write(self.style.SUCCESS(f"Đã gỡ tên miền {hostname} khỏi {path}"))

    def do_set_emc(self, path, code, **_):
        tenant = registry.set_emc_code(path, code)
        shown = "đã xóa (cleared)" if not tenant.emc_code else tenant.emc_code
        self.stdout.write(self.style.SUCCESS(f"Mã EMC của {tenant.path}: {shown}"))

    def do_prepare_spares(self, count, **_):
        if count < 0:
            raise CommandError("Số bản dự phòng phải ≥ 0 (the count must be 0 or more).")
        made = schema_builder.prepare_spares(count)
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo {made} bản dự phòng, giữ {count} (made {made} spares, keeping {count}).")
        )

    def do_prepare_template(self, **_):
        schema_builder.ensure_template(rebuild=True)
        self.stdout.write(self.style.SUCCESS("Đã dựng lại schema mẫu (template rebuilt)."))
