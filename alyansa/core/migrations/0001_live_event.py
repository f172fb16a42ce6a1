from django.db import migrations

# The latest live event of each channel, for PostgreSQL without Redis (alyansa/core/live.py).
# A table without a model: it is transient state, so backups leave it out. On SQLite it exists
# but stays empty (events are passed in-process).


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE TABLE alyansa_live_event (
                    channel varchar(100) NOT NULL PRIMARY KEY,
                    id bigint NOT NULL,
                    event varchar(50) NOT NULL,
                    data text NOT NULL
                )
            """,
            reverse_sql="DROP TABLE alyansa_live_event",
        )
    ]
