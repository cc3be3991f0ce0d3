"""Meetings, their agenda, guests and minutes."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import VersionField, otp_code_field, signing_password
from accord.people.models import User

from ..actions.meetings import EDITABLE_MEETING_FIELDS
from ..models import (
    Meeting,
)
from ..models.meetings import default_time_zone, validate_time_zone
from .common import (
    DATETIME,
    PersonChoiceField,
    eligible_people,
)

# --- Meetings -------------------------------------------------------------------------------


class MeetingForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = Meeting
        fields = [*EDITABLE_MEETING_FIELDS, "is_internal"]
        widgets = {"starts_at": DATETIME}
        help_texts = {
            "title": _("Empty: “<body> meeting”."),
            "starts_at": _("In the meeting's time zone."),
            "time_zone": _("An IANA name such as Europe/London; empty: the deployment's default."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["duration_minutes"].required = False
        self.fields["time_zone"].required = False
        if self.instance.pk and not self.is_bound:
            # Shown as the wall-clock time where the meeting is held.
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            self.initial["starts_at"] = self.instance.starts_at.astimezone(zone).replace(
                tzinfo=None
            )
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
        if self.instance.pk:
            del self.fields["is_internal"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        cleaned = super().clean()
        starts_at, zone_name = cleaned.get("starts_at"), cleaned.get("time_zone")
        if zone_name:
            try:
                validate_time_zone(zone_name)
            except forms.ValidationError as error:
                self.add_error("time_zone", error)
        if starts_at is not None and "time_zone" not in self.errors:
            zone_name = zone_name or (
                self.instance.time_zone if self.instance.pk else default_time_zone()
            )
            # The time typed is the wall-clock time in the meeting's zone, not the server's.
            naive = timezone.make_naive(starts_at)
            cleaned["starts_at"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone_name))
        return cleaned

    def action_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "version"}
        if data.get("duration_minutes") is None:
            data.pop("duration_minutes", None)  # the model's default (90 minutes)
        if not data.get("time_zone"):
            data.pop("time_zone", None)
        return data


class AgendaItemForm(scoping.Form):
    title = forms.CharField(max_length=300)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    presenter = PersonChoiceField(queryset=User.objects.none(), required=False)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = eligible_people(
            meeting.alliance, internal_only=meeting.is_internal
        )


class GuestForm(scoping.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label=_("Guest"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.attendance.values("user_id")
        self.fields["user"].queryset = eligible_people(
            meeting.alliance, internal_only=meeting.is_internal
        ).exclude(pk__in=invited)


class MinutesForm(scoping.Form):
    text = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    version = VersionField()


class ApproveForm(scoping.Form):
    password = signing_password(
        _(
            "Re-enter your password to sign: your approval is recorded with your name, "
            "the time (UTC) and what it means."
        ),
        label=_("Your password"),
    )
    otp_code = otp_code_field()


class AmendForm(scoping.Form):
    text = forms.CharField(label=_("Amended minutes"), widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), min_length=5, max_length=2000
    )
