import datetime as dt

from django import forms
from django.utils import timezone

from accord.core.registry import scope


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “Power BI refresh”.")
    access = forms.ChoiceField(
        choices=[("read", "Read only"), ("write", "Read and write")],
        required=False,
        initial="read",
        help_text="Read only refuses every change made with the token (403).",
    )
    alliances = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        help_text="Limit the token to these alliances. None: every alliance you see.",
    )
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Default: in 90 days. At most a year.",
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
