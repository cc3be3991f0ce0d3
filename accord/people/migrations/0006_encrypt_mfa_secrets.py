"""Encrypt the TOTP secrets and recovery-code seeds stored in clear (accord.people.encryption).

Needs ACCORD_FIELD_ENCRYPTION_KEY in production (the development key is derived)."""

from django.db import migrations

from accord.people import encryption

# Where each kind of authenticator keeps its secrets in `data`.
SECRET_KEYS = {"totp": ["secret"], "recovery_codes": ["seed"]}


def _convert(apps, convert, wanted_encrypted: bool):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(SECRET_KEYS)):
        data = dict(authenticator.data)
        changed = False
        for key in SECRET_KEYS[authenticator.type]:
            value = data.get(key)
            if isinstance(value, str) and encryption.is_encrypted(value) != wanted_encrypted:
                data[key] = convert(value)
                changed = True
        codes = data.get("migrated_codes")
        if isinstance(codes, list):
            new = [
                convert(c) if encryption.is_encrypted(c) != wanted_encrypted else c for c in codes
            ]
            changed = changed or new != codes
            data["migrated_codes"] = new
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def forwards(apps, schema_editor):
    _convert(apps, encryption.encrypt, wanted_encrypted=True)


def backwards(apps, schema_editor):
    _convert(apps, encryption.decrypt, wanted_encrypted=False)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_verified_email_addresses"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
