"""Governance bodies: charter, seats and their history, governance terms of the alliance."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.generic import attempt_on, calling, detail_view
from accord.core.models import AuditEvent

from .. import access, actions, charter
from ..forms import ChangeRoleForm, CommitteeForm, EndSeatForm, SeatForm, SettingsForm
from ..models import Committee, CommitteeMember, GovernanceSettings, Meeting
from .common import form_view


@require_http_methods(["GET", "POST"])
def committee_create(request, pk):
    alliance = access.get_alliance_governance_for_user(request.user, pk, write=True)
    form = CommitteeForm(request.POST or None, alliance=alliance, user=request.user)
    cancel = reverse("governance:alliance_governance", args=[alliance.pk])

    return form_view(
        request,
        form,
        lambda data: actions.committee_create(
            actor=request.user,
            alliance=alliance,
            data=form.action_data(),
            final_say=form.final_say(),
        ),
        success=lambda body: _("“%(body)s” created.") % {"body": body},
        then=lambda body: body.get_absolute_url(),
        title=_("New governance body"),
        alliance=alliance,
        submit=_("Create body"),
        cancel=cancel,
    )


@require_http_methods(["GET", "POST"])
def committee_edit(request, pk):
    committee = access.get_committee_for_user(request.user, pk, write=True)
    form = CommitteeForm(
        request.POST or None, instance=committee, alliance=committee.alliance, user=request.user
    )

    return form_view(
        request,
        form,
        lambda data: actions.committee_update(
            actor=request.user,
            committee=committee,
            data=form.action_data(),
            final_say=form.final_say(),
            expected_version=form.expected_version,
        ),
        success=_("Charter saved."),
        then=committee.get_absolute_url(),
        title=_("Charter of %(body)s") % {"body": committee},
        alliance=committee.alliance,
        submit=_("Save charter"),
        cancel=committee.get_absolute_url(),
    )


def _committee_page(request, committee, forms=None, status=200):
    user = request.user
    today = timezone.localdate()
    alliance = committee.alliance
    seats = list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("user", "user__company")
        .order_by("end_date", "user__company__kind", "role", "user__last_name")
    )
    current = [seat for seat in seats if seat.is_current(today)]
    companies = charter.parties(alliance)
    meetings = (
        Meeting.objects.visible_to(user).filter(committee=committee).select_related("minutes")
    )
    path, node, seen = [], committee.escalates_to, {committee.pk}
    while node is not None and node.pk not in seen:
        path.append(node)
        seen.add(node.pk)
        node = node.escalates_to
    can_manage = access.can_manage(user, alliance)
    forms = forms or {}
    context = {
        "alliance": alliance,
        "committee": committee,
        "current": current,
        "past": [seat for seat in seats if not seat.is_current(today)],
        "seat_counts": charter.seat_counts(committee, current, companies),
        "warnings": charter.charter_warnings(
            committee, current, companies, charter.alliance_team_ids(alliance)
        ),
        "cadence": charter.cadence_compliance(committee, meetings, on=today),
        "meetings": meetings.order_by("-starts_at")[:20],
        "children": Committee.objects.visible_to(user).filter(parent=committee),
        "escalation_path": path,
        "final_say": committee.final_say.select_related("company"),
        "can_manage": can_manage,
        "seat_form": forms.get("seat") or (SeatForm(alliance=alliance) if can_manage else None),
        "end_form": forms.get("end") or EndSeatForm(),
        "role_form": forms.get("role") or ChangeRoleForm(),
        "history": AuditEvent.objects.for_object(committee).visible_to(user)[:10]
        if user.is_internal
        else [],
    }
    return render(request, "governance/committee_detail.html", context, status=status)


committee_detail = detail_view(access.get_committee_for_user, _committee_page)


SEAT_FIELDS = ["user", "role", "start_date"]


@require_POST
def seat_add(request, pk):
    committee = access.get_committee_for_user(request.user, pk, write=True)
    form = SeatForm(request.POST, alliance=committee.alliance)
    do = calling(
        actions.committee_member_add, *SEAT_FIELDS, actor=request.user, committee=committee
    )

    def success(seat):
        return _("%(person)s now sits on %(body)s as %(role)s.") % {
            "person": seat.user,
            "body": committee,
            "role": seat.get_role_display().lower(),
        }

    return attempt_on(request, _committee_page, committee, "seat", form, do, success)


def _seat_for_user(user, pk) -> CommitteeMember:
    seat = get_object_or_404(
        CommitteeMember.objects.visible_to(user).select_related("committee", "user"), pk=pk
    )
    if not access.can_manage(user, seat.committee.alliance):
        raise PermissionDenied(_("You cannot change who sits on this body."))
    return seat


@require_POST
def seat_end(request, pk):
    seat = _seat_for_user(request.user, pk)
    form = EndSeatForm(request.POST)
    do = calling(actions.committee_member_end, "end_date", "reason", actor=request.user, seat=seat)
    success = _("%(person)s no longer sits on %(body)s.") % {
        "person": seat.user,
        "body": seat.committee,
    }
    return attempt_on(request, _committee_page, seat.committee, "end", form, do, success)


@require_POST
def seat_role(request, pk):
    seat = _seat_for_user(request.user, pk)
    form = ChangeRoleForm(request.POST)
    do = calling(
        actions.committee_member_change_role, "role", "on", "reason", actor=request.user, seat=seat
    )

    def success(new):
        return _("%(person)s is now %(role)s.") % {
            "person": seat.user,
            "role": new.get_role_display().lower(),
        }

    return attempt_on(request, _committee_page, seat.committee, "role", form, do, success)


@require_http_methods(["GET", "POST"])
def settings_edit(request, pk):
    alliance = access.get_alliance_governance_for_user(request.user, pk, write=True)
    current = GovernanceSettings.for_alliance(alliance)
    form = SettingsForm(request.POST or None, instance=current)
    back = reverse("governance:alliance_governance", args=[alliance.pk])

    return form_view(
        request,
        form,
        lambda data: actions.governance_settings_update(
            actor=request.user, alliance=alliance, data=data
        ),
        success=_("Governance terms saved."),
        then=back,
        title=_("Governance terms"),
        alliance=alliance,
        submit=_("Save terms"),
        cancel=back,
        intro=_("The terms of the agreement that apply to the whole alliance."),
    )
