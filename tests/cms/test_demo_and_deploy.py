"""load_demo is idempotent; production settings pass Django's deploy checks; migrations are complete."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Revision, Workflow

from cms.models import AgreementPage, KPITemplatePage, Organisation

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first

ROOT = Path(__file__).resolve().parents[2]


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "workflows": Workflow.objects.count(),
        "organisations": Organisation.objects.count(),
        "passwords": sorted(get_user_model().objects.values_list("password", flat=True)),
    }


def test_demo_has_the_promised_shape(db):
    units = Organisation.objects.filter(level=Organisation.UNIT)
    assert units.count() >= 8 and units.values("group").distinct().count() >= 2
    kinds = set(KPITemplatePage.objects.values_list("kind", flat=True))
    assert kinds == {"quantitative", "qualitative", "milestone"} and KPITemplatePage.objects.count() >= 12
    # one agreement per unit, per department, and the ministry's and the mission group's
    departments = Organisation.objects.filter(level=Organisation.DEPARTMENT)
    assert AgreementPage.objects.live().count() == units.count() + departments.count() + 2
    agreed = {page.organisation.level for page in AgreementPage.objects.live()}
    assert agreed == {Organisation.MINISTRY, Organisation.MISSION_GROUP, Organisation.DEPARTMENT, Organisation.UNIT}


def test_load_demo_twice_changes_nothing(db):
    before = snapshot()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert snapshot() == before


def run_manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "DJANGO_SETTINGS_MODULE": "khamrap.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-long-random-production-secret-key-value-0123456789",
        "DJANGO_ALLOWED_HOSTS": "khamrap.example.go.th",
        "KHAMRAP_VAR_DIR": str(tmp_path),
    })
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "khamrap.settings.production", "KHAMRAP_VAR_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_migrations_are_complete():
    result = run_manage("makemigrations", "--check", "--dry-run", env_extra={"DJANGO_SETTINGS_MODULE": "khamrap.settings.test"})
    assert result.returncode == 0, result.stdout + result.stderr
