# The full-text index becomes one document per statement, keyed newest first (see
# alyansa/core/search.py). Schema only: `migrate` refills the index afterwards
# (alyansa/statements/apps.py), as `alyansa rebuild_statement_search` does.
from django.db import migrations

from alyansa.core.search import CreateFullTextIndex, FullTextIndex, RemoveFullTextIndex

INDEX = FullTextIndex("statements_search")


class Migration(migrations.Migration):
    dependencies = [("statements", "0006_date_index")]

    operations = [RemoveFullTextIndex(INDEX), CreateFullTextIndex(INDEX)]
