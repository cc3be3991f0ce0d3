"""Escalation timing and reminders, on fixed clocks: each step once, caught up after downtime,
and never to someone who may not see the record."""

import datetime as dt

import pytest

from accord.core import scheduling
from accord.governance import actions, reminders, tasks
from accord.notifications.models import Notification
from accord.portfolio.models import AllianceMember, MemberRole

from .conftest import at


def notes(kind=None):
    found = Notification.objects.all()
    if kind:
        found = found.filter(kind=kind)
    return sorted((n.recipient.email, n.title) for n in found)


@pytest.fixture
def issue(world, gov):
    return actions.issue_create(
        actor=world.partner_a,
        alliance=world.alliance_a,
        data={
            "title": "Comparator dispute",
            "area": "development",
            "severity": "high",
            "level": gov.jsc_a,
        },
        now=at("2026-01-01 09:00"),
    )


# --- Escalation timing ----------------------------------------------------------------------


def test_time_at_level_against_the_charter_limit(world, gov, issue):
    assert issue.limit_at() == at("2026-01-31 09:00")
    assert issue.days_at_level(at("2026-01-31 08:59")) == 29
    assert issue.is_past_limit(at("2026-01-31 08:59")) is False
    assert issue.is_past_limit(at("2026-01-31 09:00")) is True
    assert issue.days_at_level(at("2026-02-10 09:00")) == 40


def test_no_alert_before_the_limit_then_one_alert_to_managers_and_co_chairs(world, gov, issue):
    Notification.objects.all().delete()
    assert reminders.escalation_alerts(at("2026-01-31 08:59")) == 0
    assert notes() == []
    assert reminders.escalation_alerts(at("2026-01-31 09:00")) == 3
    title = "Issue unresolved at JSC A for 30 days (limit 30): Comparator dispute"
    # Manager A runs the alliance and co-chairs the JSC; partner A co-chairs the JSC and the
    # sponsors; the leader co-chairs the next level.
    assert notes() == [
        ("jordan@kestrel.test", title),
        ("leader@meridian.test", title),
        ("manager.a@meridian.test", title),
    ]
    body = Notification.objects.filter(recipient=world.manager_a).get().body
    assert body == "The charter allows 30 days at JSC A; escalate to Executive sponsors."
    # The hourly job runs again and again: nothing new.
    assert reminders.escalation_alerts(at("2026-01-31 10:00")) == 0
    assert reminders.escalation_alerts(at("2026-02-15 10:00")) == 0
    assert Notification.objects.count() == 3


def test_escalating_restarts_the_clock_at_the_next_level(world, gov, issue):
    reminders.escalation_alerts(at("2026-02-01 09:00"))
    issue = actions.issue_escalate(
        actor=world.manager_a,
        issue=issue,
        reason="No agreement in 31 days",
        now=at("2026-02-01 10:00"),
    )
    Notification.objects.all().delete()
    assert reminders.escalation_alerts(at("2026-03-03 09:59")) == 0
    assert reminders.escalation_alerts(at("2026-03-03 10:00")) == 3
    assert {n.title for n in Notification.objects.all()} == {
        "Issue unresolved at Executive sponsors for 30 days (limit 30): Comparator dispute"
    }
    assert Notification.objects.first().body == (
        "The charter allows 30 days at Executive sponsors; it is at the last level: "
        "consider the dispute resolution clause."
    )


def test_a_resolved_issue_raises_no_alert(world, gov, issue):
    actions.issue_resolve(actor=world.manager_a, issue=issue, resolution="Agreed at the JSC")
    Notification.objects.all().delete()
    assert reminders.escalation_alerts(at("2026-03-01 09:00")) == 0


def test_an_internal_issue_alerts_only_our_people(world, gov):
    internal = actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Our exit options",
            "area": "legal",
            "level": gov.jsc_a,
            "is_internal": True,
        },
        now=at("2026-01-01 09:00"),
    )
    Notification.objects.all().delete()
    reminders.escalation_alerts(at("2026-02-01 09:00"))
    assert {n.recipient.email for n in Notification.objects.all()} == {
        "manager.a@meridian.test",
        "leader@meridian.test",
    }
    assert internal.is_internal


def test_an_issue_on_a_firewalled_program_alerts_only_the_cleared(world, gov):
    # The firewalled employee now also runs alliance A day to day, but is not cleared for A2.
    AllianceMember.objects.create(
        alliance=world.alliance_a, user=world.firewalled, role=MemberRole.DESIGNATED_PERSON
    )
    actions.issue_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={"title": "KRAS data", "area": "development", "level": gov.team_a2},
        now=at("2026-01-01 09:00"),
    )
    Notification.objects.all().delete()
    reminders.escalation_alerts(at("2026-01-20 09:00"))  # the team's limit is 14 days
    # Manager A and partner A (cleared) are told; the firewalled employee is not.
    assert {n.recipient.email for n in Notification.objects.all()} == {
        "manager.a@meridian.test",
        "jordan@kestrel.test",
    }
    assert set(Notification.objects.values_list("program_id", flat=True)) == {world.program_a2.pk}


def test_the_periodic_job_catches_up_after_downtime(world, gov, issue, settings, monkeypatch):
    settings.TIME_ZONE = "UTC"
    monkeypatch.setattr(scheduling, "REGISTRY", {})
    scheduling.periodic("governance.escalation_watch", every="hour", at=dt.time(0, 20))(
        tasks.escalation_watch
    )
    monkeypatch.setattr(scheduling, "autodiscover", lambda: None)
    Notification.objects.all().delete()
    # The scheduler was down for a week; at restart only the latest slot runs, and it is enough.
    assert scheduling.enqueue_due(at("2026-02-07 13:45").astimezone(dt.UTC)) == [
        "governance.escalation_watch"
    ]
    assert Notification.objects.filter(kind="governance.issue.limit_passed").count() == 3


# --- Action item reminders ------------------------------------------------------------------


@pytest.fixture
def action(world, gov):
    item = actions.action_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Send stability data",
            "owner": world.partner_a,
            "due_on": dt.date(2026, 4, 10),
            "committee": gov.jsc_a,
        },
    )
    return item


def test_the_owner_is_told_when_an_action_is_assigned(world, gov, action):
    assert notes() == [
        ("jordan@kestrel.test", "Action for you: Send stability data (due 2026-04-10)")
    ]


def test_each_recipient_reads_a_reminder_in_their_language_and_date_format(world, gov, action):
    """The partner's owner reads Japanese, our alliance manager English: one overdue step, each
    copy in its reader's language, with the dates each language writes."""
    from django.utils import translation
    from django.utils.formats import date_format

    from accord.core.tests.languages import said

    world.partner_a.language = "ja"
    world.partner_a.save(update_fields=["language"])
    Notification.objects.all().delete()
    with translation.override("de"):  # whatever the worker happens to have active
        assert reminders.action_reminders(dt.date(2026, 4, 7)) == 1
        assert reminders.action_reminders(dt.date(2026, 4, 11)) == 2
    with translation.override("ja"):
        friday = date_format(dt.date(2026, 4, 10), translation.pgettext("date format", "D d M"))
    assert notes() == sorted(
        [
            (
                "jordan@kestrel.test",
                said(
                    "ja",
                    "Action due %(due)s: %(title)s",
                    due=friday,
                    title="Send stability data",
                ),
            ),
            (
                "jordan@kestrel.test",
                said(
                    "ja",
                    "Action overdue by %(days)s day: %(title)s (%(owner)s)",
                    days=1,
                    title="Send stability data",
                    owner=world.partner_a,
                ),
            ),
            (
                "manager.a@meridian.test",
                "Action overdue by 1 day: Send stability data (" + str(world.partner_a) + ")",
            ),
        ]
    )


def test_action_reminders_due_soon_due_then_weekly_when_overdue(world, gov, action):
    Notification.objects.all().delete()
    assert reminders.action_reminders(dt.date(2026, 4, 6)) == 0
    assert reminders.action_reminders(dt.date(2026, 4, 7)) == 1
    assert reminders.action_reminders(dt.date(2026, 4, 8)) == 0  # the due-soon step is done
    assert reminders.action_reminders(dt.date(2026, 4, 10)) == 1
    assert reminders.action_reminders(dt.date(2026, 4, 11)) == 2  # overdue: the owner and the AM
    for day in range(12, 18):
        assert reminders.action_reminders(dt.date(2026, 4, day)) == 0
    assert reminders.action_reminders(dt.date(2026, 4, 18)) == 2  # a week later
    assert notes() == sorted(
        [
            ("jordan@kestrel.test", "Action due Fri 10 Apr: Send stability data"),
            ("jordan@kestrel.test", "Action due today: Send stability data"),
            (
                "jordan@kestrel.test",
                "Action overdue by 1 day: Send stability data (" + str(world.partner_a) + ")",
            ),
            (
                "manager.a@meridian.test",
                "Action overdue by 1 day: Send stability data (" + str(world.partner_a) + ")",
            ),
            (
                "jordan@kestrel.test",
                "Action overdue by 8 days: Send stability data (" + str(world.partner_a) + ")",
            ),
            (
                "manager.a@meridian.test",
                "Action overdue by 8 days: Send stability data (" + str(world.partner_a) + ")",
            ),
        ]
    )


def test_a_run_after_downtime_sends_what_is_due_now_once(world, gov, action):
    Notification.objects.all().delete()
    # Nothing ran for three weeks: the catch-up run sends the current overdue step only.
    assert reminders.action_reminders(dt.date(2026, 4, 25)) == 2
    assert reminders.action_reminders(dt.date(2026, 4, 25)) == 0
    assert {n.title for n in Notification.objects.all()} == {
        f"Action overdue by 15 days: Send stability data ({world.partner_a})"
    }


def test_a_done_action_gets_no_reminder_and_a_new_due_date_starts_again(world, gov, action):
    Notification.objects.all().delete()
    reminders.action_reminders(dt.date(2026, 4, 10))
    actions.action_update(
        actor=world.manager_a, action=action, data={"due_on": dt.date(2026, 5, 1)}
    )
    assert reminders.action_reminders(dt.date(2026, 5, 1)) == 1
    actions.action_set_status(actor=world.partner_a, action=action, status="done")
    assert reminders.action_reminders(dt.date(2026, 5, 20)) == 0


def test_a_partner_who_leaves_the_body_is_no_longer_reminded(world, gov, action):
    Notification.objects.all().delete()
    for seat in world.partner_a.committee_memberships.all():
        actions.committee_member_end(
            actor=world.leader, seat=seat, end_date=dt.date(2026, 1, 1), reason="Left the JSC"
        )
    assert reminders.action_reminders(dt.date(2026, 4, 11)) == 1
    assert notes() == [
        (
            "manager.a@meridian.test",
            f"Action overdue by 1 day: Send stability data ({world.partner_a})",
        )
    ]


def test_risk_reviews_and_review_deadlines_are_reminded(world, gov):
    actions.risk_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "Key person risk",
            "area": "relationship",
            "likelihood": 3,
            "impact": 4,
            "owner": world.manager_a,
            "review_on": dt.date(2026, 5, 1),
        },
    )
    Notification.objects.all().delete()
    item = actions.communication_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "NDA filing PR",
            "kind": "press_release",
            "proposed_by": world.partner_co_a,
            "reviewers": [world.manager_a],
        },
    )
    # Monday 27 April: five business days end on Monday 4 May.
    actions.communication_submit(actor=world.manager_a, communication=item, on=dt.date(2026, 4, 27))
    assert notes() == [("manager.a@meridian.test", "Please review by Mon 04 May: NDA filing PR")]
    assert reminders.daily(dt.date(2026, 4, 30)) == {"actions": 0, "risks": 0, "communications": 0}
    assert reminders.daily(dt.date(2026, 5, 1)) == {"actions": 0, "risks": 1, "communications": 0}
    assert reminders.daily(dt.date(2026, 5, 3)) == {"actions": 0, "risks": 0, "communications": 1}
    assert reminders.daily(dt.date(2026, 5, 3)) == {"actions": 0, "risks": 0, "communications": 0}
    assert reminders.daily(dt.date(2026, 5, 5)) == {"actions": 0, "risks": 0, "communications": 1}
    assert notes() == [
        ("manager.a@meridian.test", "Please review by Mon 04 May: NDA filing PR"),
        (
            "manager.a@meridian.test",
            "Review period ended 2026-05-04 without an outcome: NDA filing PR",
        ),
        ("manager.a@meridian.test", "Review period ends Mon 04 May: NDA filing PR"),
        ("manager.a@meridian.test", "Risk review due 2026-05-01: Key person risk"),
    ]


# --- Re-runs cost a constant number of queries ----------------------------------------------


def _portfolio_of_due_records(world, gov, count):
    for n in range(count):
        alliance, owner, body = (
            (world.alliance_a, world.partner_a, gov.jsc_a)
            if n % 2
            else (world.alliance_b, world.manager_b, gov.jsc_b)
        )
        actions.action_create(
            actor=world.leader,
            alliance=alliance,
            data={
                "title": f"Deliverable {n}",
                "owner": owner,
                "due_on": dt.date(2026, 4, 1 + n % 12),  # overdue, due and due soon on 4/10
                "committee": body,
            },
        )
        actions.risk_create(
            actor=world.leader,
            alliance=alliance,
            data={
                "title": f"Risk {n}",
                "area": "relationship",
                "likelihood": 3,
                "impact": 4,
                "owner": world.manager_a if alliance == world.alliance_a else world.manager_b,
                "review_on": dt.date(2026, 4, 1 + n % 9),
            },
        )
        item = actions.communication_create(
            actor=world.leader,
            alliance=alliance,
            data={
                "title": f"Press release {n}",
                "kind": "press_release",
                "proposed_by": world.partner_co_a
                if alliance == world.alliance_a
                else world.partner_co_b,
                "reviewers": [world.manager_a if alliance == world.alliance_a else world.manager_b],
            },
        )
        actions.communication_submit(
            actor=world.leader, communication=item, on=dt.date(2026, 4, 1 + n % 9)
        )


@pytest.mark.parametrize("count", [2, 12])
def test_a_daily_rerun_that_creates_nothing_is_a_few_queries(
    world, gov, count, django_assert_max_num_queries
):
    _portfolio_of_due_records(world, gov, count)
    first = reminders.daily(dt.date(2026, 4, 10))
    assert first["actions"] > 0 and first["risks"] > 0 and first["communications"] > 0
    made = Notification.objects.count()
    with django_assert_max_num_queries(10):
        assert reminders.daily(dt.date(2026, 4, 10)) == {
            "actions": 0,
            "risks": 0,
            "communications": 0,
        }
    assert Notification.objects.count() == made


def test_an_hourly_escalation_rerun_is_a_few_queries(
    world, gov, issue, django_assert_max_num_queries
):
    assert reminders.escalation_alerts(at("2026-02-01 09:00")) == 3
    with django_assert_max_num_queries(4):
        assert reminders.escalation_alerts(at("2026-02-01 10:00")) == 0
