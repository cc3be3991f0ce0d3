"""Communications to the partner."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE
from accord.portfolio.models import Company

from ..models import (
    Communication,
    ReviewOutcome,
)
from .common import (
    PeopleChoiceField,
    ScopedForm,
    eligible_people,
)

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
