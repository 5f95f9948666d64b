"""The audit log in the console (issue 11 item 6): filterable list and CSV export."""

from __future__ import annotations

import csv
import io
import json

from django.core.management import call_command

from .console_helpers import HOST, confirmed, console_staff, verified_login


def test_audit_log_filters_and_exports_csv(client, commune, district):
    officer = verified_login(client, console_staff("cntt_tinh"))
    call_command("tenants", "set-emc", district.path, "EMC-1")
    assert confirmed(officer, f"/don-vi/{commune.path}/ma-emc/", {"code": "EMC-2"}).status_code == 302
    page = officer.get("/nhat-ky/", {"site": commune.path, "action": "set_emc"}, **HOST)
    assert [(e.actor, e.after) for e in page.context["entries"]] == [("cntt_tinh", {"emc_code": "EMC-2"})]
    assert len(officer.get("/nhat-ky/", {"action": "set_emc"}, **HOST).context["entries"]) == 2
    by_command = officer.get("/nhat-ky/", {"actor": "manage.py", "action": "set_emc"}, **HOST).context["entries"]
    assert [e.site_path for e in by_command] == [district.path]
    assert (
        officer.get("/nhat-ky/", {"since": "2000-01-01", "until": "2000-01-02"}, **HOST).context["entries"].count() == 0
    )
    assert officer.get("/nhat-ky/", {"since": "2026-02-30"}, **HOST).status_code == 200  # impossible date: no filter
    exported = officer.get("/nhat-ky/csv/", {"action": "set_emc"}, **HOST)
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {row["site"] for row in rows} == {commune.path, district.path}
    assert {json.loads(row["after"])["emc_code"] for row in rows} == {"EMC-1", "EMC-2"}
