"""The calendar feeds, read back by a standards parser: dates of the register, meetings in their
own time zone and action items, each with the reminders Accord sends, and nothing firewalled."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accord.conftest import api_client
from accord.governance import actions as governance
from accord.governance.tests.conftest import gov  # noqa: F401  (the governance fixture)

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def agenda(world, register, gov):  # noqa: F811
    soon = timezone.localdate() + dt.timedelta(days=10)
    starts = dt.datetime.combine(soon, dt.time(9, 30), tzinfo=TOKYO)
    jsc = governance.meeting_schedule(
        actor=world.manager_a,
        committee=gov.jsc_a,
        data={
            "title": "JSC A Tokyo",
            "starts_at": starts,
            "duration_minutes": 120,
            "modality": "in_person",
            "time_zone": "Asia/Tokyo",
        },
    )
    secret = governance.meeting_schedule(
        actor=world.manager_a,
        committee=gov.team_a2,
        data={"title": "A2 team sync", "starts_at": starts, "modality": "virtual"},
    )
    mine = governance.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "Send the CMC plan", "owner": world.manager_a, "due_on": soon},
    )
    hidden = governance.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "KRAS dossier",
            "owner": world.manager_a,
            "due_on": soon,
            "program": world.program_a2,
        },
    )
    return {"jsc": jsc, "secret": secret, "mine": mine, "hidden": hidden, "starts": starts}


def feed(user, **data) -> Calendar:
    created = api_client(user).post("/api/v1/calendar-feeds/", data, format="json").json()
    response = Client().get(created["url"])
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def check_required(cal):
    """Every property RFC 5545 requires of each component, and of each reminder."""
    assert str(cal["PRODID"]) == "-//Accord//Contract dates//EN"
    assert str(cal["VERSION"]) == "2.0"
    for event in cal.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert name in event, (name, event.get("SUMMARY"))
        for alarm in event.walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert "TRIGGER" in alarm
            assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
    for zone in cal.walk("VTIMEZONE"):
        assert "TZID" in zone and zone.subcomponents


def by_summary(cal) -> dict:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def triggers(event) -> list:
    return [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]


def test_my_feed_has_my_meetings_actions_and_dates_with_their_reminders(world, register, agenda):
    cal = feed(world.manager_a)
    check_required(cal)
    events = by_summary(cal)
    assert sorted(events) == [
        "A2 team sync (Kestrel ADC Collaboration)",
        "Action due: KRAS dossier (Kestrel ADC Collaboration)",
        "Action due: Send the CMC plan (Kestrel ADC Collaboration)",
        "JSC A Tokyo (Kestrel ADC Collaboration)",
        "Milestone forecast: First patient dosed in Phase 2 (Kestrel ADC Collaboration)",
        "Option expires: Option on CDH6 ADC (Kestrel ADC Collaboration)",
        "Quarterly research report (Kestrel ADC Collaboration)",
        "Secret program update (Kestrel ADC Collaboration)",
    ]
    jsc = events["JSC A Tokyo (Kestrel ADC Collaboration)"]
    assert jsc["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert jsc.decoded("DTSTART") == agenda["starts"]
    assert jsc.decoded("DTEND") == agenda["starts"] + dt.timedelta(minutes=120)
    assert str(jsc["UID"]) == f"meeting-{agenda['jsc'].pk}@127.0.0.1"
    assert triggers(jsc) == [dt.timedelta(days=-1), dt.timedelta(minutes=-30)]
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    action = events["Action due: Send the CMC plan (Kestrel ADC Collaboration)"]
    assert action.decoded("DTSTART") == agenda["mine"].due_on
    assert triggers(action) == [dt.timedelta(days=-3), dt.timedelta(0)]
    # The register's default reminder cadence: 30, 14, 7 and 1 day before.
    report = events["Quarterly research report (Kestrel ADC Collaboration)"]
    assert triggers(report) == [dt.timedelta(days=-d) for d in (30, 14, 7, 1)]


def test_the_obligation_categorys_own_cadence_sets_its_reminders(world, register):
    from accord.contracts.models import ReminderPolicy

    ReminderPolicy.objects.create(category=register.obligation_a.category, days_before="10, 2")
    events = by_summary(feed(world.manager_a))
    report = events["Quarterly research report (Kestrel ADC Collaboration)"]
    assert triggers(report) == [dt.timedelta(days=-10), dt.timedelta(days=-2)]


def test_the_uncleared_see_nothing_firewalled(world, register, agenda):
    personal = feed(world.firewalled)
    check_required(personal)
    assert sorted(by_summary(personal)) == ["JSC A Tokyo (Kestrel ADC Collaboration)"]
    alliance = feed(world.firewalled, name="Kestrel", alliance=world.alliance_a.pk)
    check_required(alliance)
    summaries = sorted(by_summary(alliance))
    assert summaries == [
        "Action due: Send the CMC plan (Kestrel ADC Collaboration)",
        "JSC A Tokyo (Kestrel ADC Collaboration)",
        "Milestone forecast: First patient dosed in Phase 2 (Kestrel ADC Collaboration)",
        "Option expires: Option on CDH6 ADC (Kestrel ADC Collaboration)",
        "Quarterly research report (Kestrel ADC Collaboration)",
    ]
    # The partner on the JSC sees the joint meeting in their own feed, nothing internal.
    partner = by_summary(feed(world.partner_a))
    assert "JSC A Tokyo (Kestrel ADC Collaboration)" in partner
