from django.conf import settings

from .registry import FRAME_CONTEXT


def accord(request):
    """What every page's frame shows. Worked out once per request, and what costs a query only
    if a template asks for it: a page assembled from panels renders many templates with the
    request, and each rendering runs the context processors again. The apps register what the
    frame shows (accord.core.registry.register_frame_context): the own company's name
    (portfolio), the unread notifications (notifications)."""
    context = getattr(request, "_accord_frame", None)
    if context is None:
        context = {"ACCORD_DEBUG": settings.DEBUG}
        for name, provider in FRAME_CONTEXT.items():
            context[name] = provider(request)
        request._accord_frame = context
    return context
