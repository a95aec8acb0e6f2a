"""Study periods stay inside their academic year and never overlap each other.

The rule spans two tables, which a CHECK constraint cannot express, so it lives in
triggers on both database engines we support. The messages reach Python as
IntegrityError; forms check the same rule first to show it in Russian."""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER learners_period_insert BEFORE INSERT ON learners_studyperiod
    BEGIN
      SELECT RAISE(ABORT, 'study period outside its academic year')
      WHERE NOT EXISTS (SELECT 1 FROM learners_academicyear y WHERE y.id = NEW.year_id
                        AND NEW.starts_on >= y.starts_on AND NEW.ends_on <= y.ends_on);
      SELECT RAISE(ABORT, 'study periods overlap')
      WHERE EXISTS (SELECT 1 FROM learners_studyperiod p WHERE p.year_id = NEW.year_id
                    AND p.starts_on <= NEW.ends_on AND NEW.starts_on <= p.ends_on);
    END
    """,
    """
    CREATE TRIGGER learners_period_update BEFORE UPDATE ON learners_studyperiod
    BEGIN
      SELECT RAISE(ABORT, 'study period outside its academic year')
      WHERE NOT EXISTS (SELECT 1 FROM learners_academicyear y WHERE y.id = NEW.year_id
                        AND NEW.starts_on >= y.starts_on AND NEW.ends_on <= y.ends_on);
      SELECT RAISE(ABORT, 'study periods overlap')
      WHERE EXISTS (SELECT 1 FROM learners_studyperiod p WHERE p.year_id = NEW.year_id
                    AND p.id <> NEW.id
                    AND p.starts_on <= NEW.ends_on AND NEW.starts_on <= p.ends_on);
    END
    """,
    """
    CREATE TRIGGER learners_year_update BEFORE UPDATE ON learners_academicyear
    BEGIN
      SELECT RAISE(ABORT, 'study period outside its academic year')
      WHERE EXISTS (SELECT 1 FROM learners_studyperiod p WHERE p.year_id = NEW.id
                    AND (p.starts_on < NEW.starts_on OR p.ends_on > NEW.ends_on));
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS learners_period_insert",
    "DROP TRIGGER IF EXISTS learners_period_update",
    "DROP TRIGGER IF EXISTS learners_year_update",
]

POSTGRES = [
    """
    CREATE FUNCTION learners_period_check() RETURNS trigger AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM learners_academicyear y WHERE y.id = NEW.year_id
                     AND NEW.starts_on >= y.starts_on AND NEW.ends_on <= y.ends_on) THEN
        RAISE EXCEPTION 'study period outside its academic year' USING ERRCODE = '23514';
      END IF;
      -- Serialise period edits of one year so two sessions cannot both pass the check.
      PERFORM 1 FROM learners_academicyear WHERE id = NEW.year_id FOR UPDATE;
      IF EXISTS (SELECT 1 FROM learners_studyperiod p WHERE p.year_id = NEW.year_id
                 AND p.id IS DISTINCT FROM NEW.id
                 AND p.starts_on <= NEW.ends_on AND NEW.starts_on <= p.ends_on) THEN
        RAISE EXCEPTION 'study periods overlap' USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER learners_period_check BEFORE INSERT OR UPDATE ON learners_studyperiod
    FOR EACH ROW EXECUTE FUNCTION learners_period_check()
    """,
    """
    CREATE FUNCTION learners_year_check() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM learners_studyperiod p WHERE p.year_id = NEW.id
                 AND (p.starts_on < NEW.starts_on OR p.ends_on > NEW.ends_on)) THEN
        RAISE EXCEPTION 'study period outside its academic year' USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER learners_year_check BEFORE UPDATE ON learners_academicyear
    FOR EACH ROW EXECUTE FUNCTION learners_year_check()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS learners_period_check ON learners_studyperiod",
    "DROP FUNCTION IF EXISTS learners_period_check()",
    "DROP TRIGGER IF EXISTS learners_year_check ON learners_academicyear",
    "DROP FUNCTION IF EXISTS learners_year_check()",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"Uchet supports SQLite and PostgreSQL, not {schema_editor.connection.vendor}."
            )
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("learners", "0002_roles_and_scales")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
