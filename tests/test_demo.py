"""The demo province itself (``manage.py load_demo`` with DEMO=1): every site is there with its board,
and loading it a second time changes nothing (against the demo database of ``demo_server``); without
DEMO=1 the demo app is not installed and its commands refuse to run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .demo_support import row_counts

ROOT = Path(__file__).resolve().parent.parent


def _without_demo() -> dict:
    return {key: value for key, value in os.environ.items() if key != "DEMO"}


@pytest.mark.demo
def test_loading_the_demo_twice_changes_nothing(demo_server):
    # Tests before this one may have published through the demo server, which runs no Celery worker:
    # drain their outbox rows first, so that only the second load is measured.
    demo_server.manage("search_drain")
    first = row_counts(demo_server)
    assert len(first) >= 12  # public + 11 sites
    assert first["phutho_thanhson_sonhung"]["auth_user"] == 4
    assert first["phutho"]["wagtailcore_revision"] >= 2
    demo_server.manage("load_demo", "--no-progress")
    assert row_counts(demo_server) == first


def test_production_settings_do_not_install_the_demo():
    code = "import config.settings as s; print('demo' in s.INSTALLED_APPS)"
    installed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_without_demo(), capture_output=True, text=True, check=True
    )
    assert installed.stdout.strip() == "False"
    demo = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**_without_demo(), "DEMO": "1"}, capture_output=True, text=True
    )
    assert demo.stdout.strip() == "True"


@pytest.mark.parametrize("command", ["load_demo", "demo_summary", "demo_pages"])
def test_demo_commands_refuse_to_run_without_demo_1(command):
    result = subprocess.run(
        [sys.executable, "manage.py", command], cwd=ROOT, env=_without_demo(), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"manage.py {command}: the demo is not installed here. Run it with DEMO=1" in result.stderr
