"""Due rules: from an obligation's rule to its next due date and the instant that date ends.

Pure functions, no database writes: the actions call them and store `due_date` / `due_at`, so
every "what is due" question is an indexed range query rather than a loop over rules.

Business-day conventions (the usual contract reading):
- "within N business days after X": count N business days forward from X;
- a deadline counted in calendar days that lands on a weekend or holiday moves to the next
  business day when it follows an event or period ("within 45 days after"), and to the previous
  business day when it is a notice before a date ("at least 90 days before"), so that notice is
  never late.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import PERIOD_MONTHS, DueRule

MAX_OFFSET_DAYS = 3650


@lru_cache(maxsize=256)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


@dataclass(frozen=True)
class BusinessCalendar:
    business_days: bool = False
    country: str = ""

    def is_business_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        return not (self.country and day in _holidays(self.country, day.year))

    def roll(self, day: dt.date, step: int) -> dt.date:
        """The day itself if it is a business day, else the next (+1) or previous (-1) one."""
        if not self.business_days:
            return day
        while not self.is_business_day(day):
            day += dt.timedelta(days=step)
        return day

    def shift(self, day: dt.date, days: int) -> dt.date:
        """`days` later (or earlier when negative), in business days when the rule says so."""
        if not self.business_days:
            return day + dt.timedelta(days=days)
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_business_day(day):
                remaining -= 1
        return day


def calendar_for(obligation) -> BusinessCalendar:
    return BusinessCalendar(bool(obligation.business_days), obligation.holiday_calendar or "")


def period_end_containing(day: dt.date, months: int) -> dt.date:
    """The last day of the calendar month/quarter/half/year that contains `day`."""
    last_month = ((day.month - 1) // months + 1) * months
    return dt.date(day.year, last_month, calendar_module.monthrange(day.year, last_month)[1])


def next_period_end(period_end: dt.date, months: int) -> dt.date:
    month = period_end.month + months
    year = period_end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, calendar_module.monthrange(year, month)[1])


def due_instant(due_date: dt.date | None, time_zone: str) -> dt.datetime | None:
    """The moment a due date is over: midnight after it, in the obligation's time zone, as UTC."""
    if due_date is None:
        return None
    zone = zoneinfo.ZoneInfo(time_zone or "UTC")
    end = dt.datetime.combine(due_date + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return end.astimezone(dt.UTC)


@dataclass(frozen=True)
class Due:
    due_date: dt.date | None
    period_end: dt.date | None = None


def _recurring_due(obligation, period_end: dt.date) -> Due:
    if obligation.recur_until and period_end > obligation.recur_until:
        return Due(None, None)
    cal = calendar_for(obligation)
    due = cal.shift(period_end, obligation.recur_offset_days)
    return Due(cal.roll(due, +1), period_end)


def first_due(
    obligation, *, event_date: dt.date | None = None, reference_date: dt.date | None = None
) -> Due:
    """The first due date of an obligation under its rule (None while it waits for its event)."""
    cal = calendar_for(obligation)
    rule = obligation.rule
    if rule == DueRule.FIXED:
        return Due(obligation.due_on)
    if rule == DueRule.RECURRING:
        months = PERIOD_MONTHS[obligation.recur_period]
        return _recurring_due(obligation, period_end_containing(obligation.recur_start, months))
    if rule == DueRule.EVENT:
        if event_date is None:
            return Due(None)
        return Due(cal.roll(cal.shift(event_date, obligation.event_offset_days), +1))
    if rule == DueRule.NOTICE:
        if reference_date is None:
            return Due(None)
        return Due(cal.roll(cal.shift(reference_date, -obligation.notice_days), -1))
    raise ValidationError({"rule": _("Unknown due rule “%(rule)s”.") % {"rule": rule}})


def next_due_after(obligation, period_end: dt.date) -> Due:
    """The occurrence of a recurring obligation for the period after `period_end`."""
    months = PERIOD_MONTHS[obligation.recur_period]
    return _recurring_due(obligation, next_period_end(period_end, months))


def next_due(obligation) -> Due:
    """After the current occurrence of a recurring obligation is done: the next one."""
    return next_due_after(obligation, obligation.period_end)


# A date before the agreement took effect, per field, as whole sentences.
BEFORE_AGREEMENT = {
    "due_on": gettext_lazy(
        "The due date (%(date)s) is before the agreement took effect (%(start)s)."
    ),
    "recur_start": gettext_lazy(
        "The first period (%(date)s) is before the agreement took effect (%(start)s)."
    ),
    "notice_reference_date": gettext_lazy(
        "The reference date (%(date)s) is before the agreement took effect (%(start)s)."
    ),
}


def validate_rule(obligation, *, agreement, reference_date=None) -> None:
    """Every reason the rule cannot be computed, by field; nothing else is checked here."""
    errors: dict[str, str] = {}
    rule = obligation.rule
    start = agreement.effective_date if agreement else None

    def before_agreement(field: str, day: dt.date | None) -> None:
        if day and start and day < start:
            errors[field] = str(BEFORE_AGREEMENT[field]) % {
                "date": f"{day:%Y-%m-%d}",
                "start": f"{start:%Y-%m-%d}",
            }

    if rule == DueRule.FIXED:
        if not obligation.due_on:
            errors["due_on"] = _("A fixed-date obligation needs its due date.")
        before_agreement("due_on", obligation.due_on)
    elif rule == DueRule.RECURRING:
        if obligation.recur_period not in PERIOD_MONTHS:
            errors["recur_period"] = _(
                "Say which period it recurs after (month, quarter, half-year, year)."
            )
        if obligation.recur_offset_days is None:
            errors["recur_offset_days"] = _(
                "Say how many days after each period it is due (0 for the period end)."
            )
        if not obligation.recur_start:
            errors["recur_start"] = _(
                "Say from when the periods count (usually the effective date)."
            )
        before_agreement("recur_start", obligation.recur_start)
        if (
            obligation.recur_until
            and obligation.recur_start
            and obligation.recur_until < obligation.recur_start
        ):
            errors["recur_until"] = _("The last period ends before the first one starts.")
    elif rule == DueRule.EVENT:
        if not obligation.trigger_event.strip():
            errors["trigger_event"] = _(
                "Name the event the obligation counts from (e.g. First Commercial Sale)."
            )
        if obligation.event_offset_days is None:
            errors["event_offset_days"] = _(
                "Say how many days after the event it is due (0 for the same day)."
            )
    elif rule == DueRule.NOTICE:
        if obligation.notice_days is None:
            errors["notice_days"] = _("Say how many days before the date the notice must be given.")
        if reference_date is None:
            if obligation.notice_reference_right_id:
                errors["notice_reference_right"] = _(
                    "This right has no window end date to count the notice back from."
                )
            else:
                errors["notice_reference_date"] = _(
                    "Give the date the notice counts back from, or the right whose expiry it precedes."
                )
        elif obligation.notice_days is not None:
            before_agreement("notice_reference_date", reference_date)
            if start and "notice_reference_date" not in errors:
                term = (reference_date - start).days
                if obligation.notice_days > term:
                    errors["notice_days"] = _(
                        "The notice window (%(notice)s days) is longer than the term it falls in "
                        "(%(term)s days from the effective date %(start)s to %(end)s)."
                    ) % {
                        "notice": obligation.notice_days,
                        "term": term,
                        "start": f"{start:%Y-%m-%d}",
                        "end": f"{reference_date:%Y-%m-%d}",
                    }
    else:
        errors["rule"] = _("Unknown due rule “%(rule)s”.") % {"rule": rule}
    for field in ("recur_offset_days", "event_offset_days", "notice_days"):
        value = getattr(obligation, field)
        if value is not None and value > MAX_OFFSET_DAYS:
            errors[field] = _("At most %(n)s days.") % {"n": MAX_OFFSET_DAYS}
    if obligation.business_days and not obligation.holiday_calendar:
        errors["holiday_calendar"] = _(
            "Business days need a holiday calendar (a country code, e.g. US)."
        )
    if errors:
        raise ValidationError(errors)
