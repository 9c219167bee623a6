"""On PostgreSQL, the audit log refuses UPDATE and DELETE at the database level."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE OR REPLACE FUNCTION community_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'community_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER community_auditevent_append_only
    BEFORE UPDATE OR DELETE ON community_auditevent
    FOR EACH ROW EXECUTE FUNCTION community_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS community_auditevent_append_only ON community_auditevent;
DROP FUNCTION IF EXISTS community_auditevent_append_only();
"""


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
