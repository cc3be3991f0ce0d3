"""Committees and their seats."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE
from accord.people.models import User
from accord.portfolio.models import Company

from ..actions.committees import CHARTER_FIELDS, ESCALATION_FIELDS
from ..models import (
    Area,
    Committee,
    CommitteeRole,
    GovernanceSettings,
)
from .common import (
    PersonChoiceField,
    ScopedForm,
    seat_candidates,
)

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
            *CHARTER_FIELDS,
            *ESCALATION_FIELDS,
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
