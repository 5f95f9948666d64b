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


@pytest.mark.demo
def test_the_demo_merge_redirects_old_hostnames_to_the_matching_pages(demo_server):
    """Đồng Sơn and Tân Sơn were merged into Lai Đồng: their hostnames answer 301 path by path."""
    import http.client

    def head(hostname: str, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", demo_server.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": f"{hostname}:{demo_server.port}"})
            response = connection.getresponse()
            return response.status, response.getheader("Location", "")
        finally:
            connection.close()

    new = f"http://laidong.phutho.localhost:{demo_server.port}"
    assert head("dongson.thanhson.phutho.localhost", "/tin-tuc/") == (301, f"{new}/tin-tuc/")
    assert head("tanson.thanhson.phutho.localhost", "/tin-tuc/tin-1/") == (301, f"{new}/tin-tuc/tin-1-tanson/")
    assert head("tanson.thanhson.phutho.localhost", "/khong-co/") == (301, f"{new}/")
    assert head("laidong.phutho.localhost", "/tin-tuc/tin-1-tanson/")[0] == 200
    assert "dongson.thanhson.phutho.localhost" in demo_server.manage("demo_summary")
