"""Email for the shared world (accord/conftest.py): the governance of accord/governance/tests
(JSC A, the A2 team on firewalled program A2, JSC B), a meeting of the A2 team and an issue of
alliance A, and `compose()` for real MIME messages."""

import datetime as dt
from email.message import EmailMessage as Mime
from email.utils import format_datetime, make_msgid

import pytest
from django.utils import timezone

from accord.correspondence.actions import mailbox_get_or_create
from accord.governance import actions as gov_actions
from accord.governance.tests.conftest import gov  # noqa: F401 - the governance fixture

DOMAIN = "in.meridian.test"


@pytest.fixture(autouse=True)
def mail_settings(settings, tmp_path):
    settings.ACCORD_FILES_ROOT = tmp_path / "files"
    settings.ACCORD_MAILIN_DOMAIN = DOMAIN
    settings.ACCORD_MAILIN_TRUSTED_AUTHSERV = ""
    return settings


def compose(
    *,
    sender="manager.a@meridian.test",
    to=("someone@kestrel.test",),
    cc=(),
    subject="Change to the development plan",
    text="Kestrel agrees to move the IND filing to Q3.",
    html=None,
    attachments=(),
    message_id=None,
    in_reply_to=None,
    references=None,
    headers=None,
) -> Mime:
    message = Mime()
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now().replace(microsecond=0))
    message["Message-ID"] = message_id or make_msgid(domain="meridian.test")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, maintype, subtype in attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


@pytest.fixture
def mail(world, gov):  # noqa: F811
    """Addresses: alliance A, alliance B, a meeting of the A2 team (firewalled), an issue of A."""
    a2_meeting = gov_actions.meeting_schedule(
        actor=world.leader,
        committee=gov.team_a2,
        data={
            "title": "A2 team sync",
            "starts_at": timezone.now() + dt.timedelta(days=7),
            "duration_minutes": 60,
            "modality": "virtual",
        },
    )
    issue_a = gov_actions.issue_create(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"title": "Supply delay", "area": "manufacturing"},
    )
    leader = world.leader
    return type(
        "Mail",
        (),
        {
            "alliance_a": mailbox_get_or_create(actor=leader, alliance=world.alliance_a),
            "alliance_b": mailbox_get_or_create(actor=leader, alliance=world.alliance_b),
            "meeting_a2": mailbox_get_or_create(
                actor=leader, alliance=world.alliance_a, meeting=a2_meeting
            ),
            "issue_a": mailbox_get_or_create(
                actor=leader, alliance=world.alliance_a, issue=issue_a
            ),
            "a2_meeting": a2_meeting,
            "issue": issue_a,
        },
    )
