from django.conf import settings
from django.core.cache import cache


def _own_company_name() -> str:
    from accord.portfolio.models import Company

    return (
        Company.objects.filter(kind=Company.Kind.OWN).values_list("name", flat=True).first() or ""
    )


def accord(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from accord.notifications.models import Notification

        unread = Notification.objects.for_user(user).unread().count()
    return {
        "UNREAD_NOTIFICATIONS": unread,
        "ACCORD_DEBUG": settings.DEBUG,
        # Cached: shown on every page, changed perhaps once in a deployment's life.
        "OWN_COMPANY": cache.get_or_set("accord:own-company-name", _own_company_name, 300),
    }
