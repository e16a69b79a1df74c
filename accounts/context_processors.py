from .models import Notification


class UnreadCount:
    """The person's unread notifications, counted when a template first calls it (and only then)."""

    __slots__ = ("counted", "user")

    def __init__(self, user):
        self.user = user
        self.counted = None

    def __call__(self) -> int:
        if self.counted is None:
            self.counted = Notification.objects.unread_count(self.user)
        return self.counted


def mailbox(request):
    """Unread notifications for the header, only for signed-in people (one indexed count).

    The count is a callable, which a template calls where it shows it (counting once however
    many times it is shown): pages that never show it, such as the admin's, run no query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadCount(user)}
