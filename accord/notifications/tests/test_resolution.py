# ruff: noqa: F811  (the governance `gov` fixture is imported, then requested by name)
"""A notification that asks someone to act resolves itself when the thing is done, by anyone:
the badge (and the inbox's open list) counts only what is still open."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from accord.conftest import login
from accord.contracts import actions as contracts
from accord.contracts import reminders as contract_reminders
from accord.contracts.tests.factories import agreement, obligation
from accord.governance import actions as governance
from accord.governance.models import ActionStatus, CommitteeRole
from accord.governance.tests.conftest import (
    at,
    gov,  # noqa: F401  (fixture)
    held_meeting,
)
from accord.health import actions as health
from accord.health.models import Side
from accord.health.tests.factories import add_people, draft_wave
from accord.notifications.actions import notifications_resolve_for, subject_of
from accord.notifications.models import Notification


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def badge(user) -> int:
    return Notification.objects.for_user(user).badge().count()


def frame_badge(user) -> str:
    """The badge as the page frame shows it (the base template's unread count)."""
    page = login(user).get("/notifications/?show=all").content.decode()
    marker = 'class="count" aria-label="'
    if marker not in page:
        return "none"
    return page.split(marker, 1)[1].split(" ", 1)[0]


def inbox(user, show="unread") -> str:
    return login(user).get(f"/notifications/?show={show}").content.decode()


def test_resolving_skips_an_email_not_sent_yet_and_counts_only_open_ones(world):
    from accord.notifications.actions import notify

    notify(
        recipients=[world.manager_a, world.leader],
        kind="test.ask",
        title="Please act",
        dedupe_key="ask:1",
        subject="test.thing:1",
    )
    notify(recipients=[world.manager_a], kind="test.info", title="FYI", dedupe_key="info:1")
    assert (badge(world.manager_a), badge(world.leader)) == (2, 1)
    assert notifications_resolve_for(subject="test.thing:1") == 2
    assert notifications_resolve_for(subject="test.thing:1") == 0
    assert notifications_resolve_for(subject="") == 0
    assert (badge(world.manager_a), badge(world.leader)) == (1, 0)
    asked = Notification.objects.filter(kind="test.ask")
    assert {n.email_status for n in asked} == {Notification.Email.SKIPPED}
    assert all(n.resolved_at is not None and n.read_at is None for n in asked)


def test_minutes_to_approve_resolve_for_a_party_when_its_next_co_chair_approves(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    minutes = governance.minutes_save(
        actor=world.manager_a, minutes=meeting.minutes, text="1. Plan approved."
    )
    minutes = governance.minutes_submit(
        actor=world.manager_a, minutes=minutes, now=at("2026-03-11 09:00")
    )
    asked = Notification.objects.filter(kind="governance.minutes.approve")
    assert sorted(n.recipient.email for n in asked) == [
        "jordan@kestrel.test",
        "manager.a@meridian.test",
    ]
    # Manager A hands the co-chair seat to the leader, who approves for our side.
    seat = gov.jsc_a.memberships.get(user=world.manager_a)
    governance.committee_member_end(
        actor=world.leader, seat=seat, end_date=dt.date(2026, 3, 11), reason="Hand-over"
    )
    governance.committee_member_add(
        actor=world.leader,
        committee=gov.jsc_a,
        user=world.leader,
        role=CommitteeRole.CO_CHAIR,
        start_date=dt.date(2026, 3, 12),
    )
    assert {n.subject for n in asked} == {subject_of(minutes)}
    before = (badge(world.manager_a), badge(world.partner_a))
    # The leader approves for our side: Manager A no longer has to; Kestrel still does.
    governance.record_approval(
        actor=world.leader, minutes=minutes, meaning="Approved", now=at("2026-03-12 10:00")
    )
    assert (badge(world.manager_a), badge(world.partner_a)) == (before[0] - 1, before[1])
    assert frame_badge(world.manager_a) == (str(before[0] - 1) if before[0] > 1 else "none")
    mine = asked.get(recipient=world.manager_a)
    assert mine.resolved_at is not None and mine.read_at is None
    page = inbox(world.manager_a, "all")
    assert "Minutes to approve" in page and "Done: resolved" in page
    assert "Minutes to approve" not in inbox(world.manager_a)
    # Kestrel's co-chair approves: the minutes are approved, nothing is left to ask.
    governance.record_approval(
        actor=world.partner_a, minutes=minutes, meaning="Approved", now=at("2026-03-12 11:00")
    )
    assert asked.open().count() == 0
    assert badge(world.partner_a) == before[1] - 1


def test_returned_minutes_no_longer_ask_for_approval(world, gov):
    meeting = held_meeting(world.manager_a, gov.jsc_a)
    governance.minutes_save(actor=world.manager_a, minutes=meeting.minutes, text="Draft.")
    minutes = governance.minutes_submit(
        actor=world.manager_a, minutes=meeting.minutes, now=at("2026-03-11 09:00")
    )
    governance.minutes_return(actor=world.manager_a, minutes=minutes, reason="Typo in item 2")
    assert Notification.objects.filter(kind="governance.minutes.approve").open().count() == 0


def test_an_obligation_completed_by_someone_else_resolves_its_reminders(world):
    contract = agreement(world.alliance_a, actor=world.manager_a)
    today = timezone.localdate()
    duty = obligation(
        contract,
        actor=world.manager_a,
        owner=world.firewalled,
        title="Safety data exchange",
        due_on=today - dt.timedelta(days=3),
    )
    sent = contract_reminders.send_reminders(today=today)
    reminded = Notification.objects.filter(subject=subject_of(duty))
    assert sent == reminded.count() == 2  # the owner, and the alliance manager escalated to
    assert sorted(n.recipient.email for n in reminded) == [
        "chemist@meridian.test",
        "manager.a@meridian.test",
    ]
    owner_before = badge(world.firewalled)
    contracts.obligation_complete(
        actor=world.leader,
        obligation=duty,
        completed_on=today,
        evidence="Exchanged at the safety call",
    )
    assert badge(world.firewalled) == owner_before - 1
    assert reminded.open().count() == 0
    assert "Safety data exchange" not in inbox(world.firewalled)
    assert "Done: resolved" in inbox(world.firewalled, "all")


def test_a_waived_obligation_resolves_its_reminders(world):
    contract = agreement(world.alliance_a, actor=world.manager_a)
    today = timezone.localdate()
    duty = obligation(contract, actor=world.manager_a, due_on=today - dt.timedelta(days=1))
    contract_reminders.send_reminders(today=today)
    assert Notification.objects.filter(subject=subject_of(duty)).open().count() == 1
    contracts.obligation_set_state(
        actor=world.leader, obligation=duty, state="waived", reason="Kestrel agreed in writing"
    )
    assert Notification.objects.filter(subject=subject_of(duty)).open().count() == 0


def test_an_action_item_done_by_someone_else_resolves_the_owners_notification(world, gov):
    action = governance.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send the stability data",
            "owner": world.firewalled,
            "committee": gov.jsc_a,
            "due_on": timezone.localdate() + dt.timedelta(days=10),
        },
    )
    assert badge(world.firewalled) == 1
    governance.action_set_status(actor=world.manager_a, action=action, status=ActionStatus.DONE)
    assert badge(world.firewalled) == 0
    note = Notification.objects.get(recipient=world.firewalled)
    assert (note.subject, note.resolved_at is not None) == (subject_of(action), True)


def test_a_survey_to_answer_resolves_when_answered_or_when_the_wave_closes(world):
    wave = draft_wave(world.manager_a, world.alliance_a)
    mine = health.respondent_add(actor=world.manager_a, wave=wave, user=world.firewalled)
    add_people(world.manager_a, wave, Side.OWN, ["Research", "Clinical"])
    health.wave_launch(actor=world.manager_a, wave=wave)
    assert badge(world.firewalled) == 1
    assert "Please answer" in inbox(world.firewalled)
    # Nobody else can answer for them; the survey is over when the manager closes the wave.
    health.wave_close(actor=world.manager_a, wave=wave)
    assert badge(world.firewalled) == 0
    asked = Notification.objects.filter(kind="health.survey")
    assert asked.count() == 3 and asked.open().count() == 0
    assert Notification.objects.get(recipient=world.firewalled).subject == subject_of(mine)
