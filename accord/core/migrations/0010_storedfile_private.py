from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0009_audit_chain_per_alliance")]

    operations = [
        migrations.AddField(
            model_name="storedfile",
            name="private",
            field=models.BooleanField(default=False),
        ),
    ]
