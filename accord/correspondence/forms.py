from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.contracts.models import Obligation
from accord.core import scoping
from accord.governance.models import Decision, Issue, Meeting
from accord.people.models import User

from .actions import LINKABLE, _record_program_id


def _records(field: str, message, user) -> list:
    """The records of the email's alliance this person sees, a firewalled program's only when
    the email is about that program (what email_link accepts)."""
    model = {"decision": Decision, "issue": Issue, "obligation": Obligation, "meeting": Meeting}[
        field
    ]
    records = model.objects.visible_to(user).filter(alliance=message.alliance)
    if model is Meeting:
        records = records.select_related("committee").order_by("-starts_at")
    return [
        record
        for record in records[:500]
        if _record_program_id(record) in (None, message.program_id)
    ]


# The headings of the record drop-down's groups, by linkable field.
GROUP_LABELS = {
    "decision": _("Decision"),
    "issue": _("Issue"),
    "obligation": _("Obligation"),
    "meeting": _("Meeting"),
}


class LinkForm(scoping.Form):
    """One drop-down of the alliance's decisions, issues, obligations and meetings this person
    sees ("decision:12"), grouped by kind."""

    target = forms.ChoiceField(label=_("Link to"))

    def __init__(self, *args, message, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.records = {
            f"{field}:{record.pk}": (field, record)
            for field in LINKABLE
            for record in _records(field, message, user)
        }
        groups = {}
        for key, (field, record) in self.records.items():
            groups.setdefault(GROUP_LABELS[field], []).append((key, str(record)[:120]))
        self.fields["target"].choices = [("", _("Choose a record…")), *groups.items()]

    def clean(self):
        data = super().clean()
        if "target" in data:
            data["field"], data["record_obj"] = self.records[data["target"]]
        return data


class ActionItemForm(scoping.Form):
    title = forms.CharField(max_length=300, required=False)
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, message, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Our own staff on the alliance's team, as the user may see them (the action item is
        # internal: it follows our correspondence).
        self.fields["owner"].queryset = (
            User.objects.visible_to(user)
            .internal()
            .filter(is_active=True, alliance_memberships__alliance=message.alliance)
            .distinct()
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)
