from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE, EntryForm, VersionField, multi_select
from accord.people.models import User
from accord.portfolio.models import Alliance, Program, TherapeuticArea

from .actions.playbooks import PLAYBOOK_FIELDS, TASK_FIELDS
from .models import (
    RACI_FIELDS,
    Deliverable,
    DocumentTemplate,
    Lesson,
    Playbook,
    PlaybookTask,
    RaciEntry,
    RoleGroup,
    TaskStatus,
    TemplateKind,
    TerritoryProfile,
    Topic,
)


class LessonForm(EntryForm):
    version = VersionField()

    class Meta:
        model = Lesson
        fields = [
            "title",
            "alliance",
            "program",
            "phase",
            "topics",
            "alliance_type",
            "therapeutic_areas",
            "territory",
            "context",
            "what_happened",
            "lesson",
            "recommendation",
            "shared_with_partner",
            "recorded_on",
        ]
        widgets = {
            "context": forms.Textarea(attrs={"rows": 3}),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "lesson": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "topics": multi_select(6),
            "therapeutic_areas": multi_select(6),
            "recorded_on": DATE,
        }

    def __init__(self, *args, user=None, lock_alliance=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = Alliance.objects.visible_to(user).order_by("name")
        self.fields["program"].queryset = (
            Program.objects.visible_to(user)
            .select_related("alliance")
            .order_by("alliance__name", "name")
        )
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["therapeutic_areas"].queryset = TherapeuticArea.objects.all()
        self.fields["therapeutic_areas"].help_text = _("Empty: the alliance's areas.")
        self.fields["program"].label_from_instance = lambda p: f"{p.alliance.name} · {p.name}"
        if lock_alliance:
            self.fields["alliance"].disabled = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def action_data(self) -> dict:
        data = super().action_data()
        if not data.get("therapeutic_areas") and not self.instance.pk:
            data.pop("therapeutic_areas", None)  # the action takes the alliance's
        return data


class PromoteForm(scoping.Form):
    playbook = forms.ModelChoiceField(queryset=Playbook.objects.active())
    change = forms.CharField(
        label=_("Practice change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=5,
        max_length=2000,
        help_text=_("What we now do differently, in one or two sentences."),
    )
    add_deliverable = forms.BooleanField(
        required=False, label=_("Add a deliverable to the playbook for it")
    )
    deliverable_title = forms.CharField(required=False, max_length=200)
    anchor = forms.ChoiceField(
        choices=Deliverable._meta.get_field("anchor").choices, required=False
    )
    offset_days = forms.IntegerField(required=False, initial=30, min_value=-3650, max_value=3650)
    owner_role = forms.ChoiceField(choices=RoleGroup.choices, required=False)

    def clean(self):
        data = super().clean()
        if data.get("add_deliverable"):
            if not data.get("deliverable_title"):
                self.add_error("deliverable_title", _("Name the deliverable to add."))
            if not data.get("anchor"):
                self.add_error("anchor", _("Say what the deliverable is due relative to."))
        return data

    def deliverable_data(self, lesson) -> dict | None:
        data = self.cleaned_data
        if not data.get("add_deliverable"):
            return None
        topic = lesson.topics.first()
        return {
            "title": data["deliverable_title"],
            "description": _("From the lesson “%(title)s”: %(recommendation)s")
            % {"title": lesson.title, "recommendation": lesson.recommendation},
            "anchor": data["anchor"],
            "offset_days": data.get("offset_days") or 0,
            "owner_role": data.get("owner_role") or RoleGroup.ALLIANCE_MANAGEMENT,
            "topic": topic,
            "order": 900,
        }


class PlaybookForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = Playbook
        fields = PLAYBOOK_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class DeliverableForm(scoping.ModelForm):
    version = VersionField()
    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text=_("Why the practice changes (kept in the history)."),
    )

    class Meta:
        model = Deliverable
        fields = [
            "title",
            "description",
            "topic",
            "owner_role",
            "anchor",
            "offset_days",
            "cadence",
            "template",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = DocumentTemplate.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def action_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}


class ApplyForm(scoping.Form):
    playbook = forms.ModelChoiceField(queryset=Playbook.objects.active())
    start_date = forms.DateField(
        required=False,
        widget=DATE,
        help_text=_(
            "The launch, relaunch or wind-down date. Empty: signing for a launch, today otherwise."
        ),
    )


class ReapplyForm(scoping.Form):
    reason = forms.CharField(
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail."),
    )


class TaskForm(EntryForm):
    version = VersionField()

    class Meta:
        model = PlaybookTask
        fields = TASK_FIELDS
        widgets = {"due_date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.internal().filter(is_active=True)
        self.fields["status"].choices = [
            (value, label) for value, label in TaskStatus.choices if value != TaskStatus.WITHDRAWN
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class RaciEntryForm(EntryForm):
    version = VersionField()

    class Meta:
        model = RaciEntry
        fields = ["activity", *RACI_FIELDS, "in_am_scope", "note", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class RoleHolderForm(scoping.Form):
    group = forms.ChoiceField(choices=RoleGroup.choices, label=_("Party"))
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))
    title = forms.CharField(required=False, max_length=150)

    def __init__(self, *args, alliance=None, **kwargs):
        super().__init__(*args, **kwargs)
        partner_people = User.objects.filter(
            role="partner", company__in=alliance.partners.all(), is_active=True
        )
        self.fields["user"].queryset = (
            User.objects.internal().filter(is_active=True) | partner_people
        ).distinct()


class TemplateForm(scoping.Form):
    name = forms.CharField(max_length=150)
    kind = forms.ChoiceField(choices=TemplateKind.choices)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField()
    notes = forms.CharField(required=False, max_length=2000, label=_("Notes"))


class TemplateVersionForm(scoping.Form):
    file = forms.FileField()
    notes = forms.CharField(
        required=False,
        max_length=2000,
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdoptForm(scoping.Form):
    template = forms.ModelChoiceField(queryset=DocumentTemplate.objects.filter(is_active=True))


class TerritoryProfileForm(EntryForm):
    version = VersionField()

    class Meta:
        model = TerritoryProfile
        fields = ["territory", "owner", "review_on", *TerritoryProfile.SECTIONS]
        widgets = {
            "review_on": DATE,
            "regulatory_pathway": forms.Textarea(attrs={"rows": 4}),
            "typical_timelines": forms.Textarea(attrs={"rows": 3}),
            "reimbursement": forms.Textarea(attrs={"rows": 4}),
            "tendering": forms.Textarea(attrs={"rows": 3}),
            "partner_expectations": forms.Textarea(attrs={"rows": 3}),
            "sources": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["owner"].queryset = User.objects.assignable()
