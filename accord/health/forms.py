from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import VersionField
from accord.people.models import User
from accord.portfolio.models import Alliance, AllianceMember, Company

from . import default_instrument
from .actions.scorecards import GOAL_FIELDS, METRIC_FIELDS, RELAUNCH_STEP_FIELDS
from .models import (
    AGREE_LABELS,
    ActionStatus,
    HealthAction,
    Instrument,
    ItemKind,
    JointGoal,
    Metric,
    Relaunch,
    WaveKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class WaveForm(scoping.Form):
    title = forms.CharField(max_length=200, initial="Alliance health check")
    kind = forms.ChoiceField(choices=WaveKind.choices, initial=WaveKind.JOINT)
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.current())
    opens_on = forms.DateField(widget=DateInput, initial=timezone.localdate)
    closes_on = forms.DateField(widget=DateInput)
    alliances = forms.ModelMultipleChoiceField(
        queryset=Alliance.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-filterable": "1", "size": 8}),
        help_text=_(
            "One wave is created for each alliance, inviting its team from both companies."
        ),
    )

    def __init__(self, *args, alliances=None, fixed_alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].initial = (
            Instrument.objects.current().filter(family=default_instrument.FAMILY).first()
        )
        if fixed_alliance is not None:
            del self.fields["alliances"]
        else:
            self.fields["alliances"].queryset = alliances
            self.fields["alliances"].required = True

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The wave must close on or after the day it opens."))
        return data


class RespondentForm(scoping.Form):
    """Invite one of our staff by account, or a partner person by name and email."""

    user = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Person with an account")
    )
    name = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    function = forms.CharField(max_length=100, required=False)
    company = forms.ModelChoiceField(queryset=Company.objects.none(), required=False)
    language = forms.ChoiceField(
        choices=[("", _("Their account's language, else English")), *settings.LANGUAGES],
        required=False,
        help_text=_("Their invitation, reminders and survey pages are in this language."),
    )

    def __init__(self, *args, wave=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = AllianceMember.objects.filter(alliance=wave.alliance).values("user_id")
        self.fields["user"].queryset = User.objects.filter(is_active=True).filter(
            Q(pk__in=User.objects.internal().values("pk")) | Q(pk__in=team)
        )
        self.fields["company"].queryset = wave.alliance.partners.all()

    def clean(self):
        data = super().clean()
        if not data.get("user"):
            for name in ("name", "email", "company"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a partner person without an account."))
        return data


class ActionForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = HealthAction
        fields = ["title", "description", "owner", "due_on", "theme_name", "status"]
        widgets = {"due_on": DateInput, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = AllianceMember.objects.filter(alliance=alliance).values("user_id")
        self.fields["owner"].queryset = User.objects.filter(is_active=True).filter(
            Q(pk__in=User.objects.internal().values("pk")) | Q(pk__in=team)
        )
        self.fields["status"].initial = ActionStatus.OPEN


class GoalForm(scoping.ModelForm):
    class Meta:
        model = JointGoal
        fields = GOAL_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class EndorseForm(scoping.Form):
    endorsed_on = forms.DateField(widget=DateInput, initial=timezone.localdate)
    endorsed_by = forms.CharField(max_length=200, label=_("Endorsed by"))
    endorsement_reference = forms.CharField(max_length=200, label=_("Meeting reference"))


class MetricForm(scoping.ModelForm):
    class Meta:
        model = Metric
        fields = METRIC_FIELDS


class TargetForm(scoping.Form):
    period = forms.CharField(max_length=20)
    target = forms.DecimalField(max_digits=14, decimal_places=2)


class ActualForm(scoping.Form):
    period = forms.CharField(max_length=20)
    actual = forms.DecimalField(max_digits=14, decimal_places=2)
    note = forms.CharField(max_length=300, required=False)


class RelaunchStepForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = Relaunch
        fields = RELAUNCH_STEP_FIELDS
        widgets = {"meeting_date": DateInput}

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = next(f for k, _, f in Relaunch.STEPS if k == step)
        for name in list(self.fields):
            if name not in fields and name != "version":
                del self.fields[name]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
            if name != "facilitator" and name != "version":
                field.required = True


class MaturityCreateForm(scoping.Form):
    title = forms.CharField(max_length=200, initial="Alliance management self-assessment")
    assessed_on = forms.DateField(widget=DateInput, initial=timezone.localdate)


class BenchmarkUploadForm(scoping.Form):
    name = forms.CharField(max_length=200, initial="Maturity index benchmark")
    file = forms.FileField(
        help_text=_("CSV: organisation, assessed_on, capacity, digital, outcomes, index.")
    )


def answer_field(item, initial=None):
    """The form field for one survey item."""
    if item.kind == ItemKind.AGREE5:
        return forms.TypedChoiceField(
            label=item.shown_text,
            choices=[(k, f"{k} – {v}") for k, v in AGREE_LABELS.items()],
            coerce=int,
            widget=forms.RadioSelect,
            required=False,
            initial=initial,
        )
    if item.kind == ItemKind.SCALE100:
        return forms.IntegerField(
            label=item.shown_text,
            min_value=0,
            max_value=100,
            required=False,
            initial=initial,
            widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        )
    if item.kind == ItemKind.YESNO:
        return forms.ChoiceField(
            label=item.shown_text,
            choices=[("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect,
            required=False,
            initial={1: "yes", 0: "no"}.get(initial),
        )
    return forms.CharField(
        label=item.shown_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        initial=initial,
    )
