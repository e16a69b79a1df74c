from functools import cache, partial

from .models import Notification


def mailbox(request):
    """Unread notifications for the header, only for signed-in people (one indexed count).

    The count is a callable, which a template calls where it shows it (counting once however
    many times it is shown): pages that never show it, such as the admin's, run no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(partial(Notification.objects.unread_count, user))}
