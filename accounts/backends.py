from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
