"""Numbers of requests kept by the database itself, per the columns counted (migrations 0012 and 0013).

Triggers on the requests' table move them in the same transaction as every insert, delete and
change of a counted column, whatever writes it (the ORM, a bulk update, plain SQL):

- PostgreSQL: one statement-level trigger per operation, reading the rows it changed as
  transition tables, so a million-row ``INSERT … SELECT`` moves each number once. The counts'
  rows are upserted in the order of their keys (no deadlock between two transactions moving
  requests in opposite directions) and not touched at all by an update that moves nothing (the
  wizard's saves). ``TRUNCATE`` empties them.
- SQLite: row-level triggers (one writer at a time: no locking order to keep).
- Other databases: no triggers; ``requests_app.prepared`` counts the rows there.

Django's migration loader skips a module whose name starts with "_": this one is not a migration,
and, like one, it must not change what it installs (write a new helper for a new shape).
"""

REQUESTS = "requests_app_certificationrequest"


class KeptCounts:
    def __init__(self, counts: str, function: str, keys: tuple[str, ...]):
        """``counts``: the table of the numbers, unique on ``keys`` (columns of the requests' table, named alike)."""
        self.counts, self.function, self.keys = counts, function, keys
        self.columns = ", ".join(keys)

    def postgresql_move(self, moved: str) -> str:
        return f"""
    INSERT INTO {self.counts} AS kept ({self.columns}, count)
    SELECT {self.columns}, sum(delta) FROM ({moved}) moved
    GROUP BY {self.columns} HAVING sum(delta) <> 0 ORDER BY {self.columns}
    ON CONFLICT ({self.columns}) DO UPDATE SET count = kept.count + EXCLUDED.count;
"""

    def postgresql(self) -> list[str]:
        added = f"SELECT {self.columns}, 1 AS delta FROM new_rows"
        taken = f"SELECT {self.columns}, -1 AS delta FROM old_rows"
        function = self.function
        return [
            f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {self.postgresql_move(added)}
    ELSIF TG_OP = 'DELETE' THEN
        {self.postgresql_move(taken)}
    ELSIF TG_OP = 'UPDATE' THEN
        {self.postgresql_move(f"{added} UNION ALL {taken}")}
    ELSE
        DELETE FROM {self.counts};
    END IF;
    RETURN NULL;
END
$$""",
            f"CREATE TRIGGER {function}_insert AFTER INSERT ON {REQUESTS} "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {function}_update AFTER UPDATE ON {REQUESTS} "
            f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {function}_delete AFTER DELETE ON {REQUESTS} "
            f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {function}_truncate AFTER TRUNCATE ON {REQUESTS} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]

    def sqlite(self) -> list[str]:
        new = ", ".join(f"NEW.{key}" for key in self.keys)
        add = (
            f"INSERT INTO {self.counts} ({self.columns}, count) VALUES ({new}, 1) "
            f"ON CONFLICT ({self.columns}) DO UPDATE SET count = count + 1;"
        )
        matching_old = " AND ".join(f"{key} = OLD.{key}" for key in self.keys)
        take = f"UPDATE {self.counts} SET count = count - 1 WHERE {matching_old};"
        moved = " OR ".join(f"OLD.{key} <> NEW.{key}" for key in self.keys)
        function = self.function
        return [
            f"CREATE TRIGGER IF NOT EXISTS {function}_insert AFTER INSERT ON {REQUESTS} BEGIN {add} END;",
            f"CREATE TRIGGER IF NOT EXISTS {function}_delete AFTER DELETE ON {REQUESTS} BEGIN {take} END;",
            f"CREATE TRIGGER IF NOT EXISTS {function}_update AFTER UPDATE OF {self.columns} ON {REQUESTS} "
            f"WHEN {moved} BEGIN {take} {add} END;",
        ]

    def install(self, apps, schema_editor):
        """The triggers, and the requests there already are counted (on PostgreSQL under a lock that lets reads
        through but holds writes back until the migration commits, so none is missed or counted twice)."""
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            statements = [f"LOCK TABLE {REQUESTS} IN SHARE ROW EXCLUSIVE MODE", *self.postgresql()]
        elif vendor == "sqlite":
            statements = self.sqlite()
        else:
            return
        count_existing = (
            f"INSERT INTO {self.counts} ({self.columns}, count) "
            f"SELECT {self.columns}, COUNT(*) FROM {REQUESTS} GROUP BY {self.columns}"
        )
        for statement in [*statements, count_existing]:
            schema_editor.execute(statement)

    def remove(self, apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {self.function}() CASCADE;")
        elif vendor == "sqlite":
            for operation in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.function}_{operation};")
