"""The Correspondence pages and API as people use them."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.conftest import api_client, login
from accord.correspondence.models import EmailMessage, EmailStatus, Mailbox
from accord.governance.models import ActionItem

from .conftest import compose
from .test_receive import receive


def test_the_alliance_page_shows_the_address_with_a_copy_button(world, mail):
    response = login(world.manager_a).get(f"/alliances/{world.alliance_a.pk}/correspondence/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<code id="mailbox-address">{mail.alliance_a.address}</code>' in page
    assert 'data-copy="mailbox-address"' in page
    assert "correspondence/copy.js" in page
    assert (
        login(world.partner_a).get(f"/alliances/{world.alliance_a.pk}/correspondence/").status_code
        == 404
    )


def test_meeting_and_issue_pages_link_to_their_correspondence(world, mail):
    client = login(world.manager_a)
    issue_page = client.get(mail.issue.get_absolute_url()).content.decode()
    assert f'href="/governance/issues/{mail.issue.pk}/correspondence/"' in issue_page
    meeting_page = client.get(mail.a2_meeting.get_absolute_url()).content.decode()
    assert f'href="/governance/meetings/{mail.a2_meeting.pk}/correspondence/"' in meeting_page
    page = client.get(f"/governance/issues/{mail.issue.pk}/correspondence/").content.decode()
    assert mail.issue_a.address in page
    partner_page = login(world.partner_a).get(mail.a2_meeting.get_absolute_url()).content.decode()
    assert "/correspondence/" not in partner_page


def test_the_list_costs_the_same_for_one_or_many_emails(world, mail):
    client = login(world.manager_a)
    url = f"/alliances/{world.alliance_a.pk}/correspondence/"
    receive(compose(), mail.alliance_a)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(12):
        receive(compose(subject=f"Update {n}"), mail.alliance_a)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count("/correspondence/") >= 13
    assert len(many) == len(one)
    api = api_client(world.manager_a)
    api.get("/api/v1/correspondence/emails/")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as api_many:
        assert len(api.get("/api/v1/correspondence/emails/").json()["results"]) == 13
    EmailMessage.objects.exclude(pk=EmailMessage.objects.order_by("pk").first().pk).delete()
    with CaptureQueriesContext(connection) as api_one:
        assert len(api.get("/api/v1/correspondence/emails/").json()["results"]) == 1
    assert len(api_many) == len(api_one)


def test_a_filed_email_page_shows_sanitised_html_and_its_attachment(world, mail):
    email = receive(
        compose(
            html='<p onmouseover="x()">Agreed</p><script>alert(1)</script>',
            attachments=[("notes.txt", b"Signed off", "text", "plain")],
        ),
        mail.alliance_a,
    ).filed[0]
    client = login(world.executive)
    page = client.get(email.get_absolute_url()).content.decode()
    assert "<p>Agreed</p>" in page
    assert "alert(1)" not in page and "onmouseover" not in page
    attachment = email.attachments.get()
    download = client.get(f"/correspondence/{email.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Signed off"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # The attachment is not served by the generic file view (it is private to the email).
    assert client.get(f"/files/{attachment.file_id}/").status_code == 404
    # The executive reads but may not act on it: no forms.
    assert "Turn into an action item" not in page


def test_held_email_is_reviewed_on_its_page(world, mail):
    held = receive(compose(sender="new.counsel@kestrel-legal.test"), mail.alliance_a).held[0]
    client = login(world.manager_a)
    queue = client.get("/correspondence/review/").content.decode()
    assert held.get_absolute_url() in queue
    assert "is not a known Accord user" in queue
    assert login(world.manager_b).get(held.get_absolute_url()).status_code == 404
    response = client.post(f"/correspondence/{held.pk}/file/", {"reason": "Kestrel's counsel"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.reviewed_by) == (EmailStatus.FILED, world.manager_a)
    # Filing again is refused with a message, and nothing changes.
    again = client.post(f"/correspondence/{held.pk}/reject/", follow=True)
    assert "not held for review any more" in again.content.decode()
    held.refresh_from_db()
    assert held.status == EmailStatus.FILED


def test_link_and_action_item_in_one_step(world, mail):
    email = receive(compose(), mail.alliance_a).filed[0]
    client = login(world.manager_a)
    page = client.get(email.get_absolute_url()).content.decode()
    assert f'value="issue:{mail.issue.pk}"' in page
    # A firewalled program's meeting is not offered for an email that is not about it.
    assert f'value="meeting:{mail.a2_meeting.pk}"' not in page
    refused = client.post(
        f"/correspondence/{email.pk}/link/", {"target": f"meeting:{mail.a2_meeting.pk}"}
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert (
        client.post(
            f"/correspondence/{email.pk}/link/", {"target": f"issue:{mail.issue.pk}"}
        ).status_code
        == 302
    )
    email.refresh_from_db()
    assert email.issue == mail.issue

    missing = client.post(f"/correspondence/{email.pk}/action/", {"title": "Confirm IND date"})
    assert missing.status_code == 400
    assert ActionItem.objects.count() == 0
    created = client.post(
        f"/correspondence/{email.pk}/action/",
        {"title": "Confirm IND date", "owner": world.manager_a.pk, "due_on": "2030-02-01"},
    )
    action = ActionItem.objects.get()
    assert created.status_code == 302 and created["Location"] == action.get_absolute_url()
    assert (action.title, action.owner, action.alliance) == (
        "Confirm IND date",
        world.manager_a,
        world.alliance_a,
    )


def test_rotating_on_the_page(world, mail):
    client = login(world.manager_a)
    old = mail.alliance_a.address
    assert (
        login(world.executive)
        .post(f"/correspondence/addresses/{mail.alliance_a.pk}/rotate/")
        .status_code
        == 403
    )
    assert Mailbox.objects.get(pk=mail.alliance_a.pk).address == old
    response = client.post(f"/correspondence/addresses/{mail.alliance_a.pk}/rotate/", follow=True)
    new = Mailbox.objects.get(pk=mail.alliance_a.pk).address
    assert new != old
    assert re.search(rf">{re.escape(new)}<", response.content.decode())


def test_search_finds_filed_email_in_scope(world, mail):
    receive(compose(subject="Royalty audit notice"), mail.alliance_a)
    receive(compose(subject="Royalty audit for A2"), mail.meeting_a2)
    from accord.reporting.search import search

    def found(user):
        return [
            row[0]
            for kind in search(user, "royalty audit")
            if kind.source.key == "emails"
            for row in kind.rows
        ]

    assert sorted(found(world.manager_a)) == ["Royalty audit for A2", "Royalty audit notice"]
    assert found(world.leader) == ["Royalty audit notice"]
    assert found(world.partner_a) == []


def test_serve_starts_the_configured_receivers(settings):
    from accord.core.management.commands.serve import mail_services

    settings.ACCORD_MAILIN_HOST, settings.ACCORD_IMAP_HOST = "", ""
    assert mail_services() == []
    settings.ACCORD_MAILIN_HOST = "0.0.0.0"
    assert mail_services() == ["mail_in"]
    settings.ACCORD_IMAP_HOST = "imap.example.test"
    assert mail_services() == ["mail_in", "mail_poll"]
