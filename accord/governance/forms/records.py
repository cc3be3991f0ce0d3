"""Decisions and action items."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE, VersionField
from accord.people.models import User

from ..models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Area,
    Decision,
    Meeting,
)
from .common import (
    PersonChoiceField,
    ScopedForm,
    eligible_people,
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
