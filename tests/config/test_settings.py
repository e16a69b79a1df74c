"""Settings come from the environment; production refuses unsafe configurations."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from oidc.management.commands.make_oidc_key import new_private_key_pem

ROOT = settings.BASE_DIR


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.gt",
        CERTIFICATE_TSA_URL="https://tsa.example.gt/tsr",
        OIDC_RSA_PRIVATE_KEY=new_private_key_pem().decode(),
        OIDC_PAIRWISE_SALT=secrets.token_urlsafe(32),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_no_time_stamping_authority_is_configured():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.gt",
        CERTIFICATE_TSA_URL="",
    )
    assert "requests_app.W001" in result.stdout + result.stderr
    assert "sellado de tiempo" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="x.gt")
    assert result.returncode != 0
    assert "SECRET_KEY es obligatoria" in result.stderr


def production_python(code: str) -> list[str]:
    """What ``code`` prints, split in words, run by Python in a process of its own with the production settings."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "x.gt",
        "DATABASE_URL": "postgres://u@db.internal:5432/portal",
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout.split()


def test_production_hashes_passwords_with_argon2_and_speaks_spanish():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PASSWORD_HASHERS[0], s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'])"
    )
    output = production_python(code)
    assert output == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "es-gt",
        "America/Guatemala",
        "config.postgresql",  # Django's, with a health check that costs no round trip
    ]


@pytest.mark.django_db
def test_health_check_answers_ok(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json()["estado"] == "ok"  # each check and the outages: tests/ops/test_health.py
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unknown_pages_get_a_spanish_404(client, home_page):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_production_refuses_the_captcha_test_mode():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x.gt",
        CAPTCHA_TEST_MODE="1",
    )
    assert result.returncode != 0
    assert "CAPTCHA_TEST_MODE" in result.stderr


def test_what_the_web_process_loaded_at_start_is_out_of_the_garbage_collectors_reach():
    """config.wsgi freezes what Django loaded: a full collection then walks only what requests leave behind."""
    code = "import gc, config.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    output = production_python(code)
    frozen, still_tracked = map(int, output)
    assert frozen > 100_000
    assert still_tracked < frozen / 10
