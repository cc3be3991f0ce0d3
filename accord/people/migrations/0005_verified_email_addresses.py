"""Every existing account gets its address as a verified, primary allauth EmailAddress, so that
single sign-on matched by email no longer wipes its password (accord.people.emails)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("people", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.only("pk", "email").iterator():
        EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_login_throttling"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
