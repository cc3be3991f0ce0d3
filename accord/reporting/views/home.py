"""The front door (`/`): each person's home page after signing in.

- an alliance manager or contributor: My week, everything that needs them by due day;
- the alliance leader (and administrators): the same for the whole team, with a person filter,
  who is over capacity and what has nobody designated;
- an executive: the portfolio dashboard's attention figures and the latest approved weekly note;
- a partner user: their alliance's shared workspace (next meeting, open actions both ways,
  the survey to answer).

Rows can be marked done or snoozed inline (htmx) where the owning app registered an action
for it; those POSTs go through the owning app's action, which checks who may do it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from accord.core import freshness, registry
from accord.core.views import is_htmx
from accord.people.models import Role

from .. import myweek
from ..forms import WeekSnoozeForm

# The leader's panels list this many of each, with the count and a link to the whole list.
TEAM_SHOWN = 8


@require_GET
def home(request):
    user = request.user
    if user.is_partner:
        return partner_home(request)
    if user.role == Role.EXECUTIVE:
        return executive_home(request)
    return my_week(request)


def _week_context(request, status=200):
    asked = myweek.ask(request.user, request.GET)
    context = {
        "week": asked.week,
        "page": asked.page,
        "form": asked.form,
        "team": asked.team,
        "person": asked.person,
        # Every row's buttons say the same words: translated once, not once per row.
        "labels": {
            "how": _("How was it done?"),
            "done": _("Mark done"),
            "snooze": _("Snooze"),
            "until": _("Until"),
            "why": _("Why"),
            "open": _("Open"),
        },
        "today_iso": asked.week.today.isoformat(),
    }
    if asked.team:  # the team's panels do not depend on the filters (even a bad one)
        # Kept like the week itself, until any change is committed.
        user = request.user
        today = timezone.localdate()
        context.update(freshness.kept("team-week", user, (today,), lambda: _team_extras(user)))
    return context, status if asked.valid else 400


def _team_extras(user) -> dict:
    from accord.contracts.models import Obligation
    from accord.governance.models import ActionItem
    from accord.portfolio.models import Alliance
    from accord.portfolio.workload import Status, manager_loads

    alliances = Alliance.objects.visible_to(user)
    over = [load for load in manager_loads(alliances=alliances) if load.status == Status.OVER]
    unrun = alliances.without_responsible_person()
    obligations = Obligation.objects.visible_to(user).nobody_designated()
    actions = ActionItem.objects.visible_to(user).nobody_designated()
    # Each list shows its first few with its count; its own (filtered) page has them all.
    return {
        "over_capacity": over[:TEAM_SHOWN],
        "over_capacity_count": len(over),
        "unrun_alliances": list(unrun.order_by("tier", "name")[:TEAM_SHOWN]),
        "unrun_count": unrun.count(),
        "unowned_obligations": list(
            obligations.select_related("alliance").order_by("due_date", "pk")[:TEAM_SHOWN]
        ),
        "unowned_obligations_count": obligations.count(),
        "unowned_actions": list(
            actions.select_related("alliance", "owner").order_by("due_on", "pk")[:TEAM_SHOWN]
        ),
        "unowned_actions_count": actions.count(),
    }


@require_GET
def my_week(request):
    if request.user.is_partner:
        return partner_home(request)
    context, status = _week_context(request)
    if is_htmx(request):
        return render(request, "reporting/_home_week.html", context, status=status)
    return render(request, "reporting/home.html", context, status=status)


def executive_home(request):
    from .. import dashboard
    from ..models import WeeklyNote

    user = request.user
    # The first screen shows the attention figures and two lists, not the heatmap or value.
    board = dashboard.kept(user, with_value=False, with_health=False)
    note = WeeklyNote.objects.visible_to(user).archived().select_related("approved_by").first()
    summary = []
    if note is not None:
        for block in note.content[:5]:
            summary.append(
                {
                    "name": block.get("name", ""),
                    "alliance_id": block.get("alliance_id"),
                    # An alliance in the note for its risks alone shows its first risk.
                    "first": (
                        block.get("happened") or block.get("ahead") or block.get("risks") or [""]
                    )[0],
                }
            )
    return render(
        request,
        "reporting/home_executive.html",
        {"board": board, "note": note, "summary": summary},
    )


def partner_home(request):
    from accord.governance.models import ActionItem, Meeting
    from accord.health.models import Respondent
    from accord.portfolio.models import Alliance

    user = request.user
    alliances = list(Alliance.objects.visible_to(user).order_by("name"))
    meetings = {}
    for meeting in (
        Meeting.objects.visible_to(user)
        .upcoming()
        .filter(alliance__in=alliances)
        .select_related("committee")
    ):
        meetings.setdefault(meeting.alliance_id, meeting)
    actions = (
        ActionItem.objects.visible_to(user)
        .open()
        .filter(alliance__in=alliances)
        .select_related("owner", "owner__company")
        .order_by("due_on", "pk")
    )
    by_alliance = {a.pk: {"ours": [], "theirs": []} for a in alliances}
    for action in actions:
        side = "ours" if action.owner.company_id == user.company_id else "theirs"
        by_alliance[action.alliance_id][side].append(action)
    surveys = {}
    for respondent in (
        Respondent.objects.to_answer(user)
        .filter(wave__alliance__in=alliances)
        .select_related("wave")
    ):
        surveys.setdefault(respondent.wave.alliance_id, []).append(respondent)
    workspaces = [
        {
            "alliance": alliance,
            "meeting": meetings.get(alliance.pk),
            "ours": by_alliance[alliance.pk]["ours"],
            "theirs": by_alliance[alliance.pk]["theirs"],
            "surveys": surveys.get(alliance.pk, []),
        }
        for alliance in alliances
    ]
    # With several alliances, those asking something of the partner come first (a survey, an
    # action on their side), then by the next meeting; those with nothing coming up are named
    # together at the end instead of a card of "none" each.
    quiet = []
    if len(workspaces) > 1:
        quiet = [space["alliance"] for space in workspaces if not _coming_up(space)]
        workspaces = sorted(
            (space for space in workspaces if _coming_up(space)),
            key=lambda space: (
                not (space["surveys"] or space["ours"]),
                space["meeting"].starts_at.timestamp() if space["meeting"] else float("inf"),
                space["alliance"].name,
            ),
        )
    return render(
        request,
        "reporting/home_partner.html",
        {"workspaces": workspaces, "quiet": quiet, "today": timezone.localdate()},
    )


def _coming_up(space: dict) -> bool:
    return bool(space["meeting"] or space["ours"] or space["theirs"] or space["surveys"])


# --- Inline steps ---------------------------------------------------------------------------


def _source(kind: str, step: str):
    source = registry.week_source(kind)
    if source is None or getattr(source, step) is None:
        raise Http404("Nothing to do this way on this kind of row.")
    return source


def _answer(request, kind, pk, ok: str, errors: dict | None = None, status=200):
    """htmx: the row's status line (and, once done, its inline steps removed); otherwise back
    to My week with a message."""
    if is_htmx(request):
        return render(
            request,
            "reporting/_home_step.html",
            {"ok": "" if errors else ok, "errors": errors or {}, "kind": kind, "pk": pk},
            status=status,
        )
    if errors:
        for field, text in errors.items():
            messages.error(
                request, _("%(field)s: %(errors)s") % {"field": field, "errors": " ".join(text)}
            )
        context, _status = _week_context(request)
        return render(request, "reporting/home.html", context, status=status)
    messages.success(request, ok)
    return redirect("reporting:my_week")


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _internal(request):
    if request.user.is_partner:
        raise PermissionDenied(_("Partners work from their alliance's shared workspace."))


@require_POST
def week_done(request, kind, pk):
    """Mark a row done through its app's action (which checks who may); a bad input names the
    field and changes nothing."""
    _internal(request)
    source = _source(kind, "mark_done")
    data = {"evidence": request.POST.get("evidence", "")}
    try:
        source.mark_done(request.user, pk, data)
    except ValidationError as error:
        return _answer(request, kind, pk, "", _errors(error), status=400)
    return _answer(request, kind, pk, _("Done."))


@require_POST
def week_snooze(request, kind, pk):
    """Snooze a row until a date, with a reason, through its app's action (audited)."""
    _internal(request)
    source = _source(kind, "snooze")
    form = WeekSnoozeForm(request.POST)
    form.is_valid()
    until = form.cleaned_data.get("until")
    reason = request.POST.get("reason", "")
    try:
        source.snooze(request.user, pk, until, reason)
    except ValidationError as error:
        errors = _errors(error)
        if "until" in form.errors and "until" not in errors and "reason" not in errors:
            errors = {"until": form.errors["until"]}
        return _answer(request, kind, pk, "", errors, status=400)
    return _answer(
        request,
        kind,
        pk,
        _("Snoozed until %(day)s.") % {"day": date_format(until, pgettext("date format", "d M Y"))},
    )
