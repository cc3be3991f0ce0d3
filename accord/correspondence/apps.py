from django.apps import AppConfig
from django.utils.translation import gettext_noop


class CorrespondenceConfig(AppConfig):
    name = "accord.correspondence"
    label = "correspondence"
    verbose_name = "Correspondence"

    def ready(self):
        from accord.core.registry import (
            INTERNAL,
            register_alliance_tabs,
            register_audited_object,
            register_issue_link,
            register_meeting_link,
            register_navs,
        )

        from . import access

        label = gettext_noop("Correspondence")
        register_alliance_tabs(
            (label, "correspondence:alliance", 45, "/correspondence/"), internal_only=True
        )
        register_meeting_link(label=label, url_name="correspondence:meeting", order=60, **INTERNAL)
        register_issue_link(label=label, url_name="correspondence:issue", order=60, **INTERNAL)
        register_navs(
            "Governance",
            (gettext_noop("Held email"), "correspondence:review", 60, "/correspondence/review/"),
            internal_only=True,
            roles=("admin", "leader", "manager", "contributor"),
        )
        register_audited_object("correspondence.emailmessage", access.get_message_for_user)
        register_audited_object("correspondence.mailbox", access.get_mailbox_for_user)
