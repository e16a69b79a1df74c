"""Queries whose SQL the ORM builds once per process; each run only sends it with new values.

Building the SQL of a query on a wide model (its filters, joins and ordering) costs the ORM
several times more CPU than the database takes to answer it through an index. The pages every
person loads again and again run the same few queries with only the values changing (who is
asking, which request), so they keep them here:

    own_request = PreparedQuery(
        lambda applicant, pk: CertificationRequest.objects.filter(applicant=applicant, pk=pk),
        related={"third_party": None},
    )
    own_request.first(user.pk, 42)

``build`` receives stand-in values (numbers no query uses) and returns the queryset; the
statement is compiled from it once per database, and each run puts the real values where the
stand-ins were. Rows become model instances through ``Model.from_db`` after each column's
database converters, as the ORM does; the relations named in ``related`` (forward foreign keys
or reverse one-to-ones) and the ``annotations`` named come in the same query and are set on
each instance. A page that only shows a few values of many rows can ask for a lighter ``row``
class instead of the model (building a model instance visits every field of the model), and for lighter rows of
its relations too (``related_rows``).
"""

import inspect

from django.db import connections, router
from django.utils.functional import cached_property

STAND_IN = -1_987_654_000  # the first stand-in; the next ones count down from it
SPELLED_KEPT = 32  # windows of a statement whose SQL is kept spelled for the cursor


class PreparedQuery:
    def __init__(
        self, build, *, fields=None, related=None, related_rows=None, annotations=(), row=None, per_row=(), child=None
    ):
        """``fields``: attnames of the model to read (all by default); ``related``: ``{relation: attnames or None}``;
        ``annotations``: names of the queryset's annotations to read, set as attributes of each instance; ``row``: a
        class each row is built with instead of the model, given as keywords the attnames read, each relation (its
        instance or None) and the annotations; ``related_rows``: ``{relation: class}``, a class a relation's row is
        built with instead of its model, given as keywords the attnames read of it (its primary key's first);
        ``per_row``: names of a joined child's values, the first its key,
        read by ``first_with_children`` only; ``child``: what builds a child from them, ``child(values, db)``."""
        self.build = build
        self.arity = len(inspect.signature(build).parameters)
        self.fields = fields
        self.related = related or {}
        self.related_rows = related_rows or {}
        self.annotations = annotations
        self.row = row
        self.per_row = per_row
        self.child = child
        self.statements = {}

    def rows(self, *values, limit=None, offset=0, using=None) -> list:
        return self.statement(using).rows(values, limit, offset)

    def first(self, *values, using=None):
        found = self.rows(*values, limit=1, using=using)
        return found[0] if found else None

    def first_with_children(self, *values, using=None) -> tuple[object | None, list]:
        """For a row joined to its children (one row per child, as a ``LEFT JOIN`` gives; one row with no child, its
        ``per_row`` values ``None``, when it has none): the row, built once from the first, and its children, built by
        ``child`` from each row's ``per_row`` values. One query where reading the row and then its children takes two;
        ``(None, [])`` when nothing matches."""
        return self.statement(using).first_with_children(values)

    def count(self, *values, limit=None, using=None) -> int:
        """How many rows match, counting at most ``limit`` of them when given."""
        return self.statement(using).count(values, limit)

    def statement(self, using=None) -> "_Statement":
        """The compiled statement for ``using`` (the router's database for reading by default)."""
        statement = self.statements.get(using)
        if statement is None:
            stand_ins = [STAND_IN - index for index in range(self.arity)]
            queryset = self.build(*stand_ins)
            db = using or router.db_for_read(queryset.model)
            statement = self.statements[using] = _Statement(self, queryset, stand_ins, db)
        return statement


class _Statement:
    """One ``PreparedQuery`` compiled for one database."""

    def __init__(self, prepared, queryset, stand_ins, db):
        self.db = db
        self.model = model = queryset.model
        self.parts = [(None, model, _fields(model, prepared.fields))]
        for name, attnames in prepared.related.items():
            related_model = model._meta.get_field(name).related_model
            self.parts.append((name, related_model, _fields(related_model, attnames, keep_pk=True)))
        self.columns = [
            (
                name,
                None if name is None else _row_maker(model, prepared.related_rows.get(name), db),
                [field.attname for field in fields],
            )
            for name, model, fields in self.parts
        ]
        self.annotations = list(prepared.annotations)
        self.row = prepared.row
        self.child = prepared.child
        lookups = []
        for name, _model, fields in self.parts:
            lookups += [field.attname if name is None else f"{name}__{field.attname}" for field in fields]
        self.per_row_start = len(lookups) + len(self.annotations)
        compiler = queryset.values_list(*lookups, *self.annotations, *prepared.per_row).query.get_compiler(using=db)
        self.sql, params = compiler.as_sql()
        self.plan = _parameter_plan(params, stand_ins)
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select]).items()
        self.converters = [(index, found) for index, found in converters if index < self.per_row_start]
        self.per_row_converters = [(index, found) for index, found in converters if index >= self.per_row_start]
        self.counted_sql, count_params = queryset.order_by().values("pk").query.sql_with_params()
        self.count_sql = f"SELECT COUNT(*) FROM ({self.counted_sql}) counted"  # noqa: S608 (SQL built by the ORM)
        self.count_plan = _parameter_plan(count_params, stand_ins)
        self.spelled = {}  # the SQL and plan of each window (limit, offset) as the statement cursor takes them

    def keep(self, key, spelled: tuple[str, list]) -> tuple[str, list]:
        """Remember the SQL and plan ``spelled`` for ``key``: the first pages' windows, which pages read again and
        again (a list paged far on would otherwise keep one per page)."""
        if len(self.spelled) < SPELLED_KEPT:
            self.spelled[key] = spelled
        return spelled

    def rows(self, values, limit, offset) -> list:
        connection = connections[self.db]
        return [self.instance(connection, row) for row in self.fetch(connection, values, limit, offset)]

    def first_with_children(self, values) -> tuple[object | None, list]:
        connection = connections[self.db]
        fetched = self.fetch(connection, values, None, 0)
        if not fetched:
            return None, []
        found = self.instance(connection, fetched[0])
        if self.child is None:
            return found, []
        joined = (self.per_row_values(connection, row) for row in fetched if row[self.per_row_start] is not None)
        return found, [self.child(values, self.db) for values in joined]

    def fetch(self, connection, values, limit, offset) -> list[tuple]:
        spelled = self.spelled.get(("rows", limit, offset))
        if spelled is None:
            sql = self.sql
            if limit is not None or offset:
                sql = f"{sql} {connection.ops.limit_offset_sql(offset, None if limit is None else offset + limit)}"
            spelled = self.keep(("rows", limit, offset), cursor_statement(connection, sql, self.plan))
        sql, plan = spelled
        with statement_cursor(connection) as cursor:
            try:
                cursor.execute(sql, _parameters(plan, values))
            except OverflowError:  # a number no column holds (SQLite refuses it): nothing matches, as in the ORM
                return []
            return cursor.fetchall()

    def per_row_values(self, connection, row) -> tuple:
        start = self.per_row_start
        values = list(row[start:])
        for index, (converters, expression) in self.per_row_converters:
            for converter in converters:
                values[index - start] = converter(values[index - start], expression, connection)
        return tuple(values)

    def count(self, values, limit=None) -> int:
        connection = connections[self.db]
        spelled = self.spelled.get(("count", limit))
        if spelled is None:
            sql = self.count_sql
            if limit is not None:
                limited = f"{self.counted_sql} {connection.ops.limit_offset_sql(0, limit)}"
                sql = f"SELECT COUNT(*) FROM ({limited}) counted"  # noqa: S608 (SQL built by the ORM, a number)
            spelled = self.keep(("count", limit), cursor_statement(connection, sql, self.count_plan))
        sql, plan = spelled
        with statement_cursor(connection) as cursor:
            try:
                cursor.execute(sql, _parameters(plan, values))
            except OverflowError:
                return 0
            return cursor.fetchone()[0]

    def instance(self, connection, row):
        if self.converters:
            row = list(row)
            for index, (converters, expression) in self.converters:
                for converter in converters:
                    row[index] = converter(row[index], expression, connection)
        start, main, related = 0, None, {}
        for name, make, attnames in self.columns:
            end = start + len(attnames)
            values = row[start:end]
            start = end
            if name is None:
                main = (attnames, values)
            else:
                related[name] = None if values[0] is None else make(attnames, values)
        annotations = zip(self.annotations, row[start : self.per_row_start], strict=True)
        if self.row is not None:
            return self.row(**dict(zip(*main, strict=True)), **related, **dict(annotations))
        instance = self.model.from_db(self.db, *main)
        for name, value in (*related.items(), *annotations):
            setattr(instance, name, value)
        return instance


def _row_maker(model, row_class, db):
    """What builds a relation's row from its attnames and values: ``row_class`` given them as keywords, else the
    model, as the ORM builds it."""
    if row_class is None:
        return lambda attnames, values: model.from_db(db, attnames, values)
    return lambda attnames, values: row_class(**dict(zip(attnames, values, strict=True)))


def statement_cursor(connection):
    """A cursor whose repeated statements the server prepares where the backend offers one (``config.postgresql``),
    for SQL built once per process and written as it takes it (``cursor_statement``); the connection's usual cursor
    elsewhere."""
    prepared_cursor = getattr(connection, "prepared_cursor", None)
    return prepared_cursor() if prepared_cursor is not None else connection.cursor()


def cursor_statement(connection, sql: str, plan: list) -> tuple[str, list]:
    """``sql`` as the ORM writes it and its parameter ``plan`` (``_parameter_plan``), spelled for
    ``statement_cursor`` once per process, not on each run. Where the backend has its own placeholders
    (``config.postgresql``), the SQL uses them, and the plan's constants (the parameters that are the same on every
    run: a state, a document type, a flag) are written into it as literals, so that a run sends only its values;
    elsewhere both are as they are."""
    native_placeholders = getattr(connection, "native_placeholders", None)
    if native_placeholders is None:
        return sql, plan
    literals = {}
    for position, (is_value, item) in enumerate(plan):
        constant = None if is_value else _plain_constant(item)
        if constant is not None:
            literals[position] = connection.literal(constant)
    values = [entry for position, entry in enumerate(plan) if position not in literals]
    return native_placeholders(sql, literals), values


def cursor_sql(connection, sql: str) -> str:
    """``cursor_statement`` for SQL whose parameters are all values (none is written in as a literal)."""
    return cursor_statement(connection, sql, [])[0]


def _plain_constant(item):
    """A constant as the plain text, number or flag a literal spells (a choice as its value); None for others."""
    if isinstance(item, bool):
        return item
    if isinstance(item, int):
        return int(item)
    if isinstance(item, str):
        return str.__str__(item)
    return None


def _fields(model, attnames, keep_pk=False) -> list:
    fields = list(model._meta.concrete_fields)
    if attnames is None:
        return [model._meta.pk, *(field for field in fields if not field.primary_key)]
    wanted = {model._meta.pk.attname, *attnames} if keep_pk else set(attnames)
    chosen = [field for field in fields if field.attname in wanted]
    if keep_pk:
        chosen.sort(key=lambda field: not field.primary_key)
    return chosen


def _parameter_plan(params, stand_ins) -> list:
    """For each parameter: ``(True, index of the value)`` where a stand-in was, else ``(False, constant)``.

    A stand-in reaches the parameters as given or, for a text column, as its text.
    """
    where = {value: index for index, value in enumerate(stand_ins)}
    where.update({str(value): index for index, value in enumerate(stand_ins)})
    plan = [(True, where[value]) if _hashable(value) and value in where else (False, value) for value in params]
    used = {index for is_value, index in plan if is_value}
    if used != set(range(len(stand_ins))):
        raise ValueError("Cada valor de la consulta preparada debe llegar a la base de datos como parámetro.")
    return plan


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _parameters(plan, values) -> list:
    return [values[item] if is_value else item for is_value, item in plan]


class PreparedList:
    """A prepared query's rows for ``values`` as a sequence a ``Paginator`` can page (a count and slices)."""

    def __init__(self, prepared: PreparedQuery, *values):
        self.prepared = prepared
        self.values = values

    def count(self, limit=None) -> int:
        return self.prepared.count(*self.values, limit=limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("PreparedList solo admite cortes simples")
        start = index.start or 0
        limit = None if index.stop is None else max(0, index.stop - start)
        return self.prepared.rows(*self.values, limit=limit, offset=start)


class CountedList(PreparedList):
    """A ``PreparedList`` whose rows carry the number of all matching rows in the annotation ``found`` (a count
    subquery, which PostgreSQL runs once; not a window count, which reads every row before the LIMIT). Told the page
    about to be shown (``showing(first, size)``), it reads that page when the paginator asks for the count: one query
    for both. An empty page, or another one, is read as ``PreparedList`` reads it."""

    first, size = 0, None

    def showing(self, first: int, size: int) -> "CountedList":
        self.first, self.size = first, size
        self.__dict__.pop("shown_rows", None)
        return self

    @cached_property
    def shown_rows(self) -> list:
        return self.prepared.rows(*self.values, limit=self.size, offset=self.first)

    def count(self, limit=None) -> int:
        if self.size and self.shown_rows:
            return self.shown_rows[0].found
        return self.count_alone(limit)

    def count_alone(self, limit=None) -> int:
        return super().count(limit)

    def __getitem__(self, index):
        if self.within_shown_page(index):
            return self.shown_rows[: index.stop - self.first]
        return super().__getitem__(index)

    def within_shown_page(self, index) -> bool:
        return (
            self.size is not None
            and isinstance(index, slice)
            and index.step is None
            and (index.start or 0) == self.first
            and index.stop is not None
            and index.stop - self.first <= self.size
        )
