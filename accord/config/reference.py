"""The bare Django reference for `accord loadtest`: Accord's settings and models with no
middleware and one view rendering the first page of alliances from a template string, served
by the same gunicorn configuration (DJANGO_SETTINGS_MODULE=accord.config.reference)."""

from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

from .settings import *  # noqa: F403

MIDDLEWARE = []
# allauth insists on its middleware; the reference signs nobody in. Without allauth the admin
# (whose people module edits allauth's e-mail addresses) goes too: the reference has no admin.
INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if not app.startswith("allauth") and app != "django.contrib.admin"
]
ROOT_URLCONF = "accord.config.reference"

PAGE = Engine().from_string(
    "<!DOCTYPE html><html><head><title>Alliances</title></head><body><table>"
    "<tr><th>Alliance</th><th>Type</th><th>Stage</th><th>Tier</th></tr>"
    "{% for a in alliances %}<tr><td>{{ a.name }}</td><td>{{ a.get_alliance_type_display }}</td>"
    "<td>{{ a.get_stage_display }}</td><td>{{ a.tier }}</td></tr>{% endfor %}</table></body></html>"
)


def first_page(request):
    from accord.portfolio.models import Alliance

    alliances = Alliance.objects.order_by("name")[:25]
    return HttpResponse(PAGE.render(Context({"alliances": alliances})))


urlpatterns = [path("", first_page)]
