from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import (
    DATE,
    EntryForm,
    QuickSelect,
    VersionField,
    multi_select,
    otp_code_field,
    signing_password,
)
from accord.people.models import User
from accord.portfolio.models import Company, Program, Territory

from .actions.fields import (
    AGREEMENT_FIELDS,
    MILESTONE_FIELDS,
    OBLIGATION_FIELDS,
    RESTRICTION_FIELDS,
    RIGHT_FIELDS,
    TERM_FIELDS,
)
from .actions.variances import VARIANCE_FIELDS
from .models import (
    AMENDING_KINDS,
    Agreement,
    CalendarFeed,
    DefinedTerm,
    GlossaryTerm,
    Milestone,
    Obligation,
    Restriction,
    Right,
    State,
    Variance,
)

TEXT = forms.Textarea(attrs={"rows": 3})


# The model's own names for the register's fields, as labels the translators see (each form
# takes those of its fields: labels_for).
LABELS = {
    "kind": _("Kind"),
    "title": _("Title"),
    "amends": _("Amends"),
    "parties": _("Parties"),
    "signature_date": _("Signature date"),
    "effective_date": _("Effective date"),
    "expiry_date": _("Expiry date"),
    "auto_renews": _("Auto renews"),
    "renewal_term_months": _("Renewal term months"),
    "renewal_notice_days": _("Renewal notice days"),
    "governing_law": _("Governing law"),
    "summary": _("Summary"),
    "term": _("Term"),
    "definition": _("Definition"),
    "section": _("Section"),
    "agreement": _("Agreement"),
    "program": _("Program"),
    "description": _("Description"),
    "owed_by": _("Owed by"),
    "category": _("Category"),
    "owner": _("Owner"),
    "trigger_event": _("Trigger event"),
    "notice_reference_right": _("Notice reference right"),
    "business_days": _("Business days"),
    "holiday_calendar": _("Holiday calendar"),
    "time_zone": _("Time zone"),
    "defined_terms": _("Defined terms"),
    "sales_threshold": _("Sales threshold"),
    "threshold_currency": _("Threshold currency"),
    "amount_status": _("Amount status"),
    "amount": _("Amount"),
    "currency": _("Currency"),
    "payer": _("Payer"),
    "payee": _("Payee"),
    "forecast_date": _("Forecast date"),
    "achieved_on": _("Achieved on"),
    "invoiced_on": _("Invoiced on"),
    "invoiced_amount": _("Invoiced amount"),
    "paid_on": _("Paid on"),
    "paid_amount": _("Paid amount"),
    "paid_currency": _("Paid currency"),
    "disputed": _("Disputed"),
    "dispute_reason": _("Dispute reason"),
    "holder": _("Holder"),
    "clause_text": _("Clause text"),
    "targets": _("Targets"),
    "mechanisms": _("Mechanisms"),
    "exclusivity": _("Exclusivity"),
    "territories": _("Territories"),
    "state": _("State"),
    "exercised_on": _("Exercised on"),
    "state_reason": _("State reason"),
    "starts_on": _("Starts on"),
    "ends_on": _("Ends on"),
    "name": _("Name"),
    "obligation": _("Obligation"),
    "right": _("Right"),
    "restriction": _("Restriction"),
}


def labels_for(fields) -> dict:
    return {name: LABELS[name] for name in fields if name in LABELS}


class RegisterForm(EntryForm):
    """A register entry's form: choices limited to the alliance, and the version echoed back."""

    version = VersionField()
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        for _name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DATE
        if "agreement" in self.fields:
            self.fields["agreement"].queryset = Agreement.objects.filter(alliance=alliance)
        if "program" in self.fields:
            self.fields["program"].queryset = Program.objects.visible_to(user).filter(
                alliance=alliance
            )
        if "territories" in self.fields:
            self.fields["territories"].widget = multi_select(8)
            self.fields["territories"].queryset = Territory.objects.all()


class AgreementForm(RegisterForm):
    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        labels = labels_for(AGREEMENT_FIELDS)
        widgets = {"summary": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amends"].queryset = Agreement.objects.filter(alliance=self.alliance).exclude(
            pk=self.instance.pk
        )
        self.fields["parties"].queryset = Company.objects.filter(
            pk__in=[
                *self.alliance.partners.values_list("pk", flat=True),
                *Company.objects.filter(kind="own").values_list("pk", flat=True),
            ]
        )
        self.fields["parties"].widget = multi_select(4)


class DefinedTermForm(scoping.ModelForm):
    class Meta:
        model = DefinedTerm
        fields = TERM_FIELDS
        labels = labels_for(TERM_FIELDS)
        widgets = {"definition": TEXT}


class ObligationForm(RegisterForm):
    class Meta:
        model = Obligation
        fields = OBLIGATION_FIELDS
        labels = labels_for(OBLIGATION_FIELDS)
        widgets = {"description": TEXT, "rule": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.assignable()
        self.fields["notice_reference_right"].queryset = Right.objects.filter(
            alliance=self.alliance
        )
        self.fields["holiday_calendar"].help_text = _("Country code for holidays, e.g. US, DE, JP.")


class CompleteForm(scoping.Form):
    completed_on = forms.DateField(widget=DATE, label=_("Done on"))
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=TEXT,
        required=False,
        help_text=_("How it was done: what was sent, to whom, when."),
    )
    evidence_file = forms.FileField(required=False, label=_("Proof (PDF, Word, Excel or text)"))


class StateForm(scoping.Form):
    state = forms.ChoiceField(
        choices=[(s.value, s.label) for s in State if s != State.COMPLETED],
        label=_("New status"),
    )
    reason = forms.CharField(label=_("Reason"), widget=TEXT, min_length=5, max_length=2000)


class MilestoneForm(RegisterForm):
    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        labels = labels_for(MILESTONE_FIELDS)
        widgets = {"definition": TEXT, "dispute_reason": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defined_terms"].queryset = DefinedTerm.objects.filter(alliance=self.alliance)
        self.fields["defined_terms"].widget = multi_select(5)
        companies = Company.objects.filter(
            pk__in=[
                *self.alliance.partners.values_list("pk", flat=True),
                *Company.objects.filter(kind="own").values_list("pk", flat=True),
            ]
        )
        self.fields["payer"].queryset = companies
        self.fields["payee"].queryset = companies


# A right and a restriction are read from the same kind of clause, written the same way.
CLAUSE_WIDGETS = {
    "clause_text": TEXT,
    "targets": forms.Textarea(attrs={"rows": 2}),
    "mechanisms": forms.Textarea(attrs={"rows": 2}),
    "fields": forms.Textarea(attrs={"rows": 2}),
    "state_reason": forms.Textarea(attrs={"rows": 2}),
}


class RightForm(RegisterForm):
    class Meta:
        model = Right
        fields = RIGHT_FIELDS
        labels = labels_for(RIGHT_FIELDS)
        widgets = CLAUSE_WIDGETS


class RestrictionForm(RegisterForm):
    class Meta:
        model = Restriction
        fields = RESTRICTION_FIELDS
        labels = labels_for(RESTRICTION_FIELDS)
        widgets = CLAUSE_WIDGETS


class EventForm(scoping.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("As the agreement names it, e.g. First Commercial Sale."),
    )
    occurred_on = forms.DateField(label=_("Occurred on"), widget=DATE)
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(), required=False, label=_("Agreement")
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, label=_("Program")
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(alliance=alliance)
        self.fields["program"].queryset = Program.objects.visible_to(user).filter(alliance=alliance)


class UploadForm(scoping.Form):
    file = forms.FileField(label=_("Document (PDF, Word, Excel or text)"))


class FeedForm(scoping.ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["name"]
        labels = labels_for(fields)


class MayWeForm(scoping.Form):
    target = forms.CharField(
        label=_("Target"), max_length=150, required=False, help_text=_("e.g. KRAS G12D")
    )
    mechanism = forms.CharField(
        label=_("Mechanism"),
        max_length=150,
        required=False,
        help_text=_("e.g. Antibody, Small molecule"),
    )
    field = forms.CharField(
        max_length=150, required=False, label=_("Field / indication"), help_text=_("e.g. Oncology")
    )
    territory = forms.ModelChoiceField(
        queryset=Territory.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Territory"),
        widget=QuickSelect,
    )
    on = forms.DateField(
        widget=DATE, required=False, label=_("On date"), help_text=_("Today if empty.")
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("target", "mechanism", "field")):
            raise forms.ValidationError(_("Name at least a target, a mechanism or a field."))
        return data


class MilestoneAchievedForm(scoping.Form):
    """ "Mark achieved": the date, and evidence as a note, a link and/or a file."""

    achieved_on = forms.DateField(widget=DATE, label=_("Achieved on"))
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=TEXT,
        required=False,
        max_length=2000,
        help_text=_("What shows it happened: a report, a notice, a data readout."),
    )
    evidence_url = forms.CharField(required=False, max_length=500, label=_("Evidence link"))
    evidence_file = forms.FileField(required=False, label=_("Evidence file"))


class MilestoneSlippedForm(scoping.Form):
    """ "Mark slipped": the new forecast date and why."""

    forecast_date = forms.DateField(widget=DATE, label=_("New forecast date"))
    reason = forms.CharField(widget=TEXT, max_length=2000, label=_("Why it slipped"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else single(data, initial)


class PresigningForm(scoping.Form):
    """A draft agreement and its plans, for a pre-signing review."""

    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        required=False,
        help_text=_("Optional; the agreement's file name otherwise."),
    )
    agreement = forms.FileField(
        label=_("Draft agreement (PDF, Word or text)"),
        help_text=_("The agreement whose definitions the plans should use."),
    )
    plans = MultipleFileField(
        label=_("Plans (PDF, Word or text)"),
        help_text=_("The work plan, development plan, budget or governance annex; up to 5 files."),
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        label=_("Program"),
        help_text=_(
            "For a firewalled program: only the people cleared for it will see the review."
        ),
    )

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["program"].queryset = Program.objects.visible_to(user).filter(alliance=alliance)


class DismissForm(scoping.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        help_text=_("Why this finding needs no change (at least 5 characters)."),
    )


class VarianceForm(RegisterForm):
    class Meta:
        model = Variance
        fields = VARIANCE_FIELDS
        labels = labels_for(["agreement", "obligation", "right", "restriction"])
        widgets = {
            "instead": TEXT,
            "reason": TEXT,
            "economic_effect": TEXT,
            "next_step": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = kwargs["user"]
        self.fields["obligation"].queryset = Obligation.objects.visible_to(user).filter(
            alliance=self.alliance
        )
        self.fields["right"].queryset = Right.objects.visible_to(user).filter(
            alliance=self.alliance
        )
        self.fields["restriction"].queryset = Restriction.objects.visible_to(user).filter(
            alliance=self.alliance
        )


class VarianceSignForm(scoping.Form):
    password = signing_password(
        _(
            "Re-enter your password to sign: your approval is recorded with your name, "
            "your side, the time (UTC) and the exact terms signed."
        ),
        label=_("Your password"),
    )
    otp_code = otp_code_field()


class VarianceWithdrawForm(scoping.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, min_length=5, max_length=2000)


class VarianceFormaliseForm(scoping.Form):
    amendment = forms.ModelChoiceField(queryset=Agreement.objects.none(), label=_("Amendment"))
    reason = forms.CharField(label=_("Note"), widget=TEXT, required=False, max_length=2000)

    def __init__(self, *args, variance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amendment"].queryset = Agreement.objects.filter(
            alliance_id=variance.alliance_id, kind__in=AMENDING_KINDS
        )


class TranslationsField(forms.CharField):
    """Agreed translations typed one per line as `code: text` (e.g. `ja: 詳細活動`)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{code}: {text}" for code, text in value.items())
        return value

    def to_python(self, value):
        value = super().to_python(value)
        found = {}
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, text = line.partition(":")
            if not sep or not text.strip():
                raise forms.ValidationError(
                    _("Line %(n)s: write a language code, a colon and the text (e.g. ja: 詳細).")
                    % {"n": number}
                )
            found[code.strip()] = text.strip()
        return found


class GlossaryTermForm(RegisterForm):
    translations = TranslationsField(
        required=False,
        label=_("Agreed translations"),
        help_text=_("One per line: language code, colon, text (e.g. ja: 詳細活動)."),
    )

    class Meta:
        model = GlossaryTerm
        fields = [
            "term",
            "meaning",
            "contractual_definition",
            "agreement",
            "section",
            "translations",
        ]
        widgets = {"meaning": TEXT, "contractual_definition": TEXT}


class GlossarySeedForm(scoping.Form):
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        required=False,
        label=_("Agreement"),
        empty_label=_("All of the alliance's agreements"),
    )

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user).filter(
            alliance=alliance
        )


class GlossaryEndorseForm(scoping.Form):
    body = forms.CharField(label=_("Body"), max_length=150, initial="JSC")
    endorsed_on = forms.DateField(label=_("Endorsed on"), widget=DATE)
    reference = forms.CharField(
        label=_("Meeting or decision"),
        max_length=250,
        required=False,
        help_text=_("E.g. JSC meeting of 12 March 2026, decision 4."),
    )


class TeamWordForm(scoping.Form):
    company = forms.ModelChoiceField(queryset=Company.objects.none(), label=_("Whose teams"))
    word = forms.CharField(label=_("Word they use"), max_length=150)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)

    def __init__(self, *args, term, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .actions.glossary import may_keep_glossary

        alliance = term.alliance
        if may_keep_glossary(user, alliance):
            companies = Company.objects.filter(
                pk__in=[
                    *alliance.partners.values_list("pk", flat=True),
                    *Company.objects.filter(kind="own").values_list("pk", flat=True),
                ]
            )
        else:
            companies = alliance.partners.filter(pk=user.company_id)
        self.fields["company"].queryset = companies
        if companies.count() == 1:
            self.fields["company"].initial = companies.first()


class ReasonForm(scoping.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, min_length=5, max_length=2000)
