from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError


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
        it; the statement is the same for everyone, only the id changes.
        """
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):
            return None
        user = next(iter(user_model._default_manager.raw(_user_by_pk_sql(user_model), [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


_compiled = {}


def _user_by_pk_sql(user_model) -> str:
    """``SELECT … FROM accounts_user WHERE id = %s`` as the ORM writes it, built on first use."""
    sql = _compiled.get(user_model)
    if sql is None:
        sql, _params = user_model._default_manager.filter(pk=0).order_by().query.sql_with_params()
        _compiled[user_model] = sql
    return sql
