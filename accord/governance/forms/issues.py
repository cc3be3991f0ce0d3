"""Issues and risks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE, ReasonForm
from accord.people.models import User

from ..models import (
    Committee,
    Issue,
    Risk,
)
from .common import (
    PersonChoiceField,
    ScopedForm,
    eligible_people,
)

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
