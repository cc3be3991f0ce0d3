"""Decisions, action items, issues, risks and partner communications: create, read, edit and
move along their lifecycles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import ReasonForm
from accord.core.generic import Entity, attempt, attempt_on, calling, detail_view, flash
from accord.core.models import AuditEvent

from .. import access, actions
from ..forms import (
    ActionForm,
    ActionStatusForm,
    AssignLevelForm,
    CommunicationForm,
    ConcludeForm,
    DecisionForm,
    DecisionTransitionForm,
    IssueForm,
    ResolveForm,
    RiskForm,
)
from ..hooks import lesson_prompt_url
from ..models import ActionItem, DecisionStatus
from .common import editor, form_view


def _history(user, obj):
    return AuditEvent.objects.for_object(obj).visible_to(user)[:15] if user.is_internal else []


def _record_page(request, name, obj, template, status=200, **extra):
    """The page of one record: the record (under `name`), its alliance, whether the user
    manages that, the record's history, and what is the record's own (`extra`)."""
    context = {
        "alliance": obj.alliance,
        name: obj,
        "can_manage": access.can_manage(request.user, obj.alliance),
        "history": _history(request.user, obj),
        **extra,
    }
    return render(request, f"governance/{template}", context, status=status)


def _governance_tab(alliance) -> str:
    return reverse("governance:alliance_governance", args=[alliance.pk])


ENTITIES = {
    "decision": Entity("decision", DecisionForm, access, actions),
    "action": Entity("action", ActionForm, access, actions),
    "issue": Entity("issue", IssueForm, access, actions),
    "risk": Entity("risk", RiskForm, access, actions),
    "communication": Entity("communication", CommunicationForm, access, actions),
}


# What the pages say about each kind of record (whole sentences, for the translators).
ADD_REFUSED = {
    "decision": gettext_lazy("Only members of this alliance's bodies add decisions."),
    "action": gettext_lazy("Only members of this alliance's bodies add actions."),
    "issue": gettext_lazy("Only members of this alliance's bodies add issues."),
    "risk": gettext_lazy("Only members of this alliance's bodies add risks."),
    "communication": gettext_lazy("Only members of this alliance's bodies add communications."),
}
ADDED = {
    "decision": gettext_lazy("Decision “%(record)s” added."),
    "action": gettext_lazy("Action “%(record)s” added."),
    "issue": gettext_lazy("Issue “%(record)s” added."),
    "risk": gettext_lazy("Risk “%(record)s” added."),
    "communication": gettext_lazy("Communication “%(record)s” added."),
}


def _create_view(request, pk, kind, *, title, submit, manage_only=False):
    entity = ENTITIES[kind]
    alliance = access.get_alliance_governance_for_user(request.user, pk, write=manage_only)
    if not manage_only and not access.can_contribute(request.user, alliance):
        raise PermissionDenied(str(ADD_REFUSED[kind]))
    form = entity.bound_form(request, alliance=alliance, initial=_initial(request))
    return form_view(
        request,
        form,
        lambda data: entity.create(actor=request.user, alliance=alliance, data=form.action_data()),
        success=lambda obj: ADDED[kind] % {"record": obj},
        then=lambda obj: obj.get_absolute_url(),
        title=title,
        alliance=alliance,
        submit=submit,
        cancel=_governance_tab(alliance),
    )


def _creator(kind, *, title, submit, manage_only=False):
    """The "new" page of one kind of record on the alliance's Governance tab."""

    @require_http_methods(["GET", "POST"])
    def create(request, pk):
        return _create_view(request, pk, kind, title=title, submit=submit, manage_only=manage_only)

    return create


def _initial(request) -> dict:
    """Links like "raise an issue with this body" preselect it."""
    initial = {}
    for name in ("committee", "level"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    return initial


def _editor(kind, *, title, submit):
    """The edit page of one kind of record; `title` is formatted with the record."""
    return editor(ENTITIES[kind], title=title, submit=submit)


# --- Decisions ------------------------------------------------------------------------------


decision_create = _creator(
    "decision", title=gettext_lazy("Raise a decision"), submit=gettext_lazy("Raise decision")
)


def _decision_page(request, decision, form=None, status=200):
    user = request.user
    meeting_id = request.GET.get("meeting", "")
    initial = {"meeting": int(meeting_id)} if meeting_id.isdigit() else {}
    return _record_page(
        request,
        "decision",
        decision,
        "decision_detail.html",
        status,
        actions=ActionItem.objects.visible_to(user)
        .filter(decision=decision)
        .select_related("owner"),
        transition_form=form
        or DecisionTransitionForm(decision=decision, user=user, initial=initial),
        today=timezone.localdate(),
    )


decision_detail = detail_view(access.get_decision_for_user, _decision_page)


decision_edit = _editor(
    "decision",
    title=gettext_lazy("Edit decision “%(record)s”"),
    submit=gettext_lazy("Save decision"),
)


TRANSITION_FIELDS = ["status", "outcome", "rationale", "reason", "meeting", "on"]


@require_POST
def decision_transition(request, pk):
    decision = access.get_decision_for_user(request.user, pk, write=True)
    form = DecisionTransitionForm(request.POST, decision=decision, user=request.user)

    def success(result):
        text = _("Decision %(status)s.") % {"status": result.get_status_display().lower()}
        if result.status == DecisionStatus.DECIDED and result.outside_charter:
            warning = _("Warning: the charter of %(body)s does not give it %(area)s matters.") % {
                "body": result.decided_by,
                "area": result.get_area_display().lower(),
            }
            text += " " + warning
        return text

    return attempt(
        request,
        form,
        calling(
            actions.decision_transition,
            *TRANSITION_FIELDS,
            versioned=True,
            actor=request.user,
            decision=decision,
        ),
        success=success,
        then=decision.get_absolute_url(),
        rerender=lambda status: _decision_page(request, decision, form, status),
    )


# --- Action items ---------------------------------------------------------------------------


action_create = _creator(
    "action", title=gettext_lazy("New action item"), submit=gettext_lazy("Add action")
)


def _action_page(request, action, form=None, status=200):
    initial = {"status": action.status, "version": action.version}
    return _record_page(
        request,
        "action",
        action,
        "action_detail.html",
        status,
        can_update=access.can_update_action(request.user, action),
        status_form=form or ActionStatusForm(initial=initial),
        today=timezone.localdate(),
    )


action_detail = detail_view(access.get_action_for_user, _action_page)


action_edit = _editor(
    "action", title=gettext_lazy("Edit action “%(record)s”"), submit=gettext_lazy("Save action")
)


@require_POST
def action_status(request, pk):
    action = access.get_action_for_user(request.user, pk)
    if not access.can_update_action(request.user, action):
        raise PermissionDenied(_("Only the owner or the alliance's managers update this action."))
    form = ActionStatusForm(request.POST)
    return attempt(
        request,
        form,
        calling(
            actions.action_set_status, "status", versioned=True, actor=request.user, action=action
        ),
        success=lambda result: (
            _("Action is now %(status)s.") % {"status": result.get_status_display().lower()}
        ),
        then=action.get_absolute_url(),
        rerender=lambda status: _action_page(request, action, form, status),
    )


# --- Issues ---------------------------------------------------------------------------------


issue_create = _creator(
    "issue", title=gettext_lazy("Raise an issue"), submit=gettext_lazy("Raise issue")
)


def _issue_page(request, issue, forms=None, status=200):
    forms = forms or {}
    return _record_page(
        request,
        "issue",
        issue,
        "issue_detail.html",
        status,
        escalations=issue.escalations.select_related("from_level", "to_level", "by"),
        escalate_form=forms.get("escalate") or ReasonForm(prefix="escalate"),
        assign_form=forms.get("assign")
        or AssignLevelForm(issue=issue, user=request.user, prefix="assign"),
        resolve_form=forms.get("resolve") or ResolveForm(prefix="resolve"),
        reopen_form=forms.get("reopen") or ReasonForm(prefix="reopen"),
        lesson_url=lesson_prompt_url("issue", issue.pk) if issue.status == "closed" else None,
        now=timezone.now(),
    )


issue_detail = detail_view(access.get_issue_for_user, _issue_page)


issue_edit = _editor(
    "issue", title=gettext_lazy("Edit issue “%(record)s”"), submit=gettext_lazy("Save issue")
)


def _issue_post(request, pk, key, form_class, action, fields, success, *, scoped=False):
    """A form posted from the issue's page (its fields prefixed with `key`) running `action`
    with the issue and `fields`; a `scoped` form is given the issue and the user."""
    issue = access.get_issue_for_user(request.user, pk, write=True)
    scope = {"issue": issue, "user": request.user} if scoped else {}
    form = form_class(request.POST, prefix=key, **scope)
    do = calling(action, *fields, actor=request.user, issue=issue)
    return attempt_on(request, _issue_page, issue, key, form, do, success)


@require_POST
def issue_escalate(request, pk):
    return _issue_post(
        request,
        pk,
        "escalate",
        ReasonForm,
        actions.issue_escalate,
        ["reason"],
        lambda issue: _("Issue escalated to %(body)s.") % {"body": issue.level},
    )


@require_POST
def issue_assign(request, pk):
    return _issue_post(
        request,
        pk,
        "assign",
        AssignLevelForm,
        actions.issue_assign_level,
        ["level", "reason"],
        lambda issue: _("Issue is now with %(body)s.") % {"body": issue.level},
        scoped=True,
    )


@require_POST
def issue_resolve(request, pk):
    return _issue_post(
        request,
        pk,
        "resolve",
        ResolveForm,
        actions.issue_resolve,
        ["resolution"],
        gettext_lazy("Issue resolved."),
    )


@require_POST
def issue_reopen(request, pk):
    return _issue_post(
        request,
        pk,
        "reopen",
        ReasonForm,
        actions.issue_reopen,
        ["reason"],
        gettext_lazy("Issue reopened."),
    )


@require_POST
def issue_close(request, pk):
    issue = access.get_issue_for_user(request.user, pk, write=True)
    if flash(
        request,
        lambda: actions.issue_close(actor=request.user, issue=issue),
        lambda _result: _("Issue closed. What should the next team learn from it?"),
    ):
        return redirect(issue)
    return _issue_page(request, issue, status=400)


# --- Risks ----------------------------------------------------------------------------------


def _internal(request):
    if not request.user.is_internal:
        raise PermissionDenied(_("The risk register is internal to our company."))


@require_http_methods(["GET", "POST"])
def risk_create(request, pk):
    # Out of scope first (a 404 for a partner user of another alliance), then internal only.
    access.get_alliance_governance_for_user(request.user, pk)
    _internal(request)
    return _create_view(
        request,
        pk,
        "risk",
        title=gettext_lazy("Add a risk"),
        submit=gettext_lazy("Add risk"),
        manage_only=True,
    )


@require_GET
def risk_detail(request, pk):
    risk = access.get_risk_for_user(request.user, pk)
    return _record_page(request, "risk", risk, "risk_detail.html", today=timezone.localdate())


risk_edit = _editor(
    "risk", title=gettext_lazy("Edit risk “%(record)s”"), submit=gettext_lazy("Save risk")
)


# --- Communications -------------------------------------------------------------------------


communication_create = _creator(
    "communication",
    title=gettext_lazy("A communication for review"),
    submit=gettext_lazy("Add communication"),
    manage_only=True,
)


def _communication_page(request, communication, forms=None, status=200):
    forms = forms or {}
    return _record_page(
        request,
        "communication",
        communication,
        "communication_detail.html",
        status,
        reviewers=communication.reviewers.select_related("company"),
        can_review=access.can_review_communication(request.user, communication),
        conclude_form=forms.get("conclude") or ConcludeForm(),
        withdraw_form=forms.get("withdraw") or ReasonForm(prefix="withdraw"),
        today=timezone.localdate(),
    )


communication_detail = detail_view(access.get_communication_for_user, _communication_page)


communication_edit = _editor(
    "communication", title=gettext_lazy("Edit “%(record)s”"), submit=gettext_lazy("Save")
)


@require_POST
def communication_submit(request, pk):
    communication = access.get_communication_for_user(request.user, pk, write=True)
    if flash(
        request,
        lambda: actions.communication_submit(actor=request.user, communication=communication),
        lambda result: (
            _("Sent for review: %(n)s business days, until %(until)s.")
            % {
                "n": result.review_business_days,
                "until": date_format(result.review_due_on, pgettext("date format", "D d M Y")),
            }
        ),
    ):
        return redirect(communication)
    return _communication_page(request, communication, status=400)


@require_POST
def communication_conclude(request, pk):
    communication = access.get_communication_for_user(request.user, pk)
    if not access.can_review_communication(request.user, communication):
        raise PermissionDenied(
            _("Only the reviewers or the alliance's managers record the outcome.")
        )
    form = ConcludeForm(request.POST)
    return attempt(
        request,
        form,
        calling(
            actions.communication_conclude,
            "outcome",
            "notes",
            actor=request.user,
            communication=communication,
        ),
        success=lambda result: (
            _("Review concluded: %(outcome)s.") % {"outcome": result.get_outcome_display().lower()}
        ),
        then=communication.get_absolute_url(),
        rerender=lambda status: _communication_page(
            request, communication, {"conclude": form}, status
        ),
    )


@require_POST
def communication_withdraw(request, pk):
    communication = access.get_communication_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="withdraw")
    do = calling(
        actions.communication_withdraw, "reason", actor=request.user, communication=communication
    )
    success = gettext_lazy("Communication withdrawn.")
    return attempt_on(request, _communication_page, communication, "withdraw", form, do, success)
