# The full-text index: an FTS5 virtual table on SQLite, a tsvector table with a GIN index on
# PostgreSQL (see alyansa/core/search.py). Schema only; no data is written here.
from django.db import migrations

from alyansa.core.search import CreateFullTextIndex, FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]

    operations = [CreateFullTextIndex(FullTextIndex("statements_search"))]
