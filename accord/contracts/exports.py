"""Spreadsheet rows for the obligation, milestone, right and defined-term lists (built by
accord.core.exports)."""

OBLIGATION_HEADERS = [
    "Alliance",
    "Agreement",
    "Section",
    "Obligation",
    "Category",
    "Owed by",
    "Owner",
    "Due rule",
    "Due date",
    "Status",
    "Completed on",
    "Evidence",
]
MILESTONE_HEADERS = [
    "Alliance",
    "Agreement",
    "Section",
    "Milestone",
    "Kind",
    "Amount",
    "Currency",
    "Amount status",
    "Payer",
    "Payee",
    "Forecast",
    "Achieved",
    "Invoiced",
    "Invoiced amount",
    "Paid",
    "Paid amount",
    "Paid currency",
    "Status",
]
RIGHT_HEADERS = [
    "Alliance",
    "Agreement",
    "Section",
    "Right",
    "Kind",
    "Held by",
    "Exclusivity",
    "Targets",
    "Mechanisms",
    "Fields / indications",
    "Territories",
    "Window opens",
    "Window closes",
    "State",
    "Exercised on",
    "Program",
]
TERM_HEADERS = ["Alliance", "Agreement", "Section", "Term", "Definition"]


def obligation_rows(obligations):
    for o in obligations.iterator(chunk_size=2000):
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
