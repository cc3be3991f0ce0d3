from django.db import migrations

from accord.knowledge import reference_data, search


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(reference_data.load, migrations.RunPython.noop),
        # SQLite: the FTS5 table; PostgreSQL: the GIN index on search_vector (see search.py).
        migrations.RunPython(search.create_index_structures, search.drop_index_structures),
    ]
