from django.db import migrations

from accord.portfolio import reference_data


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]

    operations = [migrations.RunPython(reference_data.load, migrations.RunPython.noop)]
