from functools import cache as memoise

from django.conf import settings
from django.core.cache import cache


def _own_company_name() -> str:
    from accord.portfolio.models import Company

    return (
        Company.objects.filter(kind=Company.Kind.OWN).values_list("name", flat=True).first() or ""
    )


def accord(request):
    """What every page's frame shows. Worked out once per request, and the unread count only if
    a template asks for it: a page assembled from panels renders many templates with the
    request, and each rendering runs the context processors again."""
    context = getattr(request, "_accord_frame", None)
    if context is None:
        user = getattr(request, "user", None)

        @memoise
        def unread() -> int:
            if user is None or not user.is_authenticated:
                return 0
            from accord.notifications.models import Notification

            return Notification.objects.for_user(user).badge().count()

        context = {
            # A callable: the template engine calls it when (and only if) the frame shows it.
            "UNREAD_NOTIFICATIONS": unread,
            "ACCORD_DEBUG": settings.DEBUG,
            # Cached: shown on every page, changed perhaps once in a deployment's life.
            "OWN_COMPANY": cache.get_or_set("accord:own-company-name", _own_company_name, 300),
        }
        request._accord_frame = context
    return context
