from django.db import migrations


def guard(apps, schema_editor):
    from accord.core import audit_chain

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(audit_chain.POSTGRES_GUARD)
    elif vendor == "sqlite":
        for statement in audit_chain.SQLITE_GUARD:
            schema_editor.execute(statement)


def unguard(apps, schema_editor):
    from accord.core import audit_chain

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(audit_chain.POSTGRES_UNGUARD)
    elif vendor == "sqlite":
        for statement in audit_chain.SQLITE_UNGUARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_hash_chain")]

    # UPDATE and DELETE on the audit trail are refused by the database itself.
    operations = [migrations.RunPython(guard, unguard)]
