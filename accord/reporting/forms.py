import datetime as dt

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core import scoping

from .models import Section


class AnnotationForm(scoping.Form):
    section = forms.ChoiceField(choices=Section.choices)
    alliance = forms.IntegerField(required=False, help_text=_("Empty: a note on the whole week."))
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class GenerateForm(scoping.Form):
    week_start = forms.DateField(
        label=_("Week"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Any day of the week: the note covers its Monday to Sunday."),
        error_messages={
            "required": "Choose a day of the week to report on.",
            "invalid": "Enter a date (YYYY-MM-DD).",
        },
    )

    def clean_week_start(self):
        """Any day picked stands for its week: normalised to that week's Monday."""
        day = self.cleaned_data["week_start"]
        monday = day - dt.timedelta(days=day.weekday())
        if monday > timezone.localdate():
            raise forms.ValidationError(_("That week has not begun yet: choose a past week."))
        return monday


class NoteLineForm(scoping.Form):
    text = forms.CharField(
        label=_("Line"),
        max_length=1000,
        error_messages={"required": "A line needs some text: remove the line instead."},
    )


class UploadForm(scoping.Form):
    file = forms.FileField(help_text=_("Your tracker as Excel (.xlsx) or CSV, one alliance a row."))


class MappingForm(scoping.Form):
    """One choice per Accord field: which column of the tracker holds it."""

    def __init__(self, *args, headers=(), **kwargs):
        from .tracker import FIELDS

        super().__init__(*args, **kwargs)
        choices = [("", "— not imported —"), *[(h, h) for h in headers if h]]
        for field in FIELDS:
            self.fields[field.key] = forms.ChoiceField(
                label=field.label, choices=choices, required=field.required
            )


class WeekFilterForm(scoping.Form):
    """My week's filters: choices drawn from what the person sees (alliances, people)."""

    alliance = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("Any alliance"),
        # A big portfolio has thousands: searched as the person types, not one long drop-down.
        widget=forms.Select(
            attrs={"data-typeahead": reverse_lazy("portfolio:choices", args=["alliances"])}
        ),
    )
    kind = forms.ChoiceField(required=False, label=_("Kind"))
    person = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("The whole team"))
    # One bucket of the week, whole and paged (the week page lists the first few of each).
    bucket = forms.ChoiceField(required=False, label=_("Due"))

    def __init__(self, *args, user=None, team: bool = False, **kwargs):
        from accord.core.registry import WEEK_SOURCES, for_user
        from accord.people.models import User
        from accord.portfolio.models import Alliance

        from . import myweek

        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = Alliance.objects.order_by("name")
        self.fields["bucket"].choices = [("", ""), *myweek.BUCKETS]
        self.fields["kind"].choices = [("", "Any kind")] + [
            (source.kind, source.label) for source in for_user(WEEK_SOURCES, user)
        ]
        if team:
            self.fields["person"].queryset = User.objects.assignable().order_by(
                "last_name", "first_name"
            )
        else:
            del self.fields["person"]


class WeekDoneForm(scoping.Form):
    evidence = forms.CharField(required=False, max_length=2000, label=_("How was it done?"))


class WeekSnoozeForm(scoping.Form):
    until = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=2000, label=_("Why"))
