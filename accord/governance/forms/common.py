"""What the governance forms share: the people one may pick, and the scoped model form."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from accord.core import scoping
from accord.core.forms import VersionField
from accord.people.models import User
from accord.portfolio.models import AllianceMember, Program

from ..models import (
    Committee,
)

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
