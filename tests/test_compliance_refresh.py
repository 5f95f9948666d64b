"""Refresh, daily snapshots, history and roll-ups of the compliance monitor; `manage.py compliance`
(refresh, show --format json, deadlines) and the nightly beat entry (issue 14 items 4 and 8)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context, tenant_context

from compliance import services, tasks
from compliance.models import SiteSnapshot
from compliance.registry import CHECKS, DUTIES

from .compliance_helpers import NOW, build_compliant_site, document


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


def snapshots_of(tenant):
    with schema_context("public"):
        return list(SiteSnapshot.objects.filter(tenant=tenant).order_by("day"))


def test_refresh_is_idempotent_per_day_and_keeps_a_daily_history(commune, district):
    services.refresh([commune, district], now=NOW)
    services.refresh([commune, district], now=NOW)  # the same day again: replaced, not added
    assert [s.day for s in snapshots_of(commune)] == [NOW.date()]
    with tenant_context(commune):
        build_compliant_site(commune)
    services.refresh([commune], now=NOW + datetime.timedelta(days=1))
    history = services.history(commune)
    assert [s.day for s in history] == [NOW.date(), NOW.date() + datetime.timedelta(days=1)]
    assert history[1].score > history[0].score and history[1].missing_count < history[0].missing_count
    stored = history[1].report
    assert set(stored["duties"]) == set(DUTIES) and len(stored["findings"]) == len(CHECKS)
    assert stored["counts"]["missing"] == history[1].missing_count


def test_late_items_are_counted_in_the_snapshot(commune):
    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
    (snapshot,) = services.refresh([commune], now=NOW)
    assert snapshot.late_count == 1
    assert snapshot.report["duties"]["D6"] == "late"


def test_rollup_per_parent_and_for_the_province(province, district, commune):
    with tenant_context(commune):
        build_compliant_site(commune)
    services.refresh([province, district, commune], now=NOW)
    scores = {s.tenant_id: float(s.score) for s in services.latest_snapshots()}
    district_rollup = services.rollup(district)
    assert district_rollup.sites == 2
    assert district_rollup.average_score == round((scores[district.pk] + scores[commune.pk]) / 2, 1)
    province_rollup = services.rollup(province)
    assert province_rollup.sites == 3
    assert province_rollup.missing == sum(s.missing_count for s in services.latest_snapshots())
    assert services.rollup(commune).average_score == scores[commune.pk] == 100.0


def test_show_prints_every_duty_with_its_evidence_as_json(commune, capsys):
    call_command("compliance", "show", commune.path, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == commune.path and set(data["duties"]) == set(DUTIES)
    emc = next(item for item in data["findings"] if item["code"] == "emc")
    assert emc["status"] == "missing" and emc["evidence"][0]["admin_url"].endswith(f"/don-vi/{commune.path}/")
    with pytest.raises(CommandError, match="no stored snapshot"):
        call_command("compliance", "show", commune.path, "--stored")
    call_command("compliance", "refresh", commune.path, "--no-progress")
    assert "checked 1 sites" in capsys.readouterr().out
    call_command("compliance", "show", commune.path, "--stored")
    assert "D27" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no site"):
        call_command("compliance", "show", "khong.co")


def test_refresh_of_a_subtree_and_of_every_site(province, district, commune, capsys):
    call_command("compliance", "refresh", district.path, "--subtree", "--no-progress")
    assert "checked 2 sites" in capsys.readouterr().out
    call_command("compliance", "refresh", "--no-progress")
    with schema_context("public"):
        assert set(SiteSnapshot.objects.values_list("tenant__path", flat=True)) >= {
            province.path,
            district.path,
            commune.path,
        }


def test_deadlines_command_shows_and_sets_and_refuses_bad_input(commune, capsys):
    call_command("compliance", "deadlines", commune.path, "--set", "document=1")
    lines = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    assert lines["document"].split() == ["1", "working_days", "site"]
    assert lines["withdrawal"].split() == ["4", "hours", "law"]
    with pytest.raises(CommandError, match="unknown deadline kinds"):
        call_command("compliance", "deadlines", commune.path, "--set", "bogus=2")
    with pytest.raises(CommandError, match="KIND=NUMBER"):
        call_command("compliance", "deadlines", "province", "--set", "news=mot")
    call_command("compliance", "deadlines", commune.path, "--clear", "document")
    lines = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    assert lines["document"].split() == ["2", "working_days", "law"]


def test_nightly_beat_entry_and_the_on_demand_task(commune):
    from config.celery_app import app

    entry = settings.CELERY_BEAT_SCHEDULE["compliance-refresh-all"]
    assert app.tasks[entry["task"]].name == tasks.refresh_all.name == "compliance.refresh_all"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {15})
    assert tasks.refresh_site(commune.path) is True
    assert tasks.refresh_site("khong.co") is False
    assert len(snapshots_of(commune)) == 1


def test_a_site_whose_evaluation_fails_is_logged_and_the_others_refreshed(district, commune, monkeypatch, caplog):
    real = services.evaluate_site

    def failing_for_the_commune(tenant, now=None):
        if tenant.pk == commune.pk:
            raise RuntimeError("schema unreadable")
        return real(tenant, now)

    monkeypatch.setattr(services, "evaluate_site", failing_for_the_commune)
    snapshots = services.refresh([commune, district], now=NOW)
    assert [s.tenant_id for s in snapshots] == [district.pk]
    assert f"evaluating {commune.path} failed" in caplog.text
