"""Portfolio-wide pages: obligation, milestone, right and term lists and their exports, the
calendar and its feeds, and the "may we…?" question."""

import calendar as calendar_module
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.cleaning import parse_month
from accord.core.generic import filter_results, list_views
from accord.portfolio.access import get_alliance_for_user

from .. import access, actions, exports, services
from ..conflicts import Scope
from ..filters import DefinedTermFilter, MilestoneFilter, ObligationFilter, RightFilter
from ..forms import FeedForm, MayWeForm
from ..models import CalendarFeed, DefinedTerm, Milestone, Obligation, Right


def _filtered(request, filter_class, queryset):
    return filter_results(request, queryset, filter_class)


def _obligations(request):
    queryset = (
        Obligation.objects.visible_to(request.user)
        .with_status(timezone.now())
        .with_list_data()
        .order_by("due_date", "pk")
    )
    return _filtered(request, ObligationFilter, queryset)


obligation_list, obligation_export = list_views(
    _obligations,
    "contracts/obligation_list.html",
    "contracts/_obligation_results.html",
    sheet=(
        "obligations.xlsx",
        gettext_lazy("Obligations"),
        exports.OBLIGATION_HEADERS,
        exports.obligation_rows,
    ),
)


def _milestones(request):
    queryset = (
        Milestone.objects.visible_to(request.user)
        .with_payment_status()
        .with_list_data()
        .order_by("forecast_date", "pk")
    )
    filterset, results, status = filter_results(request, queryset, MilestoneFilter)
    if status != 200:
        return filterset, results, status
    wanted = filterset.form.cleaned_data.get("payment_status") if filterset.is_bound else None
    if wanted:
        results = results.filter(payment_status__in=wanted)
    return filterset, results, 200


def _editable(request):
    """Which of the shown milestones' alliances the user may edit."""

    def editable(page):
        ids = {m.alliance_id for m in page.object_list}
        return {"editable": access.editable_alliance_ids(request.user, ids)}

    return editable


milestone_list, milestone_export = list_views(
    _milestones,
    "contracts/milestone_list.html",
    "contracts/_milestone_results.html",
    sheet=(
        "milestones.xlsx",
        gettext_lazy("Milestones"),
        exports.MILESTONE_HEADERS,
        exports.milestone_rows,
    ),
    extra=_editable,
)


def _rights(request):
    queryset = (
        Right.objects.visible_to(request.user)
        .with_list_data()
        .order_by(F("window_closes").asc(nulls_last=True), "pk")
    )
    return _filtered(request, RightFilter, queryset)


def _soon(request) -> dict:
    today = timezone.localdate()
    return {"today": today, "soon": today + dt.timedelta(days=90)}


right_list, right_export = list_views(
    _rights,
    "contracts/right_list.html",
    "contracts/_right_results.html",
    sheet=("rights.xlsx", gettext_lazy("Rights"), exports.RIGHT_HEADERS, exports.right_rows),
    extra=_soon,
)


def _terms(request):
    queryset = (
        DefinedTerm.objects.visible_to(request.user)
        .select_related("agreement", "alliance")
        .order_by("term", "pk")
    )
    return _filtered(request, DefinedTermFilter, queryset)


term_list, term_export = list_views(
    _terms,
    "contracts/term_list.html",
    "contracts/_term_results.html",
    sheet=(
        "defined-terms.xlsx",
        gettext_lazy("Defined terms"),
        exports.TERM_HEADERS,
        exports.term_rows,
    ),
)


# --- Calendar -------------------------------------------------------------------------------


@require_GET
def calendar(request):
    try:
        first = parse_month(request.GET.get("month", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    first = first or timezone.localdate().replace(day=1)
    last = first.replace(day=calendar_module.monthrange(first.year, first.month)[1])
    alliance = None
    if request.GET.get("alliance", "").isdigit():
        alliance = get_alliance_for_user(request.user, int(request.GET["alliance"]))
    mine = request.GET.get("mine") == "1"
    entries, totals = services.calendar_month(
        request.user, first, last, alliance=alliance, mine_only=mine, per_day=6
    )
    by_day: dict[dt.date, list] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    weeks = [
        [
            (day, by_day.get(day, [])[:6], day.month == first.month, totals.get(day, 0))
            for day in week
        ]
        for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "contracts/calendar.html",
        {
            "month": first,
            "weeks": weeks,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "alliance": alliance,
            "mine": mine,
            "today": timezone.localdate(),
            "count": sum(totals.values()),
        },
    )


@require_http_methods(["GET", "POST"])
def feed_list(request):
    form = FeedForm(request.POST or None)
    new_url = None
    if request.method == "POST" and form.is_valid():
        alliance = None
        if request.POST.get("alliance", "").isdigit():
            alliance = get_alliance_for_user(request.user, int(request.POST["alliance"]))
        feed, token = actions.feed_create(
            actor=request.user, name=form.cleaned_data["name"], alliance=alliance
        )
        new_url = settings.ACCORD_BASE_URL.rstrip("/") + f"/contracts/feeds/{token}.ics"
        messages.success(
            request,
            _("Feed “%(feed)s” created. Copy its address now: it is shown only once.")
            % {"feed": feed},
        )
    from accord.portfolio.models import Alliance

    return render(
        request,
        "contracts/feed_list.html",
        {
            "feeds": CalendarFeed.objects.filter(user=request.user).select_related("alliance"),
            "form": FeedForm(),
            "new_url": new_url,
            "alliances": Alliance.objects.visible_to(request.user).order_by("name"),
        },
    )


@require_POST
def feed_revoke(request, pk):
    feed = access.get_feed_for_user(request.user, pk)
    actions.feed_revoke(actor=request.user, feed=feed)
    messages.success(
        request, _("Feed “%(feed)s” revoked: its address no longer works.") % {"feed": feed}
    )
    return redirect("contracts:feed_list")


@login_not_required
@require_GET
def feed_ics(request, token):
    """The calendar a subscribed client fetches: the secret token is the only credential."""
    feed = (
        CalendarFeed.objects.active()
        .select_related("user", "alliance")
        .filter(token_hash=CalendarFeed.hash_token(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=90), today + dt.timedelta(days=730)
    if feed.alliance_id:
        from accord.portfolio.models import Alliance

        if not Alliance.objects.visible_to(feed.user).filter(pk=feed.alliance_id).exists():
            raise Http404("No such calendar.")
    # A calendar client fetches without a session: the entries are worded in the feed owner's
    # language (their own, or the site's).
    with translation.override(feed.user.language or settings.LANGUAGE_CODE):
        if feed.alliance_id:
            entries = services.feed_entries(feed.user, start, end, alliance=feed.alliance)
        else:
            entries = services.feed_entries(feed.user, start, end, mine_only=True)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    body = services.ics(entries, feed.name, settings.ACCORD_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="accord.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- May we…? -------------------------------------------------------------------------------


@require_GET
def may_we(request):
    if not access.can_check_conflicts(request.user):
        raise PermissionDenied(_("The cross-portfolio check is internal to our company."))
    form = MayWeForm(request.GET or None)
    answer = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            answer = services.may_we(
                Scope.asked(form.cleaned_data), request.user, shown=services.Answer.SHOWN
            )
        else:
            status = 400
    return render(request, "contracts/may_we.html", {"form": form, "answer": answer}, status=status)
