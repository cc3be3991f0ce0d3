from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.people.models import User

from .models import ChatChannel, ChatEvent


class PreferencesForm(scoping.ModelForm):
    class Meta:
        model = User
        fields = ["notify_by_email", "email_digest"]


class ChatChannelForm(scoping.Form):
    """A chat channel: the webhook, who reads it, and what it is told."""

    name = forms.CharField(max_length=100)
    kind = forms.ChoiceField(label=_("Chat service"), choices=ChatChannel.Kind.choices)
    url = forms.CharField(
        label=_("Incoming-webhook URL"),
        max_length=2000,
        required=False,
        help_text=_(
            "From the chat service's connector or workflow. Kept encrypted; "
            "leave empty to keep the current one."
        ),
    )
    audience = forms.ChoiceField(choices=ChatChannel.Audience.choices)
    events = forms.MultipleChoiceField(
        choices=ChatEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline horizon (days)"), min_value=1, max_value=90, initial=7
    )
    is_active = forms.BooleanField(label=_("Posting"), required=False, initial=True)

    def __init__(self, *args, portfolio: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if portfolio:
            self.fields["audience"].choices = [
                c for c in self.fields["audience"].choices if c[0] == "internal"
            ]
        if not editing:
            self.fields["url"].required = True
            self.fields["url"].help_text = _(
                "From the chat service's connector or workflow. Kept encrypted."
            )

    def action_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("url"):
            data.pop("url", None)
        return data
