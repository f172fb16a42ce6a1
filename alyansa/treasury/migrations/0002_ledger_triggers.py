"""The database itself keeps the ledger whole, on SQLite and PostgreSQL alike:

- an entry posts (its EntryPosting row is inserted) only if it has two legs or more and the
  legs of each currency add up to zero;
- a posted entry's legs cannot be added to, nor the entry's own figures changed, nor the
  posting; a leg is never changed at all, and carries its entry's date (which cannot change
  once the entry has legs);
- on PostgreSQL they cannot be deleted either. SQLite has no statement that empties a table
  without running row triggers (Django's flush, used by `alyansa restore --replace` and the
  tests, deletes row by row), so there the services are the only guard against deletion: none
  of them deletes (docs/decisions/0004-ledger.md).

Amounts are whole numbers of minor units, so the sums are exact on both databases.
"""

from django.db import migrations

REFUSE_POSTED = "treasury: the entry is posted; correct it with a reversing entry"
REFUSE_UNBALANCED = "treasury: an entry posts only with two legs or more that balance in every currency"
REFUSE_POSTING = "treasury: a posting never changes"
REFUSE_LEG_CHANGE = "treasury: a leg never changes"
REFUSE_DATE = "treasury: a leg carries the date of its entry"

# The columns that say what an entry is; others (who recorded it) may be blanked when an
# account is deleted.
ENTRY_FIGURES = (
    "date, kind, description, organization_id, dues_year, due_on, method, reference, "
    "assembly_id, decision_id, reverses_id"
)

UNBALANCED_SQL = (
    "(SELECT COUNT(*) FROM treasury_leg WHERE entry_id = {id}) < 2 OR EXISTS ("
    "SELECT 1 FROM treasury_leg WHERE entry_id = {id} "
    "GROUP BY currency HAVING SUM(amount_minor) <> 0)"
)

SQLITE = [
    f"""CREATE TRIGGER trs_leg_insert BEFORE INSERT ON treasury_leg
    WHEN EXISTS (SELECT 1 FROM treasury_entryposting WHERE entry_id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, '{REFUSE_POSTED}'); END""",
    f"""CREATE TRIGGER trs_leg_date BEFORE INSERT ON treasury_leg
    WHEN NEW.date IS NOT (SELECT date FROM treasury_entry WHERE id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, '{REFUSE_DATE}'); END""",
    f"""CREATE TRIGGER trs_leg_update BEFORE UPDATE ON treasury_leg
    BEGIN SELECT RAISE(ABORT, '{REFUSE_LEG_CHANGE}'); END""",
    f"""CREATE TRIGGER trs_posting_insert BEFORE INSERT ON treasury_entryposting
    WHEN {UNBALANCED_SQL.format(id="NEW.entry_id")}
    BEGIN SELECT RAISE(ABORT, '{REFUSE_UNBALANCED}'); END""",
    f"""CREATE TRIGGER trs_posting_update BEFORE UPDATE OF entry_id, posted_at
    ON treasury_entryposting
    BEGIN SELECT RAISE(ABORT, '{REFUSE_POSTING}'); END""",
    f"""CREATE TRIGGER trs_entry_update BEFORE UPDATE OF {ENTRY_FIGURES} ON treasury_entry
    WHEN EXISTS (SELECT 1 FROM treasury_entryposting WHERE entry_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{REFUSE_POSTED}'); END""",
    f"""CREATE TRIGGER trs_entry_date BEFORE UPDATE OF date ON treasury_entry
    WHEN NEW.date IS NOT OLD.date
     AND EXISTS (SELECT 1 FROM treasury_leg WHERE entry_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{REFUSE_DATE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS trs_leg_insert",
    "DROP TRIGGER IF EXISTS trs_leg_date",
    "DROP TRIGGER IF EXISTS trs_leg_update",
    "DROP TRIGGER IF EXISTS trs_posting_insert",
    "DROP TRIGGER IF EXISTS trs_posting_update",
    "DROP TRIGGER IF EXISTS trs_entry_update",
    "DROP TRIGGER IF EXISTS trs_entry_date",
]

# On PostgreSQL each check first locks the entry's row, so that a leg written by one
# transaction and the posting written by another cannot pass their checks at the same time.
POSTGRESQL = [
    f"""CREATE FUNCTION treasury_guard_leg() RETURNS trigger AS $$
    DECLARE target bigint;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION '{REFUSE_LEG_CHANGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        target := CASE WHEN TG_OP = 'DELETE' THEN OLD.entry_id ELSE NEW.entry_id END;
        PERFORM 1 FROM treasury_entry WHERE id = target FOR UPDATE;
        IF EXISTS (SELECT 1 FROM treasury_entryposting WHERE entry_id = target) THEN
            RAISE EXCEPTION '{REFUSE_POSTED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'INSERT' AND NEW.date IS DISTINCT FROM (
            SELECT date FROM treasury_entry WHERE id = NEW.entry_id) THEN
            RAISE EXCEPTION '{REFUSE_DATE}'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER trs_leg_guard BEFORE INSERT OR UPDATE OR DELETE ON treasury_leg
    FOR EACH ROW EXECUTE FUNCTION treasury_guard_leg()""",
    f"""CREATE FUNCTION treasury_guard_posting() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            RAISE EXCEPTION '{REFUSE_POSTING}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        PERFORM 1 FROM treasury_entry WHERE id = NEW.entry_id FOR UPDATE;
        IF {UNBALANCED_SQL.format(id="NEW.entry_id")} THEN
            RAISE EXCEPTION '{REFUSE_UNBALANCED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER trs_posting_insert BEFORE INSERT ON treasury_entryposting
    FOR EACH ROW EXECUTE FUNCTION treasury_guard_posting()""",
    """CREATE TRIGGER trs_posting_change BEFORE UPDATE OF entry_id, posted_at OR DELETE
    ON treasury_entryposting FOR EACH ROW EXECUTE FUNCTION treasury_guard_posting()""",
    f"""CREATE FUNCTION treasury_guard_entry() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM treasury_entryposting WHERE entry_id = OLD.id) THEN
            RAISE EXCEPTION '{REFUSE_POSTED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.date IS DISTINCT FROM OLD.date
           AND EXISTS (SELECT 1 FROM treasury_leg WHERE entry_id = OLD.id) THEN
            RAISE EXCEPTION '{REFUSE_DATE}'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER trs_entry_guard BEFORE UPDATE OF {ENTRY_FIGURES} OR DELETE
    ON treasury_entry FOR EACH ROW EXECUTE FUNCTION treasury_guard_entry()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS trs_entry_guard ON treasury_entry",
    "DROP TRIGGER IF EXISTS trs_posting_change ON treasury_entryposting",
    "DROP TRIGGER IF EXISTS trs_posting_insert ON treasury_entryposting",
    "DROP TRIGGER IF EXISTS trs_leg_guard ON treasury_leg",
    "DROP FUNCTION IF EXISTS treasury_guard_entry()",
    "DROP FUNCTION IF EXISTS treasury_guard_posting()",
    "DROP FUNCTION IF EXISTS treasury_guard_leg()",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError("The treasury's ledger needs SQLite or PostgreSQL.")
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("treasury", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
