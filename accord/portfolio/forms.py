from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import (
    DATE,
    ReasonForm,
    VersionField,
    multi_select,
    otp_code_field,
    signing_password,
)
from accord.people.models import User

from .actions import PROGRAM_FIELDS
from .models import (
    RESPONSIBLE_ROLES,
    Alliance,
    AllianceObjective,
    Company,
    MemberRole,
    Program,
    Rag,
    StrategicPriority,
    Territory,
    Tier,
)


class CompanyForm(scoping.ModelForm):
    version = VersionField()
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Company
        fields = ["name", "company_type", "headquarters", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headquarters"].queryset = Territory.objects.filter(kind=Territory.Kind.COUNTRY)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class AllianceForm(scoping.ModelForm):
    version = VersionField()
    alliance_manager = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text=_("Our alliance manager (Tier 1 and 2 alliances usually have one)."),
    )
    designated_person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text=_("For lower tiers: the project manager acting as alliance manager."),
    )

    class Meta:
        model = Alliance
        fields = [
            *Alliance.SHARED_FACTS,
            "am_team",
            "strategic_importance",
            "risk_level",
            "deal_value_musd",
            "value_proposition",
        ]
        widgets = {
            "effective_date": DATE,
            "partners": multi_select(6),
            "therapeutic_areas": multi_select(6),
            "territories": multi_select(8),
            "value_proposition": forms.Textarea(attrs={"rows": 4}),
            "strategic_importance": forms.Select(
                choices=[
                    (1, _("1 – peripheral")),
                    (2, _("2 – supporting")),
                    (3, _("3 – significant")),
                    (4, _("4 – high")),
                    (5, _("5 – critical")),
                ]
            ),
            "risk_level": forms.Select(
                choices=[
                    (1, _("1 – low")),
                    (2, _("2 – moderate")),
                    (3, _("3 – material")),
                    (4, _("4 – high")),
                    (5, _("5 – very high")),
                ]
            ),
        }

    def __init__(self, *args, can_assign: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Company.objects.partners()
        creating = self.instance.pk is None
        if creating and can_assign:
            people = User.objects.assignable()
            self.fields["alliance_manager"].queryset = people
            self.fields["designated_person"].queryset = people
        else:
            del self.fields["alliance_manager"]
            del self.fields["designated_person"]
        if not creating:
            self.fields["version"].initial = self.instance.version

    def action_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def responsible(self) -> list[tuple]:
        pairs = []
        if self.cleaned_data.get("alliance_manager"):
            pairs.append((self.cleaned_data["alliance_manager"], MemberRole.ALLIANCE_MANAGER))
        if self.cleaned_data.get("designated_person"):
            pairs.append((self.cleaned_data["designated_person"], MemberRole.DESIGNATED_PERSON))
        return pairs


class TierOverrideForm(ReasonForm):
    tier = forms.TypedChoiceField(choices=Tier.choices, coerce=int)
    version = VersionField()

    field_order = ["tier", "reason"]


class StatusOverrideForm(ReasonForm):
    """Override the derived red/amber/green status, or (clear) let it apply again."""

    status = forms.ChoiceField(choices=Rag.choices, required=False, label=_("Status"))

    field_order = ["status", "reason"]


class TierClearForm(ReasonForm):
    version = VersionField()


class MemberForm(scoping.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=MemberRole.choices)
    allocation_pct = forms.IntegerField(
        label=_("Allocation (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        help_text=_("Share of this alliance's management load this person carries."),
    )

    def __init__(self, *args, alliance: Alliance, can_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        partner_people = Q(role="partner", company__in=alliance.partners.all())
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                Q(
                    role__in=[
                        "admin",
                        "leader",
                        "manager",
                        "contributor",
                        "executive",
                    ]
                )
                | partner_people
            )
            .select_related("company")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.company})"
        if not can_assign:
            self.fields["role"].choices = [
                (value, label)
                for value, label in MemberRole.choices
                if value not in RESPONSIBLE_ROLES
            ]


class AllocationForm(scoping.Form):
    allocation_pct = forms.IntegerField(label=_("Allocation (%)"), min_value=1, max_value=100)


class ObjectiveForm(scoping.ModelForm):
    class Meta:
        model = AllianceObjective
        fields = ["priority", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = StrategicPriority.objects.filter(is_active=True)


class ProgramForm(scoping.ModelForm):
    version = VersionField()

    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {"firewall_members": multi_select(8)}

    def __init__(self, *args, alliance: Alliance, clearance_signed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.alliance = alliance
        _cleared_people_field(self.fields["firewall_members"], alliance)
        self.clearance_signed = clearance_signed
        if clearance_signed:
            # A signed clearance changes only through an amendment with a reason.
            del self.fields["is_firewalled"]
            del self.fields["firewall_members"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def action_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


def _cleared_people_field(field, alliance: Alliance) -> None:
    team_partners = alliance.members.filter(user__role="partner").values("user_id")
    field.queryset = (
        User.objects.filter(is_active=True)
        .filter(~Q(role="partner") | Q(pk__in=team_partners))
        .select_related("company")
    )
    field.label_from_instance = lambda u: f"{u} ({u.company})"
    field.required = False


class ClearanceSignForm(scoping.Form):
    meaning = forms.ChoiceField(
        choices=[("reviewed", _("Reviewed")), ("approved", _("Approved"))],
        help_text=_("What your signature means."),
    )
    password = signing_password(_("Your password again: signing is re-authenticated."))
    otp_code = otp_code_field()


class ClearanceAmendForm(ReasonForm):
    version = VersionField()
    is_firewalled = forms.BooleanField(label=_("Firewalled"), required=False)
    firewall_members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("People cleared for this program"),
        widget=multi_select(8),
    )

    field_order = ["is_firewalled", "firewall_members", "reason"]

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        _cleared_people_field(self.fields["firewall_members"], program.alliance)
        self.fields["reason"].help_text = _("Why the signed clearance changes (recorded).")
        if not self.is_bound:
            self.initial.update(
                {
                    "is_firewalled": program.is_firewalled,
                    "firewall_members": list(program.firewall_members.all()),
                    "version": program.version,
                }
            )


class DeleteForm(ReasonForm):
    confirm = forms.BooleanField(label=_("I understand this cannot be undone"))


class DocumentForm(scoping.Form):
    file = forms.FileField(
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or text; checked by its content."),
        allow_empty_file=True,  # the content check gives the clearer message
    )
    title = forms.CharField(
        max_length=200, required=False, help_text=_("Defaults to the file name.")
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("The whole alliance"),
        help_text=_("A firewalled program's documents are seen only by the people cleared for it."),
    )

    def __init__(self, *args, alliance: Alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(user).filter(alliance=alliance)
