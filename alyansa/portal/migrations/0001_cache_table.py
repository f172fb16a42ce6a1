"""The shared cache table, when the cache is the database (PostgreSQL without Redis).

`createcachetable` is not part of `migrate`; running it here means every database that is
migrated, the tests' included, has the table the rate limits need.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
