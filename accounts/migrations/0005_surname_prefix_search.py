"""An index for surname searches by prefix (the admin queue), on PostgreSQL.

``UPPER(last_name) LIKE 'PÉR%'`` (Django's ``istartswith``) uses a btree index only with
the ``varchar_pattern_ops`` operator class, which is PostgreSQL's; SQLite needs none.
"""

from django.db import migrations

INDEX = "accounts_user_last_name_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user (UPPER("last_name") varchar_pattern_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_identity_evidence_retention")]
    operations = [migrations.RunPython(create, drop)]
