from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core import scoping
from accord.core.forms import DATE, EntryForm, VersionField
from accord.portfolio.models import AllianceType, Program, Tier

from .actions import (
    DETAIL_RULE_FIELDS,
    FORECAST_FIELDS,
    LOE_FIELDS,
    OUTCOME_FIELDS,
    PAYMENT_FIELDS,
    RATE_FIELDS,
    ROYALTY_FIELDS,
)
from .models import (
    CashFlow,
    DetailMinimum,
    DetailRule,
    ExchangeRate,
    ExclusivityLoss,
    Forecast,
    OutcomeMeasure,
    Payment,
    RoyaltyReport,
)


def program_last(fields: list[str]) -> list[str]:
    """A value form's fields: its action's, with the (optional) program asked for last."""
    return [name for name in fields if name != "program"] + ["program"]


class ValueForm(EntryForm):
    """A value record's form: programs limited to the ones the user sees in this alliance."""

    version = VersionField()

    def __init__(self, *args, alliance, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        else:
            self.fields.pop("version")
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE
        if "program" in self.fields:
            self.fields["program"].queryset = Program.objects.visible_to(user).filter(
                alliance=alliance
            )

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()


class ForecastForm(ValueForm):
    class Meta:
        model = Forecast
        fields = FORECAST_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class CashFlowForm(ValueForm):
    class Meta:
        model = CashFlow
        fields = ["kind", "direction", "due_on", "amount", "milestone", "program", "label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accord.contracts.models import Milestone

        user = kwargs["user"]
        self.fields["milestone"].queryset = Milestone.objects.visible_to(user).filter(
            alliance=self.alliance
        )
        self.fields["milestone"].help_text = _(
            "Tie a milestone payment to the contract register so its slips show as cost of delay."
        )


class PaymentForm(ValueForm):
    class Meta:
        model = Payment
        fields = program_last(PAYMENT_FIELDS)


class RoyaltyForm(ValueForm):
    class Meta:
        model = RoyaltyReport
        fields = program_last(ROYALTY_FIELDS)


class LoeForm(ValueForm):
    class Meta:
        model = ExclusivityLoss
        fields = program_last(LOE_FIELDS)


class RateForm(scoping.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = RATE_FIELDS
        widgets = {"effective_on": DATE}

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()


SORTS = {
    "name": _("Alliance"),
    "forecast": _("Receipts planned to date"),
    "realised": _("Received to date"),
    "gap": _("Gap"),
    "paid": _("Paid to date"),
    "net": _("Net value captured"),
    "risk": _("Value at risk"),
}
MODELLED = [
    ("", _("With a value model or money moved")),
    ("yes", _("With a value model")),
    ("no", _("Live, not modelled yet")),
]


class PortfolioFilterForm(scoping.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    tier = forms.TypedChoiceField(
        required=False, coerce=int, choices=[("", _("Any tier")), *Tier.choices]
    )
    type = forms.ChoiceField(required=False, choices=[("", _("Any type")), *AllianceType.choices])
    modelled = forms.ChoiceField(required=False, choices=MODELLED, label=_("Value model"))
    at_risk = forms.BooleanField(required=False, label=_("Only with value at risk"))
    sort = forms.ChoiceField(required=False, choices=list(SORTS.items()))
    as_of = forms.DateField(required=False, label=_("As of"), widget=DATE)


class DetailRuleForm(ValueForm):
    class Meta:
        model = DetailRule
        fields = DETAIL_RULE_FIELDS


class DetailMinimumForm(ValueForm):
    class Meta:
        model = DetailMinimum
        fields = ["label", "period_start", "period_end", "minimum"]


class DetailUploadForm(scoping.Form):
    file = forms.FileField(
        help_text=_(
            "CSV or XLSX with the columns date (YYYY-MM-DD), channel (face to face, "
            "remote, phone, digital), count and optionally region."
        ),
    )


class OutcomeForm(ValueForm):
    class Meta:
        model = OutcomeMeasure
        fields = OUTCOME_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
