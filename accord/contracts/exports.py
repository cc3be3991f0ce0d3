"""Spreadsheet rows for the obligation, milestone, right and defined-term lists (built by
accord.core.exports)."""

from django.utils.translation import gettext_lazy as _

OBLIGATION_HEADERS = [
    _("Alliance"),
    _("Agreement"),
    _("Section"),
    _("Obligation"),
    _("Category"),
    _("Owed by"),
    _("Owner"),
    _("Due rule"),
    _("Due date"),
    _("Status"),
    _("Completed on"),
    _("Evidence"),
]
MILESTONE_HEADERS = [
    _("Alliance"),
    _("Agreement"),
    _("Section"),
    _("Milestone"),
    _("Kind"),
    _("Amount"),
    _("Currency"),
    _("Amount status"),
    _("Payer"),
    _("Payee"),
    _("Forecast"),
    _("Achieved"),
    _("Invoiced"),
    _("Invoiced amount"),
    _("Paid"),
    _("Paid amount"),
    _("Paid currency"),
    _("Status"),
]
RIGHT_HEADERS = [
    _("Alliance"),
    _("Agreement"),
    _("Section"),
    _("Right"),
    _("Kind"),
    _("Held by"),
    _("Exclusivity"),
    _("Targets"),
    _("Mechanisms"),
    _("Fields / indications"),
    _("Territories"),
    _("Window opens"),
    _("Window closes"),
    _("State"),
    _("Exercised on"),
    _("Program"),
]
TERM_HEADERS = [_("Alliance"), _("Agreement"), _("Section"), _("Term"), _("Definition")]


# The columns the sheet reads: a 100,000-row register loads these, not every field (and the
# timestamps and rule parameters) of four models per row.
OBLIGATION_COLUMNS = (
    "alliance__name",
    "agreement__title",
    "section",
    "title",
    "category",
    "owed_by",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
    "rule",
    "due_date",
    "completed_on",
    "evidence",
)


def obligation_rows(obligations):
    obligations = obligations.select_related(None).select_related("alliance", "agreement", "owner")
    for o in obligations.only(*OBLIGATION_COLUMNS).iterator(chunk_size=2000):
        yield [
            o.alliance.name,
            o.agreement.title if o.agreement_id else "",
            o.section,
            o.title,
            o.get_category_display(),
            o.get_owed_by_display(),
            str(o.owner) if o.owner_id else "",
            o.get_rule_display(),
            o.due_date,
            o.get_status_display(),
            o.completed_on,
            o.evidence,
        ]


def milestone_rows(milestones):
    for m in milestones.iterator(chunk_size=2000):
        yield [
            m.alliance.name,
            m.agreement.title,
            m.section,
            m.title,
            m.get_kind_display(),
            m.amount,
            m.currency,
            m.get_amount_status_display(),
            m.payer.name,
            m.payee.name,
            m.forecast_date,
            m.achieved_on,
            m.invoiced_on,
            m.invoiced_amount,
            m.paid_on,
            m.paid_amount,
            m.paid_currency or m.currency,
            m.get_payment_state_display(),
        ]


def right_rows(rights):
    """`rights` comes with_list_data(): alliance, agreement and program selected, territories
    prefetched (per chunk of the iterator)."""
    for r in rights.iterator(chunk_size=2000):
        yield [
            r.alliance.name,
            r.agreement.title,
            r.section,
            r.title,
            r.get_kind_display(),
            r.get_holder_display(),
            r.get_exclusivity_display(),
            "; ".join(r.target_list()),
            "; ".join(r.mechanism_list()),
            "; ".join(r.field_list()),
            ", ".join(sorted(t.name for t in r.territories.all())),
            r.window_opens,
            r.window_closes,
            r.get_state_display(),
            r.exercised_on,
            r.program.name if r.program_id else "",
        ]


def term_rows(terms):
    for t in terms.iterator(chunk_size=2000):
        yield [t.alliance.name, t.agreement.title, t.section, t.term, t.definition]
