from .models import Notification


def mailbox(request):
    """Unread notifications for the header, only for signed-in people (one indexed count)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.unread_count(user)}
