"""Meetings: schedule, agenda builder, attendance, minutes with inline decisions and actions,
approval by both co-chairs, amendments, and the meeting pack."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core import documents
from accord.core.exceptions import ConflictError
from accord.core.forms import ReasonForm
from accord.core.generic import Entity, attempt_on, calling, detail_view
from accord.core.models import AuditEvent
from accord.people import reauth

from .. import access, actions, charter, exports, minutes_draft
from ..forms import (
    ActionInlineForm,
    AgendaItemForm,
    AmendForm,
    ApproveForm,
    DecisionRecordForm,
    GuestForm,
    MeetingForm,
    MinutesForm,
)
from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    MeetingStatus,
    MinutesStatus,
)
from .common import editor, form_view


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    committee = access.get_committee_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None)

    return form_view(
        request,
        form,
        lambda data: actions.meeting_schedule(
            actor=request.user, committee=committee, data=form.action_data()
        ),
        success=lambda meeting: _("“%(meeting)s” scheduled.") % {"meeting": meeting},
        then=lambda meeting: meeting.get_absolute_url(),
        title=_("Schedule a meeting of %(body)s") % {"body": committee},
        alliance=committee.alliance,
        submit=_("Schedule meeting"),
        cancel=committee.get_absolute_url(),
        intro=_(
            "Everyone who sits on the body is invited (only our own people for an internal meeting)."
        ),
    )


meeting_edit = editor(
    Entity("meeting", MeetingForm, access, actions, form_scope=()),
    title=gettext_lazy("Edit %(meeting)s"),
    submit=gettext_lazy("Save meeting"),
    success=gettext_lazy("Meeting saved."),
)


def _meeting_page(request, meeting, forms=None, status=200):
    user = request.user
    alliance = meeting.alliance
    committee = meeting.committee
    minutes = meeting.minutes
    forms = forms or {}
    can_manage = access.can_manage(user, alliance)
    can_contribute = access.can_contribute(user, alliance)
    attendance = list(meeting.attendance.select_related("user", "company"))
    companies = actions.required_parties(meeting)
    signatures = list(minutes.signatures.select_related("company"))
    signed = {signature.company_id for signature in signatures}
    open_for_records = (
        minutes.status != MinutesStatus.APPROVED and meeting.status != MeetingStatus.CANCELLED
    )
    is_chair = access.is_co_chair(user, committee)
    agenda = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("action", "action__owner", "decision", "issue", "presenter")
        .order_by("position", "pk")
    )
    # Each item with the decisions taken under it: the agenda shows it "taken".
    outcomes = minutes_draft.agenda_outcomes(meeting, agenda)
    for outcome in outcomes:
        if outcome.item is not None:
            outcome.item.taken = outcome.taken
    context = {
        "alliance": alliance,
        "meeting": meeting,
        "committee": committee,
        "minutes": minutes,
        "attendance": attendance,
        "quorum_short": charter.quorum(committee, attendance, companies)
        if meeting.status == MeetingStatus.HELD
        else [],
        "agenda": agenda,
        "outcomes": outcomes,
        "parties": [(company, company.pk in signed) for company in companies],
        "signatures": signatures,
        "amendments": minutes.amendments.all(),
        "decisions": Decision.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("committee"),
        "actions": ActionItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("owner", "owner__company"),
        "can_manage": can_manage,
        "can_contribute": can_contribute,
        "can_approve": is_chair
        and minutes.status == MinutesStatus.SUBMITTED
        and user.company_id in {company.pk for company in companies}
        and user.company_id not in signed,
        "is_chair": is_chair,
        "open_for_records": open_for_records,
        "minutes_form": forms.get("minutes")
        or MinutesForm(initial={"text": minutes.text, "version": minutes.version}),
        "approve_form": forms.get("approve") or ApproveForm(),
        "return_form": forms.get("return") or ReasonForm(),
        "cancel_form": forms.get("cancel") or ReasonForm(),
        "agenda_form": forms.get("agenda") or AgendaItemForm(meeting=meeting),
        "guest_form": forms.get("guest") or GuestForm(meeting=meeting),
        "decision_form": forms.get("decision") or DecisionRecordForm(meeting=meeting, user=user),
        "action_form": forms.get("action") or ActionInlineForm(meeting=meeting, user=user),
        "meaning": _(actions.DEFAULT_MEANING),
        "history": AuditEvent.objects.for_object(meeting).visible_to(user)[:10]
        if user.is_internal
        else [],
        "now": timezone.now(),
    }
    return render(request, "governance/meeting_detail.html", context, status=status)


meeting_detail = detail_view(access.get_meeting_for_user, _meeting_page)


def _press(request, page, action, success, /, **given):
    """A meeting action run from a button, `action(actor=, **given)`; a refusal is shown on
    the meeting's page (`page`, 400)."""
    try:
        action(actor=request.user, **given)
    except (ValidationError, ConflictError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return _meeting_page(request, page, status=400)
    messages.success(request, success)
    return redirect(page)


def _button(action, success, *, minutes: bool = False, attended: bool = False):
    """A view of a meeting's button (POST): the meeting fetched for writing, then
    `action(actor=, meeting=)` run as `_press` runs it; the action takes the meeting's
    `minutes=` instead when `minutes`, and the people ticked as present (`attended=`) when
    `attended`."""

    @require_POST
    def view(request, pk):
        meeting = access.get_meeting_for_user(request.user, pk, write=True)
        given = {"minutes": meeting.minutes} if minutes else {"meeting": meeting}
        if attended:
            given["attended"] = _attended(request)
        return _press(request, meeting, action, str(success), **given)

    return view


@require_POST
def meeting_cancel(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    do = calling(actions.meeting_cancel, "reason", actor=request.user, meeting=meeting)
    return attempt_on(request, _meeting_page, meeting, "cancel", form, do, _("Meeting cancelled."))


def _attended(request) -> list[int]:
    return [int(value) for value in request.POST.getlist("attended") if value.isdigit()]


meeting_held = _button(
    actions.meeting_mark_held,
    gettext_lazy("Meeting marked as held; attendance recorded."),
    attended=True,
)
attendance = _button(actions.attendance_record, gettext_lazy("Attendance saved."), attended=True)


@require_POST
def guest_add(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = GuestForm(request.POST, meeting=meeting)
    do = calling(actions.attendance_add_guest, "user", actor=request.user, meeting=meeting)

    def success(row):
        return _("%(person)s invited.") % {"person": row.user}

    return attempt_on(request, _meeting_page, meeting, "guest", form, do, success)


# --- Agenda ---------------------------------------------------------------------------------


agenda_build = _button(
    actions.agenda_build,
    gettext_lazy("The agenda carries over what the body still has to deal with."),
)


@require_POST
def agenda_add(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.can_contribute(request.user, meeting.alliance):
        raise PermissionDenied(_("Only members of this alliance's bodies add agenda items."))
    form = AgendaItemForm(request.POST, meeting=meeting)
    return attempt_on(
        request,
        _meeting_page,
        meeting,
        "agenda",
        form,
        lambda data: actions.agenda_item_add(actor=request.user, meeting=meeting, data=data),
        _("Agenda item added."),
    )


def _agenda_item(request, pk, item_pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    item = get_object_or_404(
        AgendaItem.objects.visible_to(request.user), meeting=meeting, pk=item_pk
    )
    return meeting, item


@require_POST
def agenda_move(request, pk, item_pk, direction):
    if direction not in ("up", "down"):
        raise Http404("Move an agenda item up or down.")
    meeting, item = _agenda_item(request, pk, item_pk)
    step = -1 if direction == "up" else 1
    return _press(
        request, meeting, actions.agenda_item_move, _("Agenda reordered."), item=item, step=step
    )


@require_POST
def agenda_remove(request, pk, item_pk):
    meeting, item = _agenda_item(request, pk, item_pk)
    return _press(
        request, meeting, actions.agenda_item_remove, _("Agenda item removed."), item=item
    )


# --- Minutes --------------------------------------------------------------------------------


@require_POST
def minutes_save(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = MinutesForm(request.POST)
    do = calling(
        actions.minutes_save, "text", versioned=True, actor=request.user, minutes=meeting.minutes
    )
    return attempt_on(request, _meeting_page, meeting, "minutes", form, do, _("Minutes saved."))


minutes_start = _button(
    actions.minutes_start,
    gettext_lazy("Minutes started from the agenda: fill in the discussion under each item."),
    minutes=True,
)
minutes_submit = _button(
    actions.minutes_submit,
    gettext_lazy("Minutes sent to the co-chairs for approval."),
    minutes=True,
)


@require_POST
def minutes_return(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    do = calling(actions.minutes_return, "reason", actor=request.user, minutes=meeting.minutes)
    success = _("Minutes returned to draft.")
    return attempt_on(request, _meeting_page, meeting, "return", form, do, success)


@require_POST
def minutes_approve(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.is_co_chair(request.user, meeting.committee):
        raise PermissionDenied(
            _("Only a co-chair of %(body)s approves its minutes.") % {"body": meeting.committee}
        )
    form = ApproveForm(request.POST)

    def success(signature):
        if signature.minutes.is_locked:
            return _(
                "You approved the minutes for %(company)s. The minutes are now approved and locked."
            ) % {"company": signature.company}
        return _("You approved the minutes for %(company)s.") % {"company": signature.company}

    def do(data):
        proof = reauth.proof(request, data)
        return actions.minutes_approve(actor=request.user, minutes=meeting.minutes, **proof)

    return attempt_on(request, _meeting_page, meeting, "approve", form, do, success)


@require_http_methods(["GET", "POST"])
def minutes_amend(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    if meeting.minutes.status != MinutesStatus.APPROVED:
        messages.error(request, _("Only approved minutes are amended; edit the draft instead."))
        return redirect(meeting)
    form = AmendForm(request.POST or None, initial={"text": meeting.minutes.text})

    return form_view(
        request,
        form,
        calling(
            actions.minutes_amend, "text", "reason", actor=request.user, minutes=meeting.minutes
        ),
        success=_("Amendment recorded."),
        then=meeting.get_absolute_url(),
        title=_("Amend the approved minutes of %(meeting)s") % {"meeting": meeting},
        alliance=meeting.alliance,
        submit=_("Record amendment"),
        cancel=meeting.get_absolute_url(),
        intro=_(
            "The minutes are approved and locked. An amendment is recorded with its reason and the text it replaces."
        ),
    )


# --- Decisions and actions recorded in the meeting ------------------------------------------


@require_POST
def meeting_decision(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = DecisionRecordForm(request.POST, meeting=meeting, user=request.user)

    def record(data):
        return actions.decision_record(
            actor=request.user,
            meeting=meeting,
            data={"title": data["title"], "area": data["area"]},
            outcome=data["outcome"],
            rationale=data["rationale"],
            agenda_item=data.get("agenda_item"),
        )

    def success(decision):
        if decision.outside_charter:
            return _("Decision recorded. Warning: the charter does not give this body that matter.")
        return _("Decision recorded.")

    return attempt_on(request, _meeting_page, meeting, "decision", form, record, success)


@require_POST
def meeting_action(request, pk):
    meeting = access.get_meeting_for_user(request.user, pk, write=True)
    form = ActionInlineForm(request.POST, meeting=meeting, user=request.user)

    def record(data):
        return actions.action_create(
            actor=request.user,
            alliance=meeting.alliance,
            data={k: v for k, v in data.items() if k != "agenda_item"},
            meeting=meeting,
            agenda_item=data.get("agenda_item"),
        )

    def success(action):
        return _("Action recorded for %(person)s.") % {"person": action.owner}

    return attempt_on(request, _meeting_page, meeting, "action", form, record, success)


@require_GET
def meeting_pack(request, pk, fmt):
    meeting = access.get_meeting_for_user(request.user, pk)
    if fmt not in ("pdf", "docx"):
        return HttpResponseBadRequest(_("Choose pdf or docx."))
    document = exports.meeting_pack(meeting, request.user)
    day = timezone.localtime(meeting.starts_at)
    return documents.response(
        document, fmt, f"meeting-pack-{meeting.committee.name}-{day:%Y-%m-%d}".replace(" ", "-")
    )
