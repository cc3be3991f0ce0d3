from django.apps import AppConfig
from django.utils.translation import gettext_noop


class CorrespondenceConfig(AppConfig):
    name = "accord.correspondence"
    label = "correspondence"
    verbose_name = "Correspondence"

    def ready(self):
        from accord.core.registry import (
            register_alliance_tab,
            register_audited_object,
            register_issue_link,
            register_meeting_link,
            register_nav,
        )

        from . import access

        register_alliance_tab(
            label=gettext_noop("Correspondence"),
            url_name="correspondence:alliance",
            order=45,
            match="/correspondence/",
            internal_only=True,
        )
        register_meeting_link(
            label=gettext_noop("Correspondence"),
            url_name="correspondence:meeting",
            order=60,
            internal_only=True,
        )
        register_issue_link(
            label=gettext_noop("Correspondence"),
            url_name="correspondence:issue",
            order=60,
            internal_only=True,
        )
        register_nav(
            label=gettext_noop("Held email"),
            url_name="correspondence:review",
            order=60,
            match="/correspondence/review/",
            group="Governance",
            internal_only=True,
            roles=("admin", "leader", "manager", "contributor"),
        )
        register_audited_object("correspondence.emailmessage", access.get_message_for_user)
        register_audited_object("correspondence.mailbox", access.get_mailbox_for_user)
