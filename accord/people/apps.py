from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class PeopleConfig(AppConfig):
    name = "accord.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from accord.core.registry import register_navs

        from . import checks  # noqa: F401  (registers the deploy checks)

        register_navs("Portfolio", (gettext_noop("People"), "people:people_list", 50, "/people/"))

        from django.contrib.auth.signals import user_logged_in

        from accord.core.middleware import stamp_session

        # The absolute session lifetime counts from each sign-in (accord.core.middleware).
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: (
                stamp_session(request) if hasattr(request, "session") else None
            ),
            weak=False,
            dispatch_uid="accord.session_started",
        )
