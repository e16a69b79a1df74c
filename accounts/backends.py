from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connections, router

from core.prepared import PreparedQuery, cursor_sql, statement_cursor

from .models import UNREAD_COUNT_ATTRIBUTE, Notification, Profile


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
        it; the statement is the same for everyone, only the id changes (``core.prepared``).
        """
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):
            return None
        user = _signed_in_person(user_model).first(pk)
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
            permissions = _permissions_of(type(user_obj), user_obj.pk)
            setattr(user_obj, _PERMISSIONS_ATTRIBUTE, permissions)
        return permissions


def _signed_in_person(user_model) -> PreparedQuery:
    """The user and, in the same query, what every signed-in page shows of them: the profile (a ``LEFT JOIN``,
    for the personal data check) and the casillero's unread count (a subquery, for the header's badge).
    One query instead of three on each page."""
    prepared = _prepared_users.get(user_model)
    if prepared is None:
        portal_user = Profile._meta.get_field("user").related_model is user_model
        related = {"profile": None} if portal_user else {}
        annotations = {UNREAD_COUNT_ATTRIBUTE: Notification.objects.unread_count_subquery()} if portal_user else {}
        prepared = _prepared_users[user_model] = PreparedQuery(
            lambda pk: user_model._default_manager.filter(pk=pk).order_by().annotate(**annotations),
            related=related,
            annotations=tuple(annotations),
        )
    return prepared


_prepared_users = {}


_PERMISSIONS_ATTRIBUTE = "_portal_permissions"


def _permissions_of(user_model, pk) -> set[str]:
    loader = _permission_loaders.get(user_model)
    if loader is None:
        loader = _permission_loaders[user_model] = _PermissionsLoader(user_model)
    return loader.load(pk)


_permission_loaders = {}


class _PermissionsLoader:
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
        sql, params = query.query.sql_with_params()
        if list(params) != [0, 0]:
            raise ValueError(f"Unexpected parameters in the permissions query: {params!r}")
        self.sql = cursor_sql(connections[self.db], sql)

    def load(self, pk) -> set[str]:
        with statement_cursor(connections[self.db]) as cursor:
            cursor.execute(self.sql, [pk, pk])
            return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
