"""Meeting invitations travel as real email through a real SMTP server; a standards parser
(icalendar) reads them back, and replies as calendar clients write them update attendance."""

import datetime as dt
import email
import email.policy
import socket
import zoneinfo

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar, Event, vCalAddress

from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance.invitations import apply_reply, meeting_uid
from accord.governance.models import Attendance, InvitationResponse, Meeting

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
STARTS = dt.datetime(2027, 3, 10, 10, 0, tzinfo=BERLIN)
JSC_A = {"manager.a@meridian.test", "chemist@meridian.test", "jordan@kestrel.test"}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def take(self):
        """The messages received since the last call, parsed."""
        taken, self.envelopes = self.envelopes, []
        return [
            (tuple(e.rcpt_tos), email.message_from_bytes(e.content, policy=email.policy.default))
            for e in taken
        ]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.ACCORD_CALENDAR_ORGANIZER_EMAIL = "calendar@accord.test"
    yield inbox
    controller.stop()


def calendar_part(message):
    """The text/calendar alternative of an invitation email, its method parameter and parsed."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    attachments = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert len(attachments) == 1
    assert attachments[0].get_content().decode() == part.get_content()
    return part.get_param("method"), Calendar.from_ical(part.get_content())


REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER", "SUMMARY")


def check_calendar(cal, method, sequence, meeting):
    """Every property RFC 5545 and RFC 5546 require of an iTIP REQUEST / CANCEL."""
    assert cal.name == "VCALENDAR"
    assert str(cal["METHOD"]) == method
    assert str(cal["PRODID"]) == "-//Accord//Governance meetings//EN"
    assert str(cal["VERSION"]) == "2.0"
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    events = cal.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    for name in REQUIRED_EVENT:
        assert name in event, name
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("SEQUENCE") == sequence
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:calendar@accord.test"
    assert organizer.params["CN"] == "Accord – JSC A"
    attendees = event["ATTENDEE"]
    assert {str(a).removeprefix("mailto:") for a in attendees} == JSC_A
    for attendee in attendees:
        assert attendee.params["RSVP"] == "TRUE"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["CN"]
    roles = {str(a).removeprefix("mailto:"): a.params["ROLE"] for a in attendees}
    assert roles == {
        "manager.a@meridian.test": "CHAIR",
        "jordan@kestrel.test": "CHAIR",
        "chemist@meridian.test": "REQ-PARTICIPANT",
    }
    return event


def test_a_jsc_invitation_its_update_and_its_cancellation(
    world, gov, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = actions.meeting_schedule(
            actor=world.manager_a,
            committee=gov.jsc_a,
            data={
                "title": "JSC A Q1",
                "starts_at": STARTS,
                "duration_minutes": 90,
                "modality": "in_person",
                "location": "Basel, room 4",
                "time_zone": "Europe/Berlin",
            },
        )
    received = smtp.take()
    assert sorted(to for to, _ in received) == sorted((a,) for a in JSC_A)
    for (to,), message in received:
        assert message["Subject"] == "[Accord] Invitation: JSC A Q1"
        assert message["Reply-To"] == "calendar@accord.test"
        method, cal = calendar_part(message)
        assert method == "REQUEST"
        event = check_calendar(cal, "REQUEST", 0, meeting)
        assert event.decoded("DTSTART") == STARTS
        assert event.decoded("DTEND") == STARTS + dt.timedelta(minutes=90)
        assert str(event["SUMMARY"]) == "JSC A Q1"
        assert str(event["LOCATION"]) == "Basel, room 4"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "Kestrel ADC Collaboration" in str(event["DESCRIPTION"])
        assert str(event["URL"]) == f"http://127.0.0.1:8000/governance/meetings/{meeting.pk}/"

    # An agenda item is in the next copy's description.
    actions.agenda_item_add(
        actor=world.manager_a, meeting=meeting, data={"title": "Approve the 2027 work plan"}
    )
    # A change the calendar does not show (the modality) sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_update(actor=world.manager_a, meeting=meeting, data={"modality": "hybrid"})
    assert smtp.take() == []

    later = STARTS + dt.timedelta(days=1, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_update(actor=world.manager_a, meeting=meeting, data={"starts_at": later})
    received = smtp.take()
    assert len(received) == 3
    for _, message in received:
        assert message["Subject"] == "[Accord] Invitation (updated): JSC A Q1"
        method, cal = calendar_part(message)
        event = check_calendar(cal, "REQUEST", 1, meeting)
        assert method == "REQUEST"
        assert event.decoded("DTSTART") == later
        assert "1. Approve the 2027 work plan" in str(event["DESCRIPTION"])

    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_cancel(actor=world.manager_a, meeting=meeting, reason="Partner asked")
    received = smtp.take()
    assert len(received) == 3
    for _, message in received:
        assert message["Subject"] == "[Accord] Cancelled: JSC A Q1"
        method, cal = calendar_part(message)
        event = check_calendar(cal, "CANCEL", 2, meeting)
        assert method == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"

    sends = AuditEvent.objects.filter(action="invitation", object_id=str(meeting.pk))
    everyone = ", ".join(sorted(JSC_A))
    assert [e.new_value for e in sends.order_by("pk")] == [
        f"REQUEST #0 sent to {everyone}",
        f"REQUEST #1 sent to {everyone}",
        f"CANCEL #2 sent to {everyone}",
    ]
    assert {(e.actor_id, e.alliance_id) for e in sends} == {(None, world.alliance_a.pk)}


def test_an_internal_meeting_invites_only_our_people_and_a_guest_gets_their_own(
    world, gov, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = actions.meeting_schedule(
            actor=world.manager_a,
            committee=gov.jsc_a,
            data={"starts_at": STARTS, "modality": "virtual", "is_internal": True},
        )
    assert sorted(to for to, _ in smtp.take()) == [
        ("chemist@meridian.test",),
        ("manager.a@meridian.test",),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        actions.attendance_add_guest(actor=world.manager_a, meeting=meeting, user=world.leader)
    received = smtp.take()
    assert [to for to, _ in received] == [("leader@meridian.test",)]
    _, cal = calendar_part(received[0][1])
    # The deployment's zone (UTC in tests) when the organiser chose none.
    assert str(cal.walk("VEVENT")[0]["DTSTART"].params.get("TZID", "UTC")) == "UTC"


def test_a_bad_time_zone_is_refused_by_name(world, gov):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        actions.meeting_schedule(
            actor=world.manager_a,
            committee=gov.jsc_a,
            data={"starts_at": STARTS, "modality": "virtual", "time_zone": "Mars/Olympus"},
        )
    assert refused.value.message_dict == {
        "time_zone": ["“Mars/Olympus” is not a time zone; use an IANA name such as Europe/London."]
    }
    assert not Meeting.objects.exists()


# --- Replies --------------------------------------------------------------------------------


@pytest.fixture
def invited(world, gov):
    return actions.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={"starts_at": STARTS, "modality": "in_person", "time_zone": "Europe/Berlin"},
    )


def reply(meeting, who, partstat, *, sequence=None, uid=None) -> bytes:
    """A METHOD:REPLY as icalendar writes it."""
    cal = Calendar()
    cal.add("prodid", "-//Test client//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = Event()
    event.add("uid", uid or meeting_uid(meeting))
    event.add("dtstamp", dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC))
    event.add("dtstart", STARTS)
    event.add("sequence", meeting.invitation_sequence if sequence is None else sequence)
    attendee = vCalAddress(f"mailto:{who}")
    attendee.params["partstat"] = partstat
    event.add("attendee", attendee, encode=0)
    event.add("organizer", vCalAddress("mailto:calendar@accord.test"))
    cal.add_component(event)
    return cal.to_ical()


def responses(meeting):
    return dict(Attendance.objects.filter(meeting=meeting).values_list("user__email", "response"))


def test_replies_mark_who_accepted_or_declined(world, invited):
    assert apply_reply(
        ics=reply(invited, "jordan@kestrel.test", "ACCEPTED"), sender="jordan@kestrel.test"
    )
    assert apply_reply(
        ics=reply(invited, "chemist@meridian.test", "DECLINED"), sender="Chemist@Meridian.test"
    )
    assert apply_reply(
        ics=reply(invited, "manager.a@meridian.test", "TENTATIVE"),
        sender="manager.a@meridian.test",
    )
    assert responses(invited) == {
        "jordan@kestrel.test": InvitationResponse.ACCEPTED,
        "chemist@meridian.test": InvitationResponse.DECLINED,
        "manager.a@meridian.test": InvitationResponse.TENTATIVE,
    }
    audited = AuditEvent.objects.filter(action="invitation reply").order_by("pk")
    assert [(e.actor_id, e.old_value, e.new_value) for e in audited] == [
        (world.partner_a.pk, "No reply yet", "Accepted"),
        (world.firewalled.pk, "No reply yet", "Declined"),
        (world.manager_a.pk, "No reply yet", "Tentative"),
    ]


def test_replies_that_do_not_fit_change_nothing(world, invited):
    accepted = reply(invited, "jordan@kestrel.test", "ACCEPTED")
    refused = [
        # Someone else's reply forwarded by another address.
        (accepted, "someone@elsewhere.test"),
        # Not invited: Manager B answering for himself.
        (reply(invited, "manager.b@meridian.test", "ACCEPTED"), "manager.b@meridian.test"),
        # A meeting we never sent, and another deployment's meeting.
        (
            reply(invited, "jordan@kestrel.test", "ACCEPTED", uid="meeting-99999@127.0.0.1"),
            "jordan@kestrel.test",
        ),
        (
            reply(
                invited,
                "jordan@kestrel.test",
                "ACCEPTED",
                uid=f"meeting-{invited.pk}@other.example",
            ),
            "jordan@kestrel.test",
        ),
        # No answer in it, and not a reply at all.
        (reply(invited, "jordan@kestrel.test", "NEEDS-ACTION"), "jordan@kestrel.test"),
        (accepted.replace(b"METHOD:REPLY", b"METHOD:REQUEST"), "jordan@kestrel.test"),
        (b"this is not a calendar", "jordan@kestrel.test"),
    ]
    before = AuditEvent.objects.count()
    for ics, sender in refused:
        assert apply_reply(ics=ics, sender=sender) is False
    assert set(responses(invited).values()) == {InvitationResponse.NEEDS_ACTION}
    assert AuditEvent.objects.count() == before


def test_a_reply_to_an_older_version_is_stale(world, invited):
    old = reply(invited, "jordan@kestrel.test", "ACCEPTED")
    actions.meeting_update(
        actor=world.manager_a, meeting=invited, data={"starts_at": STARTS + dt.timedelta(days=7)}
    )
    invited.refresh_from_db()
    assert invited.invitation_sequence == 1
    assert apply_reply(ics=old, sender="jordan@kestrel.test") is False
    assert responses(invited)["jordan@kestrel.test"] == InvitationResponse.NEEDS_ACTION
    assert apply_reply(
        ics=reply(invited, "jordan@kestrel.test", "DECLINED"), sender="jordan@kestrel.test"
    )
    assert responses(invited)["jordan@kestrel.test"] == InvitationResponse.DECLINED
    actions.meeting_cancel(actor=world.manager_a, meeting=invited, reason="No quorum")
    invited.refresh_from_db()
    late = reply(invited, "jordan@kestrel.test", "ACCEPTED")
    assert apply_reply(ics=late, sender="jordan@kestrel.test") is False


OUTLOOK_REPLY = """BEGIN:VCALENDAR\r
METHOD:REPLY\r
PRODID:Microsoft Exchange Server 2010\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
ATTENDEE;PARTSTAT=DECLINED;CN=Jordan Lee:mailto:JORDAN@kestrel.test\r
COMMENT;LANGUAGE=en-US:Travelling that week - our CMC lead will join instea\r
 d.\\n\r
SUMMARY;LANGUAGE=en-US:Declined: JSC A meeting\r
DTSTART;TZID=W. Europe Standard Time:20270310T100000\r
DTEND;TZID=W. Europe Standard Time:20270310T113000\r
UID:{uid}\r
ORGANIZER;CN=Accord - JSC A:mailto:calendar@accord.test\r
CLASS:PUBLIC\r
PRIORITY:5\r
DTSTAMP:20270301T091500Z\r
TRANSP:OPAQUE\r
STATUS:CONFIRMED\r
SEQUENCE:{sequence}\r
LOCATION;LANGUAGE=en-US:\r
X-MICROSOFT-CDO-APPT-SEQUENCE:{sequence}\r
X-MICROSOFT-CDO-OWNERAPPTID:-1\r
X-MICROSOFT-CDO-BUSYSTATUS:FREE\r
X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY\r
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE\r
X-MICROSOFT-CDO-IMPORTANCE:1\r
X-MICROSOFT-CDO-INSTTYPE:0\r
X-MICROSOFT-DONOTFORWARDMEETING:FALSE\r
X-MICROSOFT-DISALLOW-COUNTER:FALSE\r
END:VEVENT\r
END:VCALENDAR\r
"""

GOOGLE_REPLY = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:REPLY\r
BEGIN:VEVENT\r
DTSTART:20270310T090000Z\r
DTEND:20270310T103000Z\r
DTSTAMP:20270301T101010Z\r
ORGANIZER;CN=Accord – JSC A:mailto:calendar@accord.test\r
UID:{uid}\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Daniel\r
  Reyes;X-NUM-GUESTS=0:mailto:manager.a@meridian.test\r
CREATED:20270301T100000Z\r
DESCRIPTION:\r
LAST-MODIFIED:20270301T101010Z\r
LOCATION:\r
SEQUENCE:{sequence}\r
STATUS:CONFIRMED\r
SUMMARY:JSC A meeting\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_outlook_and_google_replies(world, invited):
    fill = {"uid": meeting_uid(invited), "sequence": invited.invitation_sequence}
    outlook = OUTLOOK_REPLY.format(**fill).encode()
    google = GOOGLE_REPLY.format(**fill).encode()
    assert apply_reply(ics=outlook, sender=["Jordan Lee ", "jordan@kestrel.test>"][1][:-1])
    assert apply_reply(ics=google, sender="manager.a@meridian.test")
    assert responses(invited) == {
        "jordan@kestrel.test": InvitationResponse.DECLINED,
        "chemist@meridian.test": InvitationResponse.NEEDS_ACTION,
        "manager.a@meridian.test": InvitationResponse.ACCEPTED,
    }
    # Google's reply, sent by someone who is not the attendee in it, is refused.
    assert apply_reply(ics=google, sender="jordan@kestrel.test") is False


def test_the_meeting_form_takes_the_time_where_the_meeting_is_held(world, gov):
    from accord.conftest import login

    client = login(world.manager_a)
    url = f"/governance/bodies/{gov.jsc_a.pk}/meetings/new/"
    bad = client.post(
        url, {"starts_at": "2027-04-01T09:30", "modality": "virtual", "time_zone": "Tokyo"}
    )
    assert bad.status_code == 400
    assert "“Tokyo” is not a time zone" in bad.content.decode()
    assert not Meeting.objects.exists()
    good = client.post(
        url, {"starts_at": "2027-04-01T09:30", "modality": "virtual", "time_zone": "Asia/Tokyo"}
    )
    assert good.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.time_zone, meeting.starts_at) == (
        "Asia/Tokyo",
        dt.datetime(2027, 4, 1, 0, 30, tzinfo=dt.UTC),
    )
    page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "Thursday 1 April 2027, 09:30 (Asia/Tokyo)" in page
    assert page.count("invitation: no reply yet") == 3


TOKYO_START = dt.datetime(2027, 4, 1, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))


def test_the_invitation_gives_the_recipients_time_beside_the_meetings(
    world, gov, smtp, django_capture_on_commit_callbacks
):
    world.partner_a.time_zone = "America/New_York"
    world.partner_a.save(update_fields=["time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_schedule(
            actor=world.manager_a,
            committee=gov.jsc_a,
            data={
                "title": "JSC A Tokyo",
                "starts_at": TOKYO_START,
                "duration_minutes": 60,
                "modality": "virtual",
                "time_zone": "Asia/Tokyo",
            },
        )
    bodies = {to: m.get_body(("plain",)).get_content() for (to,), m in smtp.take()}
    assert "Thursday 01 April 2027, 09:30 (Asia/Tokyo)" in bodies["jordan@kestrel.test"]
    # 00:30 UTC is 20:30 the evening before in New York (EDT).
    assert "your time Wed 31 Mar, 20:30 (America/New_York)" in bodies["jordan@kestrel.test"]
    assert "your time" not in bodies["manager.a@meridian.test"]
