"""Reminders that fire: the cadence, idempotence, catching up, escalation and real email."""

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError

from accord.contracts import reminders, tasks
from accord.contracts.models import ReminderPolicy
from accord.notifications.models import Notification
from accord.notifications.tests.test_notifications import Inbox, _free_port

from . import factories

DUE = dt.date(2026, 12, 1)


@pytest.fixture
def report(world):
    agreement = factories.agreement(world.alliance_a)
    return factories.obligation(
        agreement, owner=world.firewalled, due_on=DUE, title="Annual diligence report"
    )


def sent(**filters):
    return list(
        Notification.objects.filter(**filters)
        .order_by("pk")
        .values_list("recipient__email", "title")
    )


def run(day, capture):
    with capture(execute=True):
        return reminders.send_reminders(today=day)


def test_the_cadence_escalates_and_running_twice_sends_nothing_twice(
    world, report, django_capture_on_commit_callbacks
):
    assert run(DUE - dt.timedelta(days=31), django_capture_on_commit_callbacks) == 0
    assert run(DUE - dt.timedelta(days=30), django_capture_on_commit_callbacks) == 1
    assert run(DUE - dt.timedelta(days=30), django_capture_on_commit_callbacks) == 0
    assert run(DUE - dt.timedelta(days=29), django_capture_on_commit_callbacks) == 0
    assert run(DUE - dt.timedelta(days=14), django_capture_on_commit_callbacks) == 1
    assert run(DUE - dt.timedelta(days=1), django_capture_on_commit_callbacks) == 1
    assert sent() == [
        ("chemist@meridian.test", "Annual diligence report: due in 30 days"),
        ("chemist@meridian.test", "Annual diligence report: due in 14 days"),
        ("chemist@meridian.test", "Annual diligence report: due tomorrow"),
    ]


def test_a_missed_run_catches_up_with_the_step_now_due_only(
    world, report, django_capture_on_commit_callbacks
):
    # Nothing ran between 40 and 10 days before: the 14-day reminder goes now, not 30 and 14.
    assert run(DUE - dt.timedelta(days=10), django_capture_on_commit_callbacks) == 1
    assert sent() == [("chemist@meridian.test", "Annual diligence report: due in 10 days")]
    assert (
        Notification.objects.get().dedupe_key
        == f"contracts:obligation:{report.pk}:2026-12-01:before-14"
    )


def test_overdue_goes_daily_to_the_owner_and_weekly_to_the_alliance_manager(
    world, report, django_capture_on_commit_callbacks
):
    for late in range(1, 9):
        run(DUE + dt.timedelta(days=late), django_capture_on_commit_callbacks)
    owner = sent(recipient=world.firewalled)
    manager = sent(recipient=world.manager_a)
    assert len(owner) == 8
    assert owner[0] == ("chemist@meridian.test", "Annual diligence report: overdue by 1 day")
    assert manager == [
        ("manager.a@meridian.test", "Annual diligence report: overdue by 1 day"),
        ("manager.a@meridian.test", "Annual diligence report: overdue by 8 days"),
    ]


def test_the_cadence_is_configurable_per_category(
    world, report, django_capture_on_commit_callbacks
):
    ReminderPolicy.objects.create(
        category="reporting", days_before="60,3", overdue_manager_every_days=2
    )
    assert run(DUE - dt.timedelta(days=30), django_capture_on_commit_callbacks) == 1
    assert run(DUE - dt.timedelta(days=14), django_capture_on_commit_callbacks) == 0
    assert Notification.objects.get().dedupe_key.endswith(":before-60")


def test_nobody_is_reminded_of_a_firewalled_program_they_may_not_see(
    world, django_capture_on_commit_callbacks
):
    from accord.contracts.models import Obligation

    agreement = factories.agreement(world.alliance_a)
    obligation = factories.obligation(agreement, program=world.program_a2, due_on=DUE)
    # An uncleared owner is refused on every write now; one recorded before that rule (written
    # straight to the row here) is still not reminded.
    Obligation.objects.filter(pk=obligation.pk).update(owner=world.firewalled)
    run(DUE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert {email for email, _ in sent()} == {"manager.a@meridian.test"}


def test_without_an_owner_the_alliance_managers_are_reminded(
    world, django_capture_on_commit_callbacks
):
    agreement = factories.agreement(world.alliance_b)
    factories.obligation(agreement, due_on=DUE)
    run(DUE - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert {email for email, _ in sent()} == {"manager.b@meridian.test", "pm@meridian.test"}


def test_completed_and_waived_obligations_are_not_reminded(
    world, report, django_capture_on_commit_callbacks
):
    from accord.contracts import actions

    actions.obligation_set_state(
        actor=world.manager_a, obligation=report, state="waived", reason="not needed this year"
    )
    assert run(DUE + dt.timedelta(days=3), django_capture_on_commit_callbacks) == 0


def test_the_daily_job_emails_through_a_real_smtp_server(
    world, report, settings, django_capture_on_commit_callbacks
):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        slot = dt.datetime(2026, 11, 24, 6, 30, tzinfo=dt.UTC).isoformat()
        with django_capture_on_commit_callbacks(execute=True):
            result = tasks.send_contract_reminders.call(slot=slot)
        assert result == 1
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message.rcpt_tos == ["chemist@meridian.test"]
    assert b"Annual diligence report: due in 7 days" in message.content
    assert Notification.objects.get().email_status == Notification.Email.SENT


def test_digest_readers_get_the_reminder_in_their_morning_digest(
    world, report, django_capture_on_commit_callbacks
):
    from django.core import mail

    from accord.notifications.actions import send_digests

    world.firewalled.email_digest = True
    world.firewalled.save()
    run(DUE - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert send_digests() == 1
    assert "Annual diligence report: due in 7 days" in mail.outbox[0].body


def test_other_apps_remind_through_the_same_cadence(world, django_capture_on_commit_callbacks):
    """E.g. the governance app's action items: one call per item per day, idempotent."""
    kwargs = dict(
        subject_key="governance:action:7",
        title="Send the JSC minutes",
        due_date=DUE,
        owners=[world.manager_a],
        managers=[world.leader],
        url="/alliances/",
        alliance_id=world.alliance_a.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(today=DUE - dt.timedelta(days=7), **kwargs) == 1
        assert reminders.remind(today=DUE - dt.timedelta(days=7), **kwargs) == 0
        assert reminders.remind(today=DUE + dt.timedelta(days=2), **kwargs) == 2
    assert sent() == [
        ("manager.a@meridian.test", "Send the JSC minutes: due in 7 days"),
        ("manager.a@meridian.test", "Send the JSC minutes: overdue by 2 days"),
        ("leader@meridian.test", "Send the JSC minutes: overdue by 2 days"),
    ]


def test_a_governance_cadence_from_a_charter_needs_no_agreement(
    world, django_capture_on_commit_callbacks
):
    from accord.contracts import actions

    cadence = actions.obligation_create(
        actor=world.manager_a,
        alliance=world.alliance_a,
        data={
            "title": "JSC meets at least twice a year",
            "category": "governance",
            "section": "JSC charter § 3",
            "owner": world.manager_a,
            "rule": "recurring",
            "recur_period": "half_year",
            "recur_offset_days": 0,
            "recur_start": dt.date(2026, 1, 1),
        },
    )
    assert (cadence.agreement, cadence.due_date) == (None, dt.date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        actions.obligation_create(
            actor=world.manager_a,
            alliance=world.alliance_a,
            data={
                "title": "JSC",
                "category": "governance",
                "rule": "recurring",
                "recur_period": "year",
                "recur_offset_days": 0,
            },
        )
    assert list(error.value.message_dict) == ["recur_start"]
