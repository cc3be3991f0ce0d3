import django.utils.timezone
from django.db import migrations, models


def keep_legacy_head(apps, schema_editor):
    """The one head so far becomes the legacy chain's; a trail that was still empty has none."""
    from django.core.management.color import no_style

    Head = apps.get_model("core", "AuditChainHead")
    connection = schema_editor.connection
    Head.objects.using(connection.alias).filter(chain="legacy", sequence=0).delete()
    # The head was inserted as id 1 explicitly, which PostgreSQL's id sequence never saw: the
    # first new chain's head would collide with it.
    for statement in connection.ops.sequence_reset_sql(no_style(), [Head]):
        schema_editor.execute(statement)


def guard_anchors(apps, schema_editor):
    from accord.core import audit_chain

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(audit_chain.POSTGRES_GUARD)
        schema_editor.execute(audit_chain.POSTGRES_ANCHOR_GUARD)
    elif vendor == "sqlite":
        # Rebuilding the trail's table above dropped its triggers on SQLite: put them back.
        for statement in audit_chain.SQLITE_GUARD + audit_chain.SQLITE_ANCHOR_GUARD:
            schema_editor.execute(statement)


def unguard_anchors(apps, schema_editor):
    from accord.core import audit_chain

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(audit_chain.POSTGRES_ANCHOR_UNGUARD)
    elif vendor == "sqlite":
        for statement in audit_chain.SQLITE_ANCHOR_UNGUARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """One hash chain per alliance (and one for records about no alliance) instead of one for
    the whole deployment. Records written so far are not rewritten: they keep their sequence
    and hashes as the frozen "legacy" chain, so they (and old backups) verify as before."""

    dependencies = [("core", "0008_scheduled_run_outcome")]

    operations = [
        # Existing rows get "legacy" from the column default (no UPDATE: the trail is guarded).
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(default="legacy", editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(editable=False, help_text="Place in its chain."),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "sequence"), name="audit_event_chain_place"
            ),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.CharField(default="legacy", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(keep_legacy_head, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditchainhead",
            name="chain",
            field=models.CharField(max_length=40, unique=True),
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.BigIntegerField(editable=False, unique=True)),
                ("at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("heads", models.TextField(editable=False)),
                ("prev_hash", models.CharField(editable=False, max_length=64)),
                ("hash", models.CharField(editable=False, max_length=64)),
            ],
            options={"ordering": ["-sequence"]},
        ),
        migrations.RunPython(guard_anchors, unguard_anchors),
    ]
