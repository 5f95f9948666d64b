"""Deployment artefacts: the Helm chart, rendered and linted by Helm itself, gives objects valid
against the Kubernetes 1.30 schemas for the default values and every production-like value set
(helm/congttdt/ci/*.yaml); the container entrypoint knows its roles; the Dockerfile passes hadolint;
a per-site backup restores.

Helm is helm-python-sdk (Helm's own Go SDK, bundled as a library: no `helm` binary needed) and the
schemas are kubernetes-validate's strict ones (unknown fields are errors).
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import pytest
import yaml
from django.db import connection

from .pg_helpers import outside_the_test_transaction

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "helm" / "congttdt"
KUBERNETES_VERSION = "1.30.0"
REQUIRED = {"secrets": {"secretKey": "k" * 50}}
CI_VALUES = sorted((CHART / "ci").glob("*.yaml"))
VALUE_SETS = {"default": REQUIRED} | {path.stem: yaml.safe_load(path.read_text()) for path in CI_VALUES}


def _merge(base: dict, extra: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        merged[key] = (
            _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        )
    return merged


def render_manifests(values: dict) -> dict[str, str]:
    """`helm template phutho helm/congttdt -n congttdt` with these values over values.yaml."""
    with helm.Chart.load(CHART) as chart:
        return chart.render(values, name="phutho", namespace="congttdt", is_install=True)


def render(overrides: dict | None = None, base: dict = REQUIRED) -> list[dict]:
    """Render every template with values.yaml + base + overrides; return the Kubernetes objects."""
    objects = []
    for name, text in render_manifests(_merge(base, overrides or {})).items():
        if name.endswith(".yaml"):
            objects += [doc for doc in yaml.safe_load_all(text) if doc]
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
    with pytest.raises(helm.HelmRenderError, match="secrets.secretKey is required"):
        render({"secrets": {"secretKey": ""}})


def pod_templates(objects: list[dict]) -> dict[str, dict]:
    """The pod template of every workload object (Deployment, Job, CronJob), by object name."""
    pods = {}
    for obj in objects:
        if obj["kind"] in {"Deployment", "Job"}:
            pods[obj["metadata"]["name"]] = obj["spec"]["template"]
        elif obj["kind"] == "CronJob":
            pods[obj["metadata"]["name"]] = obj["spec"]["jobTemplate"]["spec"]["template"]
    return pods


def _matches(selector: dict, labels: dict) -> bool:
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    return all(labels.get(rule["key"]) in rule["values"] for rule in selector.get("matchExpressions", []))


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_helm_lint_passes_strictly(value_set):
    report = helm.lint(
        CHART, _merge(REQUIRED, VALUE_SETS[value_set]), strict=True, kube_version=f"v{KUBERNETES_VERSION}"
    )
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []  # 2 = warning, 3 = error


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_every_object_is_valid_for_kubernetes_1_30_and_hardened(value_set):
    objects = render(base=_merge(REQUIRED, VALUE_SETS[value_set]))
    for obj in objects:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    kinds = {obj["kind"] for obj in objects}
    assert {"Deployment", "Service", "ConfigMap", "Job", "PodDisruptionBudget", "NetworkPolicy"} <= kinds

    pods = pod_templates(objects)
    for name, pod in pods.items():
        spec = pod["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        assert {"name": "tmp", "emptyDir": {}} in spec["volumes"], name
        for container in spec["containers"]:
            hardening = container["securityContext"]
            assert hardening["readOnlyRootFilesystem"] is True and hardening["allowPrivilegeEscalation"] is False
            assert hardening["capabilities"] == {"drop": ["ALL"]}
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], name
            assert {"cpu", "memory"} <= container["resources"]["requests"].keys(), name
            assert {"cpu", "memory"} <= container["resources"]["limits"].keys(), name

    web = by_kind(objects, "Deployment")["phutho-web"]["spec"]["template"]
    container = web["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    port = container["ports"][0]["containerPort"]

    # One PodDisruptionBudget per scaled role, selecting exactly that role's pods.
    budgets = by_kind(objects, "PodDisruptionBudget")
    assert set(budgets) == {"phutho-web", "phutho-worker"}
    for name, budget in budgets.items():
        assert budget["spec"]["maxUnavailable"] == 1
        matched = [
            pod for pod_name, pod in pods.items() if _matches(budget["spec"]["selector"], pod["metadata"]["labels"])
        ]
        assert [pod["metadata"]["labels"]["app.kubernetes.io/component"] for pod in matched] == [name.split("-")[1]]

    # The web pods take traffic on their port only, from the ingress controller; the others none.
    policies = by_kind(objects, "NetworkPolicy")
    assert set(policies) == {"phutho-web", "phutho-internal"}
    web_policy, internal = policies["phutho-web"]["spec"], policies["phutho-internal"]["spec"]
    assert web_policy["ingress"][0]["ports"] == [{"protocol": "TCP", "port": port}]
    assert web_policy["ingress"][0]["from"] and internal["ingress"] == []
    for pod_name, pod in pods.items():
        labels = pod["metadata"]["labels"]
        covered = [_matches(web_policy["podSelector"], labels), _matches(internal["podSelector"], labels)]
        assert covered.count(True) == 1, pod_name  # every pod of the release is under exactly one policy


def test_production_like_sets_use_external_services_s3_tls_wildcards_and_autoscaling():
    assert {path.name for path in CI_VALUES} >= {"phutho-values.yaml", "laocai-values.yaml"}
    for path in CI_VALUES:
        values = VALUE_SETS[path.stem]
        objects = render(base=_merge(REQUIRED, values))
        config = by_kind(objects, "ConfigMap")["phutho"]["data"]
        assert config["MEDIA_STORAGE"] == "tenants.storage.TenantS3Storage" and config["S3_BUCKET"]
        assert config["SEARCH_BACKEND"] == "elasticsearch"
        assert config["TRUSTED_PROXIES"] == values["config"]["trustedProxies"]
        assert {
            hpa["spec"]["scaleTargetRef"]["name"] for hpa in by_kind(objects, "HorizontalPodAutoscaler").values()
        } == {
            "phutho-web",
            "phutho-worker",
        }
        ingress = by_kind(objects, "Ingress")["phutho"]["spec"]
        hosts = [rule["host"] for rule in ingress["rules"] if "host" in rule]
        assert hosts[0] == values["platformHost"]
        assert [f"*.{domain}" for domain in values["ingress"]["wildcardDomains"]] == hosts[
            1 : 1 + len(values["ingress"]["wildcardDomains"])
        ]
        assert ingress["tls"] == [{"secretName": values["ingress"]["tls"]["secretName"], "hosts": hosts}]
        assert not by_kind(objects, "PersistentVolumeClaim")


def test_the_schema_check_is_strict():
    """A misspelt field in a value set is caught by the schema check, not by the cluster."""
    objects = render({"web": {"resources": {"requests": {"cpu": "1"}, "limts": {"cpu": "2"}}}})
    web = by_kind(objects, "Deployment")["phutho-web"]
    with pytest.raises(kubernetes_validate.ValidationError, match="limts"):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


def test_the_backup_cronjob_exists_only_when_enabled():
    assert not by_kind(render(), "CronJob")  # off by default: it needs a volume of its own
    objects = render({"backup": {"enabled": True, "extraArgs": ["--keep", "14"]}})
    cronjob = by_kind(objects, "CronJob")["phutho-backup"]["spec"]
    assert cronjob["concurrencyPolicy"] == "Forbid" and cronjob["timeZone"] == "Asia/Ho_Chi_Minh"
    pod = cronjob["jobTemplate"]["spec"]["template"]
    assert pod["spec"]["containers"][0]["args"] == ["manage", "tenants", "backup", "--all", "--keep", "14"]
    assert pod["metadata"]["labels"]["app.kubernetes.io/component"] == "backup"
    assert "TENANT_BACKUP_S3_BUCKET" not in by_kind(objects, "ConfigMap")["phutho"]["data"]  # a local folder
    to_bucket = {"backup": {"enabled": True, "s3": {"bucket": "congttdt-backups", "prefix": "nightly"}}}
    secrets = {"secrets": {"backupAccessKeyId": "ci-only", "backupSecretAccessKey": "ci-only"}}
    objects = render(_merge(to_bucket, secrets))
    config = by_kind(objects, "ConfigMap")["phutho"]["data"]
    assert (config["TENANT_BACKUP_S3_BUCKET"], config["TENANT_BACKUP_S3_PREFIX"]) == ("congttdt-backups", "nightly")
    assert by_kind(objects, "Secret")["phutho"]["stringData"]["TENANT_BACKUP_AWS_ACCESS_KEY_ID"] == "ci-only"


def test_trusted_proxies_default_is_empty_and_uvicorn_believes_what_the_app_believes(tmp_path):
    default_config = by_kind(render(), "ConfigMap")["phutho"]["data"]
    assert "TRUSTED_PROXIES" not in default_config  # empty value: both fall back to 127.0.0.1,::1
    stub = tmp_path / "uvicorn"
    stub.write_text('#!/bin/sh\nwhile [ "$#" -gt 0 ]; do [ "$1" = --forwarded-allow-ips ] && echo "$2"; shift; done\n')
    stub.chmod(0o755)
    configured = by_kind(render({"config": {"trustedProxies": "10.42.0.0/24,10.42.1.7"}}), "ConfigMap")["phutho"][
        "data"
    ]
    for config in (default_config, configured):
        env = {key: config[key] for key in ("TRUSTED_PROXIES",) if key in config}
        path = f"{tmp_path}:{ROOT / '.venv' / 'bin'}:/usr/bin:/bin"
        uvicorn = subprocess.run(
            ["sh", "deploy/entrypoint.sh", "web"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": path} | env,
            check=True,
        ).stdout.strip()
        settings = subprocess.run(
            [sys.executable, "-c", "from django.conf import settings; print(','.join(settings.TRUSTED_PROXIES))"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": path, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"} | env,
            check=True,
        ).stdout.strip()
        assert uvicorn == settings == env.get("TRUSTED_PROXIES", "127.0.0.1,::1")


def test_the_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([hadolint, "--no-color", "deploy/Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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


def test_a_site_backed_up_with_pg_dump_n_restores_after_loss(backed_up_site, db, client, tmp_path):
    """The commands of deploy/README.md: dump one schema, lose it, restore it, serve it again.
    (The site is committed; dump, loss and restore happen on other connections.)"""
    site = backed_up_site
    schema = site.schema_name
    titles = f'SELECT title FROM "{schema}".wagtailcore_page ORDER BY path'
    pages = outside_the_test_transaction(titles)
    dump = tmp_path / f"{schema}.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", *_pg_args()], check=True)
    outside_the_test_transaction(f'DROP SCHEMA "{schema}" CASCADE')
    assert not outside_the_test_transaction(f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'")

    subprocess.run(["pg_restore", "--exit-on-error", *_pg_args(), str(dump)], check=True)
    assert outside_the_test_transaction(titles) == pages and len(pages) == 2  # root + home page
    response = client.get("/", HTTP_HOST=site.primary_hostname)
    assert response.status_code == 200 and "Tỉnh Sao Lưu" in response.content.decode()
