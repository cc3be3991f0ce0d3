import datetime as dt
import zoneinfo

import holidays
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Linked, StoredFile, Titled, VersionedModel
from accord.portfolio.models import Alliance, Program

from .agreements import Agreement
from .common import Party, RegisterQuerySet
from .variances import Variance

# An open obligation is "due" inside this window and "upcoming" inside the wider one.
DUE_WINDOW = dt.timedelta(days=7)
UPCOMING_WINDOW = dt.timedelta(days=30)


class Category(models.TextChoices):
    DILIGENCE = "diligence", _("Diligence")
    REPORTING = "reporting", _("Reporting")
    PAYMENT = "payment", _("Payment")
    SUPPLY = "supply", _("Supply")
    GOVERNANCE = "governance", _("Governance cadence")
    NOTIFICATION = "notification", _("Notification / notice")
    REGULATORY = "regulatory", _("Regulatory")
    DETAILING = "detailing", _("Detailing minimums")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    OTHER = "other", _("Other")


class DueRule(models.TextChoices):
    FIXED = "fixed", _("On a fixed date")
    RECURRING = "recurring", _("Recurring after each period")
    EVENT = "event", _("After an event")
    NOTICE = "notice", _("Notice before a date")


class Period(models.TextChoices):
    MONTH = "month", _("Calendar month")
    QUARTER = "quarter", _("Calendar quarter")
    HALF_YEAR = "half_year", _("Calendar half-year")
    YEAR = "year", _("Calendar year")


PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


class State(models.TextChoices):
    """What people decided about an obligation; time-based statuses are derived, never stored."""

    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")
    WAIVED = "waived", _("Waived")
    AMENDED = "amended", _("Amended")
    IN_DISPUTE = "in_dispute", _("In dispute")
    TERMINATED = "terminated", _("Terminated")


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    COMPLETED = "completed", _("Completed")
    WAIVED = "waived", _("Waived")
    AMENDED = "amended", _("Amended")
    IN_DISPUTE = "in_dispute", _("In dispute")
    TERMINATED = "terminated", _("Terminated")


# Offsets of up to ten years (also fixes the API schema's bounds whatever the database).
DAYS = [MaxValueValidator(3650)]

TIME_STATUSES = (Status.PENDING, Status.UPCOMING, Status.DUE, Status.OVERDUE)
REASON_STATES = (State.WAIVED, State.AMENDED, State.IN_DISPUTE, State.TERMINATED)


def _active_variances(now):
    """The variances in force at `now` of the obligation in the outer query."""
    return Variance.objects.active_on(timezone.localdate(now)).filter(obligation=OuterRef("pk"))


def measured_due_expression(now):
    """The instant an obligation is measured against at `now`: its active variance's (the
    latest-starting one if several), else its own due instant. One correlated subquery."""
    variance_due = _active_variances(now).order_by("-starts_on", "-pk").values("due_at")[:1]
    return Coalesce(Subquery(variance_due), F("due_at"))


def status_expression(now):
    """The status of each obligation at `now`, computed in the database from the instant it is
    measured against (an active variance's, else its own due instant)."""
    measured = measured_due_expression(now)
    return Case(
        When(~Q(state=State.OPEN), then=F("state")),
        When(Q(measured_due_at__lte=now), then=Value(Status.OVERDUE)),
        When(Q(measured_due_at__lte=now + DUE_WINDOW), then=Value(Status.DUE)),
        When(Q(measured_due_at__lte=now + UPCOMING_WINDOW), then=Value(Status.UPCOMING)),
        default=Value(Status.PENDING),
        output_field=models.CharField(),
    ), measured


def _window(now, status) -> Q:
    """The condition on a due instant (`due_at`) for a time status."""
    if status == Status.OVERDUE:
        return Q(due_at__lte=now)
    if status == Status.DUE:
        return Q(due_at__gt=now, due_at__lte=now + DUE_WINDOW)
    if status == Status.UPCOMING:
        return Q(due_at__gt=now + DUE_WINDOW, due_at__lte=now + UPCOMING_WINDOW)
    return Q(due_at__isnull=True) | Q(due_at__gt=now + UPCOMING_WINDOW)


def status_filter(status: str, now) -> Q:
    """A condition selecting one status, written so the due_at index serves the obligations
    without a variance; those under an active variance are measured against its due instant."""
    if status not in TIME_STATUSES:
        return Q(state=status)
    # The obligations under a variance in force are few: read their ids first, so that the
    # condition is two index lookups (the state and due instant, the ids) the database can
    # OR together, instead of a subquery it would test against each of the portfolio's open
    # obligations (70,000 on big pharma, for a few hundred overdue).
    rows = (
        Variance.objects.active_on(timezone.localdate(now))
        .annotate(in_window=ExpressionWrapper(_window(now, status), output_field=BooleanField()))
        .values_list("obligation_id", "in_window")
    )
    varied, by_variance = [], []
    for obligation_id, in_window in rows:
        varied.append(obligation_id)
        if in_window:
            by_variance.append(obligation_id)
    own = Q(state=State.OPEN) & _window(now, status) & ~Q(pk__in=varied)
    return own | Q(state=State.OPEN, pk__in=by_variance)


# Up to this many alliances, a filter on them is written as a list of ids (see `mine`).
MANY_ALLIANCES = 100


class ObligationQuerySet(RegisterQuerySet):
    def with_status(self, now=None):
        expression, measured = status_expression(now or timezone.now())
        return self.alias(measured_due_at=measured).annotate(status=expression)

    def under_variance(self, day: dt.date | None = None):
        """Obligations with a variance in force on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(
            Exists(Variance.objects.active_on(day).filter(obligation=OuterRef("pk")))
        )

    def with_measured_due_date(self, day: dt.date | None = None):
        """`measured_due_date`: the date each obligation is measured against on `day` (today by
        default): an active variance's (its alternative date, else its end), else its own due
        date. My week and the contract calendar show this date, as the status does."""
        day = day or timezone.localdate()
        varied = (
            Variance.objects.active_on(day)
            .filter(obligation=OuterRef("pk"))
            .order_by("-starts_on", "-pk")
            .annotate(measured=Coalesce("alternative_due_on", "ends_on"))
            .values("measured")[:1]
        )
        return self.annotate(measured_due_date=Coalesce(Subquery(varied), F("due_date")))

    def measured_due_between(self, start: dt.date | None, end: dt.date, day=None):
        """Obligations whose measured due date (see above) falls between `start` (None: any
        time before) and `end`; written so the due_date index serves those without a variance."""
        day = day or timezone.localdate()
        own = Q(due_date__lte=end) if start is None else Q(due_date__gte=start, due_date__lte=end)
        # The few obligations under a variance in force, as a list of ids: "due in the window,
        # or one of these" is then read through the (state, due_date) index and the primary key.
        varied = Q(
            pk__in=list(
                Variance.objects.active_on(day)
                .order_by()
                .values_list("obligation_id", flat=True)
                .distinct()
            )
        )
        measured = Q(measured_due_date__lte=end)
        if start is not None:
            measured &= Q(measured_due_date__gte=start)
        return self.with_measured_due_date(day).filter(own | varied).filter(measured)

    def with_status_in(self, statuses, now=None):
        now = now or timezone.now()
        condition = Q(pk__in=[])
        for status in statuses:
            condition |= status_filter(status, now)
        return self.filter(condition)

    def open(self):
        return self.filter(state=State.OPEN)

    def dormant(self):
        return self.open().filter(due_date__isnull=True)

    def due_between(self, start: dt.date, end: dt.date):
        return self.open().filter(due_date__gte=start, due_date__lte=end)

    def with_list_data(self):
        return self.select_related("alliance", "agreement", "owner", "program")

    def mine(self, who):
        """What needs `who` (a person, or a queryset of people): the obligations they own, and
        those without an owner (owned by "the alliance managers") on alliances they run. The
        obligation list's "Mine" filter and My week both use this."""
        from accord.core.registry import people_ids

        run = Alliance.objects.managed_by(who).values_list("pk", flat=True)
        # A person's few alliances as a list of ids: the database reads each branch through an
        # index, (owner, state) or (alliance, state), instead of every open obligation without
        # an owner in the portfolio. A whole team's (hundreds) stay a subquery: a long list
        # costs more to plan than it saves.
        few = list(run[: MANY_ALLIANCES + 1])
        if len(few) <= MANY_ALLIANCES:
            run = few
        return self.filter(Q(owner__in=people_ids(who)) | Q(owner__isnull=True, alliance__in=run))

    def nobody_designated(self):
        """Open obligations with no owner on an alliance nobody runs: nobody will see them."""
        # The alliances as a list of ids: read through the (alliance, state) index, instead of
        # every open obligation without an owner in the portfolio.
        unrun = Alliance.objects.without_responsible_person().values_list("pk", flat=True)
        return self.open().filter(owner__isnull=True, alliance__in=list(unrun))

    def not_snoozed(self, on: dt.date):
        snoozed = ObligationSnooze.objects.filter(obligation=OuterRef("pk"), until__gt=on)
        return self.exclude(Exists(snoozed))

    def notices(self):
        return self.filter(category=Category.NOTIFICATION)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(description__icontains=text) | Q(section__icontains=text)
        )


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name (e.g. Europe/Berlin).") % {"value": value}
        ) from error


def validate_calendar(value: str) -> None:
    if value and value not in holidays.list_supported_countries():
        raise ValidationError(
            _("“%(value)s” is not a country code with a holiday calendar (e.g. US, DE, JP).")
            % {"value": value}
        )


class Obligation(VersionedModel, Linked, Titled):
    """Something a party must do under an agreement, and the rule that says by when."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="obligations")
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligations",
        help_text=_("Empty for duties that come from elsewhere (e.g. a committee charter)."),
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="obligations"
    )
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    section = models.CharField(
        max_length=60, blank=True, help_text=_("Clause cited, e.g. § 7.2(b).")
    )
    owed_by = models.CharField(max_length=10, choices=Party.choices, default=Party.US)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    owner = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_obligations",
        help_text=_("Who makes sure it is done; the alliance managers when empty."),
    )
    rule = models.CharField(
        _("due rule"), max_length=10, choices=DueRule.choices, default=DueRule.FIXED
    )
    due_on = models.DateField(_("fixed due date"), null=True, blank=True)
    recur_period = models.CharField(_("period"), max_length=10, choices=Period.choices, blank=True)
    recur_offset_days = models.PositiveSmallIntegerField(
        _("days after each period"), null=True, blank=True, validators=DAYS
    )
    recur_start = models.DateField(_("first period from"), null=True, blank=True)
    recur_until = models.DateField(_("last period until"), null=True, blank=True)
    trigger_event = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The event it counts from, e.g. First Commercial Sale."),
    )
    event_offset_days = models.PositiveSmallIntegerField(
        _("days after the event"), null=True, blank=True, validators=DAYS
    )
    notice_reference_date = models.DateField(
        _("date the notice counts back from"), null=True, blank=True
    )
    notice_reference_right = models.ForeignKey(
        "contracts.Right",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice_obligations",
        help_text=_(
            "Or: the right (option, reservation) whose window end the notice counts back from."
        ),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice (days before)"), null=True, blank=True, validators=DAYS
    )
    business_days = models.BooleanField(
        default=False, help_text=_("Count in business days of the holiday calendar below.")
    )
    holiday_calendar = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_calendar],
        help_text=_("Country code, e.g. US."),
    )
    time_zone = models.CharField(max_length=60, default="UTC", validators=[validate_time_zone])
    # Derived from the rule by the actions, so due-date scans are plain indexed range queries.
    due_date = models.DateField(null=True, blank=True, editable=False)
    due_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("End of the due date in its time zone (UTC)."),
    )
    period_end = models.DateField(null=True, blank=True, editable=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    state_reason = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    evidence_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("Set when another record keeps this obligation (e.g. renewal-notice:12)."),
    )

    objects = ObligationQuerySet.as_manager()

    detail_url = "contracts:obligation_detail"

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["state", "due_date"]),
            # Notice deadlines in a window (the dashboard, the calendar): few among many.
            models.Index(fields=["category", "state", "due_date"]),
            models.Index(fields=["alliance", "state", "due_at"]),
            models.Index(fields=["owner", "state", "due_at"]),
            models.Index(fields=["alliance", "trigger_event"]),
            models.Index(fields=["source"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=[s.value for s in REASON_STATES]) | ~Q(state_reason=""),
                name="obligation_reason_for_state",
            ),
        ]

    def active_variance(self, now=None):
        """The variance in force at `now` that the obligation is measured against, if any."""
        if not self.pk:
            return None
        day = timezone.localdate(now or timezone.now())
        return (
            Variance.objects.active_on(day)
            .filter(obligation=self)
            .order_by("-starts_on", "-pk")
            .first()
        )

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.state != State.OPEN:
            return self.state
        variance = self.active_variance(now)
        due_at = variance.due_at if variance is not None else self.due_at
        if due_at is None:
            return Status.PENDING
        if due_at <= now:
            return Status.OVERDUE
        if due_at <= now + DUE_WINDOW:
            return Status.DUE
        if due_at <= now + UPCOMING_WINDOW:
            return Status.UPCOMING
        return Status.PENDING

    def get_status_display(self) -> str:
        status = getattr(self, "status", None) or self.status_at()
        return str(Status(status).label)


class ObligationCompletion(models.Model):
    """One fulfilment of an obligation (for a recurring one, of one period), with its evidence."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="completions")
    due_date = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    completed_on = models.DateField()
    evidence = models.TextField()
    evidence_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.obligation} done {self.completed_on:%Y-%m-%d}"


class ObligationSnooze(models.Model):
    """Someone put an open obligation out of My week until a date, saying why (audited)."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="snoozes")
    until = models.DateField(help_text=_("It comes back into My week on this day."))
    reason = models.TextField()
    by = models.ForeignKey("people.User", null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["obligation", "until"])]

    def __str__(self) -> str:
        return f"{self.obligation} snoozed until {self.until:%Y-%m-%d}"


class ReminderPolicy(models.Model):
    """When reminders go out for one category of obligation (an empty category is the default)."""

    category = models.CharField(max_length=20, choices=Category.choices, blank=True, unique=True)
    days_before = models.CharField(
        max_length=60,
        default="30,14,7,1",
        help_text=_("Days before the due date on which to remind the owner, e.g. 30,14,7,1."),
    )
    overdue_owner_every_days = models.PositiveSmallIntegerField(default=1, validators=DAYS)
    overdue_manager_every_days = models.PositiveSmallIntegerField(default=7, validators=DAYS)

    class Meta:
        ordering = ["category"]
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return self.get_category_display() or str(_("Default"))

    def steps(self) -> list[int]:
        return sorted(
            {int(p) for p in self.days_before.replace(" ", "").split(",") if p}, reverse=True
        )

    def clean(self):
        try:
            steps = self.steps()
        except ValueError as error:
            raise ValidationError(
                {
                    "days_before": _(
                        "Give whole numbers of days separated by commas, e.g. 30,14,7,1."
                    )
                }
            ) from error
        if any(step < 0 or step > 365 for step in steps):
            raise ValidationError({"days_before": _("Each step must be between 0 and 365 days.")})
        if self.overdue_owner_every_days < 1 or self.overdue_manager_every_days < 1:
            raise ValidationError({"overdue_owner_every_days": _("Repeat at least every day (1).")})
