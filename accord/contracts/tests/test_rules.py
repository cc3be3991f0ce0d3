"""Due rules: fixed, recurring, event and notice dates, business days, holidays and time zones."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from accord.contracts import rules


def rule(**kwargs):
    base = dict(
        rule="fixed",
        due_on=None,
        recur_period="",
        recur_offset_days=None,
        recur_start=None,
        recur_until=None,
        trigger_event="",
        event_offset_days=None,
        notice_reference_date=None,
        notice_reference_right_id=None,
        notice_days=None,
        business_days=False,
        holiday_calendar="",
        time_zone="UTC",
    )
    base.update(kwargs)
    return SimpleNamespace(**base)


AGREEMENT = SimpleNamespace(effective_date=dt.date(2024, 2, 10))


def test_quarterly_report_within_45_days_after_each_calendar_quarter():
    ob = rule(
        rule="recurring",
        recur_period="quarter",
        recur_offset_days=45,
        recur_start=dt.date(2024, 2, 10),
    )
    first = rules.first_due(ob)
    assert (first.period_end, first.due_date) == (dt.date(2024, 3, 31), dt.date(2024, 5, 15))
    ob.period_end = first.period_end
    second = rules.next_due(ob)
    assert (second.period_end, second.due_date) == (dt.date(2024, 6, 30), dt.date(2024, 8, 14))
    ob.period_end = dt.date(2024, 12, 31)
    assert rules.next_due(ob).due_date == dt.date(2025, 5, 15)


def test_recurrence_stops_after_its_last_period():
    ob = rule(
        rule="recurring",
        recur_period="year",
        recur_offset_days=90,
        recur_start=dt.date(2024, 1, 1),
        recur_until=dt.date(2024, 12, 31),
        period_end=dt.date(2024, 12, 31),
    )
    assert rules.next_due(ob) == rules.Due(None, None)


def test_event_rule_is_dormant_until_the_event_then_counts_from_it():
    ob = rule(rule="event", trigger_event="First Commercial Sale", event_offset_days=60)
    assert rules.first_due(ob).due_date is None
    assert rules.first_due(ob, event_date=dt.date(2026, 3, 2)).due_date == dt.date(2026, 5, 1)


def test_a_calendar_day_deadline_after_an_event_moves_to_the_next_business_day():
    # 2026-05-23 is a Saturday; Monday 2026-05-25 is Memorial Day in the US.
    ob = rule(rule="event", trigger_event="X", event_offset_days=60, business_days=False)
    assert rules.first_due(ob, event_date=dt.date(2026, 3, 24)).due_date == dt.date(2026, 5, 23)
    ob.business_days, ob.holiday_calendar = True, "US"
    # 60 business days from 2026-03-24 skipping weekends and Memorial Day.
    assert rules.first_due(ob, event_date=dt.date(2026, 3, 24)).due_date == dt.date(2026, 6, 17)


def test_business_days_use_the_countrys_holidays():
    cal_us = rules.BusinessCalendar(True, "US")
    cal_de = rules.BusinessCalendar(True, "DE")
    # Friday 2026-12-24 + 1 business day: Christmas is a holiday in both, 26th is Saturday.
    assert cal_us.shift(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)
    # Good Friday and Easter Monday are holidays in Germany, not federal holidays in the US.
    assert cal_de.shift(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)  # Good Friday, Easter Monday
    assert cal_us.shift(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 3)


def test_notice_at_least_90_days_before_moves_earlier_never_later():
    # 90 days before 2027-06-30 is Thursday 2027-04-01.
    ob = rule(rule="notice", notice_days=90)
    assert rules.first_due(ob, reference_date=dt.date(2027, 6, 30)).due_date == dt.date(2027, 4, 1)
    ob.notice_days = 88  # 2027-04-03 is a Saturday: in calendar days it stays there
    assert rules.first_due(ob, reference_date=dt.date(2027, 6, 30)).due_date == dt.date(2027, 4, 3)
    # Easter Monday 2027-03-29 back past the weekend and Good Friday: Thursday 2027-03-25.
    ob.business_days, ob.holiday_calendar, ob.notice_days = True, "DE", 0
    assert rules.first_due(ob, reference_date=dt.date(2027, 3, 29)).due_date == dt.date(2027, 3, 25)


def test_the_due_instant_is_the_end_of_the_day_in_the_obligations_time_zone():
    assert rules.due_instant(dt.date(2026, 5, 15), "Asia/Tokyo") == dt.datetime(
        2026, 5, 15, 15, 0, tzinfo=dt.UTC
    )
    assert rules.due_instant(dt.date(2026, 5, 15), "America/New_York") == dt.datetime(
        2026, 5, 16, 4, 0, tzinfo=dt.UTC
    )
    assert rules.due_instant(None, "UTC") is None


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(rule="fixed"), "due_on"),
        (dict(rule="fixed", due_on=dt.date(2024, 1, 1)), "due_on"),
        (
            dict(
                rule="recurring",
                recur_period="",
                recur_offset_days=45,
                recur_start=dt.date(2024, 3, 1),
            ),
            "recur_period",
        ),
        (
            dict(rule="recurring", recur_period="quarter", recur_start=dt.date(2024, 3, 1)),
            "recur_offset_days",
        ),
        (
            dict(
                rule="recurring",
                recur_period="quarter",
                recur_offset_days=4000,
                recur_start=dt.date(2024, 3, 1),
            ),
            "recur_offset_days",
        ),
        (dict(rule="event", event_offset_days=60), "trigger_event"),
        (dict(rule="event", trigger_event="First Commercial Sale"), "event_offset_days"),
        (dict(rule="notice", notice_days=90), "notice_reference_date"),
        (dict(rule="fixed", due_on=dt.date(2025, 1, 1), business_days=True), "holiday_calendar"),
    ],
)
def test_an_uncomputable_rule_names_the_field(kwargs, field):
    with pytest.raises(ValidationError) as error:
        rules.validate_rule(rule(**kwargs), agreement=AGREEMENT, reference_date=None)
    assert field in error.value.message_dict


def test_a_notice_window_longer_than_the_term_is_refused():
    ob = rule(rule="notice", notice_days=400)
    with pytest.raises(ValidationError) as error:
        rules.validate_rule(ob, agreement=AGREEMENT, reference_date=dt.date(2025, 1, 31))
    assert error.value.message_dict["notice_days"] == [
        "The notice window (400 days) is longer than the term it falls in (356 days from the "
        "effective date 2024-02-10 to 2025-01-31)."
    ]
