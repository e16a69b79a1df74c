from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from core.prepared import PreparedQuery

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
        it; the statement is the same for everyone, only the id changes (``core.prepared``).
        """
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except (TypeError, ValueError, ValidationError):
            return None
        user = _with_profile(user_model).first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def _with_profile(user_model) -> PreparedQuery:
    """The user and, in the same query (a ``LEFT JOIN``), its profile, which every applicant page reads
    (the personal data check): one query for both instead of a second one on each page."""
    prepared = _prepared_users.get(user_model)
    if prepared is None:
        related = {"profile": None} if Profile._meta.get_field("user").related_model is user_model else {}
        prepared = _prepared_users[user_model] = PreparedQuery(
            lambda pk: user_model._default_manager.filter(pk=pk).order_by(), related=related
        )
    return prepared


_prepared_users = {}
