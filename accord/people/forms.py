import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.locales import time_zone_choices
from accord.core.registry import scope

from .models import User


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text=_("What will use it, e.g. “Power BI refresh”.")
    )
    access = forms.ChoiceField(
        choices=[("read", _("Read only")), ("write", _("Read and write"))],
        required=False,
        initial="read",
        help_text=_("Read only refuses every change made with the token (403)."),
    )
    alliances = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        help_text=_("Limit the token to these alliances. None: every alliance you see."),
    )
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Default: in 90 days. At most a year."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliances"].queryset = scope().alliances(user).order_by("name")

    def read_only(self) -> bool:
        return self.cleaned_data.get("access") != "write"

    def expires_at(self):
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


class SettingsForm(forms.ModelForm):
    """A person's own settings: the language and time zone they read Accord in, and how they
    are notified."""

    class Meta:
        model = User
        fields = ["language", "time_zone", "notify_by_email", "email_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].label = _("Language")
        self.fields["language"].choices = [("", _("The browser's")), *settings.LANGUAGES]
        default = timezone.get_default_timezone_name()
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Time zone"),
            required=False,
            choices=[
                ("", _("The deployment's (%(zone)s)") % {"zone": default}),
                *time_zone_choices(),
            ],
            help_text=self.fields["time_zone"].help_text,
        )
