"""The register's actions: what is stored, what is derived, and what bad input leaves behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.contracts import actions, services
from accord.contracts.models import Milestone, Obligation, ObligationCompletion, State, Status
from accord.core.models import AuditEvent

from . import factories


def obligation_audit_count():
    return AuditEvent.objects.filter(content_type__model="obligation").count()


def test_a_renewal_notice_period_becomes_a_notice_deadline(world):
    agreement = factories.agreement(
        world.alliance_a,
        actor=world.manager_a,
        expiry_date=dt.date(2029, 1, 15),
        auto_renews=True,
        renewal_term_months=24,
        renewal_notice_days=180,
    )
    notice = Obligation.objects.get(source=f"renewal-notice:{agreement.pk}")
    assert (notice.rule, notice.notice_days, notice.due_date, notice.section) == (
        "notice",
        180,
        dt.date(2028, 7, 19),
        "§ 14.1",
    )
    actions.agreement_update(
        actor=world.manager_a, agreement=agreement, data={"expiry_date": dt.date(2030, 1, 15)}
    )
    notice.refresh_from_db()
    assert notice.due_date == dt.date(2029, 7, 19)


def test_a_notice_period_longer_than_the_term_names_the_field_and_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        factories.agreement(
            world.alliance_a,
            expiry_date=dt.date(2024, 6, 1),
            auto_renews=True,
            renewal_notice_days=180,
        )
    assert error.value.message_dict == {
        "renewal_notice_days": ["The notice period (180 days) is longer than the term (138 days)."]
    }
    assert (world.alliance_a.agreements.count(), Obligation.objects.count()) == (0, 0)


def test_an_obligation_due_before_the_agreement_is_refused_whole(world):
    agreement = factories.agreement(world.alliance_a)
    before = obligation_audit_count()
    with pytest.raises(ValidationError) as error:
        factories.obligation(agreement, due_on=dt.date(2023, 12, 31))
    assert error.value.message_dict == {
        "due_on": ["The due date (2023-12-31) is before the agreement took effect (2024-01-15)."]
    }
    assert (Obligation.objects.count(), obligation_audit_count()) == (0, before)


def test_a_notice_longer_than_the_term_before_an_option_expires_is_refused(world):
    agreement = factories.agreement(world.alliance_a)
    option = factories.right(agreement, window_closes=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        factories.obligation(
            agreement,
            rule="notice",
            due_on=None,
            notice_reference_right=option,
            notice_days=90,
            category="notification",
        )
    assert list(error.value.message_dict) == ["notice_days"]
    assert Obligation.objects.count() == 0


def test_an_obligation_needs_its_section_when_it_comes_from_an_agreement(world):
    agreement = factories.agreement(world.alliance_a)
    with pytest.raises(ValidationError) as error:
        factories.obligation(agreement, section="")
    assert list(error.value.message_dict) == ["section"]


def test_an_event_brings_dormant_obligations_and_milestones_to_life(world):
    agreement = factories.agreement(world.alliance_a)
    report = factories.obligation(
        agreement,
        title="Launch report",
        rule="event",
        due_on=None,
        trigger_event="First Commercial Sale",
        event_offset_days=60,
    )
    sales = factories.milestone(
        agreement,
        kind="commercial",
        title="First Commercial Sale in the US",
        trigger_event="first commercial sale",
    )
    assert (report.due_date, report.status_at()) == (None, Status.PENDING)
    today = timezone.localdate()
    actions.event_record(
        actor=world.manager_a,
        alliance=world.alliance_a,
        agreement=agreement,
        name="First  Commercial Sale",
        occurred_on=today - dt.timedelta(days=70),
    )
    report.refresh_from_db()
    sales.refresh_from_db()
    assert report.due_date == today - dt.timedelta(days=10)
    assert report.status_at() == Status.OVERDUE
    assert sales.achieved_on == today - dt.timedelta(days=70)


def test_an_event_cannot_be_recorded_before_the_agreement_or_in_the_future(world):
    agreement = factories.agreement(world.alliance_a)
    with pytest.raises(ValidationError) as error:
        actions.event_record(
            actor=None,
            alliance=world.alliance_a,
            agreement=agreement,
            name="Signing",
            occurred_on=dt.date(2023, 1, 1),
        )
    assert list(error.value.message_dict) == ["occurred_on"]
    with pytest.raises(ValidationError):
        actions.event_record(
            actor=None,
            alliance=world.alliance_a,
            name="Launch",
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert world.alliance_a.contract_events.count() == 0


def test_completing_a_recurring_obligation_keeps_evidence_and_moves_to_the_next_period(world):
    agreement = factories.agreement(world.alliance_a)
    report = factories.obligation(
        agreement,
        rule="recurring",
        due_on=None,
        recur_period="quarter",
        recur_offset_days=45,
    )
    assert (report.period_end, report.due_date) == (dt.date(2024, 3, 31), dt.date(2024, 5, 15))
    with pytest.raises(ValidationError) as error:
        actions.obligation_complete(
            actor=world.manager_a, obligation=report, completed_on=dt.date(2024, 5, 10), evidence=""
        )
    assert list(error.value.message_dict) == ["evidence"]
    report = actions.obligation_complete(
        actor=world.manager_a,
        obligation=report,
        completed_on=dt.date(2024, 5, 10),
        evidence="Sent Q1 report to Kestrel",
    )
    assert (report.state, report.period_end, report.due_date) == (
        State.OPEN,
        dt.date(2024, 6, 30),
        dt.date(2024, 8, 14),
    )
    done = ObligationCompletion.objects.get()
    assert (done.due_date, done.evidence, done.completed_by) == (
        dt.date(2024, 5, 15),
        "Sent Q1 report to Kestrel",
        world.manager_a,
    )


def test_waiving_needs_a_reason_and_the_status_follows(world):
    agreement = factories.agreement(world.alliance_a)
    ob = factories.obligation(agreement)
    with pytest.raises(ValidationError):
        actions.obligation_set_state(
            actor=world.manager_a, obligation=ob, state="waived", reason=""
        )
    ob = actions.obligation_set_state(
        actor=world.manager_a, obligation=ob, state="waived", reason="Kestrel waived it in writing"
    )
    assert Obligation.objects.with_status().get(pk=ob.pk).status == Status.WAIVED


def test_statuses_are_derived_set_based_from_the_due_instant(world):
    agreement = factories.agreement(world.alliance_a)
    now = timezone.now()
    today = timezone.localdate()
    for title, days in [("late", -3), ("due", 5), ("upcoming", 20), ("later", 90)]:
        factories.obligation(agreement, title=title, due_on=today + dt.timedelta(days=days))
    factories.obligation(
        agreement,
        title="dormant",
        rule="event",
        due_on=None,
        trigger_event="Approval",
        event_offset_days=30,
    )
    statuses = dict(Obligation.objects.with_status(now).values_list("title", "status"))
    assert statuses == {
        "late": "overdue",
        "due": "due",
        "upcoming": "upcoming",
        "later": "pending",
        "dormant": "pending",
    }
    for status in ("overdue", "due", "upcoming", "pending"):
        assert set(
            Obligation.objects.with_status_in([status], now).values_list("title", flat=True)
        ) == {t for t, s in statuses.items() if s == status}


def test_milestone_amounts_redacted_or_known_and_payments_queryable(world):
    agreement = factories.agreement(world.alliance_a)
    with pytest.raises(ValidationError) as error:
        factories.milestone(agreement, amount_status="redacted")
    assert list(error.value.message_dict) == ["amount"]
    factories.milestone(
        agreement, title="Redacted milestone", amount_status="redacted", amount=None
    )
    paid = factories.milestone(
        agreement,
        achieved_on=dt.date(2025, 3, 1),
        invoiced_on=dt.date(2025, 3, 10),
        paid_on=dt.date(2025, 4, 9),
        paid_amount="25000000",
        currency="usd",
    )
    rows = list(services.realised_payments(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)))
    assert [(r["pk"], r["paid_amount"], r["currency"], r["paid_on"]) for r in rows] == [
        (paid.pk, Decimal("25000000.00"), "USD", dt.date(2025, 4, 9))
    ]
    assert Milestone.objects.with_payment_status().get(pk=paid.pk).payment_status == "paid"
