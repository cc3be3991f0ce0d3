"""TOTP secrets are encrypted at rest (ACCORD_FIELD_ENCRYPTION_KEY): not in the database in
clear, nor in its backups; sign-in with the authenticator app works as before."""

import base64
import hashlib
import subprocess
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client

from accord.people import encryption

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def current_code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def stored(user, kind) -> dict:
    return Authenticator.objects.values_list("data", flat=True).get(user=user, type=kind)


def test_the_stored_totp_secret_is_encrypted_and_sign_in_still_works(world):
    TOTP.activate(world.manager_a, SECRET)
    RecoveryCodes.activate(world.manager_a)
    data = stored(world.manager_a, Authenticator.Type.TOTP)
    assert set(data) == {"secret"}
    assert SECRET not in str(data) and data["secret"].startswith("fernet:")
    assert encryption.decrypt(data["secret"]) == SECRET
    seed = stored(world.manager_a, Authenticator.Type.RECOVERY_CODES)["seed"]
    assert seed.startswith("fernet:")
    # The database text of the table, as any copy of it would hold it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator")
        raw = " ".join(str(row[0]) for row in cursor.fetchall())
    assert SECRET not in raw and "fernet:" in raw

    client = Client()
    response = client.post(
        "/accounts/login/", {"login": world.manager_a.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.manager_a.pk)


def test_keys_rotate_and_a_wrong_key_is_a_clear_error(world, settings):
    old = settings.ACCORD_FIELD_ENCRYPTION_KEYS[0]
    TOTP.activate(world.manager_b, SECRET)
    new = Fernet.generate_key().decode()
    settings.ACCORD_FIELD_ENCRYPTION_KEYS = [new, old]
    authenticator = Authenticator.objects.get(user=world.manager_b, type="totp")
    assert TOTP(authenticator).validate_code(current_code())
    assert encryption.decrypt(encryption.encrypt("x"), keys=[new]) == "x"
    settings.ACCORD_FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(ImproperlyConfigured, match="does not decrypt"):
        encryption.decrypt(authenticator.data["secret"])
    with pytest.raises(ValueError, match="not encrypted"):
        encryption.decrypt(SECRET)
    settings.ACCORD_FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="Set ACCORD_FIELD_ENCRYPTION_KEY"):
        encryption.encrypt(SECRET)


def test_the_development_key_is_derived_from_the_secret_key_and_production_is_warned(settings):
    derived = base64.urlsafe_b64encode(
        hashlib.sha256(f"accord-field-encryption:{settings.SECRET_KEY}".encode()).digest()
    ).decode()
    keys = settings.ACCORD_FIELD_ENCRYPTION_KEYS
    assert keys == [derived]
    assert settings.ACCORD_FIELD_ENCRYPTION_KEY_DERIVED is True
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "people.W001" in ids
    settings.ACCORD_FIELD_ENCRYPTION_KEY_DERIVED = False
    settings.ACCORD_FIELD_ENCRYPTION_KEYS = ["not a key"]
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "people.E001" in ids and "people.W001" not in ids
    settings.ACCORD_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "people.E001" not in ids and "people.W001" not in ids


def test_production_without_a_key_has_none(tmp_path):
    import sys

    from django.conf import settings as django_settings

    script = (
        "from django.conf import settings; "
        "print(settings.ACCORD_FIELD_ENCRYPTION_KEYS, settings.ACCORD_FIELD_ENCRYPTION_KEY_DERIVED)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "accord.config.settings",
        "ACCORD_SECRET_KEY": "x" * 60,
        "ACCORD_DEBUG": "0",
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=str(django_settings.BASE_DIR),
    )
    assert out.stdout.strip() == "[] False"


@pytest.mark.slow  # runs the deploy checks in a subprocess: about ten seconds
def test_check_deploy_warns_when_production_has_no_key(tmp_path):
    import sys

    from django.conf import settings as django_settings

    from accord.core.tests.test_hardening import production_env

    env = production_env(tmp_path)
    del env["ACCORD_FIELD_ENCRYPTION_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "accord", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(django_settings.BASE_DIR),
        check=False,
    )
    assert result.returncode == 1
    assert "(people.W001) ACCORD_FIELD_ENCRYPTION_KEY is not set" in result.stderr


def test_the_migration_encrypts_secrets_stored_in_clear(world):
    from importlib import import_module

    migration = import_module("accord.people.migrations.0006_encrypt_mfa_secrets")
    totp = Authenticator.objects.create(user=world.manager_a, type="totp", data={"secret": SECRET})
    codes = Authenticator.objects.create(
        user=world.manager_a,
        type="recovery_codes",
        data={"seed": "00112233445566778899aabbccddeeff00112233", "used_mask": 0},
    )
    migration.forwards(apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"].startswith("fernet:") and SECRET not in str(totp.data)
    assert encryption.decrypt(totp.data["secret"]) == SECRET
    assert codes.data["used_mask"] == 0
    assert encryption.decrypt(codes.data["seed"]) == "00112233445566778899aabbccddeeff00112233"
    assert TOTP(totp).validate_code(current_code())
    migration.forwards(apps, None)  # run twice: already encrypted values stay as they are
    totp.refresh_from_db()
    assert encryption.decrypt(totp.data["secret"]) == SECRET
    migration.backwards(apps, None)
    totp.refresh_from_db()
    assert totp.data == {"secret": SECRET}


@pytest.mark.django_db(transaction=True)
def test_a_backup_does_not_carry_the_secret_in_clear(world, tmp_path, settings):
    from accord.core.backup import backup

    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    TOTP.activate(world.manager_a, SECRET)
    # A control that the scan reads the data: a value stored in clear is found.
    world.manager_a.title = "Canary-7f3a9 title"
    world.manager_a.save(update_fields=["title"])
    result = backup(tmp_path / "backups")
    text = b""
    for path in result.path.rglob("*"):
        if not path.is_file():
            continue
        if path.name == "db.dump":  # PostgreSQL's custom format is compressed: read it as SQL
            text += subprocess.run(
                ["pg_restore", "-f", "-", str(path)], capture_output=True, check=True
            ).stdout
        else:
            text += path.read_bytes()
    assert b"Canary-7f3a9 title" in text
    assert SECRET.encode() not in text
    assert b"fernet:" in text
