from django.db import migrations, models


def chain_existing(apps, schema_editor):
    """Give records written before the chain existed their place in it, oldest first."""
    from accord.core.audit_chain import GENESIS, compute_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Head = apps.get_model("core", "AuditChainHead")
    db = schema_editor.connection.alias
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(db).all()}
    sequence, previous, batch = 0, GENESIS, []
    for row in AuditEvent.objects.using(db).order_by("at", "id").iterator(chunk_size=2000):
        sequence += 1
        row.sequence = sequence
        row.prev_hash = previous
        row.hash = compute_hash(row, content_type_label=labels[row.content_type_id])
        previous = row.hash
        batch.append(row)
        if len(batch) >= 2000:
            AuditEvent.objects.using(db).bulk_update(batch, ["sequence", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.using(db).bulk_update(batch, ["sequence", "prev_hash", "hash"])
    Head.objects.using(db).update_or_create(
        pk=1, defaults={"sequence": sequence, "hash": previous if sequence else ""}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_stored_file"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.BigIntegerField(default=0)),
                ("hash", models.CharField(default="", max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(editable=False, unique=True),
        ),
    ]
