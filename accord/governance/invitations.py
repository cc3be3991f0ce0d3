"""Calendar invitations for governance meetings (iCalendar, RFC 5545, with iTIP, RFC 5546).

A scheduled meeting sends each attendee a METHOD:REQUEST; a reschedule sends it again with
SEQUENCE + 1, a cancellation a METHOD:CANCEL with STATUS:CANCELLED. Every copy of a meeting
carries the same UID, so calendar clients update the event they already hold. The ORGANIZER is
Accord's calendar mailbox (ACCORD_CALENDAR_ORGANIZER_EMAIL): clients send their METHOD:REPLY
there, and the inbound-email reader hands each one to `apply_reply`.

Each recipient's copy describes the agenda items that recipient may see, nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.core import audit
from accord.core.locales import for_reader
from accord.core.versioning import lock

from .models import AgendaItem, Attendance, InvitationResponse, Meeting, MeetingStatus

log = logging.getLogger(__name__)

REQUEST, CANCEL, REPLY = "REQUEST", "CANCEL", "REPLY"
PRODID = "-//Accord//Governance meetings//EN"
PARTSTAT = {
    "ACCEPTED": InvitationResponse.ACCEPTED,
    "DECLINED": InvitationResponse.DECLINED,
    "TENTATIVE": InvitationResponse.TENTATIVE,
}


def _host() -> str:
    return urlsplit(settings.ACCORD_BASE_URL).hostname or "accord.invalid"


def meeting_uid(meeting: Meeting) -> str:
    """The UID every copy of this meeting's invitation carries (stable for its whole life)."""
    return f"meeting-{meeting.pk}@{_host()}"


def _meeting_pk(uid: str) -> int | None:
    match = re.fullmatch(r"meeting-(\d+)@(.+)", (uid or "").strip(), flags=re.IGNORECASE)
    if not match or match.group(2).lower() != _host().lower():
        return None
    return int(match.group(1))


def _mailto(address: str) -> str:
    return f"mailto:{address}"


def _address(value) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()


def _role(row: Attendance) -> str:
    if row.role == "co_chair":
        return "CHAIR"
    if row.role in ("observer", ""):
        return "OPT-PARTICIPANT"
    return "REQ-PARTICIPANT"


def _agenda_text(meeting: Meeting, recipient) -> str:
    items = AgendaItem.objects.visible_to(recipient).filter(meeting=meeting).order_by("position")
    lines = [f"{meeting.committee.name} – {meeting.alliance.name}", ""]
    if items:
        lines.append(_("Agenda:"))
        lines += [f"{n}. {item.title}" for n, item in enumerate(items, start=1)]
    else:
        lines.append(_("The agenda follows."))
    lines += ["", f"{settings.ACCORD_BASE_URL.rstrip('/')}{meeting.get_absolute_url()}"]
    return "\n".join(lines)


def build_calendar(meeting: Meeting, method: str, recipient, rows: list[Attendance]) -> bytes:
    """The VCALENDAR one recipient receives for this meeting (method REQUEST or CANCEL)."""
    from icalendar import Calendar, Event, vCalAddress

    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("sequence", meeting.invitation_sequence)
    event.add("summary", meeting.title)
    event.add("description", _agenda_text(meeting, recipient))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", f"{settings.ACCORD_BASE_URL.rstrip('/')}{meeting.get_absolute_url()}")
    organizer = vCalAddress(_mailto(settings.ACCORD_CALENDAR_ORGANIZER_EMAIL))
    organizer.params["cn"] = f"Accord – {meeting.committee.name}"
    event.add("organizer", organizer)
    for row in rows:
        attendee = vCalAddress(_mailto(row.user.email))
        attendee.params["cn"] = row.user.get_full_name() or row.user.email
        attendee.params["role"] = _role(row)
        attendee.params["partstat"] = row.response.upper().replace("_", "-")
        attendee.params["rsvp"] = "TRUE"
        attendee.params["cutype"] = "INDIVIDUAL"
        event.add("attendee", attendee, encode=0)
    cancelled = method == CANCEL or meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _message(meeting: Meeting, method: str, recipient, ics: bytes) -> EmailMultiAlternatives:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    when = f"{date_format(local, pgettext('date format', 'l d F Y, H:i'))} ({meeting.time_zone})"
    # The recipient's own clock beside the meeting's, when they read times in another zone.
    own_zone = getattr(recipient, "time_zone", "")
    if own_zone and own_zone != meeting.time_zone:
        theirs = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(own_zone))
        when += "; " + _("your time %(when)s (%(zone)s)") % {
            "when": date_format(theirs, pgettext("date format", "D d M, H:i")),
            "zone": own_zone,
        }
    if method == CANCEL:
        subject = _("Cancelled: %(title)s") % {"title": meeting.title}
        body = _("%(title)s on %(when)s is cancelled.") % {"title": meeting.title, "when": when}
        if meeting.cancel_reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": meeting.cancel_reason}
    else:
        if meeting.invitation_sequence:
            subject = _("Invitation (updated): %(title)s") % {"title": meeting.title}
        else:
            subject = _("Invitation: %(title)s") % {"title": meeting.title}
        body = f"{meeting.title}\n{when}\n{meeting.location}".rstrip()
    body += "\n\n" + _agenda_text(meeting, recipient)
    text = ics.decode("utf-8")
    message = EmailMultiAlternatives(
        subject=f"[Accord] {subject}",
        body=body,
        to=[recipient.email],
        reply_to=[settings.ACCORD_CALENDAR_ORGANIZER_EMAIL],
    )
    # The text/calendar alternative is what Outlook and Gmail act on; the .ics attachment is
    # for clients that only import files.
    message.attach_alternative(text, f"text/calendar; method={method}")
    message.attach("invite.ics", ics, "application/ics")
    return message


def send(meeting_id: int, method: str, sequence: int, user_ids: list[int] | None = None) -> int:
    """Email the invitation (or cancellation) of one meeting; returns how many were sent.

    Run by the worker after the meeting action commits. A job overtaken by a newer change of
    the meeting (its SEQUENCE is lower than the meeting's) sends nothing: the newer job does.
    """
    meeting = Meeting.objects.select_related("committee", "alliance").filter(pk=meeting_id).first()
    if meeting is None or meeting.invitation_sequence != sequence:
        return 0
    if method == REQUEST and meeting.status != MeetingStatus.SCHEDULED:
        return 0
    rows = list(meeting.attendance.select_related("user").order_by("pk"))
    recipients = [
        row.user
        for row in rows
        if row.user.is_active
        and row.user.email
        and (user_ids is None or row.user_id in set(user_ids))
    ]
    sent = []
    with get_connection() as connection:
        for user in recipients:
            with for_reader(user):
                ics = build_calendar(meeting, method, user, rows)
                message = _message(meeting, method, user, ics)
            message.connection = connection
            message.send()
            sent.append(user.email)
    if sent:
        audit.record(
            actor=None,
            obj=meeting,
            action="invitation",
            changes={"invitation": ("", f"{method} #{sequence} sent to {', '.join(sorted(sent))}")},
            alliance_id=meeting.alliance_id,
            program_id=meeting.committee.program_id,
        )
    return len(sent)


def enqueue(meeting: Meeting, method: str, user_ids: list[int] | None = None) -> None:
    """After the current transaction commits, have the worker send this meeting's invitation."""
    from .tasks import send_invitation

    meeting_id, sequence = meeting.pk, meeting.invitation_sequence
    transaction.on_commit(
        lambda: send_invitation.enqueue(meeting_id, method, sequence, user_ids or None)
    )


def apply_reply(*, ics: bytes, sender: str) -> bool:
    """Record an attendee's answer (METHOD:REPLY) to a meeting invitation.

    `sender` is the address the reply came from; it must be the ATTENDEE the reply speaks for
    and one of the meeting's invitees. Returns False, changing nothing, for anything else: not
    a REPLY, an unknown UID, an unknown attendee, an answer to an older version of the
    invitation (SEQUENCE below the meeting's), or a PARTSTAT other than accepted, tentative
    or declined.
    """
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(ics)
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    if str(cal.get("method", "")).strip().upper() != REPLY:
        return False
    sender = _address(sender)
    if not sender:
        return False
    return any(_apply_event(event, sender) for event in cal.walk("VEVENT"))


def _apply_event(event, sender: str) -> bool:
    pk = _meeting_pk(str(event.get("uid", "")))
    if pk is None:
        return False
    attendees = event.get("attendee")
    if attendees is None:
        return False
    if not isinstance(attendees, list):
        attendees = [attendees]
    answer = next((a for a in attendees if _address(a) == sender), None)
    if answer is None:
        return False
    response = PARTSTAT.get(str(answer.params.get("PARTSTAT", "")).upper())
    if response is None:
        return False
    try:
        sequence = int(event.get("sequence", 0))
    except (TypeError, ValueError):
        return False
    with transaction.atomic():
        meeting = Meeting.objects.filter(pk=pk).select_related("committee").first()
        if meeting is None:
            return False
        meeting = lock(Meeting, pk)
        if sequence < meeting.invitation_sequence or meeting.status == MeetingStatus.CANCELLED:
            return False
        row = (
            Attendance.objects.select_for_update()
            .select_related("user")
            .filter(meeting=meeting, user__email__iexact=sender)
            .first()
        )
        if row is None:
            return False
        before = row.get_response_display()
        row.response = response
        row.responded_at = timezone.now()
        row.save(update_fields=["response", "responded_at"])
        audit.record(
            actor=row.user,
            obj=meeting,
            action="invitation reply",
            changes={f"reply of {row.user}": (before, row.get_response_display())},
            alliance_id=meeting.alliance_id,
            program_id=meeting.committee.program_id,
        )
    return True
