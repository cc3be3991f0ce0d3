from __future__ import annotations

import zoneinfo

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE, ReasonForm, VersionField
from accord.people.models import User
from accord.portfolio.models import AllianceMember, Company, Program

from .actions.meetings import EDITABLE_MEETING_FIELDS
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Area,
    Committee,
    CommitteeRole,
    Communication,
    Decision,
    GovernanceSettings,
    Issue,
    Meeting,
    ReviewOutcome,
    Risk,
)
from .models.meetings import default_time_zone, validate_time_zone

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def eligible_people(alliance, *, internal_only: bool = False):
    """Who can own or review a record of this alliance: our active staff, and the partner's
    people on the alliance team who sit on one of its bodies (so they can see it)."""
    staff = Q(is_active=True) & ~Q(role="partner")
    if internal_only:
        return User.objects.filter(staff).select_related("company")
    team = AllianceMember.objects.filter(alliance=alliance).values("user_id")
    seated = Q(pk__in=team) & Q(
        committee_memberships__committee__alliance=alliance,
        committee_memberships__end_date__isnull=True,
    )
    return (
        User.objects.filter(staff | (Q(is_active=True, role="partner") & seated))
        .distinct()
        .select_related("company")
        .order_by("company__kind", "last_name", "first_name")
    )


def seat_candidates(alliance):
    """People who may take a seat: our active staff and the partner's alliance team members."""
    team = AllianceMember.objects.filter(alliance=alliance).values("user_id")
    return (
        User.objects.filter(Q(is_active=True) & (~Q(role="partner") | Q(pk__in=team)))
        .select_related("company")
        .order_by("company__kind", "last_name", "first_name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.company})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.company})"


class ScopedForm(scoping.ModelForm):
    """A form for one alliance's governance record, with choices limited to what the user sees."""

    version = VersionField()
    internal_only_people = False

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.user = user
        if not self.instance.pk:
            self.instance.alliance = alliance
        if "program" in self.fields:
            self.fields["program"].queryset = Program.objects.visible_to(user).filter(
                alliance=alliance
            )
            self.fields["program"].required = False
        for name in ("committee", "level"):
            if name in self.fields:
                self.fields[name].queryset = Committee.objects.visible_to(user).filter(
                    alliance=alliance
                )
        if "is_internal" in self.fields and not user.is_internal:
            del self.fields["is_internal"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def action_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name in self._meta.fields}

    @property
    def expected_version(self):
        return self.cleaned_data.get("version") if "version" in self.fields else None


# --- Committees -----------------------------------------------------------------------------


class CommitteeForm(ScopedForm):
    decides = forms.MultipleChoiceField(
        label=_("Matters it decides"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Committee
        fields = [
            "name",
            "kind",
            "parent",
            "program",
            "purpose",
            "established_on",
            "dissolved_on",
            "charter_reference",
            "min_members_per_party",
            "max_members_per_party",
            "quorum_per_party",
            "meetings_per_year",
            "decides",
            "escalates_to",
            "escalation_days",
        ]
        widgets = {
            "established_on": DATE,
            "dissolved_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Committee.objects.visible_to(self.user).filter(alliance=self.alliance)
        if self.instance.pk:
            bodies = bodies.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = bodies
        self.fields["escalates_to"].queryset = bodies
        self.fields["escalates_to"].help_text += " Empty: the body it reports to."
        self.parties = list(
            Company.objects.filter(Q(kind=Company.Kind.OWN) | Q(alliances=self.alliance)).distinct()
        )
        current = {}
        if self.instance.pk:
            current = {rule.area: rule.company_id for rule in self.instance.final_say.all()}
        for code, label in Area.choices:
            self.fields[f"final_say_{code}"] = forms.TypedChoiceField(
                label=_("Final say on %(matter)s") % {"matter": label.lower()},
                choices=[("", _("Nobody: escalate"))] + [(c.pk, c.name) for c in self.parties],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(code),
            )

    def final_say(self) -> dict:
        return {code: self.cleaned_data.get(f"final_say_{code}") for code in Area.values}

    def charter_fields(self):
        return [self[name] for name in self.fields if not name.startswith("final_say_")]

    def final_say_fields(self):
        return [self[f"final_say_{code}"] for code in Area.values]


class SeatForm(scoping.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=CommitteeRole.choices)
    start_date = forms.DateField(widget=DATE, required=False, help_text=_("Empty: today."))

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = seat_candidates(alliance)


class EndSeatForm(scoping.Form):
    end_date = forms.DateField(widget=DATE, required=False, help_text=_("Empty: today."))
    reason = forms.CharField(max_length=300, min_length=5)


class ChangeRoleForm(scoping.Form):
    role = forms.ChoiceField(choices=CommitteeRole.choices)
    on = forms.DateField(label=_("From"), widget=DATE, required=False, help_text=_("Empty: today."))
    reason = forms.CharField(max_length=300, required=False)


class SettingsForm(scoping.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = ["disclosure_review_business_days", "business_calendar"]


# --- Meetings -------------------------------------------------------------------------------


class MeetingForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = Meeting
        fields = [*EDITABLE_MEETING_FIELDS, "is_internal"]
        widgets = {"starts_at": DATETIME}
        help_texts = {
            "title": _("Empty: “<body> meeting”."),
            "starts_at": _("In the meeting's time zone."),
            "time_zone": _("An IANA name such as Europe/London; empty: the deployment's default."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["duration_minutes"].required = False
        self.fields["time_zone"].required = False
        if self.instance.pk and not self.is_bound:
            # Shown as the wall-clock time where the meeting is held.
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            self.initial["starts_at"] = self.instance.starts_at.astimezone(zone).replace(
                tzinfo=None
            )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if self.instance.pk:
            del self.fields["is_internal"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        cleaned = super().clean()
        starts_at, zone_name = cleaned.get("starts_at"), cleaned.get("time_zone")
        if zone_name:
            try:
                validate_time_zone(zone_name)
            except forms.ValidationError as error:
                self.add_error("time_zone", error)
        if starts_at is not None and "time_zone" not in self.errors:
            zone_name = zone_name or (
                self.instance.time_zone if self.instance.pk else default_time_zone()
            )
            # The time typed is the wall-clock time in the meeting's zone, not the server's.
            naive = timezone.make_naive(starts_at)
            cleaned["starts_at"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone_name))
        return cleaned

    def action_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "version"}
        if data.get("duration_minutes") is None:
            data.pop("duration_minutes", None)  # the model's default (90 minutes)
        if not data.get("time_zone"):
            data.pop("time_zone", None)
        return data


class AgendaItemForm(scoping.Form):
    title = forms.CharField(max_length=300)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    presenter = PersonChoiceField(queryset=User.objects.none(), required=False)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = eligible_people(
            meeting.alliance, internal_only=meeting.is_internal
        )


class GuestForm(scoping.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label=_("Guest"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.attendance.values("user_id")
        self.fields["user"].queryset = eligible_people(
            meeting.alliance, internal_only=meeting.is_internal
        ).exclude(pk__in=invited)


class MinutesForm(scoping.Form):
    text = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    version = VersionField()


class ApproveForm(scoping.Form):
    password = forms.CharField(
        required=False,  # or a fresh sign-in at the identity provider (accord.people.reauth)
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Re-enter your password to sign: your approval is recorded with your name, "
            "the time (UTC) and what it means."
        ),
    )
    otp_code = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Required when you have set up an authenticator app."),
    )


class AmendForm(scoping.Form):
    text = forms.CharField(label=_("Amended minutes"), widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), min_length=5, max_length=2000
    )


# --- Decisions ------------------------------------------------------------------------------


class DecisionForm(ScopedForm):
    class Meta:
        model = Decision
        fields = ["title", "area", "committee", "description", "due_on", "program", "is_internal"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.position}. {obj.title}"


def agenda_item_field():
    return AgendaItemChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label=_("Under agenda item"),
        help_text=_("Listed under this item in the minutes."),
    )


def _agenda_choices(form, meeting, user):
    if meeting is None or user is None:
        del form.fields["agenda_item"]
        return
    form.fields["agenda_item"].queryset = (
        AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("position", "pk")
    )


class DecisionRecordForm(scoping.Form):
    """A decision taken in the meeting, recorded inline in the minutes."""

    agenda_item = agenda_item_field()
    title = forms.CharField(label=_("Decision on"), max_length=300)
    area = forms.ChoiceField(label=_("Matter"), choices=Area.choices)
    outcome = forms.CharField(label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, meeting=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _agenda_choices(self, meeting, user)


class DecisionTransitionForm(scoping.Form):
    status = forms.ChoiceField(
        choices=[
            ("proposed", _("Proposed")),
            ("decided", _("Decided")),
            ("deferred", _("Deferred")),
            ("escalated", _("Escalated")),
        ]
    )
    outcome = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(
        label=_("Why (deferring or escalating)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The meeting where it happened."),
    )
    on = forms.DateField(
        label=_("On"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the meeting's date, or today."),
    )
    version = VersionField()

    def __init__(self, *args, decision, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.visible_to(user).filter(
            alliance_id=decision.alliance_id, minutes__status__in=["draft", "submitted"]
        )
        self.fields["version"].initial = decision.version


# --- Action items ---------------------------------------------------------------------------


class ActionForm(ScopedForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_on", "committee", "description", "program", "is_internal"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"owner": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = eligible_people(self.alliance)


class ActionInlineForm(scoping.Form):
    """An action agreed in the meeting, recorded inline in the minutes."""

    agenda_item = agenda_item_field()
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = PersonChoiceField(queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due"), widget=DATE)

    def __init__(self, *args, meeting, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = eligible_people(
            meeting.alliance, internal_only=meeting.is_internal
        )
        _agenda_choices(self, meeting, user)


class ActionStatusForm(scoping.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    version = VersionField()


# --- Issues ---------------------------------------------------------------------------------


def issue_owner_choices(alliance, user, program=None):
    """Who may own an issue: our active people the user sees; for a firewalled program, those
    cleared for it (the action checks the same)."""
    people = eligible_people(alliance, internal_only=True).filter(
        pk__in=User.objects.visible_to(user).values("pk")
    )
    if program is not None and program.is_firewalled:
        people = people.filter(pk__in=program.firewall_members.values("pk"))
    return people.order_by("last_name", "first_name")


class IssueForm(ScopedForm):
    class Meta:
        model = Issue
        fields = [
            "title",
            "area",
            "severity",
            "level",
            "owner",
            "target_on",
            "description",
            "program",
            "is_internal",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "target_on": DATE}
        field_classes = {"owner": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = issue_owner_choices(
            self.alliance, self.user, self.instance.program if self.instance.pk else None
        )
        if self.instance.pk:
            del self.fields["level"]  # moving between bodies is an escalation or an assignment


class ResolveForm(scoping.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=5)


class AssignLevelForm(ReasonForm):
    level = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("Body"))

    field_order = ["level", "reason"]

    def __init__(self, *args, issue, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Committee.objects.visible_to(user).filter(
            alliance_id=issue.alliance_id
        )


# --- Risks ----------------------------------------------------------------------------------


class RiskForm(ScopedForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "area",
            "likelihood",
            "impact",
            "owner",
            "review_on",
            "mitigation",
            "description",
            "program",
            "status",
        ]
        widgets = {
            "review_on": DATE,
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "likelihood": forms.Select(
                choices=[
                    (1, _("1 – rare")),
                    (2, _("2 – unlikely")),
                    (3, _("3 – possible")),
                    (4, _("4 – likely")),
                    (5, _("5 – almost certain")),
                ]
            ),
            "impact": forms.Select(
                choices=[
                    (1, _("1 – minor")),
                    (2, _("2 – moderate")),
                    (3, _("3 – significant")),
                    (4, _("4 – major")),
                    (5, _("5 – severe")),
                ]
            ),
        }
        field_classes = {"owner": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = eligible_people(self.alliance, internal_only=True)
        if not self.instance.pk:
            del self.fields["status"]


# --- Communications -------------------------------------------------------------------------


class CommunicationForm(ScopedForm):
    class Meta:
        model = Communication
        fields = [
            "title",
            "kind",
            "proposed_by",
            "planned_release_on",
            "summary",
            "reviewers",
            "program",
            "is_internal",
        ]
        widgets = {"planned_release_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"reviewers": PeopleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = Company.objects.filter(
            Q(kind=Company.Kind.OWN) | Q(alliances=self.alliance)
        ).distinct()
        self.fields["reviewers"].queryset = eligible_people(self.alliance)
        self.fields["reviewers"].required = False
        self.fields["reviewers"].widget.attrs.update({"size": 6, "data-filterable": "true"})


class ConcludeForm(scoping.Form):
    outcome = forms.ChoiceField(choices=ReviewOutcome.choices)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the reviewers asked for (required unless approved as is)."),
    )


__all__ = [
    "ActionForm",
    "ActionInlineForm",
    "ActionStatusForm",
    "AgendaItemForm",
    "AmendForm",
    "ApproveForm",
    "AssignLevelForm",
    "ChangeRoleForm",
    "CommitteeForm",
    "CommunicationForm",
    "ConcludeForm",
    "DecisionForm",
    "DecisionRecordForm",
    "DecisionTransitionForm",
    "EndSeatForm",
    "GuestForm",
    "IssueForm",
    "MeetingForm",
    "MinutesForm",
    "ReasonForm",
    "ResolveForm",
    "RiskForm",
    "SeatForm",
    "SettingsForm",
]
