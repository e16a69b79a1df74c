from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connections, router

from .models import Profile


class EmailOrCuiBackend(ModelBackend):
    """Authenticate with the email (any case) or the CUI (with or without separators).

    Whether the email has been confirmed is checked by the sign-in form, which can
    then tell the person what to do; this backend only answers "who is it".
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = user_model._default_manager.find_for_login(username)
        if user is None:
            # Hash anyway so that unknown and known identifiers take the same time.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person, read on every request: one query whose SQL is built once per process.

        Building the SQL of ``get(pk=…)`` for the wide user model costs more CPU than running
        it; the statement is the same for everyone, only the id changes. The row becomes a
        user through ``Model.from_db``, with each column's database converters, as the ORM does.
        """
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):
            return None
        user = _UserLoader.for_model(user_model).load(pk)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """``"app_label.codename"`` of the user's own and their groups' permissions: one query whose SQL is built once
        per process, kept on the user object for the request as ModelBackend keeps its own.

        ModelBackend builds two ORM queries (the user's, the groups'), which cost staff pages more CPU
        than running them. Superusers (every permission), inactive and anonymous users and
        per-object checks stay ModelBackend's.
        """
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous or user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        permissions = getattr(user_obj, _PERMISSIONS_ATTRIBUTE, None)
        if permissions is None:
            permissions = _PermissionsLoader.for_model(type(user_obj)).load(user_obj.pk)
            setattr(user_obj, _PERMISSIONS_ATTRIBUTE, permissions)
        return permissions


_PERMISSIONS_ATTRIBUTE = "_portal_permissions"


class _BuiltOncePerModel:
    """A statement built once per process and user model: ``for_model(user_model)``."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._loaders = {}

    @classmethod
    def for_model(cls, user_model):
        loader = cls._loaders.get(user_model)
        if loader is None:
            loader = cls._loaders[user_model] = cls(user_model)
        return loader


class _PermissionsLoader(_BuiltOncePerModel):
    """``SELECT app_label, codename`` of a user's permissions ``UNION`` those of their groups, built once per process
    and user model from the same lookups as ModelBackend's two queries."""

    def __init__(self, user_model):
        self.db = router.db_for_read(Permission)
        fields = ("content_type__app_label", "codename")
        own = user_model._meta.get_field("user_permissions").related_query_name()
        through_groups = f"group__{user_model._meta.get_field('groups').related_query_name()}"
        permissions = Permission.objects.using(self.db).order_by()
        query = (
            permissions.filter(**{own: 0})
            .values_list(*fields)
            .union(permissions.filter(**{through_groups: 0}).values_list(*fields))
        )
        self.sql, params = query.query.sql_with_params()
        if list(params) != [0, 0]:
            raise ValueError(f"Unexpected parameters in the permissions query: {params!r}")

    def load(self, pk) -> set[str]:
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, [pk, pk])
            return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}


class _UserLoader(_BuiltOncePerModel):
    """``SELECT <every column of the user and of its profile> FROM <users> LEFT JOIN <profiles> WHERE <pk> = %s``,
    built once per process and model.

    The profile comes along because every applicant page reads it (the personal data check):
    one query for both instead of a second one on each page.
    """

    def __init__(self, user_model):
        self.model = user_model
        self.db = router.db_for_read(user_model)
        self.profile_model = Profile if Profile._meta.get_field("user").related_model is user_model else None
        fields = list(user_model._meta.concrete_fields)
        self.field_names = [field.attname for field in fields]
        lookups = list(self.field_names)
        if self.profile_model is not None:
            profile_fields = self.profile_model._meta.concrete_fields
            self.profile_names = [field.attname for field in profile_fields]
            lookups += [f"profile__{field.name}" for field in profile_fields]
            fields += profile_fields
        self.sql, _params = (
            user_model._default_manager.filter(pk=0).order_by().values_list(*lookups).query.sql_with_params()
        )
        connection = connections[self.db]
        self.converters = []
        for index, field in enumerate(fields):
            column = field.get_col(field.model._meta.db_table)
            converters = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            if converters:
                self.converters.append((index, column, converters))

    def load(self, pk):
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = list(row)
            for index, column, converters in self.converters:
                for converter in converters:
                    row[index] = converter(row[index], column, connection)
        count = len(self.field_names)
        user = self.model.from_db(self.db, self.field_names, row[:count])
        if self.profile_model is not None and row[count] is not None:
            user.profile = self.profile_model.from_db(self.db, self.profile_names, row[count:])
        return user
