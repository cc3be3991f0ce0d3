"""Correspondence rows of the authorization matrix (format: accord/core/authz_matrix.py).

Statuses are for: admin leader manager_a manager_b executive contributor firewalled partner_a
partner_b anonymous. Email is our staff's record: partner users never see it (404). Targets,
received through `email_receive` like real mail: {mail_email_a} (filed on alliance A, from
Manager A, with a text attachment {mail_attachment_a}), {mail_email_a2} (filed at the address of
a meeting of the firewalled A2 team: only Manager A is cleared among our staff),
{mail_held_b} (from a stranger to alliance B: held for B's managers, the contributor being its
designated person), {mail_mailbox_b} (B's address), {mail_meeting_a2}, {mail_issue_a}.
"""

from __future__ import annotations

import datetime as dt

from accord.core.authz_matrix import api, page

INTERNAL = "200 200 200 200 200 200 200 404 404 302"
ONLY_CLEARED = "404 404 200 404 404 404 404 404 404 302"
A_MANAGE_POST = "400 400 400 403 403 403 403 404 404 302"
HELD_B_POST = "302 302 404 302 404 302 404 404 404 302"

# fmt: off
ROWS = [
    page('alliances/<int:pk>/correspondence/', 'GET', '/alliances/{alliance_a}/correspondence/', INTERNAL, note='partners: our correspondence is out of scope'),
    page('governance/meetings/<int:pk>/correspondence/', 'GET', '/governance/meetings/{mail_meeting_a2}/correspondence/', ONLY_CLEARED, note="a firewalled program's meeting: only the cleared, and partners never"),
    page('governance/issues/<int:pk>/correspondence/', 'GET', '/governance/issues/{mail_issue_a}/correspondence/', INTERNAL),
    page('correspondence/review/', 'GET', '/correspondence/review/', '200 200 200 200 200 200 200 403 403 302', note='each sees the held email they review (possibly none)'),
    page('correspondence/addresses/<int:pk>/rotate/', 'POST', '/correspondence/addresses/{mail_mailbox_b}/rotate/', '302 302 403 302 403 302 403 404 404 302'),
    page('correspondence/<int:pk>/', 'GET', '/correspondence/{mail_email_a}/', INTERNAL),
    page('correspondence/<int:pk>/', 'GET', '/correspondence/{mail_email_a2}/', ONLY_CLEARED),
    page('correspondence/<int:pk>/', 'GET', '/correspondence/{mail_held_b}/', '200 200 404 200 404 200 404 404 404 302', note='held: only its reviewers'),
    page('correspondence/<int:pk>/file/', 'POST', '/correspondence/{mail_held_b}/file/', HELD_B_POST),
    page('correspondence/<int:pk>/reject/', 'POST', '/correspondence/{mail_held_b}/reject/', HELD_B_POST),
    page('correspondence/<int:pk>/link/', 'POST', '/correspondence/{mail_email_a}/link/', A_MANAGE_POST),
    page('correspondence/<int:pk>/action/', 'POST', '/correspondence/{mail_email_a}/action/', A_MANAGE_POST),
    page('correspondence/<int:pk>/attachments/<int:attachment>/', 'GET', '/correspondence/{mail_email_a}/attachments/{mail_attachment_a}/', INTERNAL),
    page('correspondence/<int:pk>/original.eml', 'GET', '/correspondence/{mail_email_a}/original.eml', '200 200 200 403 403 403 403 404 404 302', note='the unsanitised original: the alliance managers'),

    api('GET', '/api/v1/correspondence/emails/', '200 200 200 200 200 200 200 200 200 401', note='partners: an empty list'),
    api('GET', '/api/v1/correspondence/emails/{id}/', '200 200 200 200 200 200 200 404 404 401', path='/api/v1/correspondence/emails/{mail_email_a}/'),
    api('GET', '/api/v1/correspondence/emails/{id}/', '404 404 200 404 404 404 404 404 404 401', path='/api/v1/correspondence/emails/{mail_email_a2}/'),
    api('POST', '/api/v1/correspondence/emails/{id}/link/', '200 200 200 403 403 403 403 404 404 401', path='/api/v1/correspondence/emails/{mail_email_a}/link/', data={'field': 'issue', 'record': '{mail_issue_a}'}),
    api('POST', '/api/v1/correspondence/emails/{id}/action-item/', '201 201 201 403 403 403 403 404 404 401', path='/api/v1/correspondence/emails/{mail_email_a}/action-item/', data={'owner': '{manager_a}', 'due_on': '2030-01-31'}),
]
# fmt: on


def _raw(sender: str, subject: str, attachment: bool = False) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = sender
    message["To"] = "someone@kestrel.test"
    message["Subject"] = subject
    message["Message-ID"] = f"<{subject.replace(' ', '-')}@authz.test>"
    message.set_content("Agreed in principle.")
    if attachment:
        message.add_attachment(b"Minutes", maintype="text", subtype="plain", filename="m.txt")
    return message.as_bytes()


def targets(world) -> dict:
    from django.utils import timezone

    from accord.correspondence import actions
    from accord.governance import actions as gov

    team_a2 = gov.committee_create(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"name": "Mail A2 team", "kind": "working_team", "program": world.program_a2},
    )
    meeting_a2 = gov.meeting_schedule(
        actor=world.leader,
        committee=team_a2,
        data={
            "title": "A2 sync",
            "starts_at": timezone.now() + dt.timedelta(days=3),
            "duration_minutes": 30,
            "modality": "virtual",
        },
    )
    issue_a = gov.issue_create(
        actor=world.leader,
        alliance=world.alliance_a,
        data={"title": "Mail supply delay", "area": "manufacturing"},
    )
    box_a = actions.mailbox_get_or_create(actor=world.leader, alliance=world.alliance_a)
    box_b = actions.mailbox_get_or_create(actor=world.leader, alliance=world.alliance_b)
    box_a2 = actions.mailbox_get_or_create(
        actor=world.leader, alliance=world.alliance_a, meeting=meeting_a2
    )

    def receive(raw, box, sender):
        result = actions.email_receive(raw=raw, envelope_from=sender, recipients=[box.address])
        return (result.filed + result.held)[0]

    email_a = receive(
        _raw(world.manager_a.email, "Plan change", attachment=True), box_a, world.manager_a.email
    )
    email_a2 = receive(_raw(world.manager_a.email, "A2 data"), box_a2, world.manager_a.email)
    held_b = receive(_raw("stranger@example.test", "Hello B"), box_b, "stranger@example.test")
    return {
        "mail_email_a": email_a.pk,
        "mail_attachment_a": email_a.attachments.get().pk,
        "mail_email_a2": email_a2.pk,
        "mail_held_b": held_b.pk,
        "mail_mailbox_b": box_b.pk,
        "mail_meeting_a2": meeting_a2.pk,
        "mail_issue_a": issue_a.pk,
    }
