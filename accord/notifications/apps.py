from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class NotificationsConfig(AppConfig):
    name = "accord.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accord.core.registry import (
            register_frame_context,
            register_job_failure_listener,
            register_retention,
        )

        from . import actions, frame

        register_frame_context("UNREAD_NOTIFICATIONS", frame.unread_in_frame)
        from accord.core.registry import register_navs

        register_navs(
            "Admin",
            (gettext_noop("Chat channels"), "notifications:portfolio_chat", 90, "/chat/"),
            internal_only=True,
            roles=("admin", "leader"),
        )
        register_retention("notifications", actions.prune)
        register_job_failure_listener(actions.notify_job_failed)
