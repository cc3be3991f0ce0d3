"""What this app adds to every page's frame (registered with accord.core.context_processors in
apps.py); it imports only the models, so the frame never loads the views."""

from functools import cache as memoise

from .models import Notification


def unread_in_frame(request):
    """The frame's badge (registered with accord.core.context_processors): a callable, so the
    count is queried when, and only if, a template shows it, and at most once a request."""
    user = getattr(request, "user", None)

    @memoise
    def unread() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_user(user).badge().count()

    return unread
