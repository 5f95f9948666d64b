"""Deployment artefacts: the Helm chart renders into consistent Kubernetes objects for the main value
sets, the container entrypoint knows its roles, and a per-site backup restores.

There is no `helm` binary here: the chart is rendered with Go's own text/template and the sprig
functions (py-go-template), which is what Helm uses; the chart sticks to that subset (`template`
rather than Helm's `include`, every value it reads defined in values.yaml), so this is the
rendering Helm does, minus Helm's own checks of the Kubernetes schemas.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "congttdt"
REQUIRED = {"secrets": {"secretKey": "k" * 50}}


def _merge(base: dict, extra: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        merged[key] = (
            _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        )
    return merged


_RENDER_ALL = """
import json, sys, tempfile
from pathlib import Path
import go_template
chart, context = Path(sys.argv[1]), json.loads(sys.stdin.read())
helpers = (chart / "templates" / "_helpers.tpl").read_text()
out = {}
for template in sorted((chart / "templates").glob("*.yaml")):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as source:
        source.write(helpers + template.read_text())
        source.flush()
        out[template.name] = go_template.render(Path(source.name), context).decode()
print(json.dumps(out))
"""


def render(overrides: dict | None = None) -> list[dict]:
    """Render every template of the chart with values.yaml + overrides; return the objects.
    (In a child process: the Go library ends its process on a template error.)"""
    values = _merge(_merge(yaml.safe_load((CHART / "values.yaml").read_text()), REQUIRED), overrides or {})
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    context = {
        "Values": values,
        "Release": {"Name": "phutho", "Namespace": "congttdt", "Service": "Helm"},
        "Chart": {"Name": chart["name"], "Version": chart["version"], "AppVersion": chart["appVersion"]},
    }
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_ALL, str(CHART)], input=json.dumps(context), capture_output=True, text=True
    )
    assert result.returncode == 0, f"helm template failed: {result.stdout}{result.stderr}"
    objects = []
    for output in json.loads(result.stdout).values():
        objects += [doc for doc in yaml.safe_load_all(output) if doc]
    return objects


def by_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == kind}


def test_default_values_render_web_worker_beat_migrations_service_ingress():
    objects = render()
    for obj in objects:
        assert obj["apiVersion"] and obj["metadata"]["name"] and obj["metadata"]["labels"]["app.kubernetes.io/name"]
    deployments = by_kind(objects, "Deployment")
    assert set(deployments) == {"phutho-web", "phutho-worker", "phutho-beat"}
    assert deployments["phutho-beat"]["spec"]["replicas"] == 1
    hpas = by_kind(objects, "HorizontalPodAutoscaler")
    assert {hpa["spec"]["scaleTargetRef"]["name"] for hpa in hpas.values()} == {"phutho-web", "phutho-worker"}
    assert "replicas" not in deployments["phutho-web"]["spec"]  # the HPA owns it

    config, secret = by_kind(objects, "ConfigMap")["phutho"], by_kind(objects, "Secret")["phutho"]
    job = by_kind(objects, "Job")["phutho-migrate"]
    pods = [d["spec"]["template"] for d in deployments.values()] + [job["spec"]["template"]]
    for pod in pods:
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
        for container in pod["spec"]["containers"]:
            assert container["image"] == "registry.example.gov.vn/congttdt:0.1.0"
            assert container["envFrom"] == [{"configMapRef": {"name": "phutho"}}, {"secretRef": {"name": "phutho"}}]
        for deployment in deployments.values():
            selector = deployment["spec"]["selector"]["matchLabels"]
            assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    roles = {pod["spec"]["containers"][0]["args"][0] for pod in pods}
    assert roles == {"web", "worker", "beat", "migrate"}

    # The migration Job runs before install/upgrade, after the config it reads exists.
    weight = lambda obj: int(obj["metadata"]["annotations"]["helm.sh/hook-weight"])  # noqa: E731
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert weight(config) < weight(job) and weight(secret) < weight(job)
    assert set(secret["stringData"]) == {
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "EMAIL_URL",  # mail of password resets (issue 12)
    }
    assert config["data"]["SECURITY_CONTACTS"].startswith("mailto:")
    assert config["data"]["MEDIA_STORAGE"] == "tenants.storage.TenantS3Storage"
    assert config["data"]["SEARCH_BACKEND"] == "elasticsearch"

    service = by_kind(objects, "Service")["phutho-web"]
    assert (
        service["spec"]["selector"].items()
        <= deployments["phutho-web"]["spec"]["template"]["metadata"]["labels"].items()
    )
    ingress = by_kind(objects, "Ingress")["phutho"]
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == ["quantri.phutho.gov.vn", "*.phutho.gov.vn", "*.thanhson.phutho.gov.vn", "*.camkhe.phutho.gov.vn"]
    assert ingress["spec"]["tls"][0]["hosts"] == hosts
    for rule in ingress["spec"]["rules"]:
        assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "phutho-web"
    assert not by_kind(objects, "PersistentVolumeClaim")


def test_every_configured_variable_is_read_by_the_settings_or_the_entrypoint():
    read = set(re.findall(r'env(?:_bool|_list)?\("([A-Z0-9_]+)"', (ROOT / "config" / "settings.py").read_text()))
    read |= set(re.findall(r"\$\{([A-Z_]+):-", (ROOT / "deploy" / "entrypoint.sh").read_text()))
    read |= {
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    }  # boto3 reads AWS_*
    for overrides in ({}, {"media": {"storage": "filesystem"}}):
        config = by_kind(render(overrides), "ConfigMap")["phutho"]
        assert set(config["data"]) <= read, set(config["data"]) - read


def test_filesystem_media_existing_secret_fixed_replicas_and_catch_all():
    objects = render(
        {
            "media": {"storage": "filesystem"},
            "secrets": {"create": False, "existingSecret": "congttdt-prod"},
            "web": {"autoscaling": {"enabled": False}, "replicas": 3},
            "worker": {"autoscaling": {"enabled": False}},
            "ingress": {"catchAll": True, "extraHosts": ["congdichvu.example.vn"]},
        }
    )
    assert "Secret" not in {obj["kind"] for obj in objects}
    assert not by_kind(objects, "HorizontalPodAutoscaler")
    deployments = by_kind(objects, "Deployment")
    assert deployments["phutho-web"]["spec"]["replicas"] == 3
    pvc = by_kind(objects, "PersistentVolumeClaim")["phutho-media"]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    for deployment in deployments.values():
        pod = deployment["spec"]["template"]["spec"]
        assert {"name": "media", "persistentVolumeClaim": {"claimName": "phutho-media"}} in pod["volumes"]
        container = pod["containers"][0]
        assert {"name": "media", "mountPath": "/app/media"} in container["volumeMounts"]
        assert {"secretRef": {"name": "congttdt-prod"}} in container["envFrom"]
    config = by_kind(objects, "ConfigMap")["phutho"]["data"]
    assert config["MEDIA_STORAGE"] == "django_tenants.files.storage.TenantFileSystemStorage"
    rules = by_kind(objects, "Ingress")["phutho"]["spec"]["rules"]
    assert rules[-2]["host"] == "congdichvu.example.vn" and "host" not in rules[-1]


def test_a_missing_secret_key_stops_rendering():
    with pytest.raises(AssertionError, match="secrets.secretKey is required"):
        render({"secrets": {"secretKey": ""}})


def test_entrypoint_roles():
    unknown = subprocess.run(["sh", "deploy/entrypoint.sh", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert unknown.returncode == 64 and "web, worker, beat, migrate, manage" in unknown.stderr
    for role in ("web", "worker", "beat", "migrate", "manage"):
        assert re.search(rf"^\s+{role}\)", (ROOT / "deploy" / "entrypoint.sh").read_text(), re.M)
    checked = subprocess.run(
        ["sh", "deploy/entrypoint.sh", "manage", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin", "DEBUG": "1"},
    )
    assert checked.returncode == 0, checked.stderr


def test_the_image_installs_runtime_packages_only():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "postgresql-client" in dockerfile and "gettext" in dockerfile
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in dockerfile
    pattern = re.search(r"grep -viE '([^']+)' requirements.txt", dockerfile).group(1)
    kept = subprocess.run(
        ["grep", "-viE", pattern, "requirements.txt"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    names = {line.split("==")[0].split("[")[0].lower() for line in kept.splitlines() if "==" in line}
    assert {
        "django",
        "wagtail",
        "django-tenants",
        "uvicorn",
        "celery",
        "psycopg",
        "psycopg-pool",
        "django-storages",
    } <= names
    assert not names & {"pytest", "pytest-django", "playwright", "hypothesis"}


# --- D31: per-site backup with a tested restore -------------------------------------------------


@pytest.fixture(scope="module")
def backed_up_site(committed_tenants):
    return committed_tenants("saoluu", name="Tỉnh Sao Lưu")


def _pg_args() -> list[str]:
    db = connection.settings_dict
    return ["--host", db["HOST"], "--port", str(db["PORT"] or 5432), "--username", db["USER"], "--dbname", db["NAME"]]


def _outside_the_test_transaction(sql: str) -> list[tuple]:
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


def test_a_site_backed_up_with_pg_dump_n_restores_after_loss(backed_up_site, db, client, tmp_path):
    """The commands of deploy/README.md: dump one schema, lose it, restore it, serve it again.
    (The site is committed; dump, loss and restore happen on other connections.)"""
    site = backed_up_site
    schema = site.schema_name
    titles = f'SELECT title FROM "{schema}".wagtailcore_page ORDER BY path'
    pages = _outside_the_test_transaction(titles)
    dump = tmp_path / f"{schema}.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", *_pg_args()], check=True)
    _outside_the_test_transaction(f'DROP SCHEMA "{schema}" CASCADE')
    assert not _outside_the_test_transaction(f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'")

    subprocess.run(["pg_restore", "--exit-on-error", *_pg_args(), str(dump)], check=True)
    assert _outside_the_test_transaction(titles) == pages and len(pages) == 2  # root + home page
    response = client.get("/", HTTP_HOST=site.primary_hostname)
    assert response.status_code == 200 and "Tỉnh Sao Lưu" in response.content.decode()
